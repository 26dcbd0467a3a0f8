/* peixun: the search dialog and page (Pagefind's Default UI) and sortable tables.
   Written for this site; no third-party code. */
(function () {
  "use strict";

  // Pagefind's result URLs start at the site root; the bundle sits in <site>/pagefind/,
  // so the site's base path is the folder above this script's bundle.
  function baseUrl() {
    var script = document.querySelector('script[src$="pagefind/pagefind-ui.js"]');
    if (!script) return "/";
    return new URL("..", script.src).pathname;
  }

  function makeUI(element) {
    if (typeof PagefindUI === "undefined") return null;
    return new PagefindUI({
      element: element,
      baseUrl: baseUrl(),
      showSubResults: false,
      showImages: false,
      resetStyles: false,
      excerptLength: 40,
      showEmptyFilters: false,
      translations: { placeholder: "输入姓名、课程、单位或专题词" },
      processResult: function (result) {
        // unit / category beside the title; the helper metadata is not for display (the
        // Default UI would list every metadata key under the result)
        var meta = result.meta || {};
        if (meta.info) meta.title = meta.title + "（" + meta.info + "）";
        delete meta.info;
        delete meta.shadow;
        return result;
      }
    });
  }

  var dialog = document.getElementById("px-search");
  var dialogUI = null;

  function openSearch(event) {
    if (!dialog || typeof dialog.showModal !== "function") return; // plain link to the search page
    if (event) event.preventDefault();
    if (!dialogUI) dialogUI = makeUI("#px-search-ui");
    if (!dialog.open) dialog.showModal();
    var input = dialog.querySelector("input");
    if (input) input.focus();
  }

  document.querySelectorAll("[data-px-search]").forEach(function (el) {
    el.addEventListener("click", openSearch);
  });
  document.querySelectorAll("[data-px-close]").forEach(function (el) {
    el.addEventListener("click", function () { dialog.close(); });
  });
  if (dialog) {
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close(); // click on the backdrop
    });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
    if (!typing && (event.key === "/" || (event.key === "k" && (event.ctrlKey || event.metaKey)))) {
      openSearch(event);
    }
  });

  // the search page: same UI, and ?q= starts a search (shareable links)
  var page = document.getElementById("px-search-page");
  if (page) {
    var ui = makeUI("#px-search-page");
    var q = new URLSearchParams(window.location.search).get("q");
    if (ui && q) ui.triggerSearch(q);
  }

  // sortable tables: click (or Enter on) a column header
  var collator = new Intl.Collator("zh-Hans-CN", { collation: "pinyin", numeric: true });
  document.querySelectorAll("table[data-px-sortable]").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      th.setAttribute("data-sortable", "");
      th.setAttribute("tabindex", "0");
      th.setAttribute("title", "点击排序");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-sort") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index].textContent.trim();
          var y = b.cells[index].textContent.trim();
          var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : collator.compare(x, y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  });
})();
