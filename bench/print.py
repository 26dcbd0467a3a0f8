"""Time `peixun print` on a synthetic data set: the national directory (≈ 32,000 teachers)
and the catalog, each in a fresh process (start-up, loading and checking included), with
`peixun validate` of the same data as the yardstick in the same run.

    python bench/print.py --scale national [--runs 3] [--build]

--build also measures what the print edition adds to `peixun build` (the same data with
`print_files: false` and with the default, in alternating runs).
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from validate import _WRAP, peixun  # noqa: E402


def timed(args: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAP, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args[1:3])} failed (exit {done.returncode}); run it by hand to see why")
    return time.perf_counter() - start, int(done.stdout)


def pages(pdf: Path) -> str:
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
    m = re.search(r"^Pages:\s+(\d+)", done.stdout, re.M)
    return m.group(1) if m else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description="测量 peixun print（印刷版）在合成数据上的耗时与内存。")
    parser.add_argument("--scale", choices=sorted(synth.SCALES), default="national")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--build", action="store_true", help="同时测量印刷版给整站生成增加的耗时")
    args = parser.parse_args()
    data = synth.ensure(args.scale, args.out)
    config = str(HERE.parent / "mkdocs.yml")
    with tempfile.TemporaryDirectory(prefix="peixun-print-") as out:
        for what in ("directory", "catalog"):
            times, peak = [], 0
            for _ in range(args.runs):
                seconds, rss = timed([*peixun(), "print", "--what", what, "--data", str(data), "--config", config, "--out", out])
                times.append(seconds)
                peak = max(peak, rss)
            pdf = next(Path(out).glob(f"{what}-*.pdf"))
            print(f"print --what {what}：中位数 {statistics.median(times):.2f} s（{' / '.join(f'{t:.2f}' for t in times)}），"
                  f"{pages(pdf)} 页，{pdf.stat().st_size / 1e6:.2f} MB，峰值内存 {peak / 1024:.0f} MB")
    yard = [timed([*peixun(), "validate", "--data", str(data)])[0] for _ in range(args.runs)]
    print(f"validate（尺子）：中位数 {statistics.median(yard):.2f} s（{' / '.join(f'{t:.2f}' for t in yard)}）")
    if args.build:
        build_cost(data, args.out, args.runs)


def build_cost(data: Path, out: Path, runs: int) -> None:
    project = HERE.parent
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text, n = re.subn(r"(\n  - peixun:\n)", r"\1      print_files: false\n", text)
    assert n == 1, "mkdocs.yml 中找不到 peixun 插件"
    plain = project / ".bench-mkdocs-noprint.yml"  # beside mkdocs.yml: docs_dir stays content/
    plain.write_text(text, encoding="utf-8")
    times: dict[str, list[float]] = {"with": [], "without": []}
    try:
        for _ in range(runs):
            for side, extra in (("without", ["--config", str(plain)]), ("with", [])):
                seconds, rss = timed([*peixun(), "build", "--data", str(data), "--out", str(out / f"site-print-{side}"), *extra])
                times[side].append(seconds)
                print(f"build {side:8} {seconds:7.1f} s  峰值内存 {rss / 1024:.0f} MB", flush=True)
    finally:
        plain.unlink(missing_ok=True)
    a, b = statistics.median(times["with"]), statistics.median(times["without"])
    print(f"整站生成中位数：含印刷版 {a:.1f} s，不含 {b:.1f} s，增加 {(a - b) / b:+.1%}")


if __name__ == "__main__":
    main()
