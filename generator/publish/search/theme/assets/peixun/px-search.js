/* peixun: site search on Pagefind's JS API (loaded when search is first opened). Written
   for this site.

   Pagefind finds candidate pages; this script decides what a person sees:
   - a result must contain every word of the query (Pagefind drops a word it cannot find
     and matches pieces of Chinese words, so "戴颖" would return 戴志强); pages that do
     not are offered only as "相近的结果" when nothing matches;
   - ranking: the record *named* by the query first (its title), then records whose key
     facts hold it, then those whose text does, then pages that only list it; within each,
     records available this year before those that are not (a teacher who left, a course
     no longer given), each with its mark;
   - every result says what it is (教师 · 课程 …), the facts people choose by, and an
     excerpt from its prose (never from field tables);
   - filters per kind, values in their own order, several values of a group at once, each
     group counted as if its own choice were not made.
   Record pages carry the metadata (publish/search/record.py); search/config.js the groups. */
(function () {
  "use strict";

  var BATCH = 20; // results whose text is loaded and checked at a time
  var BUDGET = 120; // checked at most before "nothing matches" is said
  var config = window.pxSearchConfig || { groups: [], examples: [] };
  var root = new URL("../../", document.querySelector('script[src*="assets/peixun/px-search.js"]').src);
  var engine = null;

  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        var settings = { baseUrl: root.pathname, excerptLength: 30 };
        // a large site's index comes in parts (publish/search/shards.py): one index once merged
        return pf.options(settings).then(function () {
          return Promise.all((config.parts || []).map(function (part) { return pf.mergeIndex(new URL(part, root).pathname, settings); }));
        }).then(function () { return pf.filters(); }).then(function () { return pf; });
      });
    }
    return engine;
  }

  function normal(text) {
    return (text || "").normalize("NFKC").toLowerCase();
  }
  function words(text) {
    return normal(text).split(/\s+/).filter(Boolean);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // -- ranking ------------------------------------------------------------------------------
  // how well a page answers the query: -1 its title is the query, 0 the title holds it,
  // 1 its key facts do, 2 its text, 3 only the names it lists; null: a word is missing
  function tier(data, parts) {
    var meta = data.meta || {};
    var title = normal(meta.title);
    if (!parts.length) return 0;
    if (title === parts.join(" ") || title.replace(/[《》]/g, "") === parts.join(" ")) return -1;
    var places = [title, normal([meta.kind, meta.state, meta.facts, meta.pinyin].join(" ")), normal(data.content + " " + meta.text), normal(meta.mentions)];
    var worst = 0;
    for (var p = 0; p < parts.length; p++) {
      var found = -1;
      for (var i = 0; i < places.length; i++) if (places[i].indexOf(parts[p]) >= 0) { found = i; break; }
      if (found < 0) return null;
      worst = Math.max(worst, found);
    }
    return worst;
  }

  function rank(data) {
    return (data.meta && data.meta.mark === "off") ? 1 : 0;
  }

  // -- excerpts: a sentence of the page's prose around the first match -------------------------
  function prose(data) {
    var text = data.content || "", title = (data.meta && data.meta.title) || "";
    if (text.indexOf(title) === 0) text = text.slice(title.length);
    return text.replace(/^[\s.。]+/, "").replace(/\.\s+/g, " ").trim();
  }

  function excerpt(data, parts) {
    var text = prose(data);
    if (!text) return null;
    var low = normal(text), at = -1;
    parts.forEach(function (part) { var i = low.indexOf(part); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = 0;
    if (at > 30) {
      var stop = Math.max(low.lastIndexOf("。", at), low.lastIndexOf("；", at), low.lastIndexOf("！", at), low.lastIndexOf("？", at));
      start = stop >= 0 && at - stop < 60 ? stop + 1 : at - 20;
    }
    var piece = text.slice(start, start + 90);
    var node = el("p", { class: "px-hit__excerpt" });
    if (start > 0) node.append("…");
    mark(node, piece, parts);
    if (start + 90 < text.length) node.append("…");
    return node;
  }

  function mark(node, text, parts) {
    var low = normal(text), i = 0;
    while (i < text.length) {
      var next = -1, len = 0;
      parts.forEach(function (part) { var j = low.indexOf(part, i); if (j >= 0 && (next < 0 || j < next)) { next = j; len = part.length; } });
      if (next < 0) { node.append(text.slice(i)); return; }
      node.append(text.slice(i, next));
      node.append(el("mark", {}, text.slice(next, next + len)));
      i = next + len;
    }
  }

  // -- the widget ---------------------------------------------------------------------------
  function Search(host, options) {
    this.host = host;
    this.page = !!options.page; // the search page keeps the query in its address
    this.seq = 0;
    this.selected = {};
    this.build();
    if (this.page) this.readAddress();
  }

  Search.prototype.build = function () {
    var self = this, id = this.host.id || "px-s";
    this.host.classList.add("px-s");
    var bar = el("div", { class: "px-s__bar", role: "search" });
    this.input = el("input", { type: "search", class: "px-s__input", "aria-label": "搜索课程、教材、基地、师资", placeholder: "输入姓名、课程、单位或专题词", autocomplete: "off", enterkeyhint: "search" });
    this.toggle = el("button", { type: "button", class: "px-s__toggle", "aria-expanded": "false", "aria-controls": id + "-filters" }, "筛选");
    bar.append(this.input, this.toggle);
    this.filters = el("div", { class: "px-s__filters", id: id + "-filters" });
    this.status = el("p", { class: "px-s__status", role: "status" });
    this.list = el("ol", { class: "px-s__list" });
    this.more = el("button", { type: "button", class: "px-s__more", hidden: "" }, "显示更多结果");
    var results = el("div", { class: "px-s__results" });
    results.append(this.status, this.list, this.more);
    var body = el("div", { class: "px-s__body" });
    body.append(this.filters, results);
    this.host.replaceChildren(bar, body);
    var timer = null;
    this.input.addEventListener("input", function (event) {
      if (event.isComposing) return; // pinyin still being composed: wait for the characters
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(); }, 150);
    });
    this.input.addEventListener("compositionend", function () { clearTimeout(timer); timer = setTimeout(function () { self.run(); }, 50); });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        var first = self.list.querySelector("a");
        if (first) { event.preventDefault(); window.location.href = first.href; }
      }
    });
    this.toggle.addEventListener("click", function () {
      var open = self.toggle.getAttribute("aria-expanded") !== "true";
      self.toggle.setAttribute("aria-expanded", String(open));
      self.host.classList.toggle("px-s--filters", open);
    });
    this.more.addEventListener("click", function () { self.fill(self.seq, true); });
    this.intro();
  };

  Search.prototype.focus = function () { this.input.focus(); };

  Search.prototype.intro = function () {
    this.host.setAttribute("data-px-answered", String(this.seq));
    this.list.replaceChildren();
    this.more.hidden = true;
    this.status.textContent = "";
    var tips = el("li", { class: "px-s__tips" });
    tips.append(el("p", {}, "可以输入教师姓名、课程名称、单位或专题词，多个词之间用空格隔开。例如："));
    var self = this, line = el("p");
    config.examples.forEach(function (q) {
      var b = el("button", { type: "button", class: "px-s__example" }, q);
      b.addEventListener("click", function () { self.input.value = q; self.run(); self.input.focus(); });
      line.append(b, " ");
    });
    tips.append(line);
    this.list.append(tips);
    this.drawFilters(null);
  };

  // -- filters ------------------------------------------------------------------------------
  Search.prototype.kinds = function () { return this.selected["类型"] || []; };

  Search.prototype.groups = function () {
    // 类型 always; a kind's own groups once only kinds that have them are chosen
    var kinds = this.kinds();
    return config.groups.filter(function (g) {
      if (g.name === "类型") return true;
      return kinds.length > 0 && kinds.every(function (k) { return g.kinds.indexOf(k) >= 0; });
    });
  };

  Search.prototype.pagefindFilters = function (skip) {
    var out = {}, self = this;
    this.groups().forEach(function (g) {
      var values = self.selected[g.name] || [];
      if (values.length && g.name !== skip) out[g.name] = { any: values };
    });
    return out;
  };

  Search.prototype.chosen = function () {
    var self = this;
    return this.groups().reduce(function (n, g) { return n + (self.selected[g.name] || []).length; }, 0);
  };

  Search.prototype.drawFilters = function (counts) {
    var self = this;
    this.filters.replaceChildren();
    var n = this.chosen();
    this.toggle.textContent = n ? "筛选（" + n + "）" : "筛选";
    if (!counts) { this.filters.hidden = true; return; }
    this.filters.hidden = false;
    this.groups().forEach(function (g) {
      var have = counts[g.name] || {};
      var values = (g.order || Object.keys(have).sort(function (a, b) { return have[b] - have[a]; }).slice(0, 20))
        .filter(function (v) { return have[v] || (self.selected[g.name] || []).indexOf(v) >= 0; });
      if (!values.length) return;
      var set = el("fieldset", { class: "px-s__group" });
      set.append(el("legend", {}, g.name));
      values.forEach(function (v) {
        var label = el("label");
        var box = el("input", { type: "checkbox", value: v });
        box.checked = (self.selected[g.name] || []).indexOf(v) >= 0;
        box.addEventListener("change", function () {
          var now = (self.selected[g.name] || []).filter(function (x) { return x !== v; });
          if (box.checked) now.push(v);
          self.selected[g.name] = now;
          if (g.name === "类型") self.dropUnused();
          self.run(g.name + "\u0000" + v);
        });
        label.append(box, " ", el("span", {}, v), " ", el("span", { class: "px-count" }, String(have[v] || 0)));
        set.append(label);
      });
      self.filters.append(set);
    });
    if (this.kinds().length === 0) this.filters.append(el("p", { class: "px-s__hint" }, "先选择类型，再按状态、类别等缩小范围。"));
  };

  Search.prototype.dropUnused = function () {
    var keep = {}, self = this;
    this.groups().forEach(function (g) { keep[g.name] = self.selected[g.name] || []; });
    this.selected = keep;
  };

  // -- a search -------------------------------------------------------------------------------
  Search.prototype.run = function (focusKey) {
    var self = this, seq = ++this.seq;
    var query = this.input.value.trim();
    if (this.page) this.writeAddress();
    if (!query && this.chosen() === 0) return this.intro();
    this.status.textContent = "正在搜索……";
    return pagefind().then(function (pf) {
      var term = query || null;
      var grouped = self.groups().filter(function (g) { return (self.selected[g.name] || []).length; });
      var searches = [pf.search(term, { filters: self.pagefindFilters(null) })].concat(grouped.map(function (g) {
        // 类型 is counted over the query alone: choosing a second kind drops the first one's own groups
        return pf.search(term, { filters: g.name === "类型" ? {} : self.pagefindFilters(g.name) });
      }));
      return Promise.all(searches).then(function (found) {
        if (seq !== self.seq) return;
        var counts = Object.assign({}, found[0].filters);
        grouped.forEach(function (g, i) { counts[g.name] = found[i + 1].filters[g.name] || {}; });
        self.parts = words(query);
        self.results = found[0].results;
        self.cursor = 0;
        self.hits = [];
        self.near = [];
        self.list.replaceChildren();
        self.drawFilters(counts);
        if (focusKey) self.refocus(focusKey);
        return self.fill(seq, false);
      });
    }).catch(function (error) {
      if (seq === self.seq) self.status.textContent = "搜索暂时不可用（" + error.message + "）。可以从页面顶部的栏目逐级浏览。";
    });
  };

  Search.prototype.refocus = function (key) {
    var parts = key.split("\u0000");
    this.filters.querySelectorAll("fieldset").forEach(function (set) {
      if (set.querySelector("legend").textContent !== parts[0]) return;
      set.querySelectorAll("input").forEach(function (box) { if (box.value === parts[1]) box.focus(); });
    });
  };

  // check the next results until a screenful matches (or the budget is spent), best first
  Search.prototype.fill = function (seq, more) {
    var self = this, shown = 0, target = more ? BATCH : 10, limit = this.cursor + BUDGET;
    function step() {
      if (seq !== self.seq) return;
      if (shown >= target || self.cursor >= self.results.length || self.cursor >= limit) return self.finish(seq);
      var batch = self.results.slice(self.cursor, self.cursor + BATCH);
      var offset = self.cursor;
      self.cursor += batch.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
        if (seq !== self.seq) return;
        var good = [];
        datas.forEach(function (data, i) {
          var t = tier(data, self.parts);
          if (t === null) self.near.push(data);
          else good.push({ data: data, tier: t, rank: rank(data), order: offset + i });
        });
        good.sort(function (a, b) { return a.tier - b.tier || a.rank - b.rank || a.order - b.order; });
        good.forEach(function (hit) { self.list.append(self.item(hit.data)); });
        self.hits = self.hits.concat(good);
        shown += good.length;
        return step();
      });
    }
    return step();
  };

  Search.prototype.finish = function (seq) {
    if (seq !== this.seq) return;
    this.host.setAttribute("data-px-answered", String(seq)); // for tests: this query is drawn
    var left = this.results.length - this.cursor;
    this.more.hidden = left <= 0 || this.hits.length === 0;
    var query = this.input.value.trim();
    if (this.hits.length) {
      var count = left > 0 ? "约 " + (this.hits.length + left) : " " + this.hits.length;
      this.status.textContent = "找到" + count + " 条结果" + (query ? "（“" + query + "”）" : "") + "，按相关程度排列";
      return;
    }
    this.empty(query);
  };

  Search.prototype.empty = function (query) {
    this.status.textContent = "没有找到" + (query ? "与“" + query + "”相符的" : "符合条件的") + "结果。";
    var tips = el("li", { class: "px-s__tips" });
    var list = el("ul");
    list.append(el("li", {}, "检查有没有错别字，或只输入姓名、课程名称中的一部分；"));
    if (this.parts && this.parts.length > 1) list.append(el("li", {}, "减少词语：每个词都要出现在结果中；"));
    if (this.chosen()) list.append(el("li", {}, "去掉一些筛选条件（当前已选 " + this.chosen() + " 项）。"));
    tips.append(list);
    if (this.near.length) {
      tips.append(el("p", {}, "相近的结果："));
      var near = el("ul", { class: "px-s__near" }), self = this;
      this.near.slice(0, 5).forEach(function (data) {
        var li = el("li"), a = el("a", { href: data.url }, data.meta.title);
        li.append(a, " ", el("span", { class: "px-hit__kind" }, data.meta.kind || "说明"));
        near.append(li);
        void self;
      });
      tips.append(near);
    }
    this.list.append(tips);
  };

  Search.prototype.item = function (data) {
    var meta = data.meta || {};
    var li = el("li", { class: "px-hit" + (meta.mark === "off" ? " px-hit--off" : "") });
    var head = el("p", { class: "px-hit__kind" }, (meta.kind || "说明") + (meta.state ? " · " : ""));
    if (meta.state && meta.mark !== "ok") head.append(el("span", { class: "px-state px-mark--" + meta.mark }, meta.state));
    else if (meta.state) head.append(el("span", { class: "px-hit__state" }, meta.state));
    var title = el("a", { href: data.url, class: "px-hit__title" });
    mark(title, meta.title || data.url, this.parts || []);
    li.append(head, title);
    if (meta.facts) {
      var facts = el("p", { class: "px-hit__facts" });
      mark(facts, meta.facts, this.parts || []);
      li.append(facts);
    }
    var text = excerpt(data, this.parts || []);
    if (text) li.append(text);
    return li;
  };

  // -- the search page's address: ?q=…&类型=教师&名录状态=在库 --------------------------------------
  Search.prototype.readAddress = function () {
    var params = new URLSearchParams(window.location.search), self = this;
    this.input.value = params.get("q") || "";
    config.groups.forEach(function (g) { var v = params.getAll(g.name); if (v.length) self.selected[g.name] = v; });
    this.dropUnused();
    if (this.input.value || this.chosen()) this.run();
  };

  Search.prototype.writeAddress = function () {
    var params = new URLSearchParams(), self = this;
    if (this.input.value.trim()) params.set("q", this.input.value.trim());
    this.groups().forEach(function (g) { (self.selected[g.name] || []).forEach(function (v) { params.append(g.name, v); }); });
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  };

  // for peixun.js (the dialog, the page) and for tests: the ranked result URLs of a query
  window.pxSearch = {
    mount: function (host, options) { return new Search(host, options || {}); },
    ranked: function (query) {
      var parts = words(query);
      return pagefind().then(function (pf) { return pf.search(query); }).then(function (found) {
        return Promise.all(found.results.slice(0, BATCH).map(function (r) { return r.data(); }));
      }).then(function (datas) {
        return datas.map(function (data, i) { return { url: data.url, tier: tier(data, parts), rank: rank(data), order: i }; })
          .filter(function (h) { return h.tier !== null; })
          .sort(function (a, b) { return a.tier - b.tier || a.rank - b.rank || a.order - b.order; })
          .map(function (h) { return h.url; });
      });
    }
  };
  document.dispatchEvent(new Event("px-search-ready"));
})();
