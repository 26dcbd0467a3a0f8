"""The MkDocs plugin (stage 5). It loads the records, hands listing pages to MkDocs, and
writes record pages, then runs Pagefind.

Record pages never enter the nav (a nav listing every record makes MkDocs quadratic).
They are written in one of two ways (option ``record_pages``):

- ``fast`` (default): MkDocs renders the theme once per record kind around placeholder
  tokens (a "shell"), exactly as it renders any page; every record page is then that shell
  with its own title, id and content filled in. Same bytes as ``mkdocs`` mode (a test
  compares them), at a fraction of the cost for tens of thousands of pages.
- ``mkdocs``: every record page is an ordinary MkDocs page (needed when another plugin,
  such as the offline search index, must see each page).
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import get_toc

from ...records import markup
from ...records import parallel
from ...records import vocab as V
from ...records.catalog import Catalog, RecordsInvalid, load_or_fail
from ...records.secrets import Secrets
from ..outputs import Refused, check_site_folder, mark_site
from ..search import THEME as SEARCH_THEME
from ..search.pagefind import run_pagefind
from ..search.shadow import shadow_tokens
from ..settings import PeixunConfig
from ..views import build_views
from . import files as extra_files
from . import urls
from .render import Page, Renderer, safe_title


def build_date() -> str:
    """The date a build states: SOURCE_DATE_EPOCH when set (builds set it from the edition),
    so two builds of the same data say the same."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return "未记录"
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y 年 %m 月 %d 日")


def slim_page(title: str, content: str) -> str:
    """A record page for the indexer only: the content the full page shows, nothing else."""
    return f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title></head><body>{content}</body></html>'


log = logging.getLogger("mkdocs.plugins.peixun")
THEME_DIR = Path(__file__).parent / "theme"  # Material overrides: page frame, header, styles, listings
PROJECT_DIR = Path(__file__).parents[3]  # a source checkout: where CONTRIBUTING.md lives
SHELL_ID = "peixun-shell-id"  # a valid record id no real record should use
SHELL_TITLE = "PEIXUNSHELLTITLE"
# the probe content contains "<h1" like every record page, so the theme adds no title of its own
SHELL_CONTENT = "<!--PEIXUNSHELLCONTENT <h1> -->"
SHELL_DESC = "PEIXUNSHELLDESCRIPTION"  # the record's meta description goes here


class PreparedPage(MkPage):
    """A page whose HTML is ready: MkDocs skips reading and converting Markdown for it."""

    def __init__(self, page: Page, file: File, config):
        super().__init__(safe_title(page.title), file, config)
        self._prepared = page

    def read_source(self, config) -> None:
        self.markdown = ""
        self.meta = dict(self._prepared.meta)

    def render(self, config, files) -> None:
        self.content = self._prepared.html
        self.toc = get_toc([])


class PeixunPlugin(BasePlugin[PeixunConfig]):
    supports_multiple_instances = False

    def __init__(self):
        super().__init__()
        self.catalog: Catalog | None = None  # `peixun build` hands over a loaded catalog
        self.secrets: Secrets | None = None  # and the private values to guard pages against
        self.stats: dict[str, float | int] = {}
        self.page_srcs: list[str] = []  # every page this plugin produced, for checks
        self.jobs = 1  # processes for record pages; `mkdocs build` and `peixun build` use all CPUs
        self.command = "build"  # peixun build and offline load the config without on_startup

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
        info = {"build_date": build_date(), "archive_name": self.config.archive_name}
        self.renderer = Renderer(views, directory_urls=config.use_directory_urls, offline=self.config.offline, edition_info=info, reports=self.config.reports)
        extra_files.add_data(self, files, config, views)
        extra_files.add_print(self, files, config, views)
        makers = list(self.renderer.page_makers())
        pages = parallel.map_shares(lambda make: make(), makers, parallel.jobs_for(self.jobs, len(makers), 300))
        self.page_srcs = []
        for page in pages:
            self._add(files, config, page)
            self.page_srcs.append(page.src)
        generated = len(pages)
        makers = list(self.renderer.data_makers())
        for src, text in parallel.map_shares(lambda make: make(), makers, parallel.jobs_for(self.jobs, len(makers), 100)):
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

    def _guard(self, src: str, html: str) -> None:
        """Defence in depth: validation has compared every private value with every public
        text, so a page holding one is a bug of this program, never published."""
        if self.secrets is not None and self.secrets.find(html, html_text=True):
            raise PluginError(f"页面 {src} 中出现了不公开的联系方式，已停止生成。这是程序错误，请报告。")

    def _add(self, files, config, page: Page) -> None:
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
        slim = None
        if self.config.pagefind and self.config.record_pages == "fast":
            slim = Path(tempfile.mkdtemp(prefix=".peixun-search-", dir=site.parent))
        try:
            if self.config.record_pages == "fast":
                start = time.perf_counter()
                count = self._write_records(config, slim)
                self.stats["record_pages"] = count
                self.stats["records"] = time.perf_counter() - start
                log.info(f"peixun：写出 {count} 个记录页（{self.stats['records']:.1f} 秒）")
            if self.config.pagefind:
                if slim is not None:
                    self._copy_searchable(config, slim)
                self.stats["pagefind"] = run_pagefind(site, source=slim)
                log.info(f"peixun：Pagefind 索引完成（{self.stats['pagefind']:.1f} 秒）")
        finally:
            if slim is not None:
                shutil.rmtree(slim, ignore_errors=True)
        self._sitemap(config, site)
        if self.config.offline and (site / "404.html").is_file():
            (site / "404.html").unlink()  # MkDocs' page for a web server: a copy opened from file:// has none
        if not self.config.offline:
            mark_site(site)  # the next build may replace this folder

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
        """Hand-written pages are few: they are indexed as MkDocs wrote them."""
        site = Path(config.site_dir)
        for file in self.files.documentation_pages():
            if file.generated_by is None:
                target = slim / file.dest_uri
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(site / file.dest_uri, target)

    # -- fast record pages -------------------------------------------------------------
    def _shell(self, config, kind: str) -> tuple[str, str]:
        """The theme's page around placeholder title/id/content, split at the content."""
        probe = Page(urls.record(kind, SHELL_ID), SHELL_TITLE, SHELL_CONTENT, kind, {"hide": ["toc"], "description": SHELL_DESC})
        file = File.generated(config, probe.src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        page = PreparedPage(probe, file, config)
        page.read_source(config)
        page.render(config, self.files)
        # the same steps MkDocs takes for a page (mkdocs.commands.build._build_page)
        page.active = True
        try:
            context = get_context(self.nav, self.files.documentation_pages(), config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=self.nav)
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
        if output.count(SHELL_CONTENT) != 1 or output.count(SHELL_DESC) != 1:
            raise PluginError("主题模板中找不到或多次出现页面内容，无法生成记录页（请改用 record_pages: mkdocs）。")
        head, tail = output.split(SHELL_CONTENT)
        return head, tail

    def _write_records(self, config, slim: Path | None = None) -> int:
        site = Path(config.site_dir).resolve()
        ids = list(self.renderer.record_ids())
        # shells need MkDocs' objects: built here, then shared by the forked workers
        shells = {kind: self._shell(config, kind) for kind in dict.fromkeys(kind for kind, _ in ids)}
        jobs = parallel.jobs_for(self.jobs, len(ids), 2000)
        parallel.map_shares(lambda item: self._write_record(config, site, shells, slim, *item), ids, jobs)
        return len(ids)

    def _write_record(self, config, site: Path, shells, slim: Path | None, kind: str, rid: str) -> None:
        head, tail = shells[kind]
        page = self.renderer.record(kind, rid)
        desc = page.meta.get("description", "")
        self._guard(page.src, page.html + desc)
        title = safe_title(page.title)
        html = head.replace(SHELL_TITLE, title).replace(SHELL_ID, rid).replace(SHELL_DESC, desc) + page.html + tail.replace(SHELL_TITLE, title).replace(SHELL_ID, rid)
        rel = urls.url_of(page.src, config.use_directory_urls)
        if config.use_directory_urls:
            rel += "index.html"
        dest = site / rel
        if site not in dest.resolve().parents:  # ids are validated; this is a last guard
            raise PluginError(f"记录页路径越出了输出目录：{page.src}")
        _write(dest, html)
        if slim is not None:
            _write(slim / rel, slim_page(title, page.html))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", errors="xmlcharrefreplace"))
