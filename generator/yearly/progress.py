"""规划落实: every dated target of the plan (2013–2017), its status worked out from the
records as of an edition year, with the records that show it. The rules, as implemented:

- 培训大纲 by 2014: a textbook of kind 大纲, published (已出版, with its year) by then.
- 全国师资库 by 2014: the national pool holds teachers who entered by then.
- 《中国共产党组织工作教程》修订 and 《中国共产党组织工作史教程》编写 by 2015: the textbook of
  that title is published by then.
- 省级师资库 by 2015: each of the 31 provinces and 兵团 has teachers in its pool by then.
- Each year: every pool is updated (the share of its teachers who needed a yearly review that
  year and have one reaches `update_share`); the central department's 师资培训 trains
  `teachers_trained` people and its 培训工作者培训 `workers_trained`; every pool shares at
  least `shared_min` of its listed teachers with other pools.

Statuses: 已完成 (met by the deadline, or in the year); 按期未完成 (the deadline or year has
passed without it); 进行中 (the deadline or year is not over at the edition); 无数据 (no
record says anything about it). The thresholds are settings (Targets, mkdocs.yml
`targets:`); the site explains them in these words.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from ..records import vocab as V
from ..records.history import status_in
from ..records.kinds.programme import trained

DONE, MISSED, ONGOING, NO_DATA = V.PROGRESS_STATUS.values
COUNTED = frozenset(("已完成", "进行中"))  # programme statuses that count towards a target


@dataclass(frozen=True)
class Targets:
    """The plan's dated targets and their thresholds (mkdocs.yml, plugin peixun, `targets:`)."""

    first_year: int = 2013
    last_year: int = 2017
    outline_by: int = 2014
    national_pool_by: int = 2014
    textbooks_by: int = 2015
    revised_book: str = "中国共产党组织工作教程"
    history_book: str = "中国共产党组织工作史教程"
    provincial_pools_by: int = 2015
    update_share: float = 0.9
    teachers_trained: int = 60
    workers_trained: int = 50
    shared_min: int = 1

    @classmethod
    def from_settings(cls, values: dict | None) -> "Targets":
        values = dict(values or {})
        known = {f.name: f.type for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"targets 中有未知的设置 {'、'.join(unknown)}；可用的有 {'、'.join(known)}")
        defaults = cls()
        for name, value in values.items():
            wanted = type(getattr(defaults, name))
            if wanted is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, wanted) or isinstance(value, bool):
                raise ValueError(f"targets.{name} 应为{ {int: '整数', float: '小数', str: '文本'}[wanted] }，而不是 {value!r}")
            values[name] = value
        targets = cls(**values)
        if not 0 < targets.update_share <= 1:
            raise ValueError("targets.update_share 应在 0 到 1 之间，如 0.9")
        return targets


@dataclass(frozen=True)
class Evidence:
    """A record or pool that shows a target's status, with what it says."""

    kind: str  # a record kind, or "pool"
    id: str
    text: str = ""


@dataclass
class Target:
    key: str
    title: str
    rule: str  # how the status is decided, in plain Chinese
    status: str
    value: str  # what the data says, in a few words
    due: int | None = None  # the deadline of a dated target
    year: int | None = None  # the year of a yearly target
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Progress:
    edition: int
    targets: Targets
    dated: list[Target]
    yearly: dict[int, list[Target]]  # year -> its targets, in a fixed order
    provinces: list[dict]  # one row per provincial pool: the 2015 table
    updates: dict[str, dict[int, tuple[int, int]]]  # pool -> year -> (reviewed, needing a review)

    def as_json(self) -> dict:
        return {"edition": self.edition, "targets": asdict(self.targets),
                "dated": [asdict(t) for t in self.dated],
                "yearly": {str(y): [asdict(t) for t in ts] for y, ts in self.yearly.items()},
                "provinces": self.provinces,
                "updates": {p: {str(y): list(v) for y, v in ys.items()} for p, ys in self.updates.items()}}


def _dated(met_in: int | None, due: int, edition: int, known: bool) -> str:
    """The status of a target due by `due`, first met in year `met_in` (None: not yet)."""
    if met_in is not None and met_in <= min(due, edition):
        return DONE
    if edition < due:
        return ONGOING
    return MISSED if known or met_in is not None else NO_DATA


def _yearly(met: bool, year: int, edition: int, known: bool) -> str:
    if met:
        return DONE
    if year >= edition:
        return ONGOING
    return MISSED if known else NO_DATA


def progress(catalog, table: dict, edition: int, targets: Targets = Targets()) -> Progress:
    """The plan's targets as of the edition. `catalog` may be the public projection (only
    public fields are read); `table` is every teacher's standing per year (directory.timeline)
    for the teachers as of the edition."""
    central = next((did for did, d in catalog.departments.items() if d.pool == V.NATIONAL), None)
    programmes = {pid: p for pid, p in catalog.programmes.items() if p.year <= edition}
    teachers = {tid: catalog.teachers[tid] for tid in table if tid in catalog.teachers}
    provinces = _provinces(catalog, table, targets, edition)
    dated = [
        _outline(catalog, targets, edition),
        _national_pool(table, targets, edition, central),
        *_books(catalog, targets, edition),
        _provincial_pools(provinces, targets, edition),
    ]
    updates = _updates(teachers, table, targets, edition)
    years = range(targets.first_year, min(edition, targets.last_year) + 1)
    yearly = {year: [_updated(updates, year, targets, edition),
                     _trained(programmes, central, "师资培训", targets.teachers_trained, year, edition),
                     _trained(programmes, central, "培训工作者培训", targets.workers_trained, year, edition),
                     _shared(table, year, targets, edition)] for year in years}
    return Progress(edition, targets, dated, yearly, provinces, updates)


def _published(book, edition: int) -> int | None:
    """The year a textbook was published, if by the edition."""
    return book.year if book.status == "已出版" and book.year is not None and book.year <= edition else None


def _outline(catalog, t: Targets, edition: int) -> Target:
    books = [(bid, b) for bid, b in catalog.textbooks.items() if b.kind == "大纲"]
    years = [y for _, b in books if (y := _published(b, edition)) is not None]
    met = min(years) if years else None
    evidence = [Evidence("textbook", bid, f"{b.year} 年出版" if _published(b, edition) else b.status) for bid, b in books]
    value = f"{met} 年出版" if met else ("尚未出版" if books else "没有培训大纲的记录")
    rule = f"教材中有类型为“大纲”、状态为“已出版”且出版年份不晚于 {t.outline_by} 年的记录，即为完成。"
    return Target("outline", "制定组工干部培训大纲", rule, _dated(met, t.outline_by, edition, bool(books)), value, t.outline_by, evidence=evidence)


def _books(catalog, t: Targets, edition: int) -> list[Target]:
    out = []
    for key, verb, title in (("revised-book", "修订", t.revised_book), ("history-book", "编写", t.history_book)):
        found = [(bid, b) for bid, b in catalog.textbooks.items() if b.title.strip("《》") == title]
        years = [y for _, b in found if (y := _published(b, edition)) is not None]
        met = min(years) if years else None
        evidence = [Evidence("textbook", bid, f"{b.year} 年出版" if _published(b, edition) else f"{b.status}" + (f"，计划 {b.due} 年完成" if b.due else ""))
                    for bid, b in found]
        value = f"{met} 年出版" if met else (evidence[0].text if found else "没有这本教材的记录")
        rule = f"教材中书名为《{title}》的记录状态为“已出版”，且出版年份不晚于 {t.textbooks_by} 年，即为完成。"
        out.append(Target(key, f"完成《{title}》{verb}", rule, _dated(met, t.textbooks_by, edition, bool(found)), value, t.textbooks_by, evidence=evidence))
    return out


def _first_year_in(table: dict, pool: str) -> int | None:
    years = [y for row in table.values() for y, s in row.items() if s.pool == pool and s.state != "未入库"]
    return min(years) if years else None


def _national_pool(table: dict, t: Targets, edition: int, central: str | None) -> Target:
    first = _first_year_in(table, V.NATIONAL)
    by_due = sum(1 for row in table.values() if (s := row.get(t.national_pool_by)) and s.pool == V.NATIONAL and s.state != "未入库")
    value = f"{first} 年起有教师入库，{t.national_pool_by} 年共 {by_due} 人" if first else "全国师资库还没有教师"
    rule = f"全国师资库在 {t.national_pool_by} 年（含）以前有教师入库，即为建立。"
    evidence = [Evidence("pool", V.NATIONAL, value)] + ([Evidence("department", central)] if central else [])
    return Target("national-pool", "建立全国组工干部教育培训师资库", rule, _dated(first, t.national_pool_by, edition, central is not None), value,
                  t.national_pool_by, evidence=evidence)


def _provinces(catalog, table: dict, t: Targets, edition: int) -> list[dict]:
    """Every provincial pool (31 provinces and 兵团): its department, the year it says the
    pool was set up, the first year it had teachers, and how many it had at the deadline."""
    owners = {d.pool: (did, d) for did, d in catalog.departments.items() if d.pool}
    first: dict[str, int] = {}
    at_due: dict[str, int] = {}
    for row in table.values():
        for year, s in row.items():
            if s.pool and s.state != "未入库" and year <= edition:
                first[s.pool] = min(first.get(s.pool, year), year)
        s = row.get(min(t.provincial_pools_by, edition))
        if s is not None and s.pool and s.state != "未入库":
            at_due[s.pool] = at_due.get(s.pool, 0) + 1
    rows = []
    for code in V.PROVINCES:
        did, dept = owners.get(code, (None, None))
        since = first.get(code)
        rows.append({"pool": code, "department": did, "pool_since": dept.pool_since if dept else None, "first": since,
                     "at_due": at_due.get(code, 0), "on_time": since is not None and since <= t.provincial_pools_by})
    return rows


def _provincial_pools(rows: list[dict], t: Targets, edition: int) -> Target:
    done = [r for r in rows if r["first"] is not None and r["first"] <= min(t.provincial_pools_by, edition)]
    known = any(r["department"] for r in rows)
    status = DONE if len(done) == len(rows) else (ONGOING if edition < t.provincial_pools_by else (MISSED if known else NO_DATA))
    value = f"{len(rows)} 个省级师资库中 {len(done)} 个按期有教师入库"
    rule = f"31 个省（区、市）和新疆生产建设兵团的师资库都在 {t.provincial_pools_by} 年（含）以前有教师入库，即为完成；下表列出每个师资库。"
    return Target("provincial-pools", "各省（区、市）建立师资库", rule, status, value, t.provincial_pools_by,
                  evidence=[Evidence("pool", r["pool"]) for r in done])


def _updates(teachers: dict, table: dict, t: Targets, edition: int) -> dict[str, dict[int, tuple[int, int]]]:
    """pool -> year -> (teachers reviewed for that year, teachers who needed a review):
    a teacher needs one in every year they are 在库 (directory rule 3)."""
    out: dict[str, dict[int, list[int]]] = {}
    last = min(edition, t.last_year)
    for tid, t_ in teachers.items():
        reviewed = {r.year for r in t_.reviews}
        for year, s in table[tid].items():
            if t.first_year <= year <= last and s.pool and status_in(t_, year) == "在库":
                cell = out.setdefault(s.pool, {}).setdefault(year, [0, 0])
                cell[1] += 1
                cell[0] += year in reviewed
    return {p: {y: (c[0], c[1]) for y, c in sorted(ys.items())} for p, ys in sorted(out.items(), key=lambda kv: V.pool_key(kv[0]))}


def _updated(updates: dict, year: int, t: Targets, edition: int) -> Target:
    pools = {p: ys[year] for p, ys in updates.items() if year in ys}
    good = [p for p, (done, need) in pools.items() if need and done / need >= t.update_share]
    status = _yearly(bool(pools) and len(good) == len(pools), year, edition, bool(pools))
    value = f"{len(pools)} 个师资库中 {len(good)} 个完成年度复核" if pools else "当年没有需要复核的教师"
    rule = f"每个师资库当年在库的教师中，有当年复核记录的不少于 {t.update_share:.0%}，即为该库已更新；所有师资库都已更新，即为完成。"
    evidence = [Evidence("pool", p, f"{done}/{need}") for p, (done, need) in pools.items()]
    return Target("updated", "各师资库年度更新", rule, status, value, year=year, evidence=evidence)


def _trained(programmes: dict, central: str | None, kind: str, goal: int, year: int, edition: int) -> Target:
    mine = [(pid, p) for pid, p in programmes.items() if p.year == year and p.kind == kind and p.organiser == central]
    count = sum(trained(p) for _, p in mine if p.status in COUNTED)
    planned = sum(trained(p) for _, p in mine if p.status == "计划")
    who = "师资" if kind == "师资培训" else "培训工作者"
    status = _yearly(count >= goal, year, edition, bool(mine))
    value = (f"{count} 人（目标 {goal} 人）" + (f"，另有计划中的 {planned} 人" if planned else "")) if mine else "没有记录"
    rule = f"中央组织部主办、状态为已完成或进行中的“{kind}”项目，当年参训人数合计不少于 {goal} 人，即为完成。"
    return Target("teachers-trained" if kind == "师资培训" else "workers-trained", f"培训 {goal} 名{who}", rule, status, value, year=year,
                  evidence=[Evidence("programme", pid, f"{trained(p)} 人 · {p.status}") for pid, p in mine])


def _shared(table: dict, year: int, t: Targets, edition: int) -> Target:
    listed: dict[str, int] = {}
    sharing: dict[str, int] = {}
    for row in table.values():
        s = row.get(year)
        if s is None or not s.listed:
            continue
        listed[s.pool] = listed.get(s.pool, 0) + 1
        if s.scope and any(V.shared_into(s.scope, s.pool, p) for p in (V.POOLS if V.ALL_POOLS in s.scope else s.scope) if p in V.POOLS):
            sharing[s.pool] = sharing.get(s.pool, 0) + 1
    good = [p for p in listed if sharing.get(p, 0) >= t.shared_min]
    status = _yearly(bool(listed) and len(good) == len(listed), year, edition, bool(listed))
    value = f"{len(listed)} 个师资库中 {len(good)} 个共享了教师，共 {sum(sharing.values())} 人" if listed else "当年没有列入名录的教师"
    rule = f"每个有教师的师资库当年至少有 {t.shared_min} 名列入名录的教师共享给其他师资库，即为完成。"
    evidence = [Evidence("pool", p, f"共享 {sharing.get(p, 0)} 人") for p in V.ordered_pools(listed)]
    return Target("shared", "师资共享", rule, status, value, year=year, evidence=evidence)


def progress_of(catalog, edition: int, rules=None, targets: Targets = Targets()) -> Progress:
    """progress() for a loaded catalog: the teachers as of the edition and their standings
    worked out here (the site reuses the standings it already has)."""
    from .directory import Rules, as_of, data_years, timeline

    teachers = as_of(catalog.teachers, edition)
    years = data_years(teachers, edition) if teachers else [edition]
    table = {tid: timeline(t, [years[0] - 1, *years], rules or Rules()) for tid, t in teachers.items()}
    return progress(catalog, table, edition, targets)
