"""Stage 4: views -> page contents (HTML fragments) with Jinja templates.

Autoescaping is on and undefined names fail loudly; contributor text is data handed to
templates, never a template itself. Markdown fields go through markup.to_html (sanitised).
Nothing is written here: the plugin decides what MkDocs renders and what it writes.
What a kind's page says beside its template (search filters, the text searched in every
spelling, the note after links to it) comes from its declaration (records/kinds).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import jinja2
from markupsafe import Markup

from ...records import markup
from ...records import vocab as V
from ...records.kinds import KINDS
from ...records.kinds.teacher import own_pool
from ...yearly import directory as D
from ..charts import figures, stats
from ..opendata.tables import field_dictionary, schema
from ..outputs import size_text
from ..search.record import record_search
from ..search.ui import examples, search_config
from ..views import Views
from . import finder, tables, urls
from .tracked import Memo
from .listings import HOME, Listing, group_slug, group_values, listings, pool_src, year_trail


def safe_title(text: str) -> str:
    """A page title for the theme: Material prints titles through `striptags`, which turns
    &lt; back into <, so characters that could form markup become full-width look-alikes."""
    text = " ".join(text.split())  # as striptags would, so every place shows the same title
    return text.translate(str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"}))


def _dictionary() -> list[tuple]:
    """The field dictionary of the open data, table by table in the files' order."""
    rows = field_dictionary()
    return [(t.name, t.label, t.about, [r for r in rows if r[0] == t.name]) for t in schema()]


def teacher_history(t) -> list[tuple[int, str]]:
    """A teacher's timeline, oldest first: entry, reviews, status changes, moves, sharing."""
    first_pool = t.moves[0].from_pool if t.moves else t.pool
    events = [(t.entry_year, 0, f"入库（{V.pool_label(first_pool)}）")]
    for x in t.reviews:
        events.append((x.year, 1, f"年度复核：{x.result}" + (f"（{x.note}）" if x.note else "")))
    for x in t.status_changes:
        events.append((x.year, 2, f"{'恢复在库' if x.status == '在库' else x.status}：{x.reason}"))
    for x in t.moves:
        reason = f"（{x.reason}）" if x.reason else ""
        events.append((x.year, 3, f"调动：{V.pool_label(x.from_pool)} → {V.pool_label(x.to_pool)}{reason}"))
    for x in t.sharing:
        events.append((x.year, 4, f"共享范围：{V.scope_text(x.scope)}"))
    return [(year, text) for year, _, text in sorted(events)]


class RenderError(Exception):
    """A page could not be rendered; the message names the record file or the page."""


@dataclass
class Page:
    """A generated page: where it goes, its title, and its content."""

    src: str  # virtual source path ("course/x.md"); decides the URL like a Markdown file
    title: str  # plain text
    html: str  # content fragment
    kind: str  # "course", …, "listing", "home"
    meta: dict = field(default_factory=dict)  # page.meta for the theme (e.g. hide: [toc])


LISTING_META = {"hide": ["toc"], "search": {"exclude": True}, "wide": True}  # tables are not search results
def describe(*parts: str) -> str:
    """A page's meta description, in its own words (the page title already names the site)."""
    return safe_title("，".join(p for p in parts if p) + "。")


class Renderer:
    def __init__(self, views: Views, *, directory_urls: bool = False, offline: bool = False, edition_info: dict | None = None, reports: bool = True):
        self.views = views
        self.listings = listings(views)  # the page plan: every listing page
        self.offline = offline  # an offline copy: no Pagefind, no links to other hosts
        self.reports = reports  # 统计, 规划落实, 数据下载
        self.edition_info = edition_info or {}  # build_date, archive_name: the offline edition page
        self.catalog = views.catalog  # teachers as of the edition year
        self.directory_urls = directory_urls
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("generator.publish.website", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.globals.update(
            V=V,
            D=D,
            urls=urls,
            kinds=KINDS,
            views=views,
            catalog=self.catalog,
            link=self._link,
            record_link=self._record_link,
            items=self._items,
            pool_link=self._pool_link,
            table_head=jinja2.pass_context(lambda ctx, listing: tables.head(listing)),
            table_rows=jinja2.pass_context(lambda ctx, listing: tables.rows(self, ctx, listing)),
            finder=jinja2.pass_context(lambda ctx, listing: finder.finder(self, ctx, listing)),
            title_of=self.title_of,
            group_values=group_values,
            group_slug=group_slug,
            md=lambda text: Markup(markup.to_html(text, external_links=not offline)),
            offline=offline,
            pool_label=V.pool_label,
            province_name=V.province_name,
            state_mark=tables.state_mark,
            pool_count=self._pool_count,
            crumbs=self._crumbs,
            chart=figures.draw,
            reports=reports,
            file_link=jinja2.pass_context(lambda ctx, path: "../" * ctx["depth"] + path),
            size_text=size_text,
            pool_src=self.pool_src,
        )
        self.env.filters["pool_label"] = V.pool_label
        self._templates: dict = {}
        self._mentions: list[str] = []
        self._links: dict = {}
        # work shared between pages, noting again on each use what it read (tracked.py)
        self._record_links = Memo()
        self.memo = Memo()  # shared by the pages of one list (finder menus)
        self.downloads: list = []  # the open-data files of the edition (opendata.export.DataFile), set by the plugin
        # the print edition (print.typeset.PrintFile) and the page each pool's section starts on in
        # the directory, filled in place by the plugin before any page is made
        self.prints: list = []
        self.print_pages: dict = {}
        self.env.globals.update(prints=self.prints, print_pages=self.print_pages)

    # -- helpers the templates call ----------------------------------------------------
    def _pool_count(self, year: int, pool: str, state: str) -> int:
        """A pool's count in a year, shared by every page of its list: counted once, and
        noted as one read instead of one per teacher on every page (tracked.Memo)."""
        return self.memo.take(("count", year, pool, state), lambda: self.views.directories[year].count(pool, state))

    # Links are "../" per folder level of the current page, then the target's path: every
    # page at the same depth links to a target the same way, so each link is built once.
    @jinja2.pass_context
    def _link(self, ctx, src: str, anchor: str = "") -> str:
        """Relative URL from the page being rendered to another page's source path."""
        key = (ctx["depth"], src)
        url = self._links.get(key)
        if url is None:
            url = "../" * ctx["depth"] + urls.url_of(src, self.directory_urls) or "./"
            self._links[key] = url
        return url + (f"#{anchor}" if anchor else "")

    @jinja2.pass_context
    def _record_link(self, ctx, kind: str, rid: str) -> Markup:
        make = lambda: Markup('<a href="{}">{}</a>').format(self._link(ctx, urls.record(kind, rid)), self.title_of(kind, rid))  # noqa: E731
        return self._record_links.take((ctx["depth"], kind, rid), make)

    @jinja2.pass_context
    def _items(self, ctx, kind: str, ids, empty: str) -> Markup:
        """A list of record links with a short note each (its kind's note) and a mark where the
        record is not available this year (a teacher who left, a course no longer given):
        the available ones first. Or the empty message. The titles are remembered as what
        the page mentions (search ranks them below the page's own record)."""
        if not ids:
            return Markup('<p class="px-empty">{}</p>').format(empty)
        records = self.catalog[kind]
        lines = [self._item(ctx, kind, rid) for rid in ids]
        lines.sort(key=lambda line: line[0] == "off")  # stable: the given order within each part
        self._mentions.extend(self.title_of(kind, rid) for rid in ids if rid in records)
        return Markup('<ul class="px-list px-list--{}">\n').format(kind) + Markup("\n").join(line for _, line in lines) + Markup("\n</ul>")

    def _item(self, ctx, kind: str, rid: str) -> tuple[str, Markup]:
        return self._record_links.take((ctx["depth"], kind, rid, "li"), lambda: self._item_line(ctx, kind, rid))

    def _item_line(self, ctx, kind: str, rid: str) -> tuple[str, Markup]:
        k, record = KINDS[kind], self.catalog[kind].get(rid)
        if record is None:
            return ("ok", Markup("  <li>{}</li>").format(rid))
        state = k.state(record, self.views.directory.standings.get(rid) if kind == "teacher" else None)
        mark = V.MARKS.get(state, "ok")
        badge = tables.state_mark(state) if mark != "ok" else ""
        line = Markup("  <li{}>{}（{}）{}</li>").format(Markup(' class="px-off"') if mark == "off" else "", self._record_link(ctx, kind, rid), k.note(record), badge)
        return (mark, line)

    @jinja2.pass_context
    def _crumbs(self, ctx, trail, title: str) -> Markup:
        """Where a page sits: 首页 › 课程 › 党性教育类课程 › (this page)."""
        key = (ctx["depth"], tuple(trail))
        head = self._links.get(("crumbs", key))
        if head is None:
            head = self._links[("crumbs", key)] = Markup("").join(
                Markup('<li><a href="{}">{}</a></li>').format(self._link(ctx, src), label) for label, src in trail
            )
        return Markup('<nav class="px-crumbs" aria-label="当前位置" data-pagefind-ignore data-search-exclude><ol>{}<li aria-current="page">{}</li></ol></nav>').format(head, title)

    @jinja2.pass_context
    def _pool_link(self, ctx, pool: str, year: int | None = None) -> Markup:
        """A pool's name, linked to its listing page when the site has one."""
        src = self.pool_src(pool, year)
        label = V.pool_label(pool)
        return Markup('<a href="{}">{}</a>').format(self._link(ctx, src), label) if src else Markup.escape(label)

    def pool_src(self, pool: str, year: int | None = None) -> str | None:
        return pool_src(self.views, pool, year)

    def _render(self, template: str, here: str, **context) -> str:
        depth = urls.url_of(here, self.directory_urls).count("/")
        return self.template(template).render(here=here, depth=depth, **context)

    def title_of(self, kind: str, rid: str) -> str:
        record = self.catalog[kind].get(rid)
        return KINDS[kind].title_of(record) if record is not None else rid

    def template(self, name: str) -> jinja2.Template:
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    # -- pages ------------------------------------------------------------------------
    def record(self, kind: str, rid: str) -> Page:
        try:
            return self._record(kind, rid)
        except Exception as exc:  # noqa: BLE001 - named with its file, whatever it was
            where = self.catalog.paths.get((kind, rid), f"{kind}/{rid}")
            raise RenderError(f"{where}：生成这条记录的页面时出错（{type(exc).__name__}: {exc}）。请报告这个问题，并附上这个文件。") from exc

    def _record(self, kind: str, rid: str) -> Page:
        k = KINDS[kind]
        record = self.catalog[kind][rid]
        src = urls.record(kind, rid)
        standing = self.views.directory.standings[rid] if kind == "teacher" else None
        self._mentions = []  # filled by the lists the template shows, read by search()
        facts = [f for f in k.facts(record, standing, self.title_of) if f]
        html = self._render(
            k.template,
            src,
            r=record,
            trail=self.trail(kind, record, standing),
            standing=standing,
            state=k.state(record, standing),
            history=teacher_history(record) if kind == "teacher" else [],
            search=lambda: record_search(kind, record, standing, facts, self._mentions),
        )
        desc = describe(f"{k.noun}：{k.title_of(record)}", *facts[:4])
        return Page(src, k.title_of(record), html, kind, {"hide": ["toc"], "description": desc})

    def trail(self, kind: str, record, standing=None) -> list[tuple[str, str]]:
        """The pages above a record's page: home, its kind's listing, and the listing of the
        group people most often come from (a course's category, a teacher's pool)."""
        if kind == "teacher":
            pool = own_pool(record, standing)
            src = self.pool_src(pool)
            return year_trail(self.views, self.views.edition) + ([(V.pool_label(pool), src)] if src else [])
        k = KINDS[kind]
        trail = [HOME, (k.label, urls.listing(kind))]
        if k.groups:
            g = k.groups[0]
            value = g.values(record)[0]
            trail.append((g.title(value), urls.group(kind, g.facet, group_slug(g, value))))
        return trail

    def listing(self, listing: Listing) -> Page:
        try:
            html = self._render("listing.html", listing.src, listing=listing, rows=listing.rows)
        except Exception as exc:  # noqa: BLE001 - named with the page and its records
            files = [str(self.catalog.paths.get(("teacher", row.teacher) if listing.kind == "change" else (listing.kind, row), row)) for row in listing.rows[:3]]
            raise RenderError(f"生成列表页“{listing.title}”（{listing.src}）时出错（{type(exc).__name__}: {exc}），其中的记录如 {'、'.join(files)}。请报告这个问题。") from exc
        count = f"共 {len(listing.whole)} {'人' if listing.kind in ('teacher', 'change') else '条'}"
        return Page(listing.src, listing.title, html, "listing", {**LISTING_META, "description": describe(listing.title, count)})

    def yearly_pages(self):
        """The edition's directory overview, the archive of past years, the yearly changes,
        and the rules page (as makers, see page_makers)."""
        views = self.views
        page = functools.partial
        top = year_trail(views, views.edition)
        yield page(self._page, urls.directory(views.edition, views.edition), f"师资库（{views.edition} 年）", "directory.html", trail=[HOME], year=views.edition)
        yield page(self._page, urls.RULES, "动态管理规则", "rules.html", trail=top)
        yield page(self._page, urls.ARCHIVE, "历年师资库", "archive.html", trail=top)
        for year in views.years[:-1]:
            yield page(self._page, urls.directory(year, views.edition), f"{year} 年师资库", "directory.html", trail=year_trail(views, year)[:-1], year=year)
        yield page(self._page, urls.CHANGES, "年度调整", "changes.html", trail=top)
        for year in views.years[1:]:
            yield page(self._page, urls.changes(year), f"{year} 年度调整", "changes_year.html", trail=top + [("年度调整", urls.CHANGES)], year=year)

    def report_pages(self):
        """规划落实, 统计 (national and per pool) and 数据下载 (as makers, see page_makers)."""
        page = functools.partial
        yield page(self._page, urls.PROGRESS, "规划落实", "progress.html", trail=[HOME])
        pools = [p for p in self.views.pools if self.views.directory.own.get(p)]
        yield page(self._page, urls.STATS, "统计", "stats.html", trail=[HOME], charts=stats.national(self.views), pool=None, pools=pools)
        for pool in pools:
            yield page(self._page, urls.stats(pool), f"{V.pool_label(pool)}统计", "stats.html", trail=[HOME, ("统计", urls.STATS)],
                       charts=stats.of_pool(self.views, pool), pool=pool, pools=pools)
        yield page(self._page, urls.DATA, "数据下载", "data.html", trail=[HOME], downloads=self.downloads, dictionary=_dictionary(), size_text=size_text)

    def _page(self, src: str, title: str, template: str, trail=(), **context) -> Page:
        meta = {**LISTING_META, "description": describe(title)}
        return Page(src, title, self._render(template, src, trail=list(trail), title=title, **context), "listing", meta)

    def search(self) -> Page:
        return self._page(urls.SEARCH, "搜索", "search.html", trail=[HOME])

    def home(self) -> Page:
        html = self._render("home.html", urls.HOME, counts=self.counts(), examples=examples(self.views))
        return Page(urls.HOME, "首页", html, "home", {"hide": ["toc", "navigation"]})

    def counts(self) -> dict[str, int]:
        return self.memo.take("counts", self._counts)

    def _counts(self) -> dict[str, int]:
        listed = sum(1 for s in self.views.directory.standings.values() if s.listed)
        return {**self.catalog.counts(), "teacher_listed": listed}

    def page_makers(self):
        """(source path, a function making the page) for each generated page except the
        record pages (see record_ids): the plugin calls them, in several processes for a
        large site, or takes the page from the build cache."""
        yield urls.HOME, self.home
        yield urls.SEARCH, self.search
        if self.offline:
            yield urls.EDITION, functools.partial(self._page, urls.EDITION, "本副本说明", "edition.html", trail=[HOME], **self.edition_info)
        for make in self.yearly_pages():
            yield make.args[0], make
        if self.reports:
            for make in self.report_pages():
                yield make.args[0], make
        for listing in self.listings:
            yield listing.src, functools.partial(self.listing, listing)

    def data_makers(self):
        """(source path, a function making (path, text)) for each data file (as page_makers)."""
        for listing in self.listings:
            if listing.page == 1 and not finder.fixed_filter(listing):
                yield finder.rows_src(listing.src), functools.partial(self._data_script, listing)
        if not self.offline:
            yield urls.SEARCH_CONFIG, self._search_config

    def _search_config(self) -> tuple[str, str]:
        return urls.SEARCH_CONFIG, search_config(self.views)

    def _data_script(self, listing) -> tuple[str, str]:
        return finder.rows_src(listing.src), finder.data_script(self, listing)

    def record_ids(self):
        for kind in KINDS:
            for rid in self.catalog[kind]:
                yield kind, rid
