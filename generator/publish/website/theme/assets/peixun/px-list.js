/* peixun: listings that narrow, and sortable tables. Written for this site.
   A listing page has a filter bar (publish/website/finder.py: text box, facet menus with counts
   over the whole list) and a table showing one page of the list. On first use the whole
   list is loaded from its data script (pxRows), then filtered, sorted and shown here;
   the address keeps the view (?source=专家学者&expertise=基层党建&q=王), so it can be
   shared. Without this script the page is the plain table with its pager. */
(function () {
  "use strict";

  var SHOW = 100; // rows a filtered view offers at once; "再显示" adds as many again
  var CHUNK = 25; // rows laid out at a time, as the reader scrolls towards them
  var PREPARE = 500; // rows of loaded data readied per task, so the page keeps answering taps
  var narrow = window.matchMedia("(max-width: 44.984375em)"); // phones: rows are cards
  var collator = new Intl.Collator("zh-Hans-CN", { collation: "pinyin", numeric: true });
  var docs = {}; // data key -> pxRows document
  var waiting = {}; // data key -> callbacks

  window.pxRows = function (doc) {
    docs[doc.key] = doc;
    // after the script's own task: its evaluation and the work on its rows are separate tasks
    setTimeout(function () {
      (waiting[doc.key] || []).forEach(function (done) { done(doc); });
      delete waiting[doc.key];
    }, 0);
  };

  function words(text) {
    return (text || "").normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // a cell of the data: text, a number, [href from the site root, text], or a mark
  function cellNode(value, root) {
    if (Array.isArray(value)) return el("a", { href: root + value[0] }, value[1]);
    if (value && typeof value === "object") {
      var span = el("span", { class: "px-state px-mark--" + value.m }, value.s);
      if (value.r) span.title = value.r;
      return span;
    }
    return document.createTextNode(String(value));
  }

  function cellText(value) {
    if (Array.isArray(value)) return value[1];
    if (value && typeof value === "object") return value.s;
    return value;
  }

  function heads(table) {
    return Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.dataset.label || th.textContent.trim(); });
  }

  function labelRows(names, rows) {
    // phones show each row as a card: every cell says which column it is
    Array.prototype.forEach.call(rows, function (row) {
      Array.prototype.forEach.call(row.cells, function (td, i) { if (names[i]) td.setAttribute("data-label", names[i]); });
    });
  }

  function labelCells(table) {
    var names = heads(table);
    Array.prototype.forEach.call(table.tBodies, function (body) { labelRows(names, body.rows); });
  }

  // -- rows that appear as the reader scrolls towards them -------------------------------------
  // A slow phone lays out 200 cards in half a second or more, blocking every tap meanwhile;
  // a feed lays out CHUNK rows, and the next CHUNK when the last one nears the screen.
  var feeds = [];
  // and while the reader does nothing, one CHUNK at a time, once the page has loaded: the
  // whole page is soon there for find-in-page and screen readers, in tasks too short to
  // hold up a tap
  var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 200); };
  var loaded = document.readyState === "complete", pending = false;
  function schedule() {
    if (pending || !loaded) return;
    pending = true;
    idle(fill);
  }
  function fill() {
    pending = false;
    var feed = feeds.filter(function (f) { return f.queue.length > 0; })[0];
    if (!feed) return;
    feed.more();
    schedule();
  }
  if (!loaded) window.addEventListener("load", function () { loaded = true; schedule(); });
  var watcher = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) { if (entry.isIntersecting && entry.target.pxMore) entry.target.pxMore(); });
  }, { rootMargin: "0px 0px 1200px 0px" }) : null;

  function Feed(table, make) {
    this.table = table;
    this.body = table.tBodies[0];
    this.make = make || function (row) { return row; }; // an item of the queue -> a <tr>
    this.queue = [];
    this.last = null;
    feeds.push(this);
  }

  Feed.prototype.stop = function () {
    if (this.last) { if (watcher) watcher.unobserve(this.last); this.last.pxMore = null; this.last = null; }
  };

  // rows already in the body stay; items are added after them as the reader scrolls
  Feed.prototype.follow = function (items) {
    this.stop();
    this.queue = items.slice();
    this.watch();
  };

  // the body shows items from the first
  Feed.prototype.start = function (items) {
    this.stop();
    this.body.replaceChildren();
    this.queue = items.slice();
    this.more();
  };

  Feed.prototype.watch = function () {
    if (!this.queue.length) return;
    if (!watcher) return this.all();
    schedule();
    var last = this.body.lastElementChild;
    if (!last) return this.more();
    this.last = last;
    last.pxMore = this.more.bind(this);
    watcher.observe(last);
  };

  Feed.prototype.more = function () {
    this.stop();
    this.add(this.queue.splice(0, CHUNK));
    this.watch();
  };

  // every row now: before printing, sorting a page's rows
  Feed.prototype.all = function () {
    this.stop();
    var rest = this.queue;
    this.queue = [];
    this.add(rest);
  };

  Feed.prototype.add = function (items) {
    if (!items.length) return;
    var fragment = document.createDocumentFragment();
    var rows = items.map(this.make);
    rows.forEach(function (row) { fragment.appendChild(row); });
    if (narrow.matches) labelRows(heads(this.table), rows);
    this.body.appendChild(fragment);
  };

  // the rows of a listing page after its first screenful wait in a hidden body (tables.py)
  function pageFeed(table) {
    var feed = new Feed(table);
    var later = table.querySelector("tbody.px-later");
    if (later) { feed.follow(Array.prototype.slice.call(later.rows)); later.remove(); }
    return feed;
  }

  window.addEventListener("beforeprint", function () { feeds.forEach(function (feed) { feed.all(); }); });

  function Finder(box) {
    this.box = box;
    this.table = box.parentNode.querySelector("table[data-px-list]");
    this.root = box.getAttribute("data-root");
    this.total = parseInt(box.getAttribute("data-total"), 10) || 0;
    this.noun = box.getAttribute("data-noun");
    this.fixed = JSON.parse(box.getAttribute("data-fixed") || "{}");
    this.keys = JSON.parse(box.getAttribute("data-facets") || "[]");
    this.input = box.querySelector(".px-finder__text");
    this.clear = box.querySelector(".px-finder__clear");
    this.status = box.querySelector(".px-finder__status");
    this.selected = {};
    this.sort = null; // {col, desc}
    this.shown = SHOW;
    this.doc = null;
    if (this.table) {
      this.feed = pageFeed(this.table);
      // the page as it came: its first rows, then the rest as the reader scrolls
      this.original = Array.prototype.slice.call(this.table.tBodies[0].rows);
      this.originalRest = this.feed.queue.slice();
      var root = this.root;
      this.make = function (row) {
        var tr = el("tr");
        row[0].forEach(function (value) { var td = el("td"); td.appendChild(cellNode(value, root)); tr.appendChild(td); });
        return tr;
      };
    }
    this.pagers = Array.prototype.slice.call(box.parentNode.querySelectorAll(".px-pager"));
    this.paged = this.pagers.length > 0;
    var self = this;
    this.keys.forEach(function (k) { self.selected[k] = []; });
    box.hidden = false;
    this.bind();
    this.readAddress();
  }

  Finder.prototype.bind = function () {
    var self = this;
    var timer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.update(); }, 120);
    });
    this.input.addEventListener("focus", function () { self.load(); });
    this.box.querySelectorAll("details.px-facet").forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (!menu.open) return;
        self.load();
        self.box.querySelectorAll("details.px-facet[open]").forEach(function (other) { if (other !== menu) other.open = false; });
      });
      menu.addEventListener("change", function (event) {
        var key = menu.getAttribute("data-facet");
        self.selected[key] = Array.prototype.filter.call(menu.querySelectorAll("input:checked"), function () { return true; })
          .map(function (input) { return input.value; });
        self.update();
        void event;
      });
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
      });
    });
    document.addEventListener("click", function (event) {
      self.box.querySelectorAll("details.px-facet[open]").forEach(function (menu) { if (!menu.contains(event.target)) menu.open = false; });
    });
    this.clear.addEventListener("click", function () {
      self.input.value = "";
      self.keys.forEach(function (k) { self.selected[k] = []; });
      self.box.querySelectorAll("details.px-facet input:checked").forEach(function (input) { input.checked = false; });
      self.sort = null;
      self.update();
      self.input.focus();
    });
    if (this.table) this.sortable();
  };

  Finder.prototype.active = function () {
    var self = this;
    return words(this.input.value).length > 0 || this.keys.some(function (k) { return self.selected[k].length > 0; }) ||
      (this.sort !== null && this.paged);
  };

  Finder.prototype.load = function (then) {
    var self = this;
    if (this.doc) { if (then) then(); return; }
    var key = this.box.getAttribute("data-px-finder");
    var ready = function (doc) {
      self.doc = doc; self.index = {}; doc.facets.forEach(function (k, i) { self.index[k] = i; });
      if (then) then(); else self.update();
    };
    var done = function (doc) {
      // each row's text, once: its cells, facet values and extra words (pinyin); PREPARE rows
      // per task, so that a long list does not block a phone for the whole of it
      if (doc.ready) return ready(doc);
      var at = 0;
      (function part() {
        var end = Math.min(doc.rows.length, at + PREPARE);
        for (; at < end; at++) {
          var row = doc.rows[at];
          var text = row[0].map(cellText).concat([].concat.apply([], row[1]), [row[2]]).join(" ");
          row[2] = text.normalize("NFKC").toLowerCase();
        }
        if (at < doc.rows.length) return setTimeout(part, 0);
        doc.ready = true;
        ready(doc);
      })();
    };
    if (docs[key]) return done(docs[key]);
    (waiting[key] = waiting[key] || []).push(done);
    if (waiting[key].length > 1) return;
    this.status.textContent = "正在载入整个列表……";
    var script = el("script", { src: this.box.getAttribute("data-src") });
    script.onerror = function () { self.status.textContent = "列表数据没有载入，只能浏览本页。"; };
    document.head.appendChild(script);
  };

  Finder.prototype.matches = function (row, parts, skip) {
    for (var p = 0; p < parts.length; p++) if (row[2].indexOf(parts[p]) < 0) return false;
    var groups = [this.fixed, this.selected];
    for (var g = 0; g < 2; g++) {
      for (var key in groups[g]) {
        var want = groups[g][key];
        if (!want.length || key === skip || !(key in this.index)) continue;
        var have = row[1][this.index[key]];
        if (!have.some(function (v) { return want.indexOf(v) >= 0; })) return false;
      }
    }
    return true;
  };

  Finder.prototype.update = function () {
    this.drawn = (this.drawn || 0) + 1;
    this.writeAddress();
    this.clear.hidden = !this.active();
    this.box.querySelectorAll("details.px-facet").forEach(function (menu) {
      var n = menu.querySelectorAll("input:checked").length;
      menu.querySelector(".px-facet__n").textContent = n ? "（" + n + "）" : "";
      menu.classList.toggle("px-facet--on", n > 0);
    });
    if (!this.active()) { // the page as it came (unless it still is: the rows the reader scrolled to stay)
      if (this.filtered) this.restore();
      else this.status.textContent = "";
      return this.done();
    }
    if (!this.doc) return this.load(this.update.bind(this));
    var self = this;
    var parts = words(this.input.value);
    var rows = this.doc.rows.filter(function (row) { return self.matches(row, parts, null); });
    if (this.sort) {
      var col = this.sort.col, numeric = this.sort.numeric, sign = this.sort.desc ? -1 : 1;
      rows = rows.slice().sort(function (a, b) {
        var x = cellText(a[0][col]), y = cellText(b[0][col]);
        return sign * (numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : collator.compare(String(x), String(y)));
      });
    }
    this.counts(parts);
    this.draw(rows);
    this.done();
  };

  // for tests and scripts: how many views have been drawn
  Finder.prototype.done = function () { this.box.setAttribute("data-px-drawn", String(this.drawn || 0)); };

  Finder.prototype.counts = function (parts) {
    // each facet counts the rows the other filters leave, so ticking a value keeps the others usable
    var self = this;
    this.keys.forEach(function (key) {
      var i = self.index[key], counts = {};
      self.doc.rows.forEach(function (row) {
        if (!self.matches(row, parts, key)) return;
        row[1][i].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      self.box.querySelectorAll('details[data-facet="' + key + '"] label').forEach(function (label) {
        var n = counts[label.querySelector("input").value] || 0;
        label.querySelector(".px-count").textContent = n;
        label.classList.toggle("px-zero", n === 0);
      });
    });
  };

  Finder.prototype.draw = function (rows) {
    this.filtered = true;
    this.matched = rows;
    this.feed.make = this.make;
    this.feed.start(rows.slice(0, this.shown));
    this.pagers.forEach(function (p) { p.hidden = true; });
    this.table.parentNode.hidden = rows.length === 0;
    scrollHints();
    this.offer();
  };

  // the "再显示" button under a filtered view, and the status line
  Finder.prototype.offer = function () {
    var self = this, rows = this.matched;
    var more = this.more || (this.more = el("button", { type: "button", class: "px-finder__more" }));
    more.onclick = function () { // the next rows follow those shown, the page stays where it is
      var from = self.shown;
      self.shown += SHOW;
      self.feed.all();
      self.feed.follow(self.matched.slice(from, self.shown));
      self.feed.more();
      self.offer();
    };
    if (rows.length > this.shown) {
      more.textContent = "再显示 " + Math.min(SHOW, rows.length - this.shown) + " " + this.noun;
      this.table.parentNode.after(more);
      more.hidden = false;
    } else {
      more.hidden = true;
    }
    this.status.textContent = rows.length
      ? "符合条件的 " + rows.length + " " + this.noun + "（共 " + this.doc.rows.length + " " + this.noun + "）" +
        (rows.length > this.shown ? "，显示前 " + this.shown + " " + this.noun : "")
      : "没有符合条件的记录。可以减少筛选条件，或换一个词。";
  };

  Finder.prototype.restore = function () {
    this.filtered = false;
    this.shown = SHOW;
    if (!this.table) return;
    this.table.tBodies[0].replaceChildren.apply(this.table.tBodies[0], this.original);
    this.feed.make = function (row) { return row; };
    this.feed.follow(this.originalRest);
    this.table.parentNode.hidden = false;
    this.pagers.forEach(function (p) { p.hidden = false; });
    if (this.more) this.more.hidden = true;
    this.status.textContent = "";
    if (this.sort) sortRows(this.table, this.sort, this.feed);
    scrollHints();
  };

  Finder.prototype.sortable = function () {
    var self = this;
    makeSortable(this.table, function (sort) {
      self.sort = sort;
      if (self.paged || self.active()) self.update(); else { sortRows(self.table, sort, self.feed); self.writeAddress(); }
    });
  };

  // the address holds the view: q, one parameter per facet (repeated for several values), sort
  Finder.prototype.readAddress = function () {
    var params = new URLSearchParams(window.location.search), self = this, any = false;
    if (params.get("q")) { this.input.value = params.get("q"); any = true; }
    this.keys.forEach(function (key) {
      var values = params.getAll(key);
      if (!values.length) return;
      any = true;
      var menu = self.box.querySelector('details[data-facet="' + key + '"] .px-facet__menu');
      values.forEach(function (v) {
        var input = Array.prototype.find.call(menu.querySelectorAll("input"), function (i) { return i.value === v; });
        if (!input) { // a value the menu does not list (it lists the most common): add it
          var label = el("label"); input = el("input", { type: "checkbox", value: v });
          label.append(input, " ", el("span", {}, v), " ", el("span", { class: "px-count" }, ""));
          menu.prepend(label);
        }
        input.checked = true;
      });
      self.selected[key] = values;
    });
    var sort = parseInt(params.get("sort"), 10);
    if (this.table && sort >= 0) {
      var th = this.table.querySelectorAll("thead th")[sort];
      if (th) { this.sort = { col: sort, desc: params.get("order") === "desc", numeric: th.getAttribute("data-sort") === "number" }; markSorted(this.table, this.sort); any = true; }
    }
    if (any) this.update();
  };

  Finder.prototype.writeAddress = function () {
    var params = new URLSearchParams(), self = this;
    if (this.input.value.trim()) params.set("q", this.input.value.trim());
    this.keys.forEach(function (key) { self.selected[key].forEach(function (v) { params.append(key, v); }); });
    if (this.sort) { params.set("sort", this.sort.col); if (this.sort.desc) params.set("order", "desc"); }
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  };

  // -- sortable tables: a button in every header cell ------------------------------------------
  function makeSortable(table, onSort) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      var label = th.textContent.trim();
      th.dataset.label = label;
      var button = el("button", { type: "button", class: "px-sort", title: "按“" + label + "”排序" }, label);
      th.replaceChildren(button);
      button.addEventListener("click", function () {
        var desc = th.getAttribute("aria-sort") === "ascending";
        var sort = { col: index, desc: desc, numeric: th.getAttribute("data-sort") === "number" };
        markSorted(table, sort);
        onSort(sort);
      });
    });
  }

  function markSorted(table, sort) {
    table.querySelectorAll("thead th").forEach(function (th, i) {
      if (i === sort.col) th.setAttribute("aria-sort", sort.desc ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
  }

  function sortRows(table, sort, feed) {
    // a feed's rows waiting below the screen are sorted with those shown
    var rows = Array.prototype.slice.call(table.tBodies[0].rows).concat(feed ? feed.queue : []), sign = sort.desc ? -1 : 1;
    rows.sort(function (a, b) {
      var x = a.cells[sort.col].textContent.trim(), y = b.cells[sort.col].textContent.trim();
      return sign * (sort.numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : collator.compare(x, y));
    });
    if (feed) feed.start(rows);
    else rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
  }

  // a table wider than its column says that it scrolls (phones, or many columns)
  function scrollHints() { // (hoisted: the finder calls it after drawing)
    document.querySelectorAll(".md-typeset .px-table").forEach(function (wrap) {
      var table = wrap.querySelector("table");
      var cards = table && table.hasAttribute("data-px-list") && window.matchMedia("(max-width: 44.984375em)").matches;
      // the table itself scrolls (Material) or sticks out of its box
      var wide = table && !cards && (table.scrollWidth > table.clientWidth + 2 || table.offsetWidth > wrap.clientWidth + 2);
      // above the table, where it is read before the cut-off columns
      var hint = wrap.previousElementSibling && wrap.previousElementSibling.classList.contains("px-scroll-hint") ? wrap.previousElementSibling : null;
      if (wide && !hint) {
        hint = el("p", { class: "px-scroll-hint" }, "表格较宽：左右滑动可以看到其余各列，第一列保持不动。");
        wrap.before(hint);
      }
      if (hint) hint.classList.toggle("px-scroll-hint--on", !!wide);
    });
  }

  document.querySelectorAll("[data-px-finder]").forEach(function (box) { new Finder(box); });
  // a listing without a filter bar still shows its page's rows as the reader scrolls
  document.querySelectorAll("table[data-px-list]").forEach(function (table) {
    if (!table.closest(".px-table") || !table.querySelector("tbody.px-later")) return;
    var feed = pageFeed(table);
    makeSortable(table, function (sort) { sortRows(table, sort, feed); });
  });
  // card labels matter on phones only: set them there, or when a window narrows to that
  function labelAll() { document.querySelectorAll("table[data-px-list], table[data-px-sortable]").forEach(labelCells); }
  if (narrow.matches) labelAll();
  else if (narrow.addEventListener) narrow.addEventListener("change", function once() { labelAll(); narrow.removeEventListener("change", once); });
  document.querySelectorAll("table[data-px-sortable]").forEach(function (table) {
    makeSortable(table, function (sort) { sortRows(table, sort); });
  });
  // measured after the page has loaded, so opening it forces no extra layout
  if (document.readyState === "complete") requestAnimationFrame(scrollHints);
  else window.addEventListener("load", function () { requestAnimationFrame(scrollHints); });
  window.addEventListener("resize", scrollHints);
})();
