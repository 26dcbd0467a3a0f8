"""`peixun serve`: the site while it is being edited, updated within seconds of each save.

The first build is an ordinary `peixun build` (with the build cache). Then the process
keeps everything: the checked files (records.catalog.Reloader re-checks only files that
changed), each teacher's yearly standings (views memo), MkDocs' theme and the shells, and
what every page read (cache.py). After a save it works out the views again, finds the pages
whose reads changed, writes the changed records' own pages first (the browser reloads), then
every other page that depends on them, then rebuilds the search index in the background.
Open data and the print edition are not made again while previewing (peixun build does).

An invalid edit changes nothing on disk: the last good site stays served, and every page
shows the problems (file:line:col) in a banner, as the terminal does.
"""
from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

from ...records.catalog import Reloader
from ...records.problems import format_text
from ..search import shards
from ..views import build_views
from . import shells, urls
from .build import build_site, source_date
from .cache import Entry, _h, digest_of, ordered
from .tracked import reading


class Preview:
    def __init__(self, *, config_file: Path, data: Path, out: Path, year: int | None = None, progress=print):
        self.config_file, self.data, self.out, self.year = config_file, data, out, year
        self.progress = progress
        self.reloader = Reloader(data)
        self.public_memo: dict = {}
        self.views_memo: dict = {}
        self.version = 0  # bumped whenever pages on disk changed: the browser reloads
        self.error = ""  # the problems of the data as it is now ("" when valid)
        self.search = ""  # what the search index lacks, while it is rebuilt
        self.lock = threading.Lock()
        self._search_thread: threading.Thread | None = None
        self._search_again = False
        self._indexed: dict[str, str] = {}  # index part -> the key it was made from
        self.saved = threading.Event()  # set by the watcher on every save: long updates give way
        self.pending: set = set()  # pages an interrupted update left to do
        self.busy = False

    # -- the first build ----------------------------------------------------------------
    def start(self) -> bool:
        """Build the site; False when the data is invalid (the error is kept to show)."""
        result = self.reloader.load()
        if not result.ok:
            self._invalid(result)
            return False
        report = build_site(config_file=self.config_file, data=self.data, out=self.out, year=self.year, loaded=result, progress=self.progress)
        self.plugin, self.config = report.plugin, report.config
        self.config["site_dir"] = str(self.out)
        self.site = Path(self.out).resolve()
        self.entries = dict(self.plugin.cache.new)  # what each page on disk read
        self._indexed = {m.stem: m.read_text(encoding="utf-8") for m in self.plugin.cache.folder.glob("*.key")}  # index parts as built
        self.plugin.cache.enabled = False  # the preview changes pages in place: no manifest, no stored values
        self.edition = self.plugin.config.edition
        self.readers = _readers(self.entries)
        # the memos of unchanged records and standings, filled now so that the first save is quick too
        plugin = self.plugin
        build_views(result.catalog.public(self.public_memo), self.edition, plugin.config.rules(), plugin.config.scope,
                    plugin.config.plan_targets() if plugin.config.reports else None, memo=self.views_memo)
        self.version = 1
        shells.ATOMIC["on"] = True
        return True

    def _invalid(self, result) -> None:
        self.error = format_text(result.problems, result.files).rstrip()
        self.version += 1
        self.progress("记录校验未通过，预览仍显示上一次有效的内容：\n" + self.error)

    # -- after a save ----------------------------------------------------------------------
    def update(self) -> dict:
        """Bring the site up to date with the data; returns what it did and how long it took."""
        started = time.perf_counter()
        before = {path: r for path, (_, r, _) in self.reloader.known.items()}
        result = self.reloader.load()
        if not result.ok:
            self._invalid(result)
            return {"ok": False}
        if not hasattr(self, "plugin"):  # the data was invalid at start: build now
            self.error = ""
            self.start()
            return {"ok": True, "first": True}
        self.error = ""
        edited = [(r.kind.name, r.facts.id) for path, (_, r, _) in self.reloader.known.items() if before.get(path) is not r and r.facts is not None]
        plugin, config = self.plugin, self.config
        with source_date(self.edition):
            old = plugin.renderer, plugin.digests
            views = build_views(result.catalog.public(self.public_memo), self.edition, plugin.config.rules(), plugin.config.scope, plugin.config.plan_targets() if plugin.config.reports else None, memo=self.views_memo)
            _prune(self.views_memo, views)
            current = {id(r) for recs in result.catalog.records.values() for r in recs.values()}
            for key in [k for k in self.public_memo if k not in current]:
                del self.public_memo[key]
            plugin.catalog, plugin.secrets = result.catalog, result.secrets
            plugin.start_render(config, views)
            plugin.show_products(_plain(old[0].downloads), old[0].prints, old[0].print_pages)
            plugin.digests.carry(old[1])
            # the saved records' own pages first: what the person is looking at
            ids = set(plugin.renderer.record_ids())
            first = [(k, r) for k, r in edited if (k, r) in ids]
            self._records(first, first=True)
            if first:
                self.version += 1
            visible = time.perf_counter() - started
            records, pages = self._dirty()
            records = [kr for kr in records if kr not in set(first)]
            if not first and not records and not pages and set(self.entries) <= self.wanted | {"products"}:
                return {"ok": True, "visible": 0.0, "total": time.perf_counter() - started, "records": 0, "pages": 0}
            self.progress(f"预览：已更新 {len(first)} 个修改过的记录页（{visible:.1f} 秒）")
            # the rest, unless another save arrives: then what is left waits for the next update
            done = self._records(records) and self._pages(pages)
            self._remove()
            self.version += 1
            plugin.digests.previous = None  # the earlier views can go
        total = time.perf_counter() - started
        if not done:
            self.progress(f"预览：又有记录保存，其余 {len(self.pending)} 个页面留到下一次更新。")
            return {"ok": True, "visible": visible, "total": total, "records": len(records), "pages": len(pages)}
        self.progress(f"预览：另有 {len(records)} 个记录页、{len(pages)} 个列表页和数据文件随之更新（共 {total:.1f} 秒）；检索索引在后台重建。")
        self._reindex()
        return {"ok": True, "visible": visible, "total": total, "records": len(records), "pages": len(pages)}

    def _dirty(self):
        """Record pages and other pages (makers) to make again: new ones, those whose key
        changed, and those whose reads found something else."""
        plugin, digests = self.plugin, self.plugin.digests
        changed = set()
        for read in self.readers:
            if digests.changed(read):
                changed.update(self.readers[read])
        records, pages = [], []
        self.wanted = set()
        for kind, rid in plugin.renderer.record_ids():
            rel = shells.record_rel(self.config, kind, rid)
            self.wanted.add(rel)
            entry = self.entries.get(rel)
            if entry is None or rel in changed or rel in self.pending or entry.key != shells.record_key(plugin, kind, rid):
                records.append((kind, rid))
        for src, make in [*plugin.renderer.page_makers(), *plugin.renderer.data_makers()]:
            self.wanted.add(src)
            entry = self.entries.get(src)
            key = _h(plugin.base_digest + digest_of(make))
            if entry is None or src in changed or src in self.pending or entry.key != key:
                pages.append((src, key, make))
        return records, pages

    def _records(self, ids, first: bool = False) -> bool:
        """Write these record pages; False when a new save stopped it (the rest is pending)."""
        plugin, config = self.plugin, self.config
        slim = plugin.cache.folder / "search" if plugin.config.pagefind else None
        for n, (kind, rid) in enumerate(ids):
            rel = shells.record_rel(config, kind, rid)
            if not first and self.saved.is_set():
                self.pending.update(shells.record_rel(config, k, r) for k, r in ids[n:])
                return False
            self.pending.discard(rel)
            key = shells.record_key(plugin, kind, rid)
            reads, signature, stat = shells.write_record(plugin, config, self.site, plugin.shells, slim, kind, rid, rel, key)
            self._keep(rel, Entry(key, reads, signature, stat))
        return True

    def _pages(self, pages) -> bool:
        plugin, config = self.plugin, self.config
        for n, (src, key, make) in enumerate(pages):
            if self.saved.is_set():
                self.pending.update(p[0] for p in pages[n:])
                return False
            self.pending.discard(src)
            with reading() as reads:
                value = make()
            reads = ordered(reads)
            if isinstance(value, tuple):  # a data script: (path, text)
                plugin._guard(src, value[1])
                shells.write_text(self.site / value[0], value[1])
            else:
                plugin._guard(value.src, value.html)
                rel = urls.url_of(value.src, config.use_directory_urls) + ("index.html" if config.use_directory_urls else "")
                shells.write_text(self.site / rel, shells.themed(plugin, config, value))
            self._keep(src, Entry(key, reads, plugin.digests.signature(reads)))
        return True

    def _keep(self, name: str, entry: Entry) -> None:
        old = self.entries.get(name)
        for read in old.reads if old is not None else ():
            self.readers.get(read, set()).discard(name)
        for read in entry.reads:
            self.readers.setdefault(read, set()).add(name)
        self.entries[name] = entry

    def _remove(self) -> None:
        """The pages of records (or lists) that are gone."""
        for name in [n for n in self.entries if n not in self.wanted and n != "products"]:
            self._keep(name, Entry(b"", (), b""))
            del self.entries[name]
            path = self.site / (name if name.endswith((".html", ".js")) else urls.url_of(name, self.config.use_directory_urls))
            if path.is_file() and self.site in path.resolve().parents:
                path.unlink()
            slim = self.plugin.cache.folder / "search" / name
            if slim.is_file():
                slim.unlink()

    # -- search, in the background -------------------------------------------------------------
    def _reindex(self) -> None:
        if not self.plugin.config.pagefind:
            return
        with self.lock:
            if self._search_thread is not None and self._search_thread.is_alive():
                self._search_again = True
                return
            self.search = "搜索结果暂未包含最近的修改：检索索引正在后台重建。"
            self._search_thread = threading.Thread(target=self._index, daemon=True)
            self._search_thread.start()

    def _index(self) -> None:
        while True:
            slim = self.plugin.cache.folder / "search"
            fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=self.site))
            try:
                parts = shards.plan(slim, shards.count(sum(1 for _ in self.plugin.renderer.record_ids())))
                # only the parts whose pages changed since this server last indexed them
                parts = [p for p in parts if self._indexed.get(p.name) != p.key or not (self.site / p.name).is_dir()]
                for part in parts:
                    shards.index(part, slim, self.site, output=fresh / part.name, background=True)
                aside = Path(tempfile.mkdtemp(prefix=".pagefind-old-", dir=self.site))
                for part in parts:
                    self._indexed[part.name] = part.key
                    old = self.site / part.name
                    if old.exists():
                        old.rename(aside / part.name)
                    (fresh / part.name).rename(old)
                shutil.rmtree(aside, ignore_errors=True)
            except Exception as exc:  # noqa: BLE001 - the preview goes on without fresh search
                self.progress(f"预览：检索索引没有重建（{exc}）")
            finally:
                shutil.rmtree(fresh, ignore_errors=True)
            with self.lock:
                if not self._search_again:
                    self.search = ""
                    self.version += 1
                    return
                self._search_again = False


def _readers(entries: dict) -> dict:
    """(space, key) -> the pages that read it."""
    out: dict = {}
    for name, entry in entries.items():
        for read in entry.reads:
            out.setdefault(read, set()).add(name)
    return out


def _plain(value):
    return getattr(value, "_obj", value)


def _prune(memo: dict, views) -> None:
    """Forget the standings of teachers that are gone (the memo would only grow)."""
    teachers = views.catalog.teachers
    for key in [k for k in memo if (k if isinstance(k, str) else k[0]) not in teachers]:
        del memo[key]



# -- the server ---------------------------------------------------------------------------------
BANNER = (
    '<div id="px-preview" role="status" style="position:fixed;inset:auto 0 0 0;z-index:100;max-height:45vh;overflow:auto;'
    "margin:0;padding:.8em 1em;font:14px/1.5 system-ui,sans-serif;white-space:pre-wrap;background:{bg};color:#fff\">{text}</div>"
)
RELOAD = (
    "<script>(function(){{var v={version};function t(){{fetch('/__peixun__/status',{{cache:'no-store'}})"
    ".then(function(r){{return r.json()}}).then(function(s){{if(s.version!==v){{location.reload();return}}setTimeout(t,800)}})"
    ".catch(function(){{setTimeout(t,2000)}})}}setTimeout(t,800)}})();</script>"
)


def decorate(html: str, preview: Preview) -> str:
    """A served page with the preview's notices (problems first) and its reload script."""
    from html import escape

    parts = []
    if preview.error:
        parts.append(BANNER.format(bg="#b3261e", text=escape("记录有问题，预览显示的是上一次有效的内容：\n" + preview.error)))
    elif preview.search:
        parts.append(BANNER.format(bg="#4a4a4a", text=escape(preview.search)))
    parts.append(RELOAD.format(version=preview.version))
    tail = "".join(parts)
    at = html.rfind("</body>")
    return html[:at] + tail + html[at:] if at >= 0 else html + tail


def _handler(preview: Preview):
    """The request handler: the site's files, pages with the preview's notices, its status."""
    import json
    from http.server import SimpleHTTPRequestHandler

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # the terminal is for the records' problems
            pass

        def do_GET(self) -> None:
            if self.path.startswith("/__peixun__/status"):
                self._send(json.dumps({"version": preview.version, "error": preview.error, "search": preview.search, "busy": preview.busy}, ensure_ascii=False).encode("utf-8"), "application/json")
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                self._send(decorate(path.read_text(encoding="utf-8"), preview).encode("utf-8"), "text/html; charset=utf-8")
            elif not path.exists() and preview.error and not hasattr(preview, "plugin"):
                self._send(decorate("<!doctype html><meta charset=utf-8><title>预览</title><body></body>", preview).encode("utf-8"), "text/html; charset=utf-8")
            else:
                super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(preview: Preview, host: str, port: int, ready=None) -> None:
    """Serve the site and watch the records until interrupted (or until ready(server)
    returns, for tests that stop the server themselves)."""
    from functools import partial
    from http.server import ThreadingHTTPServer

    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    changed = threading.Event()

    class Watch(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if not event.is_directory or event.event_type in ("moved", "deleted", "created"):
                changed.set()
                preview.saved.set()

    def updates() -> None:
        while True:
            changed.wait()
            time.sleep(0.1)  # an editor's save is often several events
            changed.clear()
            preview.saved.clear()
            preview.busy = True
            try:
                preview.update()
            except Exception as exc:  # noqa: BLE001 - the preview keeps serving the last good site
                preview.progress(f"预览更新失败（{type(exc).__name__}: {exc}），请报告这个问题；仍显示上一次的内容。")
            finally:
                preview.busy = changed.is_set()

    Path(preview.out).mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer((host, port), partial(_handler(preview), directory=str(preview.out)))
    observer = Observer()
    for folder in ("catalog", "teachers"):
        if (preview.data / folder).is_dir():
            observer.schedule(Watch(), str(preview.data / folder), recursive=True)
    observer.start()
    threading.Thread(target=updates, daemon=True).start()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        if ready is not None:
            ready(server)
        else:
            threading.Event().wait()
    finally:
        server.shutdown()
        observer.stop()
