"""The public views of an edition, worked out once from the public catalog and shared by
every product (the site, open data, the print edition, the charts): back-references (a
teacher's courses, a department's contributions), each kind's order (pinyin), the yearly
directories and changes, and the plan's progress.

Pure data: no HTML, no file, no page path (the site's page plan is website/listings.py).
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
from ..yearly.directory import Change, Directory, Rules, as_of, change_counts, changes, data_years, directory, shared_with, timeline
from ..yearly.progress import Progress, Targets, progress


class NotPublic(Exception):
    """Publishing was handed records with their private fields (a program error)."""


@functools.lru_cache(maxsize=None)
def pinyin_key(name: str) -> tuple[str, str]:
    """Sort key by pinyin (names repeat a lot, so each is converted once)."""
    return (" ".join(lazy_pinyin(name)), name)


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
    orders: dict[str, list[str]] = field(default_factory=dict)  # kind -> its ids in display order (pinyin)

    @property
    def directory(self) -> Directory:
        """The edition year's directory."""
        return self.directories[self.edition]


def build_views(catalog: Catalog, edition: int, rules: Rules = Rules(), scope: str = V.NATIONAL, targets: Targets | None = Targets(), memo: dict | None = None) -> Views:
    """Everything the site shows, as of the edition year (later entries and events are cut:
    an older edition never shows the future). A provincial scope (offline copies) keeps
    every course, textbook and base but only the teachers who belong to that pool or are
    shared with it in some year. memo (the preview's, kept between builds): a teacher whose
    record object is unchanged keeps its yearly standings and changes."""
    if not catalog.is_public:
        raise NotPublic("网站只能由公开投影生成（Catalog.public()），这里拿到了含不公开字段的记录。这是程序错误，请报告。")
    teachers, years, table = _teachers(catalog, edition, rules, scope, memo)
    plan = progress(catalog, table, edition, targets) if targets is not None else None
    catalog = _with_teachers(catalog, teachers, edition)
    orders = _orders(catalog)
    rank = {kind: {rid: i for i, rid in enumerate(ids)} for kind, ids in orders.items()}
    teachers = {tid: teachers[tid] for tid in orders["teacher"]}
    catalog = _with_teachers(catalog, teachers, edition)
    refs, pool_owner = _backrefs(catalog, rank)
    used = set(pool_owner) | {t.pool for t in teachers.values()} | {m.from_pool for t in teachers.values() for m in t.moves}
    pools = V.ordered_pools(p for p in used if V.is_pool(p)) if scope == V.NATIONAL else [scope]
    yearly = {year: changes(teachers, year, rules, table, memo) for year in years}
    return Views(
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
        orders=orders,
    )


def _teachers(catalog: Catalog, edition: int, rules: Rules, scope: str, memo: dict | None = None):
    """The teachers as of the edition (for a provincial scope, those it ever holds), the
    years the site covers, and each teacher's standing in each of them (once per teacher)."""
    teachers = as_of(catalog.teachers, edition)
    years = data_years(teachers, edition)
    span = [years[0] - 1, *years]
    if memo is None:
        table = {tid: timeline(t, span, rules) for tid, t in teachers.items()}
    else:
        table = {}
        for tid, t in teachers.items():
            known = memo.get(tid)
            if known is None or known[0] is not t or known[1] != (span, rules):
                known = memo[tid] = (t, (span, rules), timeline(t, span, rules))
            table[tid] = known[2]
    if scope != V.NATIONAL:
        teachers = {tid: t for tid, t in teachers.items() if any(s.pool == scope or shared_with(s, scope) for s in table[tid].values())}
    return teachers, years, table


def _with_teachers(catalog: Catalog, teachers: dict, edition: int) -> Catalog:
    """The catalog with these teachers and the programmes held up to the edition year."""
    programmes = {pid: p for pid, p in catalog.programmes.items() if p.year <= edition}
    return Catalog(MappingProxyType({**catalog.records, "teacher": teachers, "programme": programmes}), catalog.paths, True)


def _orders(catalog: Catalog) -> dict[str, list[str]]:
    """One pinyin sort per kind; every other list is ordered by position in it."""
    orders: dict[str, list[str]] = {}
    for kind, recs in catalog.records.items():
        k = KINDS[kind]
        orders[kind] = sorted(recs, key=lambda rid: (k.order(recs[rid]), pinyin_key(k.title_of(recs[rid])), rid))
    return orders


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
