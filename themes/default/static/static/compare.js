// annals: the reader chooses which publishers a comparison chart draws.
// Optional: without this script the chart shows its default lines and the
// table below it every figure. The choice is kept in the address (?p=a,b)
// so a link shares it. Only classes are set (the pages' CSP holds).
(function () {
  "use strict";
  var MAX = 8;
  var figure = document.querySelector("figure[data-compare]");
  if (!figure) return;
  var picker = figure.querySelector(".publisher-picker");
  if (!picker) return;
  var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]"));
  var legend = figure.querySelector(".legend");
  var wanted = new URLSearchParams(location.search).get("p");
  if (wanted) {
    var ids = wanted.split(",");
    boxes.forEach(function (box) { box.checked = ids.indexOf(box.value) >= 0; });
  }
  function apply(writeUrl) {
    var picked = boxes.filter(function (b) { return b.checked; }).slice(0, MAX);
    boxes.forEach(function (b) { b.checked = picked.indexOf(b) >= 0; b.disabled = !b.checked && picked.length >= MAX; });
    var colour = {};
    picked.forEach(function (b, n) { colour[b.getAttribute("data-line")] = n; });
    var marked = figure.querySelectorAll("svg.chart [data-line]");
    for (var i = 0; i < marked.length; i++) {
      var el = marked[i];
      var n = colour[el.getAttribute("data-line")];
      var base = el.tagName.toLowerCase() === "g" ? "points" : "line";
      el.setAttribute("class", n === undefined ? base + " " + (base === "line" ? "muted" : "unpicked") : base + " s" + n);
    }
    if (legend) {
      legend.textContent = "";
      picked.forEach(function (b, n) {
        var li = document.createElement("li");
        var swatch = document.createElement("span");
        swatch.className = "swatch s" + n;
        swatch.setAttribute("aria-hidden", "true");
        li.appendChild(swatch);
        li.appendChild(document.createTextNode(b.parentNode.textContent.trim()));
        legend.appendChild(li);
      });
    }
    if (writeUrl && history.replaceState) {
      var url = new URL(location.href);
      url.searchParams.set("p", picked.map(function (b) { return b.value; }).join(","));
      history.replaceState(null, "", url.toString());
    }
  }
  picker.hidden = false;
  picker.addEventListener("change", function () { apply(true); });
  apply(false);
})();
