"""The teacher directory year by year (师资库动态管理). The rules, exactly as implemented:

1. 入库：教师自入库年份起进入师资库，此前不出现在任何名录中。
2. 状态：状态变化自当年起生效。“暂停”的教师自当年起不列入名录；恢复“在库”后重新列入；
   “退出”后不再列入，也不能恢复（重新入库需要新建记录）。
3. 年度复核：每名在库教师每年复核一次，结果为合格、基本合格或不合格。某一年需要复核，
   当且仅当教师该年状态为“在库”（暂停、退出的年份不需要复核）。Y 年的名录看 Y−1 年及以前的复核：
   - 从 Y−1 年往前数，连续缺少复核的“需要复核的年份”有 N 年：N ≥ pending_after（默认 1）时，
     教师仍列入 Y 年名录，但标为“待复核”；N ≥ drop_after（默认 2）时，不列入 Y 年名录（暂不列入）。
   - Y−1 年复核“不合格”时，不列入 Y 年名录（drop_on_fail，默认是）；下一年复核合格后重新列入。
   - 入库当年不需要上一年的复核，所以新入库的教师当年不会“待复核”。
4. 调动：自调动年份起属于调入的师资库。
5. 共享：共享范围自当年起生效，直到下一条共享记录；共享到 national 或 all 的教师出现在全国师资库的
   “共享到本库”名单中，共享到某省（或 all）的教师出现在该省师资库的名单中；只有列入当年名录的教师会被共享。

The thresholds are settings (mkdocs.yml, plugin peixun), read into Rules; nothing else in
the code or templates decides who is listed.
"""
from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..records import vocab as V
from ..records.history import pool_in, scope_in, status_in

# States a teacher can be in, in a year (records/vocab.DIRECTORY_STATE). Listed = shown in
# that year's public directory.
ACTIVE, PENDING, SUSPENDED, DROPPED, LEFT, NOT_YET = V.DIRECTORY_STATE.values
LISTED = frozenset((ACTIVE, PENDING))
STATE_SLUGS = {t.value: t.slug for t in V.DIRECTORY_STATE.terms}


@dataclass(frozen=True)
class Rules:
    pending_after: int = 1  # consecutive missing reviews that mark a teacher 待复核
    drop_after: int = 2  # consecutive missing reviews that take a teacher out of the directory
    drop_on_fail: bool = True  # 不合格 last year takes a teacher out of this year's directory

    def __post_init__(self):
        if not 1 <= self.pending_after <= self.drop_after:
            raise ValueError("需要 1 ≤ pending_after ≤ drop_after")


@dataclass(frozen=True)
class Standing:
    """Where a teacher stands in one year."""

    year: int
    state: str
    pool: str | None  # the pool the teacher belongs to that year (None before entry)
    scope: frozenset = frozenset()  # sharing scope in effect that year
    missing: int = 0  # consecutive required reviews missing, counted back from year-1
    reason: str = ""  # why pending or not listed, in Chinese

    @property
    def listed(self) -> bool:
        return self.state in LISTED


def standing(t, year: int, rules: Rules = Rules()) -> Standing:
    """The rules above, for one teacher and one year."""
    if year < t.entry_year:
        return Standing(year, NOT_YET, None)
    pool, scope = pool_in(t, year), scope_in(t, year)
    status = status_in(t, year)
    if status in (SUSPENDED, LEFT):
        return Standing(year, status, pool, scope, reason=_status_reason(t, year))
    reviews = {r.year: r.result for r in t.reviews}
    missing = missing_reviews(t, year)
    if rules.drop_on_fail and reviews.get(year - 1) == "不合格":
        return Standing(year, DROPPED, pool, scope, missing, f"{year - 1} 年复核不合格")
    if missing >= rules.drop_after:
        return Standing(year, DROPPED, pool, scope, missing, f"连续 {missing} 年未复核")
    if missing >= rules.pending_after:
        return Standing(year, PENDING, pool, scope, missing, f"{year - 1} 年复核结果尚未报送")
    return Standing(year, ACTIVE, pool, scope, missing)


def missing_reviews(t, year: int) -> int:
    """Required reviews missing in a row, counted back from year-1 (a year needs a review
    when the teacher was 在库 in it; other years neither count nor break the run)."""
    reviewed = {r.year for r in t.reviews}
    missing = 0
    for past in range(year - 1, t.entry_year - 1, -1):
        if status_in(t, past) != ACTIVE:
            continue
        if past in reviewed:
            break
        missing += 1
    return missing


def _status_reason(t, year: int) -> str:
    reason = ""
    for change in t.status_changes:
        if change.year <= year:
            reason = f"{change.year} 年{change.status}：{change.reason}"
    return reason


def timeline(t, years, rules: Rules = Rules()) -> dict[int, Standing]:
    """standing(t, y, rules) for every y in years (ascending), in one pass: the same answers
    (a test compares them), at a fraction of the cost for tens of thousands of teachers."""
    out: dict[int, Standing] = {}
    reviews = {r.year: r.result for r in t.reviews}
    changes_by_year = {c.year: c for c in t.status_changes}
    status, pool, scope, run = ACTIVE, None, frozenset(), 0
    moves = {m.year: m.to_pool for m in t.moves}
    shares = {x.year: frozenset(x.scope) for x in t.sharing}
    first = t.moves[0].from_pool if t.moves else t.pool
    reason = ""
    previous_status = None
    for year in range(min(min(years), t.entry_year), max(years) + 1):
        if year < t.entry_year:
            if year in years:
                out[year] = Standing(year, NOT_YET, None)
            continue
        if year == t.entry_year:
            status, pool, scope = ACTIVE, first, frozenset()
        else:
            # the run of missing reviews counts the years before this one
            if previous_status == ACTIVE:
                run = 0 if year - 1 in reviews else run + 1
        # events take effect from their year (validation keeps them from preceding the entry)
        if year in changes_by_year:
            change = changes_by_year[year]
            status, reason = change.status, f"{change.year} 年{change.status}：{change.reason}"
        pool = moves.get(year, pool)
        scope = shares.get(year, scope)
        previous_status = status
        if year not in years:
            continue
        if status in (SUSPENDED, LEFT):
            out[year] = Standing(year, status, pool, scope, reason=reason)
        elif rules.drop_on_fail and reviews.get(year - 1) == "不合格":
            out[year] = Standing(year, DROPPED, pool, scope, run, f"{year - 1} 年复核不合格")
        elif run >= rules.drop_after:
            out[year] = Standing(year, DROPPED, pool, scope, run, f"连续 {run} 年未复核")
        elif run >= rules.pending_after:
            out[year] = Standing(year, PENDING, pool, scope, run, f"{year - 1} 年复核结果尚未报送")
        else:
            out[year] = Standing(year, ACTIVE, pool, scope, run)
    return out


def shared_with(standing: Standing, pool: str) -> bool:
    """Whether a listed teacher of another pool appears in this pool's shared list."""
    return standing.listed and V.shared_into(standing.scope, standing.pool, pool)


# -- a whole year ----------------------------------------------------------------------------
@dataclass
class Directory:
    """Every teacher's standing in one year, and the lists per pool (ids, in catalog order)."""

    year: int
    standings: dict[str, Standing]
    own: dict[str, list[str]] = field(default_factory=dict)  # pool -> listed teachers of the pool
    shared: dict[str, list[str]] = field(default_factory=dict)  # pool -> listed teachers shared into it

    def count(self, pool: str, state: str) -> int:
        return sum(1 for tid in self.own.get(pool, ()) if self.standings[tid].state == state)

    @functools.cached_property
    def states(self) -> Counter:
        """How many teachers are in each state this year."""
        return Counter(s.state for s in self.standings.values())

    @property
    def listed(self) -> int:
        return self.states[ACTIVE] + self.states[PENDING]


def directory(teachers: dict, year: int, rules: Rules, pools, standings: dict | None = None) -> Directory:
    """The directory of a year: teachers are taken in the order of `teachers`; standings
    may be given when already worked out (see timeline)."""
    if standings is None:
        standings = {tid: standing(t, year, rules) for tid, t in teachers.items()}
    own: dict[str, list[str]] = defaultdict(list)
    for tid, s in standings.items():
        if s.listed:
            own[s.pool].append(tid)
    # one pass over the sharing teachers (not one per pool): each goes to the pools its
    # scope names, in catalog order, as shared_with decides
    shared: dict[str, list[str]] = {pool: [] for pool in pools}
    everywhere = list(shared)
    for tid, s in standings.items():
        if s.listed and s.scope:
            for pool in everywhere if V.ALL_POOLS in s.scope else s.scope:
                if pool in shared and shared_with(s, pool):
                    shared[pool].append(tid)
    return Directory(year, standings, dict(own), shared)


# -- what changed between two years -------------------------------------------------------
CHANGE_KINDS = (
    ("新入库", "joined"),
    ("调动", "moved"),
    ("暂停", "suspended"),
    ("恢复", "resumed"),
    ("退出", "left"),
    ("共享范围变化", "sharing"),
    ("待复核", "pending"),
    ("暂不列入", "dropped"),
    ("重新列入", "relisted"),
)


@dataclass(frozen=True)
class Change:
    year: int
    kind: str  # one of CHANGE_KINDS
    pool: str  # the pool it concerns (for a move: the pool moved to)
    teacher: str  # id
    name: str
    detail: str  # Chinese


def change_counts(rows: list[Change]) -> dict[str, Counter]:
    """pool -> kind -> how many; the key "" holds the totals."""
    out: dict[str, Counter] = defaultdict(Counter)
    for c in rows:
        out[c.pool][c.kind] += 1
        out[""][c.kind] += 1
    return out


def changes(teachers: dict, year: int, rules: Rules, table: dict | None = None, memo: dict | None = None) -> list[Change]:
    """What changed in `year` compared with year-1, teacher by teacher, in a fixed order.
    table: teacher -> year -> Standing for both years, when already worked out. memo (the
    preview's): a teacher's rows are reused while the teacher and standings are the same objects."""
    order = {kind: i for i, (kind, _) in enumerate(CHANGE_KINDS)}
    out: list[Change] = []
    for tid, t in teachers.items():
        if table is not None:
            now, before = table[tid][year], table[tid][year - 1]
        else:
            now, before = standing(t, year, rules), standing(t, year - 1, rules)
        if now.state == NOT_YET:
            continue
        known = memo.get((tid, year)) if memo is not None else None
        if known is not None and known[0] is t and known[1] is now and known[2] is before:
            out.extend(known[3])
            continue
        rows = _teacher_changes(tid, t, year, now, before)
        if memo is not None:
            memo[(tid, year)] = (t, now, before, rows)
        out.extend(rows)
    return sorted(out, key=lambda c: (V.pool_key(c.pool), order[c.kind], c.teacher))


def _teacher_changes(tid: str, t, year: int, now: Standing, before: Standing) -> list[Change]:
    out: list[Change] = []

    def add(kind: str, detail: str, pool: str = now.pool) -> None:
        out.append(Change(year, kind, pool, tid, t.name, detail))

    if t.entry_year == year:
        add("新入库", f"{t.unit}，{t.source}")
    for move in t.moves:
        if move.year == year:
            add("调动", f"{V.pool_label(move.from_pool)} → {V.pool_label(move.to_pool)}" + (f"（{move.reason}）" if move.reason else ""))
    for change in t.status_changes:
        if change.year == year:
            kind = {"暂停": "暂停", "在库": "恢复", "退出": "退出"}[change.status]
            add(kind, change.reason)
    for share in t.sharing:
        if share.year == year:
            add("共享范围变化", f"{V.scope_text(before.scope)} → {V.scope_text(share.scope)}")
    if now.state == PENDING:
        add("待复核", now.reason)
    if now.state == DROPPED and before.state != DROPPED:
        add("暂不列入", now.reason)
    if before.state == DROPPED and now.listed:
        result = next((r.result for r in t.reviews if r.year == year - 1), None)
        add("重新列入", f"{year - 1} 年复核{result}" if result else now.reason or "复核已补报")
    return out


@dataclass(frozen=True)
class Due:
    teacher: str
    missing: int  # required reviews missing in a row, the one for year-1 included
    standing: Standing  # what that means for the year's directory


def review_due(teachers: dict, year: int, rules: Rules) -> dict[str, list[Due]]:
    """Per pool (as of year-1): the teachers whose review for year-1 is missing although
    it was required. Teachers who have left since are not listed."""
    out: dict[str, list[Due]] = defaultdict(list)
    for tid, t in teachers.items():
        if year - 1 < t.entry_year or status_in(t, year - 1) != ACTIVE:
            continue
        if any(r.year == year - 1 for r in t.reviews) or status_in(t, year) == LEFT:
            continue
        out[pool_in(t, year - 1)].append(Due(tid, missing_reviews(t, year), standing(t, year, rules)))
    return {pool: out[pool] for pool in V.ordered_pools(out)}


def data_years(teachers: dict, edition: int) -> list[int]:
    """The years the site covers: from the first entry to the edition."""
    if not teachers:
        return [edition]
    first = min(t.entry_year for t in teachers.values())
    return list(range(min(first, edition), edition + 1))


def as_of(teachers: dict, year: int) -> dict:
    """The teachers as known in `year`: later entries dropped, later events cut, pool as then.
    The site "as of Y" is built from this, so an older edition never shows the future."""
    out = {}
    for tid, t in teachers.items():
        if t.entry_year > year:
            continue
        cut = {
            "reviews": [x for x in t.reviews if x.year <= year],
            "status_changes": [x for x in t.status_changes if x.year <= year],
            "moves": [x for x in t.moves if x.year <= year],
            "sharing": [x for x in t.sharing if x.year <= year],
        }
        if any(len(cut[k]) != len(getattr(t, k)) for k in cut) or pool_in(t, year) != t.pool:
            t = t.model_copy(update={**cut, "pool": pool_in(t, year)})
        out[tid] = t
    return out
