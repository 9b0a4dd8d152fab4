// annals: sortable tables. Progressive enhancement: a table with class
// "sortable" gets a button in each column header; activating it sorts the
// body rows by that column (numbers by their data-value), again to reverse.
// DOM methods only; no HTML is ever parsed from strings.
(function () {
  "use strict";
  var label = (document.currentScript && document.currentScript.getAttribute("data-sort-label")) || "Sort by";
  function key(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    var value = cell.getAttribute("data-value");
    if (value !== null && value !== "" && !isNaN(Number(value))) return Number(value);
    return cell.textContent.trim().toLocaleLowerCase();
  }
  function compare(a, b) {
    var numbers = typeof a === "number" && typeof b === "number";
    if (numbers) return a - b;
    if (typeof a === "number") return -1;
    if (typeof b === "number") return 1;
    return String(a).localeCompare(String(b));
  }
  function sortBy(table, header, column) {
    var body = table.tBodies[0];
    var descending = header.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = compare(key(a, column), key(b, column));
      return descending ? -order : order;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (header.firstChild) button.appendChild(header.firstChild);
      button.setAttribute("aria-label", label + " " + button.textContent.trim());
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header, column); });
    });
  });
})();
