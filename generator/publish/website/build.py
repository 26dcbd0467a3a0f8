"""`peixun build`: validate -> MkDocs (with the peixun plugin) -> Pagefind -> checks, into a
temporary folder that replaces the output folder only when every step succeeded.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from ...records import parallel
from ...records.catalog import RecordsInvalid, load_or_fail
from ..outputs import check_site_folder, mark_site
from ..search import shards
from .cache import BuildCache
from .urls import url_of


class BuildFailed(Exception):
    """A step failed; the message says which, in Chinese. The old output is untouched."""


@dataclass
class BuildReport:
    out: Path
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    plugin: object = None  # the plugin and MkDocs config of the build (the preview keeps them)
    config: object = None


def _epoch_for(year: int) -> str:
    # builds of the same data and edition carry the same date (sitemap), not the clock
    return str(int(datetime(year, 12, 31, tzinfo=timezone.utc).timestamp()))


@contextmanager
def source_date(edition: int):
    """SOURCE_DATE_EPOCH for one build: the caller's if set, else the edition's last day;
    restored afterwards so that the next build in the same process gets its own."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if not before:
        os.environ["SOURCE_DATE_EPOCH"] = _epoch_for(edition)
    try:
        yield int(os.environ["SOURCE_DATE_EPOCH"])
    finally:
        if not before:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _swap(new: Path, out: Path) -> None:
    """Put new in place of out with two renames; out is never half-written. out is absent,
    empty or a site peixun built (outputs.check_site_folder said so before the build)."""
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent)) / "site"
    if out.exists():
        out.rename(old)
    try:
        new.rename(out)
    except OSError:
        if old.exists():
            old.rename(out)  # put the previous site back
        raise
    finally:
        shutil.rmtree(old.parent, ignore_errors=True)  # our own temporary folder only


def protected_places(config_file: Path, config, data: Path) -> dict:
    """What no output folder may be or contain (see outputs.check_place)."""
    return {"data": data, "config": Path(config_file), "project": Path(config_file).resolve().parent, "docs": Path(config.docs_dir)}


def build_site(
    *,
    config_file: Path,
    data: Path | None = None,
    out: Path | None = None,
    year: int | None = None,
    record_pages: str | None = None,
    fresh: bool = False, loaded=None, isolate: bool = False, progress=print,
) -> BuildReport:
    """fresh: build every page again without the cache (and start a new cache). loaded: the
    records already loaded and valid (the preview's Reloader result). isolate (the command):
    records and pages in a forked child, ended before Pagefind runs; not for a process that
    may already run native thread pools (a fork copies none of their threads: Typst waits forever)."""
    started = time.perf_counter()
    config = load_config(config_file=str(config_file))
    plugin = config.plugins.get("peixun")
    if plugin is None:
        raise BuildFailed(f"{config_file} 的 plugins 中没有 peixun 插件。")
    plugin.reset()
    root = data or (Path(plugin.config.data_root) if plugin.config.data_root else config_file.parent)
    places = protected_places(config_file, config, root)
    out = check_site_folder(Path(out or config.site_dir), **places)
    edition = year or plugin.config.edition
    report = BuildReport(out)

    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    building = work / "site"
    config["site_dir"] = str(building)
    plugin.config.update({"data_root": str(root), "edition": edition, **({"record_pages": record_pages} if record_pages else {})})
    try:
        # 1-2. records and pages: for `peixun build` in a child process that has ended, with
        # all its memory, before the search index is built; the preview keeps them here
        def pages() -> dict:
            return _pages(plugin, config, root, out, fresh, edition, loaded, report, progress, isolate)

        isolate = isolate and loaded is None
        made = _in_child(pages) if isolate else pages()
        report.seconds.update(made["seconds"])
        report.counts.update(made["counts"])
        cache = BuildCache(out, enabled=True, fresh=True)
        cache.new, cache.trees = made["entries"], made["trees"]

        _search(made["search"], building, cache, report, progress)  # 3. search index

        # 4. checks, then swap
        t = time.perf_counter()
        _check(building, made["page_srcs"], made["directory_urls"], plugin.config.pagefind)
        mark_site(building)
        check_site_folder(out, **places)  # still ours after the build
        _swap(building, out)
        cache.save()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report.seconds["check"] = time.perf_counter() - t
    report.seconds["total"] = time.perf_counter() - started
    progress(f"[4/4] 检查输出并替换 {out}（{report.seconds['check']:.1f} 秒）")
    progress(f"完成：共 {report.seconds['total']:.1f} 秒。")
    report.plugin, report.config = plugin, config
    return report


def _search(job, building: Path, cache: BuildCache, report: BuildReport, progress) -> None:
    """Stage 3, when the pages' process left it to do: Pagefind over the search copies, the
    index parts whose pages changed, one after another (search/shards.py)."""
    if job is None:
        return
    slim, todo, total = job
    report.seconds["pagefind"] = 0.0
    for part in todo:
        report.seconds["pagefind"] += shards.index(part, slim, building)
        if part.key:
            cache.made_tree(part.name, part.key)
    progress(f"[3/4] Pagefind 中文索引：{_parts(len(todo), total)}（{report.seconds['pagefind']:.1f} 秒）")


def _parts(made: int, total: int) -> str:
    if not made:
        return "检索的页面都没有变化，沿用上次的索引"
    if total == 1:
        return "重建"
    kept = f"，其余 {total - made} 份的页面没有变化，沿用上次的" if made < total else ""
    return f"共 {total} 份，重建 {made} 份{kept}"


def _pages(plugin, config, root: Path, out: Path, fresh: bool, edition: int, loaded, report: BuildReport, progress, isolate: bool = False) -> dict:
    """Stages 1 and 2: the records, then MkDocs with the plugin (every page, the open data,
    the print edition). Returns what the rest of the build needs, small enough to send."""
    t = time.perf_counter()
    try:
        result = loaded or load_or_fail(root, "网站没有生成（原有的输出目录保持不变）")
    except RecordsInvalid as exc:
        raise BuildFailed(str(exc)) from None
    report.seconds["validate"] = time.perf_counter() - t
    progress(f"[1/4] 校验记录：{len(result.catalog)} 条，没有问题（{report.seconds['validate']:.1f} 秒）")
    plugin.catalog, plugin.secrets, plugin.jobs = result.catalog, result.secrets, 0  # record pages on every CPU
    plugin.isolate = isolate
    plugin.cache = _cache(out, fresh)
    plugin.defer_search = True
    t = time.perf_counter()
    run_mkdocs(config, edition, "生成网站失败（原有的输出目录保持不变）")
    _pages_done(report, plugin, time.perf_counter() - t, len(result.catalog), progress)
    return {
        "seconds": report.seconds, "counts": report.counts, "entries": plugin.cache.new, "trees": plugin.cache.trees,
        "search": plugin.search_job, "page_srcs": plugin.page_srcs, "directory_urls": plugin.renderer.directory_urls,
    }


def _in_child(work) -> dict:
    """work() in a forked process; its result, or its failure as BuildFailed."""
    try:
        return parallel.in_child(work)
    except BuildFailed:
        raise
    except parallel.ChildDied as exc:
        raise BuildFailed(f"生成网站的进程意外结束（退出码 {exc.code}；可能是内存不足），原有的输出目录保持不变。") from None
    except Exception as exc:  # noqa: BLE001 - reported in Chinese with the cause
        trace = getattr(exc, "child_traceback", "")
        raise BuildFailed(f"生成网站失败（原有的输出目录保持不变）：{type(exc).__name__}: {exc}\n{trace}") from None


def _cache(out: Path, fresh: bool) -> BuildCache:
    cache = BuildCache(out, enabled=True, fresh=fresh)
    try:
        cache.prepare()
    except FileExistsError as exc:
        raise BuildFailed(str(exc)) from None
    return cache


def run_mkdocs(config, edition: int, failed: str) -> None:
    """MkDocs' build with our progress lines instead of its INFO ones; any failure becomes
    BuildFailed, starting with `failed` (what was not done)."""
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)
    try:
        with source_date(edition):
            mkdocs_build(config)
    except BaseException as exc:  # noqa: BLE001 - reported in Chinese with the cause
        raise BuildFailed(f"{failed}：{exc}") from exc
    finally:
        mkdocs_log.setLevel(level)


def _pages_done(report: BuildReport, plugin, seconds: float, records: int, progress) -> None:
    """Stages 2 and 3 as the plugin timed them."""
    stats = plugin.stats
    report.seconds["pagefind"] = stats.get("pagefind", 0.0)
    report.seconds["pages"] = seconds - report.seconds["pagefind"]
    report.seconds["render"] = stats.get("views", 0.0) + stats.get("records", 0.0)
    report.seconds["mkdocs"] = report.seconds["pages"] - report.seconds["render"]
    cache = plugin.cache
    report.counts = {"records": records, "record_pages": records, "listing_pages": int(stats["listing_pages"]), "rendered": cache.rendered, "reused": cache.reused}
    reused = f"；沿用上次生成的 {cache.reused} 个，重新生成 {cache.rendered} 个" if cache.reused else ""
    progress(
        f"[2/4] 生成页面：{report.counts['listing_pages']} 个列表页，{records} 个记录页（{report.seconds['pages']:.1f} 秒："
        f"渲染记录与列表 {report.seconds['render']:.1f} 秒，MkDocs {report.seconds['mkdocs']:.1f} 秒{reused}）"
    )
    if not plugin.config.pagefind:
        progress("[3/4] Pagefind：按配置跳过")
    elif plugin.search_job is not None:
        pass  # run and reported once the pages' process has ended (build_site)
    else:
        total = int(stats.get("pagefind_parts", 1))
        progress(f"[3/4] Pagefind 中文索引：{_parts(total - int(stats.get('pagefind_reused', 0)), total)}（{report.seconds['pagefind']:.1f} 秒）")


def _check(site: Path, page_srcs: list, directory_urls: bool, pagefind: bool) -> None:
    """Every generated page is on disk, and the search bundle exists."""
    missing = []
    for src in page_srcs:
        url = url_of(src, directory_urls)
        path = site / url / "index.html" if directory_urls else site / url
        if not path.is_file():
            missing.append(src)
    if missing:
        raise BuildFailed(f"输出检查失败：{len(missing)} 个页面没有生成，例如 {missing[:3]}。")
    if pagefind and not (site / "pagefind" / "pagefind.js").is_file():
        raise BuildFailed("输出检查失败：没有找到 Pagefind 检索文件 pagefind/pagefind.js。")
    for name in shards.folders(site)[1:]:
        if not (site / name / "pagefind-entry.json").is_file():
            raise BuildFailed(f"输出检查失败：检索索引的 {name} 部分不完整（没有 pagefind-entry.json）。")
