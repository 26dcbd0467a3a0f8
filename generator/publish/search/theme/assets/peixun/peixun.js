/* peixun: opens site search (a dialog from the header, or the search page) and loads its
   scripts the first time, so pages that are only read never download them.
   Written for this site; no third-party code. */
(function () {
  "use strict";

  var here = document.querySelector('script[src*="assets/peixun/peixun.js"]');
  var root = new URL("../../", here.src);
  var loading = null;

  function load() {
    // search/config.js (the filter groups), then the search UI; Pagefind itself loads on the first query
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var config = document.createElement("script");
        config.src = new URL("search/config.js", root).href;
        config.onload = function () {
          var ui = document.createElement("script");
          ui.src = new URL("assets/peixun/px-search.js", root).href;
          ui.onload = function () { resolve(window.pxSearch); };
          ui.onerror = reject;
          document.head.appendChild(ui);
        };
        config.onerror = reject;
        document.head.appendChild(config);
      });
    }
    return loading;
  }

  var dialog = document.getElementById("px-search");
  var widget = null;

  function openSearch(event) {
    if (!dialog || typeof dialog.showModal !== "function") return; // the link goes to the search page
    if (event) event.preventDefault();
    if (!dialog.open) dialog.showModal();
    load().then(function (search) {
      if (!widget) widget = search.mount(document.getElementById("px-search-ui"));
      widget.focus();
    }, function () {
      window.location.href = new URL("search/index.html", root).href;
    });
  }

  document.querySelectorAll("[data-px-search]").forEach(function (el) {
    el.addEventListener("click", openSearch);
  });
  document.querySelectorAll("[data-px-close]").forEach(function (el) {
    el.addEventListener("click", function () { dialog.close(); });
  });
  if (dialog) {
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close(); // a click on the backdrop
    });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
    if (!typing && (event.key === "/" || (event.key === "k" && (event.ctrlKey || event.metaKey)))) {
      openSearch(event);
    }
  });

  // the search page, and the home page's search box, are the same widget in the page
  document.querySelectorAll("[data-px-search-here]").forEach(function (host) {
    load().then(function (search) {
      var w = search.mount(host, { page: host.hasAttribute("data-px-address") });
      if (host.hasAttribute("data-px-autofocus") && !window.location.search) w.focus();
    });
  });
})();
