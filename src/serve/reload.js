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

  function handle(type, data) {
    if (type === "hello") {
      // Built since this page was loaded, or the server restarted: reload.
      if (build && data !== build) location.reload();
    } else if (type === "reload") {
      location.reload();
    } else if (type === "css") {
      swapStylesheets(data);
    } else if (type === "problems") {
      try { showProblems(JSON.parse(data)); } catch (err) { /* a malformed message is ignored */ }
    } else if (type === "ok") {
      hideProblems();
    }
  }

  var TYPES = ["hello", "reload", "css", "problems", "ok"];

  function listen(relay) {
    var source = new EventSource("/__annals/events");
    TYPES.forEach(function (type) {
      source.addEventListener(type, function (e) {
        handle(type, e.data);
        if (relay) relay.postMessage({ type: type, data: e.data });
      });
    });
  }

  if (!window.EventSource) return;
  if (!(navigator.locks && window.BroadcastChannel)) {
    listen(null);
    return;
  }
  // Browsers open at most six connections to one server: one tab holds the
  // event stream and relays it to the others, so many open tabs never
  // starve the page requests. When that tab closes, another takes over.
  var channel = new BroadcastChannel("annals-serve");
  channel.onmessage = function (message) {
    if (message.data && TYPES.indexOf(message.data.type) >= 0) handle(message.data.type, message.data.data);
  };
  navigator.locks.request("annals-serve", function () {
    listen(channel);
    return new Promise(function () {});
  });
  // A tab that does not hold the stream checks its build and the errors once.
  fetch("/__annals/problems.json").then(function (r) { return r.json(); }).then(function (state) {
    if (build && state.build && state.build !== build) location.reload();
    else if (state.diagnostics && state.diagnostics.length) showProblems(state);
  }).catch(function () {});
})();
