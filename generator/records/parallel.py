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


def two_phase(first: Callable, between: Callable, second: Callable, items: Sequence, jobs: int) -> tuple[list, object, list]:
    """Work in two rounds with what the first round learnt about everything in between.

    first(item) -> (sent, kept): `sent` travels to this process, `kept` stays in the process
    that computed it. between(all sent, in order) -> news, handed to every process (keep it
    small: it is sent to each). second(news, kept) -> one result per item, computed where
    `kept` lives. Returns the sent values, the news and the second-round results, in the
    order of items. Forked workers keep their share in memory between the rounds, so large
    `kept` values never travel."""
    if jobs <= 1:
        done = [first(item) for item in items]
        sent = [value for value, _ in done]
        news = between(sent)
        return sent, news, second(news, [kept for _, kept in done])
    context = multiprocessing.get_context("fork")
    pipes, workers = [], []
    for share in range(1, jobs):
        mine, theirs = context.Pipe()
        worker = context.Process(target=_two_phase_worker, args=(theirs, first, second, items[share::jobs]), daemon=True)
        worker.start()
        theirs.close()
        pipes.append(mine)
        workers.append(worker)
    try:
        local = [first(item) for item in items[0::jobs]]
        shares = [[value for value, _ in local], *(_receive(pipe) for pipe in pipes)]
        sent: list = [None] * len(items)
        for share, values in enumerate(shares):
            sent[share::jobs] = values
        news = between(sent)
        for pipe in pipes:
            pipe.send(news)
        results = [second(news, [kept for _, kept in local]), *(_receive(pipe) for pipe in pipes)]
    finally:
        for pipe in pipes:
            pipe.close()
        for worker in workers:  # its results are in: it has nothing left to do but exit
            worker.terminate()
            worker.join(timeout=5)
    out: list = [None] * len(items)
    for share, values in enumerate(results):
        out[share::jobs] = values
    return sent, news, out


class _Failed:
    """What a worker sends instead of its result when it failed."""

    def __init__(self, text: str):
        self.text = text


def _receive(pipe):
    message = pipe.recv()
    if isinstance(message, _Failed):
        raise RuntimeError(f"并行进程出错：{message.text}")
    return message


def _two_phase_worker(pipe, first, second, share) -> None:
    try:
        done = [first(item) for item in share]
        pipe.send([sent for sent, _ in done])
        news = pipe.recv()
        pipe.send(second(news, [kept for _, kept in done]))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent, which waits for it
        import traceback

        pipe.send(_Failed("".join(traceback.format_exception(exc))))
    finally:
        pipe.close()


class ChildDied(Exception):
    """The forked process ended without an answer (killed, out of memory)."""

    def __init__(self, code):
        super().__init__(f"exit code {code}")
        self.code = code


def in_child(work: Callable[[], R]) -> R:
    """work() in a forked process that ends when it is done, so that all the memory it used
    goes back to the system (a Python process keeps what it once held). Its exception is
    raised here (with the child's traceback as .child_traceback). Without fork: here."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return work()
    import sys
    import traceback

    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe(duplex=False)

    def run() -> None:
        try:
            theirs.send(("ok", work()))
        except BaseException as exc:  # noqa: BLE001 - raised again in the parent
            exc.child_traceback = traceback.format_exc()
            try:
                theirs.send(("raised", exc))
            except Exception:  # noqa: BLE001 - an exception that does not pickle
                theirs.send(("raised", RuntimeError(f"{type(exc).__name__}: {exc}\n{exc.child_traceback}")))
        finally:
            sys.stdout.flush()

    child = context.Process(target=run)
    child.start()
    theirs.close()
    try:
        status, value = mine.recv()
    except EOFError:
        child.join()
        raise ChildDied(child.exitcode) from None
    finally:
        mine.close()
    child.join()
    if status == "raised":
        raise value
    return value
