"""A record's own consistency, after its schema passed: file name and folder, repeated list
items, contact data leaking into public text, and a teacher's history in time order.
Returns findings (located by data path); validate.py turns them into problems.
"""
from __future__ import annotations

import functools
import re
from pathlib import PurePosixPath

from . import vocab as V
from .history import pool_in
from .fields import fold
from .kind import Kind, Model, Record, describe, inner_model
from .kinds.course import Course
from .kinds.department import Department
from .kinds.teacher import Teacher
from .kinds.textbook import Textbook
from .problems import Finding, display_path, quote
from .textchecks import complexity_findings, contact_findings, markup_findings

TEACHER_YEAR_MIN = 2013  # the plan (2013–2017) starts the pools; nothing in them is older
_WIDE = re.compile(r"[\uff01-\uff5e\u3000]")  # full-width forms that NFKC folds to ASCII

def record_findings(kind: Kind, path: PurePosixPath, record: Record, data: dict, public) -> list[Finding]:
    """Findings about one record, from its model, the data it was built from, and its
    public text (textchecks.public_text)."""
    out: list[Finding] = []
    stem = path.stem
    if record.id != stem:
        out.append(Finding(("id",), "id-mismatch", f"id 为 {record.id}，但文件名是 {quote(path.name)}；两者必须相同（文件应命名为 {record.id}.yml）。"))
    if isinstance(record, Teacher):
        out += _teacher_place(path, record)
        out += _teacher_history(record)
    elif isinstance(record, Course):
        if record.id in record.related:
            out.append(Finding(("related", record.related.index(record.id)), "self-ref", "相关课程中不能包含本课程自己。"))
    elif isinstance(record, Department):
        out += _department(record)
    elif isinstance(record, Textbook):
        if record.status == "已出版" and record.year is None:
            out.append(Finding(("status",), "missing-field", "状态为“已出版”时须填写出版年份 year。"))
    out += _repeats(kind.model, data)
    out += contact_findings(kind, data, public)
    out += markup_findings(kind, data, public)
    out += complexity_findings(kind, data)
    return out


def _teacher_place(path: PurePosixPath, teacher: Teacher) -> list[Finding]:
    folder = path.parts[1]
    if folder != V.NATIONAL and folder not in V.PROVINCES:
        return [
            Finding(
                ("pool",),
                "pool-mismatch",
                f"目录 teachers/{display_path(folder)}/ 不是师资库：应为 teachers/national/ 或 teachers/<省级代码>/，"
                f"本记录的 pool 为 {teacher.pool}，请移到 teachers/{teacher.pool}/。",
            )
        ]
    if folder != teacher.pool:
        return [
            Finding(
                ("pool",),
                "pool-mismatch",
                f"pool 为 {teacher.pool}（{V.pool_label(teacher.pool)}），但文件在 teachers/{display_path(folder)}/ 中；"
                f"请把文件移到 teachers/{teacher.pool}/，或改正 pool。",
            )
        ]
    return []


def _department(dept: Department) -> list[Finding]:
    out = []
    if dept.parent == dept.id:
        out.append(Finding(("parent",), "self-ref", "上级部门不能是本部门自己。"))
    if dept.level in ("省", "市", "县") and dept.province is None:
        out.append(Finding(("level",), "missing-field", f"层级为“{dept.level}”的部门须填写所在省份 province（省级行政区划代码）。"))
    if dept.level != "中央" and dept.parent is None:
        out.append(Finding(("level",), "missing-field", f"层级为“{dept.level}”的部门须填写上级部门 parent。"))
    if dept.pool == V.NATIONAL and dept.level != "中央":
        out.append(Finding(("pool",), "pool-mismatch", "全国师资库（national）只能由中央层级的部门负责。"))
    elif dept.pool not in (None, V.NATIONAL) and dept.province not in (None, dept.pool):
        out.append(
            Finding(
                ("pool",),
                "pool-mismatch",
                f"本部门在 {V.province_name(dept.province)}（{dept.province}），却负责 {V.pool_label(dept.pool)}（{dept.pool}）；"
                "省级师资库应由本省的部门负责。",
            )
        )
    return out


@functools.cache
def _lists_in(model: type[Model]) -> tuple[tuple[str, bool, type[Model] | None], ...]:
    """(key, is a list, nested model) of every field that is a list or may hold one."""
    out = []
    for name, info in model.model_fields.items():
        if name == "contact":
            continue
        nested = inner_model(info.annotation)
        inner = _lists_in(nested) if nested is not None else ()
        is_list = "list[" in str(info.annotation)
        if is_list or inner:
            out.append((info.alias or name, is_list, nested if inner else None))
    return tuple(out)


def _repeats(model: type[Model], data: dict, loc: tuple = ()) -> list[Finding]:
    """The same text twice in one list is a copy-paste slip (a teacher listed twice...);
    compared without surrounding spaces and without case or width differences."""
    out = []
    for key, is_list, nested in _lists_in(model):
        value = data.get(key)
        if is_list and type(value) is list and len(value) > 1:
            texts = [item.strip().casefold() for item in value if type(item) is str]
            if len(set(texts)) != len(texts) or any(_WIDE.search(t) for t in texts):  # fold() only when it could matter
                seen: dict[str, int] = {}
                for i, item in enumerate(value):
                    if type(item) is not str:
                        continue
                    folded = fold(item.strip())
                    if folded in seen:
                        shown, title, _ = describe(model, loc + (key,))
                        message = f"{shown}（{title}）中 {quote(item)} 与第 {seen[folded] + 1} 项重复，请删除一处。"
                        out.append(Finding(loc + (key, i), "duplicate-item", message))
                    else:
                        seen[folded] = i
        if nested is not None:
            for i, item in enumerate(value) if type(value) is list else [(None, value)]:
                if type(item) is dict:
                    out += _repeats(nested, item, loc + ((key, i) if i is not None else (key,)))
    return out


# -- a teacher's history ----------------------------------------------------------------------
def _ordered(items, field: str, entry: int, what: str) -> list[Finding]:
    """Entries in time order, none before entry, at most one a year."""
    out = []
    prev = None
    for i, item in enumerate(items):
        year = item.year
        if year < TEACHER_YEAR_MIN:
            out.append(Finding((field, i, "year"), "bad-year", f"{what}年份 {year} 早于师资库的建立（{TEACHER_YEAR_MIN} 年起）。"))
        elif year < entry:
            out.append(Finding((field, i, "year"), "year-order", f"{what}年份 {year} 早于入库年份 {entry}。"))
        if prev is not None and year == prev:
            out.append(Finding((field, i, "year"), "duplicate-year", f"{year} 年已有一条{what}记录，同一年只能有一条。"))
        elif prev is not None and year < prev:
            out.append(Finding((field, i, "year"), "year-order", f"{what}记录应按年份从早到晚排列：{year} 排在了 {prev} 之后。"))
        prev = year
    return out


def _teacher_history(t: Teacher) -> list[Finding]:
    out = []
    entry = t.entry_year
    if entry < TEACHER_YEAR_MIN:
        out.append(Finding(("entry_year",), "bad-year", f"入库年份 {entry} 早于师资库的建立（{TEACHER_YEAR_MIN} 年起）。"))
    out += _ordered(t.reviews, "reviews", entry, "复核")
    out += _ordered(t.status_changes, "status_changes", entry, "状态变化")
    out += _ordered(t.moves, "moves", entry, "调动")
    out += _ordered(t.sharing, "sharing", entry, "共享范围变化")

    # status: a change must change something, and nothing follows 退出
    exit_year = None
    previous = "在库"  # entering the pool makes a teacher 在库
    for i, change in enumerate(t.status_changes):
        if exit_year is not None:
            out.append(Finding(("status_changes", i, "status"), "after-exit", f"{exit_year} 年已退出师资库，之后不能再有状态变化；重新入库请新建记录。"))
            continue
        if change.status == previous:
            what = "入库时即为“在库”" if i == 0 else f"上一条已是“{previous}”"
            out.append(Finding(("status_changes", i, "status"), "bad-history", f"状态没有变化：{what}，这一条多余或写错了状态。"))
        if change.status == "退出":
            exit_year = change.year
        previous = change.status
    if exit_year is not None:
        for field, items, what in (("reviews", t.reviews, "复核"), ("moves", t.moves, "调动"), ("sharing", t.sharing, "共享范围变化")):
            for i, item in enumerate(items):
                if item.year > exit_year:
                    out.append(Finding((field, i, "year"), "after-exit", f"{exit_year} 年已退出师资库，{item.year} 年不应再有{what}记录。"))

    # moves: a chain from the first pool to the current one
    for i, move in enumerate(t.moves):
        if move.from_pool == move.to_pool:
            out.append(Finding(("moves", i, "to"), "self-ref", f"调出和调入是同一个师资库（{move.to_pool}）。"))
        if i and move.from_pool != t.moves[i - 1].to_pool:
            out.append(
                Finding(
                    ("moves", i, "from"),
                    "bad-history",
                    f"调出师资库应为上一次调入的 {t.moves[i - 1].to_pool}，而不是 {move.from_pool}。",
                )
            )
    if t.moves and t.moves[-1].to_pool != t.pool:
        out.append(
            Finding(
                ("moves", len(t.moves) - 1, "to"),
                "bad-history",
                f"最后一次调动调入 {t.moves[-1].to_pool}，但 pool 是 {t.pool}；两者应一致（当前所属师资库）。",
            )
        )

    # sharing: a change must change something, and never names the teacher's own pool
    previous: set[str] = set()  # not shared when entering the pool
    for i, share in enumerate(t.sharing):
        home = pool_in(t, share.year)
        scope = set(share.scope)
        if home in scope:
            out.append(Finding(("sharing", i, "scope", share.scope.index(home)), "self-ref", f"{share.year} 年该教师就在 {home}，不需要共享给本库。"))
        if V.ALL_POOLS in scope and len(scope) > 1:
            out.append(Finding(("sharing", i, "scope"), "bad-value", "all 已包含所有师资库，不必再列出其他师资库。"))
        if scope == previous:
            what = "入库时本来就不共享" if not scope and i == 0 else "与上一条相同"
            out.append(Finding(("sharing", i, "scope"), "bad-history", f"共享范围没有变化（{what}），这一条多余或写错了。"))
        previous = scope
    return out
