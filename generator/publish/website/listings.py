"""The site's page plan: every listing page (each kind's list and its groups, each pool's
teachers by year, each year's changes), split into pages of PAGE_SIZE rows, and the trail of
pages above each. Pure data made from the edition's views; paths come from urls.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...records import vocab as V
from ...records.catalog import Catalog
from ...records.kinds import KINDS
from ...yearly.directory import CHANGE_KINDS
from ..views import Views
from . import urls

PAGE_SIZE = 200  # rows per listing page: a national pool of 1,000 teachers is 5 pages
# rows a listing page lays out at once: a screenful on a desktop, a few on a phone; the rest
# of the page waits, hidden, until the reader scrolls towards it (px-list.js), so a slow
# phone lays out a few cards instead of 200
SCREEN = 25


@dataclass
class Listing:
    """One listing page (a slice of a longer list)."""

    src: str
    title: str
    kind: str  # kind of the rows: a record kind, or "change"
    rows: list  # record ids (or Change rows), in display order
    group: str = ""  # e.g. "category:theory", "pool:330000", "shared:national"
    page: int = 1
    pages: int = 1
    siblings: list[str] = field(default_factory=list)  # src of every page of this list
    year: int = 0  # for teacher lists and changes: the year they show
    trail: list = field(default_factory=list)  # (title, src) of the pages above it, home first
    whole: list = field(default_factory=list)  # every row of the list this page is a slice of
    own: int = 0  # a pool's list: how many of all its rows are the pool's own teachers (the rest are shared into it)


HOME = ("首页", urls.HOME)


def _paged(first: str, title: str, kind: str, ids: list, group: str = "", year: int = 0, trail=(HOME,), own: int = 0) -> list[Listing]:
    """Split a list into pages of PAGE_SIZE rows (urls.pages)."""
    chunks = [ids[i : i + PAGE_SIZE] for i in range(0, len(ids), PAGE_SIZE)] or [[]]
    srcs = urls.pages(first, len(chunks))
    return [
        Listing(src, title if n == 1 else f"{title}（第 {n} 页）", kind, rows, group, n, len(chunks), srcs, year, list(trail), ids, own)
        for n, (src, rows) in enumerate(zip(srcs, chunks), start=1)
    ]


def year_trail(views: Views, year: int) -> list[tuple[str, str]]:
    """Home, the edition's directory, and for another year the archive and that year's directory."""
    trail = [HOME, ("师资库", urls.directory(views.edition, views.edition))]
    if year != views.edition:
        trail += [("历年师资库", urls.ARCHIVE), (f"{year} 年师资库", urls.directory(year, views.edition))]
    return trail


def group_values(group, records) -> list[str]:
    """The values a facet has pages for: every term of its vocabulary, or those that occur."""
    if group.vocab is not None:
        return group.vocab.values
    return sorted({value for r in records.values() for value in group.values(r)})


def group_slug(group, value: str) -> str:
    return group.vocab.slug(value) if group.vocab is not None else value


def _by_kind(catalog: Catalog, kind: str, order: list[str]) -> list[Listing]:
    """A kind's listing, then one for every value of each of its facets."""
    k = KINDS[kind]
    records = catalog[kind]
    out = _paged(urls.listing(kind), k.label, kind, order)
    up = [HOME, (k.label, urls.listing(kind))]
    for g in k.groups:
        for value in group_values(g, records):
            ids = [rid for rid in order if value in g.values(records[rid])]
            slug = group_slug(g, value)
            out += _paged(urls.group(kind, g.facet, slug), g.title(value), kind, ids, f"{g.facet}:{slug}", trail=up)
    return out


def listings(views: Views) -> list[Listing]:
    """Every listing page of the site, in the order they are made."""
    catalog = views.catalog

    def ordered(kind: str) -> list[str]:
        return list(views.orders[kind])

    out: list[Listing] = []
    # every kind's listing, in the registry's order; teachers are listed by pool and year,
    # departments last, in their own order
    for kind in KINDS:
        if kind not in ("teacher", "department"):
            out += _by_kind(catalog, kind, ordered(kind))
    for year in views.years:
        out += _teacher_listings(views, year)
    out += _paged(urls.listing("department"), KINDS["department"].label, "department", _department_order(catalog))
    return out


def _teacher_listings(views: Views, year: int) -> list[Listing]:
    """A year's pools (each with its own teachers first, then those shared into it) and its changes."""
    out: list[Listing] = []
    d = views.directories[year]
    suffix = "" if year == views.edition else f"（{year} 年）"
    trail = year_trail(views, year)
    for pool in views.pools:
        own = d.own.get(pool, [])
        rows = own + d.shared.get(pool, [])
        out += _paged(urls.pool(pool, year, views.edition), V.pool_label(pool) + suffix, "teacher", rows, f"pool:{pool}", year, trail, len(own))
    if year != views.years[0]:
        up = year_trail(views, views.edition) + [("年度调整", urls.CHANGES), (f"{year} 年度调整", urls.changes(year))]
        for kind, slug in CHANGE_KINDS:
            rows = [c for c in views.changes[year] if c.kind == kind]
            out += _paged(urls.changes(year, slug), f"{year} 年{kind}", "change", rows, f"change:{slug}", year, up)
    return out


def _department_order(catalog: Catalog) -> list[str]:
    """中央组织部 first, then central units, then provinces in code order, then by type."""
    province_rank = {code: i for i, code in enumerate(V.PROVINCES)}

    def key(did: str):
        d = catalog.departments[did]
        central_org = d.level == "中央" and d.type == "党委组织部"
        return (V.DEPT_LEVEL.order(d.level), not central_org, province_rank.get(d.province or "", -1), V.DEPT_TYPE.order(d.type), did)

    return sorted(catalog.departments, key=key)


def pool_src(views: Views, pool: str, year: int | None = None) -> str | None:
    """The listing page of a pool in a year, or None when the site has none (a
    provincial offline copy lists only its own pool)."""
    return urls.pool(pool, year or views.edition, views.edition) if pool in views.pools else None
