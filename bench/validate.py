"""Time `peixun validate` on a synthetic data set, as a contributor's machine would run it.

    python bench/validate.py --scale national [--runs 5]

Writes the data set with bench/synth.py when it is missing, runs the real command in a
fresh process each time (start-up and imports included), and prints seconds and the peak
resident memory of the largest process (the main one or a worker).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402


def peixun() -> list[str]:
    exe = Path(sys.executable).with_name("peixun")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "generator"]


_WRAP = (
    "import resource, subprocess, sys; "
    "r = subprocess.run(sys.argv[1:], capture_output=True); "
    "sys.stdout.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); sys.exit(r.returncode)"
)


def run_once(data: Path, jobs: int) -> tuple[float, int]:
    """Seconds, and peak RSS in KB of the largest process (measured in a fresh wrapper,
    because RUSAGE_CHILDREN is a running maximum over everything a process waited for)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _WRAP, *peixun(), "validate", "--data", str(data), "--jobs", str(jobs)], capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"validate failed (exit {done.returncode}); run it by hand to see why")
    return seconds, int(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description="测量 peixun validate 在合成数据上的耗时与内存。")
    parser.add_argument("--scale", choices=sorted(synth.SCALES), default="national")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    data = synth.ensure(args.scale, args.out)
    files = sum(len(files) for _, _, files in os.walk(data))
    print(f"规模 {args.scale}：{files} 个记录文件，CPU {os.cpu_count()} 核，Python {sys.version.split()[0]}")
    for jobs in (0, 1):
        times, peak = [], 0
        for _ in range(args.runs):
            seconds, rss = run_once(data, jobs)
            times.append(seconds)
            peak = max(peak, rss)
        label = "自动并行" if jobs == 0 else "单进程"
        print(
            f"validate（{label}）：最快 {min(times):.2f} s，中位数 {statistics.median(times):.2f} s，"
            f"最慢 {max(times):.2f} s（{args.runs} 次）；最大进程峰值内存 {peak / 1024:.0f} MB"
        )


if __name__ == "__main__":
    main()
