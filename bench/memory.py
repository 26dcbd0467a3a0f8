"""Peak memory of a whole process tree at one moment: a command with its forked workers and
the Pagefind it starts, sampled every 0.2 s.

Forked workers share their parent's pages until they write to them, so summing RSS counts
shared pages once per process; the proportional set size (PSS, /proc/PID/smaps_rollup)
divides each shared page between the processes that map it, so the sum over the tree is
what the tree really holds. Linux only (this machine and GitHub's runners).
"""
from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += _children(p)
    return out


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreePeak:
    """Sample the tree under pid until stopped; .peak_kb is the largest summed PSS."""

    def __init__(self, pid: int, every: float = 0.2):
        self.pid, self.every, self.peak_kb = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(self.pid)))
            time.sleep(self.every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kb


def run(cmd: list[str], env=None) -> tuple[float, int, subprocess.CompletedProcess]:
    """Seconds, peak summed PSS (KB) of the tree, and the finished process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env or os.environ.copy())
    sampler = TreePeak(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    peak = sampler.stop()
    return seconds, peak, subprocess.CompletedProcess(cmd, proc.returncode, out, err)
