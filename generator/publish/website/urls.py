"""Every page of the site, by its source path ("course/x.md"): the only place that spells
one. A page's URL follows from its source path as for any MkDocs page (url_of), and
templates link to pages only through these functions (the `urls` global) and `link()`.

Record pages live in a singular folder and listings in a plural one (records/kinds), so
no id can clash with a listing page. The edition year's teacher directory is teachers/,
earlier years' are kept under archive/<year>/.
"""
from __future__ import annotations

from ...records.kinds import KINDS

HOME = "index.md"
SEARCH = "search/index.md"
SEARCH_CONFIG = "search/config.js"  # filter groups and examples for px-search.js
EDITION = "edition.md"  # an offline copy's own page
RULES = "teachers/rules.md"
ARCHIVE = "archive/index.md"
CHANGES = "changes/index.md"
PROGRESS = "progress/index.md"  # 规划落实
STATS = "stats/index.md"  # 统计
DATA_FOLDER = "data"  # the open-data files, beside their download page
PRINT_FOLDER = "print"  # the print edition's PDFs
DATA = f"{DATA_FOLDER}/index.md"  # 数据下载
CONTRIBUTING = "contributing.md"  # the project's CONTRIBUTING.md, published
ABOUT = "about.md"  # hand-written pages of content/
CONTRIBUTE = "contribute.md"


def record(kind: str, rid: str) -> str:
    return f"{KINDS[kind].page}/{rid}.md"


def listing(kind: str) -> str:
    """The first page of a kind's listing (teachers: the edition's directory)."""
    return f"{KINDS[kind].listing}/index.md"


def group(kind: str, facet: str, slug: str) -> str:
    """The first page of a kind's listing by one value of a facet (courses of a category)."""
    return f"{KINDS[kind].listing}/{facet}/{slug}/index.md"


def directory(year: int, edition: int) -> str:
    """The teacher directory of a year: the edition's at teachers/, others in the archive."""
    return f"{_year_folder(year, edition)}/index.md"


def pool(code: str, year: int, edition: int) -> str:
    """A pool's teachers in a year: its own, then those of other pools shared into it."""
    return f"{_year_folder(year, edition)}/{code}/index.md"


def _year_folder(year: int, edition: int) -> str:
    return KINDS["teacher"].listing if year == edition else f"archive/{year}"


def changes(year: int, slug: str | None = None) -> str:
    """A year's changes against the year before, or one kind of them (slug)."""
    return f"changes/{year}/{slug}/index.md" if slug else f"changes/{year}/index.md"


def stats(pool: str | None = None) -> str:
    """The statistics page, or one pool's."""
    return f"stats/{pool}.md" if pool else STATS


def pages(first: str, count: int) -> list[str]:
    """The source paths of a list split in pages: base/index.md, base/2.md, base/3.md…"""
    base = first.removesuffix("/index.md")
    return [first] + [f"{base}/{n}.md" for n in range(2, count + 1)]


def section(src: str) -> str:
    """The nav page whose tab a page outside the nav belongs to: a record page to its kind's
    listing, a group, pool or yearly page to the first page of its folder."""
    folder = src.split("/", 1)[0]
    for kind in KINDS.values():
        if folder in (kind.page, kind.listing):
            return f"{kind.listing}/index.md"
    return f"{folder}/index.md"


def url_of(src: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page with this source path (mirrors mkdocs File.url)."""
    stem = src[:-3]
    if stem == "index":
        return "" if directory_urls else "index.html"
    if stem.endswith("/index"):
        return stem[: -len("index")] if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"
