"""Stage 3: validated records -> one frozen, indexed Catalog, after the checks that need
several records (unique ids, references, pool ownership, department tree).

``load_catalog(root)`` is the single entry point every command uses. ``Catalog.public()``
is the projection publishing stages get: the same records without private fields.
"""
from __future__ import annotations

import functools
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from . import vocab as V
from .fields import Suggester, fold
from .kind import Record
from .kinds import KINDS, public
from .problems import Finding, Problem, display_path, format_text, quote
from .secrets import Secrets
from . import textchecks
from .validate import Facts, FileResult, _leaks, _news, check_all, check_file, discover, no_gc, resolve, secret_keys

@dataclass(frozen=True)
class Catalog:
    """All records by kind and id, plus where each came from. Treat as read-only."""

    records: MappingProxyType  # kind -> {id: record}, ids sorted
    paths: MappingProxyType  # (kind, id) -> path relative to the data root
    is_public: bool = False

    def __getitem__(self, kind: str) -> dict[str, Record]:
        return self.records[kind]

    departments = property(lambda self: self.records["department"])
    courses = property(lambda self: self.records["course"])
    textbooks = property(lambda self: self.records["textbook"])
    bases = property(lambda self: self.records["base"])
    programmes = property(lambda self: self.records["programme"])
    teachers = property(lambda self: self.records["teacher"])

    def counts(self) -> dict[str, int]:
        return {kind: len(self.records[kind]) for kind in KINDS}

    def __len__(self) -> int:
        return sum(self.counts().values())

    def public(self, memo: dict | None = None) -> Catalog:
        """The projection everything that publishes must use: no contact data at all.
        memo (the preview's): id(record) -> (record, projection), reused for the same object."""
        if self.is_public:
            return self
        if memo is None:
            projected = {kind: {rid: public(rec) for rid, rec in recs.items()} for kind, recs in self.records.items()}
        else:
            projected = {kind: {rid: _projected(rec, memo) for rid, rec in recs.items()} for kind, recs in self.records.items()}
        return Catalog(MappingProxyType(projected), self.paths, is_public=True)


def _projected(record: Record, memo: dict) -> Record:
    known = memo.get(id(record))
    if known is None or known[0] is not record:
        known = memo[id(record)] = (record, public(record))
    return known[1]


@dataclass
class Result:
    catalog: Catalog  # empty of records when loaded with records=False
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # valid records per kind
    index: dict = field(default_factory=dict)  # kind -> id -> (Facts, file): what ownership needs
    secret_keys: tuple = ()  # every secret private value (secrets.secret_keys, with owners)

    @functools.cached_property
    def secrets(self) -> Secrets:
        """Every private value, for the guards of what is published (built when asked)."""
        return Secrets(self.secret_keys)

    @property
    def ok(self) -> bool:
        return not self.problems


class RecordsInvalid(Exception):
    """The records did not validate; the message lists every problem, as validate does."""


def load_or_fail(root: Path, what: str) -> Result:
    """The catalog of root, or RecordsInvalid saying what was not done (what: "网站没有生成")."""
    result = load_catalog(root)
    if not result.ok:
        raise RecordsInvalid(f"记录校验未通过，{what}：\n" + format_text(result.problems, result.files).rstrip())
    return result


def load_catalog(root: Path, *, jobs: int = 0, records: bool = True) -> Result:
    """Discover, load, validate and cross-check every record under root.

    records=False is for validation only: the models are not kept (or sent between
    processes), which lets large data sets be checked in parallel.
    """
    with no_gc():
        items, problems = discover(root)
        results = check_all(root, items, jobs, keep=records)
        return _across(root, items, problems, results, records)


def _across(root: Path, items, problems: list[Problem], results: list[FileResult], records: bool) -> Result:
    """The checks that need several records, over every file's own result."""
    with no_gc():
        for r in results:
            problems.extend(r.problems)
        findings: dict[PurePosixPath, list[Finding]] = defaultdict(list)
        index, known = _index(results, findings)
        _check_refs(index, known, findings)
        _check_departments(index["department"], findings)
        _check_pools(index, known, findings)
        flagged = {p.path for p in problems if p.code == "contact-in-text"}  # already told, once is enough
        _report_leaks(root, results, index, findings, flagged)
        for path, located in sorted(findings.items()):
            problems.extend(resolve(root, path, located))
        catalog = _catalog(results, index)
        keys = secret_keys(results) if records else ()  # what is published is guarded with them
    return Result(catalog, problems, len(items), {kind: len(ids) for kind, ids in index.items()}, index, keys)


class Reloader:
    """load_catalog again and again for the preview (peixun serve): a file whose size and
    modification time are unchanged keeps its checked result (and its record object, so
    that what is made from it can be recognised as unchanged); the checks across records
    and the privacy check of every text run each time, as in load_catalog."""

    def __init__(self, root: Path):
        self.root = root
        self.known: dict[PurePosixPath, tuple[tuple, FileResult, tuple | None]] = {}

    def load(self) -> Result:
        root = self.root
        with no_gc():
            items, problems = discover(root)
            known, results, sent, views = {}, [], [], []
            base = str(root)
            for kind, path in items:
                try:
                    st = os.stat(f"{base}/{path}")
                    stamp = (st.st_mtime_ns, st.st_size)
                except OSError:
                    stamp = None
                old = self.known.get(path)
                if old is not None and stamp is not None and old[0] == stamp:
                    r, flags = old[1], old[2]
                else:
                    r = check_file(root, kind, path, keep=True)
                    flags = None if r.view is None else textchecks.flags(r.view[2])
                known[path] = (stamp, r, flags)
                results.append(r)
                sent.append((r.kind.name, r.problems, r.facts, flags))
                views.append(r.view)
            self.known = known
            for r, leak in zip(results, _leaks(_news(sent), views)):
                r.leak = leak
            return _across(root, items, problems, results, True)


Index = dict[str, dict[str, tuple[Facts, PurePosixPath]]]  # kind -> id -> (facts, file)


def _index(results: list[FileResult], findings) -> tuple[Index, dict[str, set[str]]]:
    """Valid records by kind and id; ids claimed by two files are reported on both."""
    index: Index = {kind: {} for kind in KINDS}
    # files that failed their own checks still count as existing, so references to them
    # do not pile up as unknown-ref on top of the real problem
    known: dict[str, set[str]] = {kind: set() for kind in KINDS}
    claims: dict[tuple[str, str], list[FileResult]] = defaultdict(list)  # (kind, folded id) -> files
    for r in results:
        known[r.kind.name].add(r.path.stem)
        claims[(r.kind.name, fold(r.path.stem))].append(r)
    for (kind, _), files in claims.items():
        if len(files) > 1:
            for r in files:
                others = "、".join(display_path(o.path) for o in files if o is not r)
                findings[r.path].append(
                    Finding(
                        ("id",),
                        "duplicate-id",
                        f"{r.kind.label}编号 {quote(r.path.stem)} 与 {others} 重复（编号不区分大小写和全角半角）；"
                        "同一人在不同师资库也只能有一条记录，请保留一条，另一人改用其他编号（如加“-2”）。",
                    )
                )
        first = files[0]  # the first file (sorted by path) stands for the id
        if first.facts is not None:
            index[kind][first.facts.id] = (first.facts, first.path)
    return {kind: dict(sorted(ids.items())) for kind, ids in index.items()}, known


def _catalog(results: list[FileResult], index: Index) -> Catalog:
    records: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
    paths = {(kind, rid): path for kind, ids in index.items() for rid, (_, path) in ids.items()}
    by_path = {r.path: r.record for r in results if r.record is not None}
    for kind, ids in index.items():
        for rid, (_, path) in ids.items():
            if path in by_path:
                records[kind][rid] = by_path[path]
    return Catalog(MappingProxyType(records), MappingProxyType(paths))


def _report_leaks(root: Path, results: list[FileResult], index: Index, findings, flagged: set) -> None:
    """Every private value of every record was compared with the public text of every record
    (validate.check_all): teacher A's address in course B's summary is a leak too."""
    secrets = None
    for r in results:
        if r.leak is None or r.path in flagged:
            continue
        secrets = secrets or Secrets(secret_keys(results))
        (owner, field_path) = r.leak
        mine = owner == (r.kind.name, r.facts.id)
        source = "本记录" if mine else f" {display_path(index[owner[0]][owner[1]][1])} 中" if owner[1] in index[owner[0]] else "另一条记录"
        findings[r.path].append(
            Finding(
                _leaking_field(root, r.kind, r.path, secrets, owner),
                "contact-in-text",
                f"这段公开文本中出现了{source}不公开的联系方式（与 {field_path} 的内容相同）。联系方式不能公开，请从公开文本中删掉。",
            )
        )


def _leaking_field(root: Path, kind, path: PurePosixPath, secrets: Secrets, owner) -> tuple:
    """The public field that holds the private value (the file is read again: hits are rare)."""
    from .load import load_file
    from .textchecks import public_strings

    data = load_file(root, path).data or {}
    for loc, text in public_strings(kind, data):
        found = secrets.find(text)
        if found and found[0] == owner:  # the field the one-pass scan saw it in
            return loc
    return ()


SUGGESTION_BUDGET = 300  # "did you mean" costs ~5 ms against 30,000 ids: enough for any real PR


def _check_refs(index: Index, known: dict[str, set[str]], findings) -> None:
    suggesters: dict[str, Suggester] = {}
    guesses: dict[tuple[str, str], str | None] = {}
    for kind, ids in index.items():
        for facts, path in ids.values():
            for (field_name, value), (_, target) in zip(facts.refs, KINDS[kind].refs):
                refs = value if isinstance(value, list) else [value]
                for i, ref in enumerate(refs):
                    if ref is None or ref in known[target]:
                        continue
                    if (target, ref) not in guesses and len(guesses) < SUGGESTION_BUDGET:
                        if target not in suggesters:
                            suggesters[target] = Suggester(known[target], cutoff=0.75)
                        guesses[(target, ref)] = suggesters[target](ref)
                    guess = guesses.get((target, ref))
                    label = KINDS[target].label
                    hint = f"是否为 {guess}？" if guess else f"请先在 {KINDS[target].folder}/ 中添加该{label}，或改正编号。"
                    loc = (field_name, i) if isinstance(value, list) else (field_name,)
                    findings[path].append(Finding(loc, "unknown-ref", f"{label} {quote(ref)} 不存在。{hint}"))


def _check_departments(depts: dict[str, tuple[Facts, PurePosixPath]], findings) -> None:
    parent = {did: dict(facts.refs)["parent"] for did, (facts, _) in depts.items()}
    # cycles: follow parents once per department, remembering what is known to end well
    state: dict[str, int] = {}  # 1 = on the current path, 2 = reaches the top
    in_cycle: set[str] = set()
    for start in depts:
        path: list[str] = []
        current: str | None = start
        while current in depts and state.get(current) is None:
            state[current] = 1
            path.append(current)
            current = parent[current]
        cycle = path[path.index(current) :] if state.get(current) == 1 else []
        in_cycle.update(cycle)
        if len(cycle) > 1:  # a department that is its own parent is reported as self-ref
            at = cycle.index(min(cycle))
            ring = cycle[at:] + cycle[:at]
            message = f"上级部门形成循环：{' → '.join(ring + [ring[0]])}。请改正其中一个部门的 parent。"
            findings[depts[ring[0]][1]].append(Finding(("parent",), "parent-cycle", message))
        for did in path:
            state[did] = 2
    # levels: a parent is above its child (central units sit under 中央组织部), same province
    for did, (facts, path) in depts.items():
        pid = parent[did]
        if pid not in depts or did in in_cycle:
            continue
        level, dtype, province = facts.place
        plevel, ptype, pprovince = depts[pid][0].place
        unit_under_centre = level == plevel == "中央" and dtype != "党委组织部" and ptype == "党委组织部"
        if V.DEPT_LEVEL.order(plevel) >= V.DEPT_LEVEL.order(level) and not unit_under_centre:
            message = f"上级部门 {pid} 的层级是“{plevel}”，不高于本部门的“{level}”；请检查 parent 或 level。"
            findings[path].append(Finding(("parent",), "bad-parent", message))
        elif province and pprovince and province != pprovince:
            message = f"上级部门 {pid} 在{V.province_name(pprovince)}，本部门在{V.province_name(province)}；请检查 parent 或 province。"
            findings[path].append(Finding(("parent",), "bad-parent", message))


def _check_pools(index: Index, known: dict[str, set[str]], findings) -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for did, (facts, _) in index["department"].items():
        if facts.pool is not None:
            owners[facts.pool].append(did)
    for pool, dids in owners.items():
        for did in dids if len(dids) > 1 else ():
            others = "、".join(d for d in dids if d != did)
            findings[index["department"][did][1]].append(
                Finding(("pool",), "duplicate-pool", f"{V.pool_label(pool)}同时由部门 {others} 负责；一个师资库只能有一个负责部门，请删去多余的 pool。")
            )
    if len(known["department"]) > len(index["department"]):
        return  # a department file is broken: it may be the owner, so do not guess
    unowned: dict[str, list[PurePosixPath]] = defaultdict(list)
    for facts, path in index["teacher"].values():
        if facts.pool not in owners:
            unowned[facts.pool].append(path)
    for pool, paths in sorted(unowned.items()):
        findings[min(paths)].append(
            Finding(
                ("pool",),
                "unowned-pool",
                f"{V.pool_label(pool)}（{pool}）没有负责部门：共 {len(paths)} 名教师在此库中。"
                f"请在 catalog/departments/ 中给负责的部门加上 pool: \"{pool}\"。",
            )
        )
