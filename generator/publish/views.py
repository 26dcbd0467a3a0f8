"""What the site shows, worked out once from the public catalog: back-references (a
teacher's courses, a department's contributions), groupings and orders (teachers by
pinyin within a pool, courses by category and method), and the page plan.

Pure data: no HTML here (render.py), no file written (plugin.py), no path spelt (urls.py).
"""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from types import MappingProxyType

from pypinyin import lazy_pinyin

from ..records import vocab as V
from ..records.catalog import Catalog
from ..records.kinds import KINDS
from ..yearly.directory import CHANGE_KINDS, Change, Directory, Rules, as_of, change_counts, changes, data_years, directory, shared_with, timeline
from ..yearly.progress import Progress, Targets, progress
from . import urls

PAGE_SIZE = 200  # rows per listing page: a national pool of 1,000 teachers is 5 pages


class NotPublic(Exception):
    """Publishing was handed records with their private fields (a program error)."""


@functools.lru_cache(maxsize=None)
def pinyin_key(name: str) -> tuple[str, str]:
    """Sort key by pinyin (names repeat a lot, so each is converted once)."""
    return (" ".join(lazy_pinyin(name)), name)


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


@dataclass
class Views:
    catalog: Catalog  # public projection
    edition: int
    scope: str  # national, or the pool of a provincial offline copy
    # who points at whom (_backrefs): course id -> its teachers' ids, and so on
    teacher_courses: dict[str, list[str]]
    course_teachers: dict[str, list[str]]
    course_related: dict[str, list[str]]
    textbook_courses: dict[str, list[str]]
    base_courses: dict[str, list[str]]
    department_courses: dict[str, list[str]]
    department_textbooks: dict[str, list[str]]
    department_bases: dict[str, list[str]]
    department_children: dict[str, list[str]]
    # programmes (培训项目): who taught or attended, where, with which courses; their own
    # lists keep only records the site has (a provincial copy lacks other pools' teachers)
    teacher_programmes: dict[str, list[str]]
    teacher_trained: dict[str, list[str]]
    base_programmes: dict[str, list[str]]
    course_programmes: dict[str, list[str]]
    department_programmes: dict[str, list[str]]
    programme_teachers: dict[str, list[str]]
    programme_trainees: dict[str, list[str]]
    pool_owner: dict[str, str]
    rules: Rules
    years: list[int]  # the years the site covers, up to the edition
    pools: list[str]  # pools with a department or teachers: national first, then by code
    directories: dict[int, Directory]  # year -> who is listed where
    changes: dict[int, list[Change]]  # year -> what changed since the year before
    change_counts: dict[int, dict]  # year -> pool -> kind -> count ("" pool: totals)
    progress: Progress | None = None  # the plan's targets, from every teacher (a provincial copy too)
    listings: list[Listing] = field(default_factory=list)

    @property
    def directory(self) -> Directory:
        """The edition year's directory."""
        return self.directories[self.edition]

    def pool_src(self, pool: str, year: int | None = None) -> str | None:
        """The listing page of a pool in a year, or None when the site has none (a
        provincial offline copy lists only its own pool)."""
        return urls.pool(pool, year or self.edition, self.edition) if pool in self.pools else None


def build_views(catalog: Catalog, edition: int, rules: Rules = Rules(), scope: str = V.NATIONAL, targets: Targets | None = Targets()) -> Views:
    """Everything the site shows, as of the edition year (later entries and events are cut:
    an older edition never shows the future). A provincial scope (offline copies) keeps
    every course, textbook and base but only the teachers who belong to that pool or are
    shared with it in some year."""
    if not catalog.is_public:
        raise NotPublic("网站只能由公开投影生成（Catalog.public()），这里拿到了含不公开字段的记录。这是程序错误，请报告。")
    teachers, years, table = _teachers(catalog, edition, rules, scope)
    plan = progress(catalog, table, edition, targets) if targets is not None else None
    catalog = _with_teachers(catalog, teachers, edition)
    rank = _ranks(catalog)
    teachers = {tid: teachers[tid] for tid in sorted(teachers, key=rank["teacher"].__getitem__)}
    catalog = _with_teachers(catalog, teachers, edition)
    refs, pool_owner = _backrefs(catalog, rank)
    used = set(pool_owner) | {t.pool for t in teachers.values()} | {m.from_pool for t in teachers.values() for m in t.moves}
    pools = V.ordered_pools(p for p in used if V.is_pool(p)) if scope == V.NATIONAL else [scope]
    yearly = {year: changes(teachers, year, rules, table) for year in years}
    views = Views(
        catalog=catalog,
        edition=edition,
        scope=scope,
        **refs,
        pool_owner=pool_owner,
        rules=rules,
        years=years,
        pools=pools,
        directories={year: directory(teachers, year, rules, pools, {tid: table[tid][year] for tid in teachers}) for year in years},
        changes=yearly,
        change_counts={year: change_counts(rows) for year, rows in yearly.items()},
        progress=plan,
    )
    views.listings = _listings(catalog, views, rank)
    return views


def _teachers(catalog: Catalog, edition: int, rules: Rules, scope: str):
    """The teachers as of the edition (for a provincial scope, those it ever holds), the
    years the site covers, and each teacher's standing in each of them (once per teacher)."""
    teachers = as_of(catalog.teachers, edition)
    years = data_years(teachers, edition)
    table = {tid: timeline(t, [years[0] - 1, *years], rules) for tid, t in teachers.items()}
    if scope != V.NATIONAL:
        teachers = {tid: t for tid, t in teachers.items() if any(s.pool == scope or shared_with(s, scope) for s in table[tid].values())}
    return teachers, years, table


def _with_teachers(catalog: Catalog, teachers: dict, edition: int) -> Catalog:
    """The catalog with these teachers and the programmes held up to the edition year."""
    programmes = {pid: p for pid, p in catalog.programmes.items() if p.year <= edition}
    return Catalog(MappingProxyType({**catalog.records, "teacher": teachers, "programme": programmes}), catalog.paths, True)


def _ranks(catalog: Catalog) -> dict[str, dict[str, int]]:
    """One pinyin sort per kind; every other list is ordered by position in it."""
    rank: dict[str, dict[str, int]] = {}
    for kind, recs in catalog.records.items():
        k = KINDS[kind]
        order = sorted(recs, key=lambda rid: (k.order(recs[rid]), pinyin_key(k.title_of(recs[rid])), rid))
        rank[kind] = {rid: i for i, rid in enumerate(order)}
    return rank


def _backrefs(catalog: Catalog, rank) -> tuple[dict[str, dict[str, list[str]]], dict[str, str]]:
    """Who points at whom, both ways where the site shows both (a course lists its teachers
    and a teacher lists the courses, whichever record named the other)."""
    courses, teachers = catalog.courses, catalog.teachers
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for cid, course in courses.items():
        for tid in course.teachers:
            if tid in teachers:
                found["teacher_courses"][tid].add(cid)
                found["course_teachers"][cid].add(tid)
        for other in course.related:
            if other in courses:
                found["course_related"][cid].add(other)
                found["course_related"][other].add(cid)  # two-way: B lists A when A lists B
        for book in course.textbooks:
            found["textbook_courses"][book].add(cid)
        for base in course.bases:
            found["base_courses"][base].add(cid)
        found["department_courses"][course.provider].add(cid)
    for tid, teacher in teachers.items():
        for cid in teacher.courses:
            if cid in courses:
                found["teacher_courses"][tid].add(cid)
                found["course_teachers"][cid].add(tid)
    for bid, book in catalog.textbooks.items():
        found["department_textbooks"][book.department].add(bid)
    for bid, base in catalog.bases.items():
        if base.department:
            found["department_bases"][base.department].add(bid)
    _programme_refs(catalog, found)
    pool_owner: dict[str, str] = {}
    for did, dept in catalog.departments.items():
        if dept.parent:
            found["department_children"][dept.parent].add(did)
        if dept.pool:
            pool_owner[dept.pool] = did
    kind_of = {"teacher_courses": "course", "course_teachers": "teacher", "course_related": "course", "textbook_courses": "course",
               "base_courses": "course", "department_courses": "course", "department_textbooks": "textbook",
               "department_bases": "base", "department_children": "department",
               "teacher_programmes": "programme", "teacher_trained": "programme", "base_programmes": "programme",
               "course_programmes": "programme", "department_programmes": "programme",
               "programme_teachers": "teacher", "programme_trainees": "teacher"}
    refs = {name: {k: sorted(v, key=rank[kind_of[name]].__getitem__) for k, v in found[name].items()} for name in kind_of}
    return refs, pool_owner


def _programme_refs(catalog: Catalog, found) -> None:
    teachers = catalog.teachers
    for pid, p in catalog.programmes.items():
        found["department_programmes"][p.organiser].add(pid)
        for base in p.bases:
            found["base_programmes"][base].add(pid)
        for cid in p.courses:
            found["course_programmes"][cid].add(pid)
        for field, back, own in (("teachers", "teacher_programmes", "programme_teachers"), ("trainees", "teacher_trained", "programme_trainees")):
            for tid in getattr(p, field):
                if tid in teachers:
                    found[back][tid].add(pid)
                    found[own][pid].add(tid)


HOME = ("首页", urls.HOME)


def _paged(first: str, title: str, kind: str, ids: list, group: str = "", year: int = 0, trail=(HOME,), own: int = 0) -> list[Listing]:
    """Split a list into pages of PAGE_SIZE rows (urls.pages)."""
    chunks = [ids[i : i + PAGE_SIZE] for i in range(0, len(ids), PAGE_SIZE)] or [[]]
    srcs = urls.pages(first, len(chunks))
    return [
        Listing(src, title if n == 1 else f"{title}（第 {n} 页）", kind, rows, group, n, len(chunks), srcs, year, list(trail), ids, own)
        for n, (src, rows) in enumerate(zip(srcs, chunks), start=1)
    ]


def year_trail(views: "Views", year: int) -> list[tuple[str, str]]:
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


def _listings(catalog: Catalog, views: Views, rank) -> list[Listing]:
    def ordered(kind: str) -> list[str]:
        return sorted(catalog[kind], key=rank[kind].__getitem__)

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


def teacher_history(t) -> list[tuple[int, str]]:
    """A teacher's timeline, oldest first: entry, reviews, status changes, moves, sharing."""
    first_pool = t.moves[0].from_pool if t.moves else t.pool
    events = [(t.entry_year, 0, f"入库（{V.pool_label(first_pool)}）")]
    for x in t.reviews:
        events.append((x.year, 1, f"年度复核：{x.result}" + (f"（{x.note}）" if x.note else "")))
    for x in t.status_changes:
        events.append((x.year, 2, f"{'恢复在库' if x.status == '在库' else x.status}：{x.reason}"))
    for x in t.moves:
        reason = f"（{x.reason}）" if x.reason else ""
        events.append((x.year, 3, f"调动：{V.pool_label(x.from_pool)} → {V.pool_label(x.to_pool)}{reason}"))
    for x in t.sharing:
        events.append((x.year, 4, f"共享范围：{V.scope_text(x.scope)}"))
    return [(year, text) for year, _, text in sorted(events)]


def _department_order(catalog: Catalog) -> list[str]:
    """中央组织部 first, then central units, then provinces in code order, then by type."""
    province_rank = {code: i for i, code in enumerate(V.PROVINCES)}

    def key(did: str):
        d = catalog.departments[did]
        central_org = d.level == "中央" and d.type == "党委组织部"
        return (V.DEPT_LEVEL.order(d.level), not central_org, province_rank.get(d.province or "", -1), V.DEPT_TYPE.order(d.type), did)

    return sorted(catalog.departments, key=key)
