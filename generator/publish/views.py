"""What the site shows, worked out once from the public catalog: back-references (a
teacher's courses, a department's contributions), groupings and orders (teachers by
pinyin within a pool, courses by category and method), and the page plan with URLs.

Pure data: no HTML here (render.py) and no files written (plugin.py).
"""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin

from types import MappingProxyType

from ..records import vocab as V
from ..records.catalog import Catalog
from ..yearly.directory import CHANGE_KINDS, Change, Directory, Rules, as_of, change_counts, changes, data_years, directory, shared_with, timeline

TITLE_FIELD = {"course": "title", "textbook": "title", "base": "name", "department": "name", "teacher": "name"}
PAGE_SIZE = 200  # rows per listing page: a national pool of 1,000 teachers is 5 pages

# Record pages live under a singular folder, listings under a plural one, so that no id
# can collide with a listing page (ids are [a-z0-9-], listings use fixed words).
RECORD_FOLDER = {"department": "department", "course": "course", "textbook": "textbook", "base": "base", "teacher": "teacher"}
LISTING_FOLDER = {"department": "departments", "course": "courses", "textbook": "textbooks", "base": "bases", "teacher": "teachers"}


def record_src(kind: str, rid: str) -> str:
    return f"{RECORD_FOLDER[kind]}/{rid}.md"


def url_of(src: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page with this source path (mirrors mkdocs File.url)."""
    stem = src[:-3]
    if stem == "index":
        return "" if directory_urls else "index.html"
    if stem.endswith("/index"):
        return stem[: -len("index")] if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


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


@dataclass
class Views:
    catalog: Catalog  # public projection
    edition: int
    scope: str  # national, or the pool of a provincial offline copy
    teacher_courses: dict[str, list[str]]
    course_teachers: dict[str, list[str]]
    course_related: dict[str, list[str]]
    textbook_courses: dict[str, list[str]]
    base_courses: dict[str, list[str]]
    department_courses: dict[str, list[str]]
    department_textbooks: dict[str, list[str]]
    department_bases: dict[str, list[str]]
    department_children: dict[str, list[str]]
    pool_owner: dict[str, str]
    rules: Rules
    years: list[int]  # the years the site covers, up to the edition
    pools: list[str]  # pools with a department or teachers: national first, then by code
    directories: dict[int, Directory]  # year -> who is listed where
    changes: dict[int, list[Change]]  # year -> what changed since the year before
    change_counts: dict[int, dict]  # year -> pool -> kind -> count ("" pool: totals)
    listings: list[Listing]

    @property
    def directory(self) -> Directory:
        """The edition year's directory."""
        return self.directories[self.edition]

    def pool_src(self, pool: str, year: int | None = None) -> str | None:
        """The listing page of a pool in a year, or None when the site has none (a
        provincial offline copy lists only its own pool)."""
        if pool not in self.pools:
            return None
        year = year or self.edition
        return f"teachers/{pool}/index.md" if year == self.edition else f"archive/{year}/{pool}/index.md"


def build_views(catalog: Catalog, edition: int, rules: Rules = Rules(), scope: str = V.NATIONAL) -> Views:
    """Everything the site shows, as of the edition year (later entries and events are cut:
    an older edition never shows the future). A provincial scope (offline copies) keeps
    every course, textbook and base but only the teachers who belong to that pool or are
    shared with it in some year."""
    assert catalog.is_public, "the site is built from the public projection only"
    teachers = as_of(catalog.teachers, edition)
    years = data_years(teachers, edition)
    table = {tid: timeline(t, [years[0] - 1, *years], rules) for tid, t in teachers.items()}  # once per teacher
    if scope != V.NATIONAL:
        teachers = {tid: t for tid, t in teachers.items() if any(s.pool == scope or shared_with(s, scope) for s in table[tid].values())}
    catalog = Catalog(MappingProxyType({**catalog.records, "teacher": teachers}), catalog.paths, True)
    courses = catalog.courses

    teacher_courses: dict[str, set[str]] = defaultdict(set)
    course_teachers: dict[str, set[str]] = defaultdict(set)
    for cid, course in courses.items():
        for tid in course.teachers:
            if tid in teachers:
                teacher_courses[tid].add(cid)
                course_teachers[cid].add(tid)
    for tid, teacher in teachers.items():
        for cid in teacher.courses:
            if cid in courses:
                teacher_courses[tid].add(cid)
                course_teachers[cid].add(tid)

    related: dict[str, set[str]] = defaultdict(set)
    textbook_courses: dict[str, set[str]] = defaultdict(set)
    base_courses: dict[str, set[str]] = defaultdict(set)
    department_courses: dict[str, set[str]] = defaultdict(set)
    for cid, course in courses.items():
        for other in course.related:
            if other in courses:
                related[cid].add(other)
                related[other].add(cid)  # two-way: B lists A when A lists B
        for book in course.textbooks:
            textbook_courses[book].add(cid)
        for base in course.bases:
            base_courses[base].add(cid)
        department_courses[course.provider].add(cid)

    department_textbooks: dict[str, set[str]] = defaultdict(set)
    for bid, book in catalog.textbooks.items():
        department_textbooks[book.department].add(bid)
    department_bases: dict[str, set[str]] = defaultdict(set)
    for bid, base in catalog.bases.items():
        if base.department:
            department_bases[base.department].add(bid)
    children: dict[str, set[str]] = defaultdict(set)
    pool_owner: dict[str, str] = {}
    for did, dept in catalog.departments.items():
        if dept.parent:
            children[dept.parent].add(did)
        if dept.pool:
            pool_owner[dept.pool] = did

    # one pinyin sort per kind; every other list is ordered by position in it
    rank: dict[str, dict[str, int]] = {}
    for kind, recs in catalog.records.items():
        title = TITLE_FIELD[kind]
        order = sorted(recs, key=lambda rid: (pinyin_key(getattr(recs[rid], title)), rid))
        rank[kind] = {rid: i for i, rid in enumerate(order)}
    teachers = {tid: teachers[tid] for tid in sorted(teachers, key=rank["teacher"].__getitem__)}
    catalog = Catalog(MappingProxyType({**catalog.records, "teacher": teachers}), catalog.paths, True)
    used = set(pool_owner) | {t.pool for t in teachers.values()} | {m.from_pool for t in teachers.values() for m in t.moves}
    pools = [p for p in [V.NATIONAL, *V.PROVINCES] if p in used] if scope == V.NATIONAL else [scope]

    def ordered(ids, kind: str) -> list[str]:
        return sorted(ids, key=rank[kind].__getitem__)

    views = Views(
        catalog=catalog,
        edition=edition,
        scope=scope,
        teacher_courses={k: ordered(v, "course") for k, v in teacher_courses.items()},
        course_teachers={k: ordered(v, "teacher") for k, v in course_teachers.items()},
        course_related={k: ordered(v, "course") for k, v in related.items()},
        textbook_courses={k: ordered(v, "course") for k, v in textbook_courses.items()},
        base_courses={k: ordered(v, "course") for k, v in base_courses.items()},
        department_courses={k: ordered(v, "course") for k, v in department_courses.items()},
        department_textbooks={k: ordered(v, "textbook") for k, v in department_textbooks.items()},
        department_bases={k: ordered(v, "base") for k, v in department_bases.items()},
        department_children={k: ordered(v, "department") for k, v in children.items()},
        pool_owner=pool_owner,
        rules=rules,
        years=years,
        pools=pools,
        directories={year: directory(teachers, year, rules, pools, {tid: table[tid][year] for tid in teachers}) for year in years},
        changes=(yearly := {year: changes(teachers, year, rules, table) for year in years}),
        change_counts={year: change_counts(rows) for year, rows in yearly.items()},
        listings=[],
    )
    views.listings = _listings(catalog, views, ordered)
    return views


def _paged(base: str, title: str, kind: str, ids: list, group: str = "", year: int = 0) -> list[Listing]:
    """Split a list into pages: base/index.md, base/2.md, base/3.md…"""
    chunks = [ids[i : i + PAGE_SIZE] for i in range(0, len(ids), PAGE_SIZE)] or [[]]
    srcs = [f"{base}/index.md"] + [f"{base}/{n}.md" for n in range(2, len(chunks) + 1)]
    return [
        Listing(src, title if n == 1 else f"{title}（第 {n} 页）", kind, rows, group, n, len(chunks), srcs, year)
        for n, (src, rows) in enumerate(zip(srcs, chunks), start=1)
    ]


def _listings(catalog: Catalog, views: Views, ordered) -> list[Listing]:
    out: list[Listing] = []
    courses = ordered(catalog.courses, "course")
    out += _paged("courses", "课程", "course", courses)
    for term in V.CATEGORY.terms:
        ids = [c for c in courses if catalog.courses[c].category == term.value]
        out += _paged(f"courses/category/{term.slug}", f"{term.value}类课程", "course", ids, f"category:{term.slug}")
    for term in V.METHOD.terms:
        ids = [c for c in courses if term.value in catalog.courses[c].methods]
        out += _paged(f"courses/method/{term.slug}", f"{term.value}课程", "course", ids, f"method:{term.slug}")

    out += _paged("textbooks", "教材", "textbook", ordered(catalog.textbooks, "textbook"))

    bases = ordered(catalog.bases, "base")
    out += _paged("bases", "培训基地", "base", bases)
    for term in V.BASE_TYPE.terms:
        ids = [b for b in bases if catalog.bases[b].type == term.value]
        out += _paged(f"bases/type/{term.slug}", term.value, "base", ids, f"type:{term.slug}")
    for code in sorted({catalog.bases[b].province for b in bases}):
        ids = [b for b in bases if catalog.bases[b].province == code]
        out += _paged(f"bases/province/{code}", f"{V.province_name(code)}的培训基地", "base", ids, f"province:{code}")

    for year in views.years:
        d = views.directories[year]
        base = "teachers" if year == views.edition else f"archive/{year}"
        suffix = "" if year == views.edition else f"（{year} 年）"
        for pool in views.pools:
            label = V.pool_label(pool)
            out += _paged(f"{base}/{pool}", label + suffix, "teacher", d.own.get(pool, []), f"pool:{pool}", year)
            out += _paged(f"{base}/{pool}/shared", f"共享到{label}的教师{suffix}", "teacher", d.shared.get(pool, []), f"shared:{pool}", year)
        if year != views.years[0]:
            for kind, slug in CHANGE_KINDS:
                rows = [c for c in views.changes[year] if c.kind == kind]
                out += _paged(f"changes/{year}/{slug}", f"{year} 年{kind}", "change", rows, f"change:{slug}", year)

    out += _paged("departments", "部门", "department", _department_order(catalog))
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
        scope = "不共享" if not x.scope else "所有师资库" if V.ALL_POOLS in x.scope else "、".join(map(V.pool_label, x.scope))
        events.append((x.year, 4, f"共享范围：{scope}"))
    return [(year, text) for year, _, text in sorted(events)]



def _department_order(catalog: Catalog) -> list[str]:
    rank = {"中央": 0, "省": 1, "市": 2, "县": 3}
    province_rank = {code: i for i, code in enumerate(V.PROVINCES)}

    def key(did: str):
        d = catalog.departments[did]
        central_org = d.level == "中央" and d.type == "党委组织部"
        return (rank[d.level], not central_org, province_rank.get(d.province or "", -1), V.DEPT_TYPE.order(d.type), did)

    return sorted(catalog.departments, key=key)
