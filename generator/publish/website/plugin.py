"""The MkDocs plugin (stage 5). It loads the records, hands listing pages to MkDocs, and
writes record pages, then runs Pagefind.

Record pages never enter the nav (a nav listing every record makes MkDocs quadratic).
They are written in one of two ways (option ``record_pages``):

- ``fast`` (default): through a per-kind shell of the theme (shells.py).
- ``mkdocs``: every record page is an ordinary MkDocs page (needed when another plugin,
  such as the offline search index, must see each page).

`peixun build` hands the plugin a build cache (cache.py): pages whose inputs did not change
are taken from the previous build.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from ...records import markup
from ...records import parallel
from ...records import vocab as V
from ...records.catalog import Catalog, RecordsInvalid, load_or_fail
from ...records.secrets import Secrets
from ..outputs import Refused, check_site_folder, mark_site
from ..search import THEME as SEARCH_THEME
from ..search import shards
from ..search.pagefind import run_pagefind
from ..search.shadow import shadow_tokens
from ..settings import PeixunConfig
from ..views import build_views
from . import files as extra_files
from . import shells, urls
from .cache import BuildCache, Digests, Entry, Pieces, _h, digest_of, forget_long, global_digest, ordered, prune_pieces
from .render import Page, Renderer
from .shells import PreparedPage
from .tracked import Tracked, Whole, reading, tracked_views


def build_date() -> str:
    """The date a build states: SOURCE_DATE_EPOCH when set (builds set it from the edition),
    so two builds of the same data say the same."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return "未记录"
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y 年 %m 月 %d 日")


log = logging.getLogger("mkdocs.plugins.peixun")
THEME_DIR = Path(__file__).parent / "theme"  # Material overrides: page frame, header, styles, listings
PROJECT_DIR = Path(__file__).parents[3]  # a source checkout: where CONTRIBUTING.md lives


class PeixunPlugin(BasePlugin[PeixunConfig]):
    supports_multiple_instances = False

    def __init__(self):
        super().__init__()
        self.reset()

    def reset(self) -> None:
        """Forget the last build: MkDocs hands the same plugin object to every config loaded
        in one process, so each build starts here (build_site, offline copies)."""
        self.catalog: Catalog | None = None  # `peixun build` hands over a loaded catalog
        self.secrets: Secrets | None = None  # and the private values to guard pages against
        self.stats: dict[str, float | int] = {}
        self.page_srcs: list[str] = []  # every page this plugin produced, for checks
        self.jobs = 1  # processes for record pages; `mkdocs build` and `peixun build` use all CPUs
        self.command = "build"  # peixun build and offline load the config without on_startup
        self.cache = BuildCache(Path("."), enabled=False)  # `peixun build` hands over the site's cache
        self.defer_search = False  # `peixun build`: Pagefind runs after the pages' process has ended
        self.search_job = None  # (search copies folder, index parts to make, parts in all) of the deferred run
        # `peixun build`: the open data and print edition are made in a process of their own,
        # whose memory (gigabytes at national scale) is freed when it ends
        self.isolate = False

    def on_startup(self, *, command, dirty):
        # `mkdocs serve` keeps threads (server, watcher): no forking there
        self.command = command
        self.jobs = 0 if command in ("build", "gh-deploy") else 1

    # -- configuration ----------------------------------------------------------------
    def data_root(self, config) -> Path:
        if self.config.data_root:
            return Path(self.config.data_root)
        return Path(config.config_file_path).parent

    def on_config(self, config):
        # our overrides win over Material's: the site's frame and styles, search's scripts
        for folder in (SEARCH_THEME, THEME_DIR):
            if str(folder) not in config.theme.dirs:
                config.theme.dirs.insert(0, str(folder))
        return config

    def on_pre_build(self, *, config):
        # `mkdocs build` empties site_dir first: only a site peixun built, or an empty folder
        if not self.config.offline and self.command != "serve":
            root = self.data_root(config)
            places = {"data": root, "config": Path(config.config_file_path), "project": Path(config.config_file_path).parent, "docs": Path(config.docs_dir)}
            try:
                check_site_folder(Path(config.site_dir), **places)
            except Refused as exc:
                raise PluginError(str(exc)) from exc

    def on_serve(self, server, config, builder):
        root = self.data_root(config)
        for folder in ("catalog", "teachers"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    # -- pages ------------------------------------------------------------------------
    def on_files(self, files, config):
        start = time.perf_counter()
        catalog = self.catalog
        if catalog is None:
            try:
                result = load_or_fail(self.data_root(config), "网站没有生成")
            except RecordsInvalid as exc:
                raise PluginError(str(exc)) from None
            catalog, self.secrets = result.catalog, result.secrets
        self.stats["load"] = time.perf_counter() - start
        start = time.perf_counter()
        try:
            rules = self.config.rules()
            targets = self.config.plan_targets()
        except ValueError as exc:
            raise PluginError(f"mkdocs.yml 中 peixun 的设置有误：{exc}") from exc
        scope = self.config.scope
        if scope == V.ALL_POOLS or not V.is_pool(scope):
            raise PluginError(f"mkdocs.yml 中 peixun 的 scope 应为 national 或省级代码（如 330000），而不是 {scope!r}。")
        views = build_views(catalog.public(), self.config.edition, rules, scope, targets if self.config.reports else None)
        self.start_render(config, views)
        self._products(files, config, views)
        pages = self._through_cache(list(self.renderer.page_makers()), 300)
        self.page_srcs = []
        for page, made in pages:
            self._add(files, config, page, guard=made)
            self.page_srcs.append(page.src)
        generated = len(pages)
        for (src, text), made in self._through_cache(list(self.renderer.data_makers()), 100):
            if made:  # one from the cache was guarded when it was made
                self._guard(src, text)
            files.append(File.generated(config, src, content=text, inclusion=InclusionLevel.NOT_IN_NAV))
        self._add_contributing(files, config)
        self.page_srcs += [urls.record(kind, rid) for kind, rid in self.renderer.record_ids()]
        if self.config.record_pages == "mkdocs":
            for kind, rid in self.renderer.record_ids():
                self._add(files, config, self.renderer.record(kind, rid))
        self.stats["listing_pages"] = generated
        self.stats["views"] = time.perf_counter() - start
        log.info(f"peixun：{len(catalog)} 条记录，{generated} 个列表页（{self.stats['views']:.1f} 秒）")
        return files

    def start_render(self, config, views) -> None:
        """The renderer of these views (reads recorded) and the digests the cache compares."""
        info = {"build_date": build_date(), "archive_name": self.config.archive_name}
        self.renderer = Renderer(tracked_views(views), directory_urls=config.use_directory_urls, offline=self.config.offline, edition_info=info, reports=self.config.reports)
        settings = {k: v for k, v in self.config.items() if k != "data_root"}
        self.base_digest = global_digest(Path(config.config_file_path), settings, views, (config.use_directory_urls, info))
        self.digests = Digests(views)
        forget_long()

    def show_products(self, downloads, prints, print_pages) -> None:
        """Hand the open data and print edition to the pages that list them (read whole)."""
        r = self.renderer
        r.downloads, r.prints[:], r.print_pages = list(downloads), list(prints), dict(print_pages)
        self.digests.extra.update(downloads=r.downloads, prints=r.prints, print_pages=r.print_pages)
        r.env.globals.update(prints=Whole("prints", r.prints), print_pages=Tracked("print_pages", r.print_pages))
        r.downloads = Whole("downloads", r.downloads)

    def _products(self, files, config, views) -> None:
        """Open data and the print edition: made from every record, so kept whole in the
        cache and made again when any record (or the program) changed; a PDF whose own
        input is unchanged is then taken from the kept ones (cache.Pieces)."""
        key = _h(self.base_digest + b"".join(self.digests(kind, "*") for kind in views.catalog.records))
        entry = self.cache.valid("products", key, self.digests) if self.cache.enabled else None
        if entry is not None:
            made = self.cache.load_value("products")
            self.cache.keep("products", entry)
        else:
            kept = self.cache.folder / "products" if self.cache.enabled else None
            pieces = Pieces(kept, self.base_digest, reuse=not self.cache.fresh)

            def make() -> dict:
                made = {"data": extra_files.make_data(self, views), "print": extra_files.make_print(self, views, pieces)}
                return made | {"pieces": pieces.used}

            made = parallel.in_child(make) if self.isolate else make()
            used = made.pop("pieces")
            if kept is not None:
                prune_pieces(kept, used)
            self.cache.store_value("products", made)
            self.cache.keep("products", Entry(key, (), self.digests.signature(())))
        extra_files.add_data(self, files, config, made["data"])
        extra_files.add_print(self, files, config, views, made["print"])
        self.show_products(self.renderer.downloads, self.renderer.prints, self.renderer.print_pages)

    def _through_cache(self, named: list, parallel_from: int) -> list:
        """(make(), whether it was made now) of each (name, make), in order: a page whose key
        and reads are unchanged comes from the cache, the others are made (in several
        processes when many) with their reads recorded."""
        cache, digests, out, todo = self.cache, self.digests, [None] * len(named), []
        for i, (name, make) in enumerate(named):
            key = _h(self.base_digest + digest_of(make))
            entry = cache.valid(name, key, digests) if cache.enabled else None
            if entry is not None:
                try:
                    out[i] = (cache.load_value(name), False)
                    cache.keep(name, entry)
                    continue
                except Exception:  # noqa: BLE001 - a lost or damaged stored page is made again
                    pass
            todo.append((i, name, key, make))

        def made(item):
            with reading() as reads:
                value = item[3]()
            reads = ordered(reads)
            return value, reads, digests.signature(reads)

        for (i, name, key, _), (value, reads, signature) in zip(todo, parallel.map_shares(made, todo, parallel.jobs_for(self.jobs, len(todo), parallel_from))):
            out[i] = (value, True)
            cache.store_value(name, value)
            cache.keep(name, Entry(key, reads, signature))
        cache.reused += len(named) - len(todo)
        cache.rendered += len(todo)
        return out

    def _guard(self, src: str, html: str) -> None:
        """Defence in depth: validation has compared every private value with every public
        text, so a page holding one is a bug of this program, never published."""
        if self.secrets is not None and self.secrets.find(html, html_text=True):
            raise PluginError(f"页面 {src} 中出现了不公开的联系方式，已停止生成。这是程序错误，请报告。")

    def _add(self, files, config, page: Page, guard: bool = True) -> None:
        if guard:  # a page from the cache was guarded when it was made
            self._guard(page.src, page.html + page.meta.get("description", ""))
        existing = files.get_file_from_path(page.src)
        if existing is not None:
            raise PluginError(f"生成的页面 {page.src} 与 content/ 中的同名文件冲突，请改名或删除后者。")
        file = File.generated(config, page.src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        files.append(file)
        PreparedPage(page, file, config)

    def _add_contributing(self, files, config) -> None:
        """CONTRIBUTING.md of the project, shown on the site as contributing.html (linked from
        如何参与), so the guide is the same file on GitHub, on the site and in offline copies."""
        if files.get_file_from_path(urls.CONTRIBUTING) is not None:
            return
        for folder in (Path(config.config_file_path).parent, self.data_root(config), PROJECT_DIR):
            guide = folder / "CONTRIBUTING.md"
            if guide.is_symlink() and folder.resolve() not in guide.resolve().parents:
                continue  # a link out of the project is never published
            if guide.is_file():
                text = guide.read_text(encoding="utf-8")
                files.append(File.generated(config, urls.CONTRIBUTING, content=text, inclusion=InclusionLevel.NOT_IN_NAV))
                return

    def on_nav(self, nav, config, files):
        self.nav = nav
        self.nav_pages = {p.file.src_uri: p for p in nav.pages}
        return nav

    def on_page_context(self, context, page, config, nav):
        # a page outside the nav (a record, a group or pool list) lights up its section's tab
        self._lit = None
        if page.file.src_uri not in self.nav_pages:
            section = self.nav_pages.get(urls.section(page.file.src_uri))
            if section is not None and not section.active:
                section.active = True
                self._lit = section
        return context

    def on_post_page(self, output, page, config):
        if getattr(self, "_lit", None) is not None:
            self._lit.active = False
            self._lit = None
        return output

    def on_env(self, env, config, files):
        self.env, self.files = env, files
        env.globals["px_site_root"] = (urlsplit(config.site_url).path or "/") if config.site_url else "/"
        return env

    def on_page_content(self, html, page, config, files):
        # hand-written pages are searchable too; generated ones carry their own markup
        if isinstance(page, PreparedPage) or page.file.generated_by:
            return html
        self._guard(page.file.src_uri, html)
        if self.config.offline:
            html = markup.unlink_external(html)  # an offline copy links to nothing outside it
        shadow = shadow_tokens(page.title or "", html)
        return (
            f'<div data-pagefind-body>{html}<div hidden data-pagefind-ignore>'
            f'<span data-pagefind-filter="类型:说明"></span><span data-pagefind-meta="info">说明</span>'
            f'<span data-pagefind-meta="shadow">{shadow}</span></div></div>'
        )

    def on_post_build(self, config):
        site = Path(config.site_dir)
        # Pagefind's time grows with the size of each HTML file, and the theme's header,
        # navigation and scripts are five sixths of a record page. In fast mode the index is
        # built from slim copies (the same content, nothing else) at the same paths, which
        # gives the same URLs, titles, excerpts and filters in a third of the time.
        # with the build cache the slim copies stay in its folder: only changed records are
        # written again, and the copies of records that are gone are removed
        slim, keep_slim = None, self.cache.enabled
        if self.config.pagefind and self.config.record_pages == "fast":
            if keep_slim:
                self.cache.prepare()
                slim = self.cache.folder / "search"
                slim.mkdir(exist_ok=True)
            else:
                slim = Path(tempfile.mkdtemp(prefix=".peixun-search-", dir=site.parent))
        try:
            if self.config.record_pages == "fast":
                start = time.perf_counter()
                count = shells.write_records(self, config, slim)
                self.stats["record_pages"] = count
                self.stats["records"] = time.perf_counter() - start
                log.info(f"peixun：写出 {count} 个记录页（{self.stats['records']:.1f} 秒）")
            if self.config.pagefind:
                self._search(config, site, slim, keep_slim)
        finally:
            if slim is not None and not keep_slim:
                shutil.rmtree(slim, ignore_errors=True)
        self._sitemap(config, site)
        if self.config.offline and (site / "404.html").is_file():
            (site / "404.html").unlink()  # MkDocs' page for a web server: a copy opened from file:// has none
        if not self.config.offline:
            mark_site(site)  # the next build may replace this folder

    def _search(self, config, site: Path, slim: Path | None, keep_slim: bool) -> None:
        """The search index: in parts (search/shards.py) over the slim copies; a part whose
        pages have not changed is taken from the previous site."""
        if slim is None:  # the full pages, in one index (the slow mode of tests and comparisons)
            self.stats["pagefind"] = run_pagefind(site)
            return
        self._copy_searchable(config, slim)
        parts = shards.plan(slim, shards.count(sum(1 for _ in self.renderer.record_ids())))
        todo = [p for p in parts if not (keep_slim and self.cache.reuse_tree(p.name, p.key, site))]
        self.stats["pagefind_reused"] = len(parts) - len(todo)  # parts whose pages have not changed
        self.stats["pagefind_parts"], self.stats["pagefind"] = len(parts), 0.0
        if todo and self.defer_search:  # `peixun build` runs them once this process has ended (its memory freed)
            self.search_job = (slim, todo if keep_slim else [dataclasses.replace(p, key="") for p in todo], len(parts))
            return
        for part in todo:
            self.stats["pagefind"] += shards.index(part, slim, site)
            if keep_slim:
                self.cache.made_tree(part.name, part.key)
        log.info(f"peixun：Pagefind 索引完成（{len(todo)}/{len(parts)} 份，{self.stats['pagefind']:.1f} 秒）")

    def _sitemap(self, config, site: Path) -> None:
        """MkDocs' sitemap lists only the nav and needs site_url: with site_url, one listing
        every page (record pages included); without it, none (an empty one misleads)."""
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if (site / name).is_file():
                (site / name).unlink()  # written by this build (MkDocs' theme), never the user's
        if not config.site_url or self.config.offline:
            return
        import gzip
        from xml.sax.saxutils import escape as xml_escape

        base = config.site_url.rstrip("/") + "/"
        srcs = dict.fromkeys([f.src_uri for f in self.files.documentation_pages()] + self.page_srcs)
        rows = "".join(f"<url><loc>{xml_escape(base + urls.url_of(src, config.use_directory_urls))}</loc></url>\n" for src in srcs)
        text = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + rows + "</urlset>\n"
        (site / "sitemap.xml").write_text(text, encoding="utf-8")
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))

    def _copy_searchable(self, config, slim: Path) -> None:
        """Hand-written pages are few: they are indexed as MkDocs wrote them. Anything else
        in the folder (the copy of a record that is gone) is removed: it is our own folder."""
        site = Path(config.site_dir)
        wanted = {shells.record_rel(config, kind, rid) for kind, rid in self.renderer.record_ids()}
        for file in self.files.documentation_pages():
            if file.generated_by is None:
                target = slim / file.dest_uri
                target.parent.mkdir(parents=True, exist_ok=True)
                text = (site / file.dest_uri).read_bytes()
                if not target.is_file() or target.read_bytes() != text:  # unchanged copies keep their time (shards.plan)
                    target.write_bytes(text)
                wanted.add(file.dest_uri)
        for path in list(slim.rglob("*")):
            if path.is_file() and path.relative_to(slim).as_posix() not in wanted:
                path.unlink()
