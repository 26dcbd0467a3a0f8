"""What 规划落实, 统计 and 数据下载 cost a build: the same `peixun build` of the synthetic data
with them and without them (a config that turns the reports off), in alternating runs, and
the export files' sizes.

    python bench/reports.py --scale national [--runs 2]

The share is (with − without) / without; the issue's budget is 10 %.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PROJECT))

import synth  # noqa: E402
from build import timed  # noqa: E402


def config_without_reports(out: Path) -> Path:
    """mkdocs.yml with `reports: false` (no statistics, plan or data pages and files)."""
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    text, n = re.subn(r"(\n  - peixun:\n)", r"\1      reports: false\n", text)
    assert n == 1, "mkdocs.yml 中找不到 peixun 插件"
    # the reports' nav entries point at pages that are then not made
    text = re.sub(r"\n  - 统计:\n(      - .*\n)+", "\n", text)
    path = PROJECT / ".bench-mkdocs-noreports.yml"  # beside mkdocs.yml: docs_dir stays content/
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="测量统计、规划落实和数据下载给 peixun build 增加的耗时。")
    parser.add_argument("--scale", choices=sorted(synth.SCALES), default="national")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    data = args.out / args.scale
    if not (data / "catalog").is_dir():
        synth.write(args.scale, data)
    plain = config_without_reports(args.out)
    peixun = str(Path(sys.executable).parent / "peixun")
    times: dict[str, list[float]] = {"with": [], "without": []}
    try:
        for _ in range(args.runs):
            for side, extra in (("without", ["--config", str(plain)]), ("with", [])):
                seconds, peak, _ = timed([peixun, "build", "--data", str(data), "--out", str(args.out / f"site-{side}"), *extra])
                times[side].append(seconds)
                print(f"{side:8} {seconds:7.1f} s  峰值内存 {peak / 1024:.0f} MB", flush=True)
    finally:
        plain.unlink(missing_ok=True)
    a, b = statistics.median(times["with"]), statistics.median(times["without"])
    print(f"中位数：含统计 {a:.1f} s，不含 {b:.1f} s，增加 {(a - b) / b:+.1%}")
    folder = args.out / "site-with" / "data"
    for path in sorted(folder.iterdir()):
        print(f"  {path.name:24} {path.stat().st_size / 1048576:8.2f} MB")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"共 {time.perf_counter() - start:.0f} s")
