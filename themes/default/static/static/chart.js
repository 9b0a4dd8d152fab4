// annals: hover values on a history chart. Optional: the chart and the table
// below it say everything without this script. It reads the figure of the
// month under the pointer from the table (already formatted for the site
// language) and shows it in the chart with a guide line. No inline styles:
// only SVG attributes are set, so the pages' CSP (style-src 'self') holds.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  function addMonths(first, n) {
    var parts = first.split("-");
    var index = parseInt(parts[0], 10) * 12 + parseInt(parts[1], 10) - 1 + n;
    var month = (index % 12) + 1;
    return Math.floor(index / 12) + "-" + (month < 10 ? "0" : "") + month;
  }
  function figures(table, measure) {
    var map = {};
    var rows = table.querySelectorAll("tbody tr");
    for (var i = 0; i < rows.length; i++) {
      var time = rows[i].querySelector("time[datetime]");
      var cell = rows[i].querySelector('td[data-measure="' + measure + '"][data-value]');
      if (time && cell) {
        map[time.getAttribute("datetime")] = { period: time.textContent, value: cell.firstChild ? cell.firstChild.textContent : "" };
      }
    }
    return map;
  }
  function setup(svg) {
    var table = document.querySelector("table.history");
    var measure = svg.getAttribute("data-measure");
    if (!table || !measure) return;
    var data = figures(table, measure);
    var first = svg.getAttribute("data-first");
    var months = parseInt(svg.getAttribute("data-months"), 10);
    var x0 = parseFloat(svg.getAttribute("data-x0"));
    var x1 = parseFloat(svg.getAttribute("data-x1"));
    var box = svg.viewBox.baseVal;
    var guide = document.createElementNS(NS, "line");
    guide.setAttribute("class", "hover-guide");
    guide.setAttribute("y1", "30");
    guide.setAttribute("y2", String(box.height - 34));
    var label = document.createElementNS(NS, "text");
    label.setAttribute("class", "hover-label");
    label.setAttribute("y", "27");
    svg.appendChild(guide);
    svg.appendChild(label);
    svg.classList.add("hover-ready");
    function hide() { svg.classList.remove("hovering"); }
    svg.addEventListener("pointerleave", hide);
    svg.addEventListener("pointermove", function (event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var matrix = svg.getScreenCTM();
      if (!matrix) return;
      var local = point.matrixTransform(matrix.inverse());
      var step = months > 1 ? (x1 - x0) / (months - 1) : 0;
      var i = step > 0 ? Math.round((local.x - x0) / step) : 0;
      if (i < 0 || i >= months) return hide();
      var figure = data[addMonths(first, i)];
      if (!figure) return hide();
      var x = x0 + i * step;
      guide.setAttribute("x1", String(x));
      guide.setAttribute("x2", String(x));
      label.textContent = figure.period + ": " + figure.value;
      label.setAttribute("x", String(x));
      label.setAttribute("text-anchor", x > (x0 + x1) / 2 ? "end" : "start");
      label.setAttribute("dx", x > (x0 + x1) / 2 ? "-6" : "6");
      svg.classList.add("hovering");
    });
  }
  var charts = document.querySelectorAll("svg.chart[data-first][data-measure]");
  for (var i = 0; i < charts.length; i++) setup(charts[i]);
})();
