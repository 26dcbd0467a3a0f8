"""A teacher record as of a year: status, pool and sharing scope, each the last entry of
its history up to that year. Facts of the record itself; the yearly directory
(yearly/directory.py) builds its rules on them, and validation checks them."""
from __future__ import annotations


def status_in(teacher, year: int) -> str:
    """A teacher's status in a year: the last change up to that year (入库 makes 在库)."""
    if teacher.entry_year > year:
        return "未入库"
    status = "在库"
    for change in teacher.status_changes:
        if change.year <= year:
            status = change.status
    return status


def pool_in(t, year: int) -> str:
    """The pool a teacher belongs to in a year (moves take effect from their year)."""
    pool = t.moves[0].from_pool if t.moves else t.pool
    for move in t.moves:
        if move.year <= year:
            pool = move.to_pool
    return pool


def scope_in(t, year: int) -> frozenset:
    scope: frozenset = frozenset()
    for share in t.sharing:
        if share.year <= year:
            scope = frozenset(share.scope)
    return scope
