"""The search index in parts: Pagefind holds a whole index in memory while it writes it
(about 85 KB per page with this site's shadow tokens: 3.1 GB for the national catalog,
more than the rest of the build), so a large site is indexed as a few parts of at most
PAGES pages each, one Pagefind run after another. The browser merges them (px-search.js,
Pagefind's mergeIndex): filters, counts and results are those of one index. A page's part
follows from its path alone, so an edit re-indexes only the part that holds the page.
"""
from __future__ import annotations

import hashlib
import math
import os
import shutil
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .pagefind import run_pagefind

PAGES = 15_000  # pages per part at most: about 1.1 GB for Pagefind, below the baseline's peak


def count(records: int) -> int:
    """How many parts an index of this many record pages has (the few hand-written pages
    are not counted: they never tip a site over)."""
    return max(1, math.ceil(records / PAGES))


def folder(i: int) -> str:
    """The site folder of part i: the first is Pagefind's usual one."""
    return "pagefind" if i == 0 else f"pagefind-{i + 1}"


@dataclass
class Part:
    name: str  # its folder in the site
    pages: list[str]  # paths in the search folder
    key: str  # what it is made from (names, sizes and times of its copies, the indexer)
    whole: bool  # the only part: Pagefind reads the search folder itself


def plan(slim: Path, parts: int) -> list[Part]:
    """The parts of the index over the search copies in slim, each with its key."""
    from importlib.metadata import version

    pages: list[list[str]] = [[] for _ in range(parts)]
    for path in sorted(slim.rglob("*")):
        if path.is_file():
            rel = path.relative_to(slim).as_posix()
            pages[zlib.crc32(rel.encode("utf-8")) % parts].append(rel)
    out = []
    for i, rels in enumerate(pages):
        h = hashlib.blake2b(digest_size=16)
        h.update(f"pagefind {version('pagefind')} part {i}/{parts}\n".encode())
        for rel in rels:
            st = (slim / rel).stat()
            h.update(f"{rel}\x1f{st.st_size}\x1f{st.st_mtime_ns}\n".encode("utf-8"))
        out.append(Part(folder(i), rels, h.hexdigest(), parts == 1))
    return out


def index(part: Part, slim: Path, site: Path, *, output: Path | None = None, background: bool = False) -> float:
    """Index one part into site/<its folder> (or output); returns seconds. A part of a
    larger index reads hard links to its copies, made in a folder beside slim and removed."""
    target = output or site / part.name
    if part.whole:
        return run_pagefind(site, source=slim, output=target, background=background)
    stage = Path(tempfile.mkdtemp(prefix=".part-", dir=slim.parent))
    try:
        for rel in part.pages:
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(slim / rel, stage / rel)
        if not part.pages:  # Pagefind refuses an empty site; a part holds one page or more in practice
            (stage / "index.html").write_text("<!doctype html><html lang=zh><body></body></html>", encoding="utf-8")
        return run_pagefind(site, source=stage, output=target, background=background)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def folders(site: Path) -> list[str]:
    """The index folders of a built site, in order."""
    return [folder(i) for i in range(64) if (site / folder(i)).is_dir()]
