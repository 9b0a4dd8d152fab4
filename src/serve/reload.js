// annals serve: live reload and error overlay. Development only: served by
// the preview server at /__annals/reload.js and never written to public/.
// Text from the server is shown with DOM text nodes only, never as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : null;
  var overlay = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.appendChild(document.createTextNode(String(text)));
    return node;
  }

  function swapStylesheets(version) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || url.pathname.indexOf("/__annals/") === 0) return;
      url.searchParams.set("annals", version);
      var next = link.cloneNode(false);
      next.href = url.href;
      next.addEventListener("load", function () { link.remove(); });
      next.addEventListener("error", function () { next.remove(); });
      link.parentNode.insertBefore(next, link.nextSibling);
    });
  }

  function hideProblems() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function location_text(d, t) {
    var text = d.file;
    if (d.line) text += ", " + t.serve_line + " " + d.line;
    if (d.column) text += ", " + t.serve_column + " " + d.column;
    return text;
  }

  function showProblems(data) {
    hideProblems();
    var t = data.strings || {};
    if (!document.getElementById("annals-overlay-style")) {
      var style = element("link");
      style.id = "annals-overlay-style";
      style.rel = "stylesheet";
      style.href = "/__annals/overlay.css";
      document.head.appendChild(style);
    }
    overlay = element("div");
    overlay.id = "annals-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "annals-overlay-title");
    if (data.lang) overlay.setAttribute("lang", data.lang);
    var box = element("div", "annals-overlay-box");
    var title = element("h2", null, t.serve_problems_title);
    title.id = "annals-overlay-title";
    box.appendChild(title);
    box.appendChild(element("p", null, t.serve_problems_intro));
    var list = element("ol");
    (data.diagnostics || []).forEach(function (d) {
      var item = element("li");
      var warning = d.severity === "warning";
      item.appendChild(element("span", "annals-severity" + (warning ? " annals-warning" : ""),
        warning ? t.serve_warning : t.serve_error));
      item.appendChild(element("span", "annals-location", location_text(d, t)));
      item.appendChild(element("p", "annals-message", d.message));
      if (d.hint) {
        var hint = element("p", "annals-hint");
        hint.appendChild(element("strong", null, t.serve_hint + " "));
        hint.appendChild(document.createTextNode(d.hint));
        item.appendChild(hint);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    if (data.more) box.appendChild(element("p", null, t.serve_more + " " + data.more));
    var close = element("button", null, t.serve_close);
    close.type = "button";
    close.addEventListener("click", hideProblems);
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
    close.focus({ preventScroll: true });
  }

  if (!window.EventSource) return;
  var events = new EventSource("/__annals/events");
  events.addEventListener("hello", function (e) {
    // Built since this page was loaded, or the server restarted: reload.
    if (build && e.data !== build) location.reload();
  });
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("css", function (e) { swapStylesheets(e.data); });
  events.addEventListener("problems", function (e) {
    try { showProblems(JSON.parse(e.data)); } catch (err) { /* a malformed message is ignored */ }
  });
  events.addEventListener("ok", hideProblems);
})();
