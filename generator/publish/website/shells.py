"""Record pages in ``fast`` mode (the default): MkDocs renders the theme once per record kind
around placeholder tokens (a "shell"), exactly as it renders any page; every record page is
then that shell with its own title, id and content filled in. Same bytes as ``mkdocs`` mode
(a test compares them), at a fraction of the cost for tens of thousands of pages.

With the build cache (cache.py), a record page whose reads and shell are unchanged is
hard-linked from the previous site instead of rendered; its search copy is still in the
cache folder. Functions of the plugin (self), kept apart so that plugin.py stays hooks.
"""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import get_toc

from ...records import parallel
from . import urls
from .cache import Entry, _h, ordered
from .render import Page, safe_title
from .tracked import reading

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


def slim_page(title: str, content: str) -> str:
    """A record page for the indexer only: the content the full page shows, nothing else."""
    return f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title></head><body>{content}</body></html>'


def themed(self, config, page: Page) -> str:
    """One generated page through the theme, the same steps MkDocs takes for a page
    (mkdocs.commands.build._build_page), outside MkDocs' own loop."""
    file = File.generated(config, page.src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
    mk = PreparedPage(page, file, config)
    mk.read_source(config)
    mk.render(config, self.files)
    mk.active = True
    try:
        context = get_context(self.nav, self.files.documentation_pages(), config, mk)
        template = self.env.get_template(mk.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=mk, config=config, nav=self.nav)
        output = template.render(context)
        return config.plugins.on_post_page(output, page=mk, config=config)
    finally:
        mk.active = False


def shell(self, config, kind: str) -> tuple[str, str]:
    """The theme's page around placeholder title/id/content, split at the content."""
    probe = Page(urls.record(kind, SHELL_ID), SHELL_TITLE, SHELL_CONTENT, kind, {"hide": ["toc"], "description": SHELL_DESC})
    output = themed(self, config, probe)
    if output.count(SHELL_CONTENT) != 1 or output.count(SHELL_DESC) != 1:
        raise PluginError("主题模板中找不到或多次出现页面内容，无法生成记录页（请改用 record_pages: mkdocs）。")
    head, tail = output.split(SHELL_CONTENT)
    return head, tail


def record_rel(config, kind: str, rid: str) -> str:
    rel = urls.url_of(urls.record(kind, rid), config.use_directory_urls)
    return rel + "index.html" if config.use_directory_urls else rel


def write_records(self, config, slim: Path | None = None) -> int:
    """Every record page into the site (and its search copy into slim), rendered or taken
    from the previous site through the cache. Returns how many were rendered."""
    site = Path(config.site_dir).resolve()
    ids = list(self.renderer.record_ids())
    # shells need MkDocs' objects: built here, then shared by the forked workers
    shells = {kind: shell(self, config, kind) for kind in dict.fromkeys(kind for kind, _ in ids)}
    sealed = {kind: _h("".join(parts).encode("utf-8")) for kind, parts in shells.items()}
    self.shells, self.sealed = shells, sealed  # the preview writes pages with them later
    cache, digests = self.cache, self.digests
    todo = []
    for kind, rid in ids:
        rel = record_rel(config, kind, rid)
        key = record_key(self, kind, rid)
        entry = cache.valid(rel, key, digests) if cache.enabled else None
        before = cache.previous_file(rel, entry) if entry is not None else None
        if before is not None and (slim is None or (slim / rel).is_file()):
            dest = site / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.link(before, dest)
            cache.keep(rel, entry)
        else:
            todo.append((kind, rid, rel, key))
    jobs = parallel.jobs_for(self.jobs, len(todo), 2000)
    done = parallel.map_shares(lambda item: write_record(self, config, site, shells, slim, *item), todo, jobs)
    for (_, _, rel, key), (reads, signature, stat) in zip(todo, done):
        cache.keep(rel, Entry(key, reads, signature, stat))
    cache.reused += len(ids) - len(todo)
    cache.rendered += len(todo)
    return len(todo)


def record_key(self, kind: str, rid: str) -> bytes:
    return _h(self.base_digest + self.sealed[kind] + f"{kind}\x1f{rid}".encode("utf-8"))


def write_record(self, config, site: Path, shells, slim: Path | None, kind: str, rid: str, rel: str, key: bytes):
    head, tail = shells[kind]
    with reading() as reads:
        page = self.renderer.record(kind, rid)
    desc = page.meta.get("description", "")
    self._guard(page.src, page.html + desc)
    title = safe_title(page.title)
    html = head.replace(SHELL_TITLE, title).replace(SHELL_ID, rid).replace(SHELL_DESC, desc) + page.html + tail.replace(SHELL_TITLE, title).replace(SHELL_ID, rid)
    dest = site / rel
    if site not in dest.resolve().parents:  # ids are validated; this is a last guard
        raise PluginError(f"记录页路径越出了输出目录：{page.src}")
    write_text(dest, html)
    if slim is not None:  # a copy that reads the same keeps its time: its index part is kept (shards.plan)
        copy = slim_page(title, page.html).encode("utf-8", errors="xmlcharrefreplace")
        if not (slim / rel).is_file() or (slim / rel).read_bytes() != copy:
            write_text(slim / rel, copy.decode("utf-8"))
    st = dest.stat()
    reads = ordered(reads)
    return reads, self.digests.signature(reads), (st.st_size, st.st_mtime_ns)


ATOMIC = {"on": False}  # the preview replaces pages a server is reading: whole files only


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8", errors="xmlcharrefreplace")
    if not ATOMIC["on"]:
        path.write_bytes(data)  # a fresh folder: nothing reads it yet
        return
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)

