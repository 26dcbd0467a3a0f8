"""A build after one changed record, against a build from scratch and the baseline.

    python bench/incremental.py --scale national [--skip-baseline]

On a copy of the synthetic data: `peixun build --fresh` (no cache), then one edit at a
time (a teacher's bio, a course's title, a teacher's review for the edition year), each
followed by `peixun build` with the cache of the build before. Every run is a fresh process;
peak memory is the whole process tree at one moment (bench/memory.py). The plain MkDocs +
Pagefind baseline of bench/build.py runs last as the yardstick.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

import memory  # noqa: E402
import synth  # noqa: E402
from build import baseline  # noqa: E402


def _edit(data: Path, what: str) -> str:
    """One edit as a person makes it (a line of YAML changed); returns what it was."""
    if what == "bio":
        path = sorted((data / "teachers" / "330000").glob("*.yml"))[7]
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("bio: ", "bio: 近年来侧重案例教学。", 1), encoding="utf-8")
    elif what == "title":
        path = sorted((data / "catalog" / "courses").glob("*.yml"))[11]
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^title: (.*)$", r"title: \1（修订）", text, count=1, flags=re.M), encoding="utf-8")
    else:  # a review for the last year, added to a teacher in the pool all along with none for it
        import yaml

        for path in sorted((data / "teachers" / "440000").glob("*.yml")):
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            reviews = record.get("reviews", [])
            if record["entry_year"] <= 2015 and reviews and not record.get("status_changes") and not record.get("moves") and all(r["year"] < 2017 for r in reviews):
                reviews.append({"year": 2017, "result": "合格"})
                path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
                break
    return f"{what}: {path.relative_to(data)}"


def _build(peixun: str, data: Path, site: Path, env, fresh: bool = False) -> tuple[float, int, str]:
    cmd = [peixun, "build", "--data", str(data), "--out", str(site), "--config", str(PROJECT / "mkdocs.yml")] + (["--fresh"] if fresh else [])
    seconds, peak, done = memory.run(cmd, env)
    if done.returncode != 0:
        sys.exit(f"命令失败：{' '.join(cmd)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return seconds, peak, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description="测量改动一条记录之后的增量生成，与从头生成和基线比较。")
    parser.add_argument("--scale", choices=sorted(synth.SCALES), default="national")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    source = synth.ensure(args.scale, args.out)
    data = args.out / f"incremental-{args.scale}"
    site = args.out / f"incremental-{args.scale}-site" / "site"
    for folder in (data, site.parent):  # this script's own folders
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source, data)
    peixun = str(Path(sys.executable).with_name("peixun"))

    full, peak, out = _build(peixun, data, site, env, fresh=True)
    print(f"从头生成（--fresh）：{full:.1f} s，进程树峰值内存 {peak / 1024:.0f} MB")
    print("  " + " / ".join(line for line in out.splitlines() if line.startswith("[")))
    again, peak2, out2 = _build(peixun, data, site, env)
    print(f"没有改动时再生成：{again:.1f} s（{again / full:.1%}），峰值 {peak2 / 1024:.0f} MB")
    for what in ("bio", "title", "review"):
        edited = _edit(data, what)
        seconds, peak, out = _build(peixun, data, site, env)
        reused = re.search(r"沿用上次生成的 (\d+) 个，重新生成 (\d+) 个", out)
        counts = f"重新生成 {reused.group(2)} 页，沿用 {reused.group(1)} 页" if reused else "没有沿用"
        print(f"改一处（{edited}）后：{seconds:.1f} s（从头生成的 {seconds / full:.1%}），{counts}，峰值 {peak / 1024:.0f} MB")
        print("  " + " / ".join(line for line in out.splitlines() if line.startswith("[")))
    if not args.skip_baseline:
        pages = sum(1 for _ in site.rglob("*.html"))
        total = baseline(source, args.out / f"baseline-{args.scale}", pages, env)
        print(f"从头生成 / 基线 = {full / total:.2f}")


if __name__ == "__main__":
    main()
