"""Splitting CPU-bound work over forked processes (2 cores on the target machine).

The work list is shared by fork (nothing is pickled on the way in); each process takes an
interleaved share (items i, i+n, i+2n…), which balances big and small items, and this
process does share 0 itself. Only results travel back, so callers keep them small.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_WORK: tuple[Callable, Sequence, int] | None = None  # seen by forked workers


def jobs_for(jobs: int, count: int, minimum: int) -> int:
    """How many processes to use: jobs (0 = one a CPU), and one when the work is small."""
    if count < minimum or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(jobs or os.cpu_count() or 1, 8, count))


def map_shares(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """[fn(item) for item in items], computed in `jobs` processes, in the same order."""
    global _WORK
    if jobs <= 1:
        return [fn(item) for item in items]
    _WORK = (fn, items, jobs)
    try:
        with multiprocessing.get_context("fork").Pool(jobs - 1) as pool:
            pending = pool.map_async(_share, range(1, jobs))
            shares = [_share(0), *pending.get()]
    finally:
        _WORK = None
    out: list = [None] * len(items)
    for share, results in enumerate(shares):
        out[share::jobs] = results
    return out


def _share(share: int) -> list:
    fn, items, step = _WORK
    return [fn(item) for item in items[share::step]]
