"""What a teacher record must get right on its own: its folder is its pool, and its
history (reviews, status changes, moves, sharing) is in time order and makes sense."""
from __future__ import annotations

from pathlib import PurePosixPath

from .. import vocab as V
from ..history import pool_in
from ..problems import Finding, display_path

TEACHER_YEAR_MIN = 2013  # the plan (2013–2017) starts the pools; nothing in them is older


def checks(teacher, path: PurePosixPath) -> list[Finding]:
    return place(teacher, path) + history(teacher)


def place(teacher, path: PurePosixPath) -> list[Finding]:
    """The file's pool folder is a pool, and the record's own."""
    folder = path.parts[1]
    if not V.is_pool(folder):
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


def history(t) -> list[Finding]:
    """A teacher's history: entries in time order from the entry year, at most one a year;
    then status, moves and sharing each make sense on their own."""
    out = []
    entry = t.entry_year
    if entry < TEACHER_YEAR_MIN:
        out.append(Finding(("entry_year",), "bad-year", f"入库年份 {entry} 早于师资库的建立（{TEACHER_YEAR_MIN} 年起）。"))
    out += _ordered(t.reviews, "reviews", entry, "复核")
    out += _ordered(t.status_changes, "status_changes", entry, "状态变化")
    out += _ordered(t.moves, "moves", entry, "调动")
    out += _ordered(t.sharing, "sharing", entry, "共享范围变化")
    return out + _statuses(t) + _moves(t) + _sharing(t)


def _statuses(t) -> list[Finding]:
    """A change must change something, and nothing follows 退出."""
    out = []
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
    return out


def _moves(t) -> list[Finding]:
    """A chain from the first pool to the current one."""
    out = []
    for i, move in enumerate(t.moves):
        if move.from_pool == move.to_pool:
            out.append(Finding(("moves", i, "to"), "self-ref", f"调出和调入是同一个师资库（{move.to_pool}）。"))
        if i and move.from_pool != t.moves[i - 1].to_pool:
            message = f"调出师资库应为上一次调入的 {t.moves[i - 1].to_pool}，而不是 {move.from_pool}。"
            out.append(Finding(("moves", i, "from"), "bad-history", message))
    if t.moves and t.moves[-1].to_pool != t.pool:
        message = f"最后一次调动调入 {t.moves[-1].to_pool}，但 pool 是 {t.pool}；两者应一致（当前所属师资库）。"
        out.append(Finding(("moves", len(t.moves) - 1, "to"), "bad-history", message))
    return out


def _sharing(t) -> list[Finding]:
    """A change must change something, and never names the teacher's own pool."""
    out = []
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
