"""Two versions of peixun on the same data in the same run: is the new one slower?

    python bench/versions.py --other ../old/.venv/bin/peixun --scale national [--builds 2] [--validates 5]

The machine's speed varies by about 2× from one day to another, so figures from different
days cannot be compared. Here `peixun validate` and `peixun build` of this checkout (A) and
of another one (B, e.g. a worktree of the previous commit) run alternately (A B A B …) on
the same synthetic data and mkdocs.yml, each in a fresh process from an empty output folder,
followed by the plain MkDocs + Pagefind baseline of bench/build.py as the yardstick
(`--builds 0`: validate only).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from build import baseline  # noqa: E402

# wall time varies with what else the machine does; CPU time (user + system of the whole
# process tree) much less, so both are reported
_WRAP = (
    "import resource, subprocess, sys; "
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); sys.stdout.write(r.stdout); "
    "sys.stderr.write('\\nPEAK_KB=%d CPU_S=%.3f\\n' % (u.ru_maxrss, u.ru_utime + u.ru_stime)); sys.exit(r.returncode)"
)


def measured(cmd: list[str], env) -> tuple[float, int, str, float]:
    """Seconds, peak RSS (KB) of the largest process, stdout, and CPU seconds of a command."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAP, *cmd], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"命令失败：{' '.join(cmd)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    found = re.search(r"PEAK_KB=(\d+) CPU_S=([\d.]+)", done.stderr)
    return seconds, int(found.group(1)), done.stdout, float(found.group(2))


def _alternate(programs: dict[str, str], runs: int, command) -> dict[str, list[tuple[float, int, str, float]]]:
    """(seconds, peak KB, stdout) of each program's runs, taken in turns: A B, B A, A B … (the
    run after another one is often slower: each program goes first as often as second)."""
    out: dict[str, list[tuple[float, int, str, float]]] = {name: [] for name in programs}
    for n in range(runs):
        for name, exe in list(programs.items())[:: 1 if n % 2 == 0 else -1]:
            out[name].append(command(exe))
    return out


def _stages(stdout: str) -> str:
    """A build's own stage times: validate, render, MkDocs, Pagefind, check (bench/build.py)."""
    stages = {m.group(1): m.group(2) for m in re.finditer(r"\[(\d)/4\][^（]*（([\d.]+) 秒", stdout)}
    split = re.search(r"渲染记录与列表 ([\d.]+) 秒，MkDocs ([\d.]+) 秒", stdout)
    if not split:
        return ""
    return f"{stages.get('1')}/{split.group(1)}/{split.group(2)}/{stages.get('3')}/{stages.get('4')}"


def _report(what: str, results: dict[str, list[tuple[float, int, str, float]]]) -> dict[str, float]:
    medians, cpu = {}, {}
    for name, runs in results.items():
        times = [s for s, _, _, _ in runs]
        medians[name] = statistics.median(times)
        cpu[name] = statistics.median(c for _, _, _, c in runs)
        stages = [_stages(out) for _, _, out, _ in runs]
        detail = f"；各次的 校验/渲染/MkDocs/Pagefind/检查：{'、'.join(stages)} s" if any(stages) else ""
        print(f"{what} {name}：中位数 {medians[name]:.2f} s（{'、'.join(f'{s:.2f}' for s in times)}），CPU 时间中位数 {cpu[name]:.2f} s，"
              f"最大进程峰值内存 {max(p for _, p, _, _ in runs) / 1024:.0f} MB{detail}")
    (a, b), (ca, cb) = medians.values(), cpu.values()
    print(f"{what}：A / B = {a / b:.3f}（CPU 时间 {ca / cb:.3f}）")
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description="同一次运行中比较两个版本的 peixun validate 与 peixun build。")
    parser.add_argument("--other", required=True, help="另一个版本的 peixun（如旧提交的工作树中的 .venv/bin/peixun）")
    parser.add_argument("--scale", choices=sorted(synth.SCALES), default="national")
    parser.add_argument("--builds", type=int, default=2, help="每个版本生成几次（0：只比较校验）")
    parser.add_argument("--validates", type=int, default=6, help="每个版本校验几次（0：不比较校验）")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    data = synth.ensure(args.scale, args.out)
    programs = {"A（本检出）": str(Path(sys.executable).with_name("peixun")), "B（--other）": args.other}
    print(f"规模 {args.scale}：CPU {os.cpu_count()} 核；A = {programs['A（本检出）']}，B = {args.other}")
    work = args.out / "versions"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    if args.validates > 0:  # --validates 0: builds only
        validate = _alternate(programs, args.validates, lambda exe: measured([exe, "validate", "--data", str(data)], env))
        _report("validate", validate)

    if not args.builds:
        return

    def build(exe: str):
        site = work / "site"
        shutil.rmtree(site, ignore_errors=True)
        return measured([exe, "build", "--data", str(data), "--out", str(site), "--config", str(PROJECT / "mkdocs.yml")], env)

    medians = _report("build", _alternate(programs, args.builds, build))
    pages = sum(1 for _ in (work / "site").rglob("*.html"))
    total = baseline(data, work / "baseline", pages, env)
    for name, seconds in medians.items():
        print(f"build {name} / 基线 = {seconds / total:.2f}")


if __name__ == "__main__":
    main()
