"""`peixun offline`: the catalog as one zip that works from file:// with no network.

The site is built with MkDocs as usual, but with Material's own search (lunr, Chinese
segmented with jieba at build time) and its offline plugin instead of Pagefind, which
cannot run from file://. Material's offline plugin would fetch a Worker shim from a CDN;
this project's own shim (theme/assets/peixun/iframe-worker-shim.js) is listed instead.
The result is checked (no reference to another host, no contact data) and zipped with
fixed dates and order, so the same data gives the same bytes and the same checksum.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml
from mkdocs.config import load_config

from ..records import vocab as V
from .build import BuildFailed, protected_places, run_mkdocs, source_date
from ..records.catalog import RecordsInvalid, load_or_fail
from ..records.markup import leaves_the_copy
from .outputs import check_files, record_files
from .settings import read_settings

SHIM = "assets/peixun/iframe-worker-shim.js"  # replaces Material's CDN shim (its path names iframe-worker)
SEGMENT = "assets/peixun/search-segment.js"  # cuts Chinese queries into words, see that file
INPUT = "assets/peixun/search-input.js"  # searches on paste, drop and input methods too, see that file
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
        index = site / "search" / "search_index.js"
        progress(f"[2/4] 生成离线网站与中文检索索引（{seconds['site']:.1f} 秒，索引 {index.stat().st_size / 1e6:.1f} MB）")

        t = time.perf_counter()
        _tidy(site)
        foreign = foreign_references(site)
        if foreign:
            raise BuildFailed("离线副本中仍有指向其他网站的资源引用：\n" + "\n".join(foreign[:10]))
        leaked = _leaks(site, result.secrets)
        if leaked:
            raise BuildFailed(f"离线副本中出现了不公开的联系方式（{leaked}），已停止。这是程序错误，请报告。")
        seconds["check"] = time.perf_counter() - t
        progress(f"[3/4] 检查：没有其他网站的资源引用，没有联系方式（{seconds['check']:.1f} 秒）")

        t = time.perf_counter()
        target = out / f"{name}.zip"
        files = _zip(site, target, epoch)
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
            # lunr in the browser with Material's settings for zh (its separator splits at the
            # zero-width spaces jieba puts between words when the index is built); teachers'
            # names are taught to jieba so that a name is one word, found whole
            {"search": {"jieba_dict_user": str(_names_file(catalog, work))}},
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
        "extra": {"polyfills": [SHIM, SEGMENT, INPUT], "generator": False, "social": []},
    }
    child_file = work / "mkdocs.yml"
    child_file.write_text(yaml.safe_dump(child, allow_unicode=True, sort_keys=False), encoding="utf-8")
    import jieba

    jieba.setLogLevel(60)  # its progress lines are not the user's business
    config = load_config(config_file=str(child_file))
    plugin = config.plugins["peixun"]
    plugin.catalog, plugin.secrets = catalog, result.secrets
    plugin.jobs = 0
    run_mkdocs(config, edition, "生成离线网站失败")


_NAME = re.compile(r"[\u3400-\u9fff]{2,4}")


def _names_file(catalog, work: Path) -> Path:
    """A jieba user dictionary of the teachers' names (word, frequency, part of speech)."""
    names = sorted({t.name for t in catalog.teachers.values() if _NAME.fullmatch(t.name)})
    path = work / "names.txt"
    path.write_text("".join(f"{name} 1000 nr\n" for name in names), encoding="utf-8")
    return path


def _tidy(site: Path) -> None:
    """Drop what a file:// copy never uses, and make the CDN fallbacks inert."""
    for rel in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json"):
        (site / rel).unlink(missing_ok=True)
    # the worker loads lunr's language files only for languages other than English
    langs = set(_index_config(site).get("lang", [])) - {"en"}
    keep = {f"lunr.{lang}.min.js" for lang in langs} | ({"lunr.stemmer.support.min.js", "lunr.multi.min.js"} if langs else set())
    lunr = site / "assets" / "javascripts" / "lunr"
    for path in list(lunr.glob("*.js")) + list((lunr / "min").glob("*.js")):
        if path.name not in keep:
            path.unlink()
    for bundle in (site / "assets" / "javascripts").glob("bundle.*.js"):
        text = bundle.read_text(encoding="utf-8")
        for url in _CDN_FALLBACKS:
            text = text.replace(url, "data:text/javascript,")
        bundle.write_text(text, encoding="utf-8")
    for stale in site.rglob("*.map"):
        stale.unlink()


def _index_config(site: Path) -> dict:
    """The `config` part of the index the offline plugin wrote as `var __index = {...}`."""
    text = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("{") :])["config"]


# An asset reference to another host: in HTML a src/href/srcset/poster/data/action
# attribute, in CSS url() or @import, in JavaScript a string that names a script, style,
# font, image or data file, or any address on a CDN. Namespace identifiers such as
# xmlns="http://www.w3.org/2000/svg" and addresses in comments or text are not fetched.
_CSS = re.compile(r"""(?:url\(\s*["']?|@import\s+["']?)(https?:)?//""", re.I)
_JS = re.compile(
    r"""["'`](?:https?:)?//[^"'`\s]*?(?:\.(?:m?js|css|json|woff2?|ttf|otf|png|jpe?g|gif|svg|webp|wasm)\b[^"'`]*|(?:unpkg|jsdelivr|cdnjs|googleapis|gstatic|bootcdn|staticfile)[^"'`]*)["'`]""",
    re.I,
)


# every address an HTML or SVG attribute gives, for the WHATWG check (browsers also follow
# "http:host", "https:/host" and "\\\\host\\x", which have no "//")
_URL_ATTR = re.compile(r"""\s(?:src|href|srcset|poster|data|action|formaction|background|manifest|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_INLINE = ("data:", "blob:", "about:")  # no request is made for these


def _leaves(value: str, base: str) -> bool:
    values = [part.strip().split(" ")[0] for part in value.split(",")] if "," in value and " " in value else [value.strip()]
    return any(v and not v.lower().startswith(_INLINE) and leaves_the_copy(v, base) for v in values)


def foreign_references(site: Path) -> list[str]:
    """Every place a file of the copy would load something from, or link to, another host."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".css", ".js", ".json", ".xml", ".svg", ".webmanifest"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        spots = []
        if path.suffix in (".html", ".svg"):
            base = path.as_uri()
            spots += [m.start() for m in _URL_ATTR.finditer(text) if _leaves(next(g for g in m.groups() if g is not None), base)]
        patterns = {".html": (_CSS, _JS), ".css": (_CSS,), ".svg": (_CSS,)}.get(path.suffix, (_JS, _CSS))
        spots += [m.start() for pattern in patterns for m in pattern.finditer(text)]
        for start in sorted(set(spots)):
            line = text.count("\n", 0, start) + 1
            found.append(f"{path.relative_to(site)}:{line}: {text[start:start + 80].strip()}")
    return found


def _leaks(site: Path, secrets) -> str | None:
    """The first file of the copy that holds a private value (the same rules and normaliser
    as validation: records.secrets.Secrets), named with the record the value belongs to."""
    if not secrets:
        return None
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".css", ".txt", ".xml", ".svg", ".md"):
            text = path.read_bytes().decode("utf-8", errors="ignore")
            found = secrets.find(text, escaped=path.suffix in (".js", ".json"), html_text=path.suffix == ".html")
            if found:
                (kind, rid), field = found
                return f"{path.relative_to(site)}：{kind} {rid} 的 {field}"
    return None


_CHECKSUM_LINE = re.compile(r"[0-9a-f]{64}  peixun-[0-9]{4}-[0-9a-z]+\.zip\n")


def is_copy(path: Path) -> bool:
    """An offline copy or its checksum file as peixun writes them (for output folders that
    predate the list of written files): the zip holds one folder of its own name with the
    edition page; the checksum file is the one line `sha256sum` writes."""
    try:
        if path.name.endswith(".zip.sha256"):
            return path.stat().st_size < 200 and _CHECKSUM_LINE.fullmatch(path.read_text(encoding="utf-8")) is not None
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        stem = path.name.removesuffix(".zip")
        return f"{stem}/edition.html" in names and all(n.startswith(f"{stem}/") for n in names)
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile):
        return False


def _zip(site: Path, target: Path, epoch: int) -> int:
    """A zip whose bytes depend only on the files: sorted entries, one fixed date, fixed modes."""
    stamp = datetime.fromtimestamp(max(epoch, 315532800), tz=timezone.utc).timetuple()[:6]  # zip dates start in 1980
    files = sorted(p for p in site.rglob("*") if p.is_file())
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{site.name}/{path.relative_to(site).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    partial.replace(target)
    return len(files)
