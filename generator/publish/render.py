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

from ..records import markup
from ..records import vocab as V
from ..records.kinds import KINDS
from ..yearly import directory as D
from . import tables, urls
from .search import shadow_tokens
from .views import Listing, Views, group_slug, group_values, teacher_history


def safe_title(text: str) -> str:
    """A page title for the theme: Material prints titles through `striptags`, which turns
    &lt; back into <, so characters that could form markup become full-width look-alikes."""
    text = " ".join(text.split())  # as striptags would, so every place shows the same title
    return text.translate(str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"}))


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


LISTING_META = {"hide": ["toc"], "search": {"exclude": True}}  # tables are not search results


class Renderer:
    def __init__(self, views: Views, *, directory_urls: bool = False, offline: bool = False, edition_info: dict | None = None):
        self.views = views
        self.offline = offline  # an offline copy: no Pagefind, no links to other hosts
        self.edition_info = edition_info or {}  # build_date, archive_name: the offline edition page
        self.catalog = views.catalog  # teachers as of the edition year
        self.directory_urls = directory_urls
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("generator.publish", "templates"),
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
            title_of=self.title_of,
            group_values=group_values,
            group_slug=group_slug,
            md=lambda text: Markup(markup.to_html(text, external_links=not offline)),
            offline=offline,
            pool_label=V.pool_label,
            province_name=V.province_name,
        )
        self.env.filters["pool_label"] = V.pool_label
        self._templates: dict = {}
        self._links: dict = {}
        self._record_links: dict = {}

    # -- helpers the templates call ----------------------------------------------------
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
        key = (ctx["depth"], kind, rid)
        html = self._record_links.get(key)
        if html is None:
            html = Markup('<a href="{}">{}</a>').format(self._link(ctx, urls.record(kind, rid)), self.title_of(kind, rid))
            self._record_links[key] = html
        return html

    @jinja2.pass_context
    def _items(self, ctx, kind: str, ids, empty: str) -> Markup:
        """A list of record links with a short note each (its kind's note), or the empty message."""
        if not ids:
            return Markup('<p class="px-empty">{}</p>').format(empty)
        records, note = self.catalog[kind], KINDS[kind].note
        lines = []
        for rid in ids:
            key = (ctx["depth"], kind, rid, "li")
            line = self._record_links.get(key)
            if line is None:
                line = Markup("  <li>{}（{}）</li>").format(self._record_link(ctx, kind, rid), note(records[rid]))
                self._record_links[key] = line
            lines.append(line)
        return Markup('<ul class="px-list">\n') + Markup("\n").join(lines) + Markup("\n</ul>")

    @jinja2.pass_context
    def _pool_link(self, ctx, pool: str, year: int | None = None) -> Markup:
        """A pool's name, linked to its listing page when the site has one."""
        src = self.views.pool_src(pool, year)
        label = V.pool_label(pool)
        return Markup('<a href="{}">{}</a>').format(self._link(ctx, src), label) if src else Markup.escape(label)

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
        html = self._render(
            k.template,
            src,
            r=record,
            standing=standing,
            history=teacher_history(record) if kind == "teacher" else [],
            filters={"类型": [k.label], **k.filters(record, standing.state if standing else None)},
            shadow=shadow_tokens(*k.search_text(record)),
            info=k.info(record, self.title_of),
        )
        return Page(src, k.title_of(record), html, kind, {"hide": ["toc"]})

    def listing(self, listing: Listing) -> Page:
        try:
            html = self._render("listing.html", listing.src, listing=listing, rows=listing.rows)
        except Exception as exc:  # noqa: BLE001 - named with the page and its records
            files = [str(self.catalog.paths.get(("teacher", row.teacher) if listing.kind == "change" else (listing.kind, row), row)) for row in listing.rows[:3]]
            raise RenderError(f"生成列表页“{listing.title}”（{listing.src}）时出错（{type(exc).__name__}: {exc}），其中的记录如 {'、'.join(files)}。请报告这个问题。") from exc
        return Page(listing.src, listing.title, html, "listing", dict(LISTING_META))

    def yearly_pages(self):
        """The edition's directory overview, the archive of past years, the yearly changes,
        and the rules page (as makers, see page_makers)."""
        views = self.views
        page = functools.partial
        yield page(self._page, urls.directory(views.edition, views.edition), f"师资库（{views.edition} 年）", "directory.html", year=views.edition)
        yield page(self._page, urls.RULES, "动态管理规则", "rules.html")
        yield page(self._page, urls.ARCHIVE, "历年师资库", "archive.html")
        for year in views.years[:-1]:
            yield page(self._page, urls.directory(year, views.edition), f"{year} 年师资库", "directory.html", year=year)
        yield page(self._page, urls.CHANGES, "年度调整", "changes.html")
        for year in views.years[1:]:
            yield page(self._page, urls.changes(year), f"{year} 年度调整", "changes_year.html", year=year)

    def _page(self, src: str, title: str, template: str, **context) -> Page:
        return Page(src, title, self._render(template, src, **context), "listing", dict(LISTING_META))

    def search(self) -> Page:
        return Page(urls.SEARCH, "搜索", self._render("search.html", urls.SEARCH), "listing", dict(LISTING_META))

    def home(self) -> Page:
        html = self._render("home.html", urls.HOME, counts=self.counts())
        return Page(urls.HOME, "首页", html, "home", {"hide": ["toc", "navigation"]})

    @functools.cache
    def counts(self) -> dict[str, int]:
        listed = sum(1 for s in self.views.directory.standings.values() if s.listed)
        return {**self.catalog.counts(), "teacher_listed": listed}

    def page_makers(self):
        """A function making each generated page except the record pages (see record_ids):
        the plugin calls them, in several processes for a large site."""
        yield self.home
        yield self.search
        if self.offline:
            yield functools.partial(self._page, urls.EDITION, "本副本说明", "edition.html", **self.edition_info)
        yield from self.yearly_pages()
        for listing in self.views.listings:
            yield functools.partial(self.listing, listing)

    def record_ids(self):
        for kind in KINDS:
            for rid in self.catalog[kind]:
                yield kind, rid
