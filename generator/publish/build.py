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

from ..records.catalog import Result, load_catalog
from .outputs import check_site_folder, mark_site


class BuildFailed(Exception):
    """A step failed; the message says which, in Chinese. The old output is untouched."""


@dataclass
class BuildReport:
    out: Path
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


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
    progress=print,
) -> BuildReport:
    started = time.perf_counter()
    config = load_config(config_file=str(config_file))
    plugin = config.plugins.get("peixun")
    if plugin is None:
        raise BuildFailed(f"{config_file} 的 plugins 中没有 peixun 插件。")
    root = data or (Path(plugin.config.data_root) if plugin.config.data_root else config_file.parent)
    out = check_site_folder(Path(out or config.site_dir), **protected_places(config_file, config, root))
    edition = year or plugin.config.edition
    report = BuildReport(out)

    # 1. records
    t = time.perf_counter()
    result: Result = load_catalog(root)
    report.seconds["validate"] = time.perf_counter() - t
    if not result.ok:
        from ..records.problems import format_text

        raise BuildFailed("记录校验未通过，网站没有生成（原有的输出目录保持不变）：\n" + format_text(result.problems, result.files).rstrip())
    records = len(result.catalog)
    progress(f"[1/4] 校验记录：{records} 条，没有问题（{report.seconds['validate']:.1f} 秒）")

    # 2-3. pages and search index, into a fresh folder beside the output
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    building = work / "site"
    config["site_dir"] = str(building)
    plugin.catalog, plugin.secrets = result.catalog, result.secrets
    plugin.jobs = 0  # record pages on every CPU
    plugin.config["data_root"] = str(root)
    plugin.config["edition"] = edition
    if record_pages:
        plugin.config["record_pages"] = record_pages
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)  # our own progress lines instead of MkDocs' INFO
    t = time.perf_counter()
    try:
        with source_date(edition):
            mkdocs_build(config)
    except BaseException as exc:  # noqa: BLE001 - any failure leaves the old site alone
        shutil.rmtree(work, ignore_errors=True)
        raise BuildFailed(f"生成网站失败（原有的输出目录保持不变）：{exc}") from exc
    finally:
        mkdocs_log.setLevel(level)
    stats = plugin.stats
    report.seconds["pagefind"] = stats.get("pagefind", 0.0)
    report.seconds["pages"] = time.perf_counter() - t - report.seconds["pagefind"]
    report.seconds["render"] = stats.get("views", 0.0) + stats.get("records", 0.0)
    report.seconds["mkdocs"] = report.seconds["pages"] - report.seconds["render"]
    report.counts = {"records": records, "record_pages": int(stats.get("record_pages", records)), "listing_pages": int(stats["listing_pages"])}
    progress(
        f"[2/4] 生成页面：{report.counts['listing_pages']} 个列表页，{records} 个记录页（{report.seconds['pages']:.1f} 秒："
        f"渲染记录与列表 {report.seconds['render']:.1f} 秒，MkDocs {report.seconds['mkdocs']:.1f} 秒）"
    )
    if plugin.config.pagefind:
        progress(f"[3/4] Pagefind 中文索引（{report.seconds['pagefind']:.1f} 秒）")
    else:
        progress("[3/4] Pagefind：按配置跳过")

    # 4. checks, then swap
    t = time.perf_counter()
    try:
        _check(building, plugin)
        mark_site(building)
        check_site_folder(out, **protected_places(config_file, config, root))  # still ours after the build
        _swap(building, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report.seconds["check"] = time.perf_counter() - t
    report.seconds["total"] = time.perf_counter() - started
    progress(f"[4/4] 检查输出并替换 {out}（{report.seconds['check']:.1f} 秒）")
    progress(f"完成：共 {report.seconds['total']:.1f} 秒。")
    return report


def _check(site: Path, plugin) -> None:
    """Every generated page is on disk, and the search bundle exists."""
    from .urls import url_of

    directory_urls = plugin.renderer.directory_urls
    missing = []
    for src in plugin.page_srcs:
        url = url_of(src, directory_urls)
        path = site / url / "index.html" if directory_urls else site / url
        if not path.is_file():
            missing.append(src)
    if missing:
        raise BuildFailed(f"输出检查失败：{len(missing)} 个页面没有生成，例如 {missing[:3]}。")
    if plugin.config.pagefind and not (site / "pagefind" / "pagefind.js").is_file():
        raise BuildFailed("输出检查失败：没有找到 Pagefind 检索文件 pagefind/pagefind.js。")
