"""`peixun offline`: the catalog as one zip that works from file:// with no network.

The site is built with MkDocs as usual, but with Material's own search (lunr, Chinese
segmented with jieba at build time) and its offline plugin instead of Pagefind, which
cannot run from file:// (search/lunr.py). The result is checked (no reference to another
host, no contact data: checks.py) and zipped with fixed dates and order, so the same data
gives the same bytes and the same checksum (archive.py).
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.config import load_config

from ...records import vocab as V
from ...records.catalog import RecordsInvalid, load_or_fail
from ..outputs import check_files, record_files
from ..search import lunr
from ..settings import read_settings
from ..website.build import BuildFailed, protected_places, run_mkdocs, source_date
from .archive import is_copy, write_zip
from .checks import foreign_references, leaks

# Material's bundle can load two scripts from a CDN: mermaid (only for diagrams) and a
# ResizeObserver polyfill (only for browsers without it). Neither can happen here, and an
# offline copy must not even name another host as a source, so both become inert.
_CDN_FALLBACKS = ("https://unpkg.com/mermaid@11/dist/mermaid.min.js", "https://unpkg.com/resize-observer-polyfill")


@dataclass
class OfflineReport:
    zip: Path
    checksum: Path
    files: int
    size: int  # bytes of the zip
    index_size: int  # bytes of search/search_index.js
    seconds: dict[str, float] = field(default_factory=dict)


def archive_name(edition: int, scope: str) -> str:
    return f"peixun-{edition}-{scope}"


def build_offline(*, config_file: Path, data: Path, out: Path, scope: str = V.NATIONAL, year: int | None = None, progress=print) -> OfflineReport:
    if not V.is_pool(scope):
        raise BuildFailed(f"范围“{scope}”不对：全国写 national，省级写六位行政区划代码（如 330000）。")
    settings = read_settings(config_file)
    edition = year or settings.edition
    with source_date(edition) as epoch:
        return _build_offline(config_file, Path(data), Path(out), scope, settings, edition, epoch, progress)


def _build_offline(config_file: Path, data: Path, out: Path, scope: str, settings, edition: int, epoch: int, progress) -> OfflineReport:
    started = time.perf_counter()
    name = archive_name(edition, scope)
    seconds: dict[str, float] = {}
    project = load_config(config_file=str(config_file))
    places = protected_places(config_file, project, data)
    check_files(Path(out), [f"{name}.zip", f"{name}.zip.sha256"], ours=is_copy, **places)  # before the long work

    t = time.perf_counter()
    try:
        result = load_or_fail(data, "离线副本没有生成")
    except RecordsInvalid as exc:
        raise BuildFailed(str(exc)) from None
    seconds["validate"] = time.perf_counter() - t
    progress(f"[1/4] 校验记录：{len(result.catalog)} 条，没有问题（{seconds['validate']:.1f} 秒）")

    out = check_files(Path(out), [f"{name}.zip", f"{name}.zip.sha256"], ours=is_copy, **places)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".peixun-offline-", dir=out))
    try:
        site = work / name
        t = time.perf_counter()
        _mkdocs(config_file, Path(project.docs_dir), data, site, work, settings, edition, scope, name, result)
        seconds["site"] = time.perf_counter() - t
        index = site / lunr.INDEX
        progress(f"[2/4] 生成离线网站与中文检索索引（{seconds['site']:.1f} 秒，索引 {index.stat().st_size / 1e6:.1f} MB）")

        t = time.perf_counter()
        _tidy(site)
        foreign = foreign_references(site)
        if foreign:
            raise BuildFailed("离线副本中仍有指向其他网站的资源引用：\n" + "\n".join(foreign[:10]))
        leaked = leaks(site, result.secrets)
        if leaked:
            raise BuildFailed(f"离线副本中出现了不公开的联系方式（{leaked}），已停止。这是程序错误，请报告。")
        seconds["check"] = time.perf_counter() - t
        progress(f"[3/4] 检查：没有其他网站的资源引用，没有联系方式（{seconds['check']:.1f} 秒）")

        t = time.perf_counter()
        target = out / f"{name}.zip"
        files = write_zip(site, target, epoch)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        checksum = out / f"{name}.zip.sha256"
        checksum.write_text(f"{digest}  {target.name}\n", encoding="utf-8")  # the format `sha256sum -c` reads
        record_files(out, [target, checksum])
        seconds["zip"] = time.perf_counter() - t
        size = target.stat().st_size
        progress(f"[4/4] 打包：{target}（{files} 个文件，{size / 1e6:.1f} MB，{seconds['zip']:.1f} 秒）")
        seconds["total"] = time.perf_counter() - started
        progress(f"完成：共 {seconds['total']:.1f} 秒。校验：sha256sum -c {checksum.name}")
        return OfflineReport(target, checksum, files, size, index.stat().st_size, seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _mkdocs(config_file: Path, docs: Path, data: Path, site: Path, work: Path, settings, edition: int, scope: str, name: str, result) -> None:
    """Build the site from a config that inherits the project's and swaps the search."""
    catalog = result.catalog
    child = {
        "INHERIT": str(Path(config_file).resolve()),
        "docs_dir": str(docs.resolve()),
        "site_dir": str(site),
        "use_directory_urls": False,
        "plugins": [
            lunr.plugin(catalog, work),
            "offline",
            {
                "peixun": {
                    "data_root": str(Path(data).resolve()),
                    "edition": edition,
                    "pending_after": settings.rules.pending_after,
                    "drop_after": settings.rules.drop_after,
                    "drop_on_fail": settings.rules.drop_on_fail,
                    "record_pages": "mkdocs",  # the search plugin indexes each page MkDocs renders
                    "pagefind": False,
                    "scope": scope,
                    "offline": True,
                    "archive_name": f"{name}.zip",
                }
            },
        ],
        # nothing in the copy may point at another site: no repository link, no social icons
        "repo_url": None,
        "extra": {"polyfills": lunr.POLYFILLS, "generator": False, "social": []},
    }
    child_file = work / "mkdocs.yml"
    child_file.write_text(yaml.safe_dump(child, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config = load_config(config_file=str(child_file))
    plugin = config.plugins["peixun"]
    plugin.reset()
    plugin.catalog, plugin.secrets = catalog, result.secrets
    plugin.jobs = 0
    run_mkdocs(config, edition, "生成离线网站失败")


def _tidy(site: Path) -> None:
    """Drop what a file:// copy never uses, and make the CDN fallbacks inert."""
    for rel in ("sitemap.xml", "sitemap.xml.gz"):
        (site / rel).unlink(missing_ok=True)
    lunr.trim(site)
    for bundle in (site / "assets" / "javascripts").glob("bundle.*.js"):
        text = bundle.read_text(encoding="utf-8")
        for url in _CDN_FALLBACKS:
            text = text.replace(url, "data:text/javascript,")
        bundle.write_text(text, encoding="utf-8")
    for stale in site.rglob("*.map"):
        stale.unlink()
