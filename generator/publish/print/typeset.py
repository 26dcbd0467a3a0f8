"""Typesetting the print edition with Typst (the `typst` package: the compiler itself,
no external process): contents.py's data as data.json beside the templates in
templates/, fonts from Debian's fonts-noto-cjk only (system fonts ignored, so every
machine sets the same pages), a fixed timestamp, so the same input gives the same bytes.

The PDFs embed subsets of the fonts they use. Before they are kept, their text is checked
against every private value (leaks), from the PDF itself when poppler's pdftotext
is there, and always from the data the PDF was set from.
"""
from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..outputs import Sized
from . import contents

TEMPLATES = Path(__file__).parent / "templates"
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")
FONT_FILES = ("NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc")
WHAT = ("directory", "catalog")


class NoFonts(Exception):
    """The CJK fonts are not installed; the message says how to get them."""


@dataclass(frozen=True)
class PrintFile(Sized):
    name: str  # directory-2017-national.pdf
    data: bytes
    what: str  # directory or catalog
    title: str
    text: str  # what the PDF says (pdftotext -layout), then \f and what the privacy check reads

    def section_pages(self, titles: dict[str, str]) -> dict[str, int]:
        """key -> the page (1-based) its section starts on, read off the contents: a title,
        dot leaders, the page number (page numbers count from the cover, as printed)."""
        found: dict[str, int] = {}
        wanted = {t: k for k, t in titles.items()}
        for line in self.text.split("\f", 4)[1:4]:  # the contents follow the cover
            for row in line.splitlines():
                m = _CONTENTS.match(row.replace("\u2060", ""))
                if m and m.group(1) in wanted:
                    found.setdefault(wanted[m.group(1)], int(m.group(2)))
        return found


_CONTENTS = re.compile(r"^\s*(\S+?)\s*(?:\.\s*){3,}(\d+)\s*$")


def font_dirs() -> list[str]:
    found = [d for d in FONT_DIRS if any((Path(d) / f).is_file() for f in FONT_FILES)]
    if not found:
        raise NoFonts("找不到中文字体（Debian 的 fonts-noto-cjk）。请运行 make print（会自动安装），或 apt-get install fonts-noto-cjk。")
    return found


def built_date(edition: int) -> tuple[str, datetime.datetime]:
    """The build date the cover shows: SOURCE_DATE_EPOCH when set (reproducible builds),
    else 31 December of the edition, so the same records give the same document."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch.isdigit() else datetime.datetime(edition, 12, 31, tzinfo=datetime.timezone.utc)
    return f"{when.year} 年 {when.month} 月 {when.day} 日", when


def typeset(template: str, data: dict, when: datetime.datetime) -> bytes:
    import typst

    if template == "directory.typ" and sum(len(s["rows"]) for s in data["sections"]) > PART_ROWS:
        return in_parts(data, when)
    with tempfile.TemporaryDirectory(prefix="peixun-print-") as tmp:
        for name in ("common.typ", "pool.typ", template):
            shutil.copyfile(TEMPLATES / name, Path(tmp) / name)
        (Path(tmp) / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        # untagged: a tagged PDF of the national directory is 50 MB instead of 3 MB
        return typst.compile(str(Path(tmp) / template), root=tmp, font_paths=font_dirs(), ignore_system_fonts=True,
                             timestamp=int(when.timestamp()), pdf_tags=False)


# -- a large directory, in parts ------------------------------------------------------------
PART_ROWS = 3000  # directory rows per part: Typst holds about 85 KB per row until its process ends
WORKERS = 2  # parts set at once, each in its own process


def in_parts(data: dict, when: datetime.datetime) -> bytes:
    """The directory set as a front (cover, contents, rules) and parts of a few pools each,
    every Typst run in a process of its own (worker.py) so that its memory is freed, then
    joined. A first pass asks each part for its length and where its sections start, which
    gives the page numbers, the total and the contents; the second sets them."""
    parts = _split(data["sections"], PART_ROWS)
    base = {k: v for k, v in data.items() if k != "sections"}
    first = [dict(base, sections=p, first=1, page_total=0) for p in parts]
    front = dict(base, toc=[[s["title"], 0] for s in data["sections"]], page_total=0)
    reports = [json.loads(r) for r in _run([("directory-front.typ", front, "query"), *[("directory-part.typ", d, "query") for d in first]], when)]
    page = reports[0]["pages"] + 1
    toc, starts = [], []
    for part, report in zip(parts, reports[1:]):
        starts.append(page)
        toc += [[s["title"], page + at - 1] for s, at in zip(part, report["starts"])]
        page += report["pages"]
    total = page - 1
    pdfs = _run([("directory-front.typ", dict(front, toc=toc, page_total=total), "compile"),
                 *[("directory-part.typ", dict(base, sections=p, first=at, page_total=total), "compile") for p, at in zip(parts, starts)]], when)
    return _joined(pdfs)


def _split(sections: list, rows: int) -> list[list]:
    """Consecutive sections in parts of about `rows` rows (a section is never cut)."""
    parts, current, size = [], [], 0
    for s in sections:
        if current and size + len(s["rows"]) > rows:
            parts.append(current)
            current, size = [], 0
        current.append(s)
        size += len(s["rows"]) + 1
    return parts + [current] if current else parts


def _run(jobs: list, when: datetime.datetime) -> list:
    """Each (template, data, mode) in a worker process, WORKERS at a time; their outputs."""
    from concurrent.futures import ThreadPoolExecutor

    with tempfile.TemporaryDirectory(prefix="peixun-print-") as tmp:
        def one(item):
            i, (template, data, mode) = item
            folder = Path(tmp) / str(i)
            folder.mkdir()
            for name in ("common.typ", "pool.typ", template):
                shutil.copyfile(TEMPLATES / name, folder / name)
            (folder / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            done = subprocess.run([sys.executable, str(Path(__file__).with_name("worker.py")), str(folder), template, mode,
                                   "\n".join(font_dirs()), str(int(when.timestamp()))], capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"印刷版排版失败（{template}）：{done.stderr[-2000:]}")
            out = folder / "out"
            return out.read_text(encoding="utf-8") if mode == "query" else out.read_bytes()

        with ThreadPoolExecutor(WORKERS) as pool:
            return list(pool.map(one, enumerate(jobs)))


def _joined(pdfs: list[bytes]) -> bytes:
    """The PDFs one after another, with their bookmarks and the first one's document
    information; the same parts give the same bytes."""
    import io

    import pypdf

    writer = pypdf.PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    writer.metadata = pypdf.PdfReader(io.BytesIO(pdfs[0])).metadata
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


APART = "\n" * 4  # more than the 1–3 separators a phone number may hold (privacy._GAP)


def pdf_text(data: bytes) -> str:
    """The PDF's text as a reader would copy it (pdftotext -layout), "" without poppler."""
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, timeout=600)
        if done.returncode == 0:
            return done.stdout.decode("utf-8", "replace")
    return ""


def checked_text(text: str, data) -> str:
    """What the privacy check reads: each cell of the PDF's text, and each string the PDF
    was set from, kept apart, so that the numbers of neighbouring cells (a chart's counts:
    0 0 0 0…) never run together into something shaped like a phone number."""
    cells = [c for line in text.splitlines() for c in re.split(r"\s{2,}", line.strip()) if c]
    return APART.join([*cells, *_strings(data)])


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _text(pdf: bytes, data: dict) -> str:
    text = pdf_text(pdf)
    return text + "\f" + checked_text(text, data) if text else "\f" + checked_text("", data)


def print_files(views, scope: str, what: tuple[str, ...] = WHAT, pieces=None) -> list[PrintFile]:
    """The PDFs of the print edition. pieces (website/cache.py): a PDF whose data, templates,
    compiler and fonts are those of a kept one is taken from there instead of typeset."""
    built, when = built_date(views.edition)
    out = []
    if "directory" in what:
        data = contents.directory(views, scope, built)
        out.append(_made(pieces, "directory.typ", data, when, lambda pdf: PrintFile(
            f"directory-{views.edition}-{scope}.pdf", pdf, "directory", f"《{data['title']}》（{contents.scope_label(scope)}）", _text(pdf, data))))
    if "catalog" in what:
        data = contents.catalog(views, built)
        out.append(_made(pieces, "catalog.typ", data, when, lambda pdf: PrintFile(
            f"catalog-{views.edition}.pdf", pdf, "catalog", f"《{data['title']}》（{views.edition} 年版）", _text(pdf, data))))
    return out


def _made(pieces, template: str, data: dict, when: datetime.datetime, wrap) -> PrintFile:
    if pieces is None:
        return wrap(typeset(template, data, when))
    key = pieces.key(*_inputs(template, data, when))
    kept = pieces.get(key)
    if isinstance(kept, PrintFile):
        return kept
    made = wrap(typeset(template, data, when))
    pieces.put(key, made)
    return made


def _inputs(template: str, data: dict, when: datetime.datetime) -> list[bytes]:
    """Everything a PDF is made from: its data, the templates, the compiler, the fonts."""
    from importlib.metadata import version

    fonts = sorted(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for d in font_dirs() for p in Path(d).iterdir() if p.is_file())
    return [
        template.encode(), json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"), str(when.timestamp()).encode(),
        *(path.read_bytes() for path in sorted(TEMPLATES.glob("*.typ"))), f"typst {version('typst')} pypdf {version('pypdf')} {PART_ROWS}".encode(),
        "\n".join(fonts).encode(), str(bool(shutil.which("pdftotext"))).encode(),
    ]


def leaks(files: list[PrintFile], secrets) -> list[str]:
    """Names of the files whose text holds a private value."""
    return [f.name for f in files if secrets and secrets.find(f.text.rsplit("\f", 1)[-1])]
