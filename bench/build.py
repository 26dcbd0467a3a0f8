"""Time the whole `peixun build` on synthetic data, and the baseline it must not be slower
than: plain MkDocs Material + Pagefind on the same number of plain Markdown pages.

    python bench/build.py --scale national [--skip-baseline]

Both run as fresh processes; stage times come from `peixun build`'s own progress lines,
peak memory of peixun build is its whole process tree at one moment (bench/memory.py),
the baseline's the larger of its two steps (they run one after the other).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PROJECT))

import memory  # noqa: E402
import synth  # noqa: E402

_WRAP = (
    "import resource, subprocess, sys; "
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr); "
    "sys.stderr.write('\\nPEAK_KB=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)"
)


def timed(cmd: list[str], env=None) -> tuple[float, int, str]:
    """Seconds, peak RSS (KB) of the largest process, and stdout of a command."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAP, *cmd], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"命令失败：{' '.join(cmd)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    peak = int(re.search(r"PEAK_KB=(\d+)", done.stderr).group(1))
    return seconds, peak, done.stdout


def baseline_pages(data: Path, docs: Path) -> int:
    """One plain Markdown page per record (its title, fields and text), written like a person
    would write it by hand, plus an index page."""
    sys.path.insert(0, str(PROJECT))
    from generator.records.load import load_file

    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n\n基线站点。\n", encoding="utf-8")
    count = 0
    for top in ("catalog", "teachers"):
        for path in sorted((data / top).rglob("*.yml")):
            rel = path.relative_to(data)
            record = load_file(data, Path(rel)).data
            title = record.get("name") or record.get("title") or record["id"]
            lines = [f"# {title}", ""]
            for key, value in record.items():
                if key in ("contact", "id", "name", "title", "bio", "summary"):
                    continue
                if isinstance(value, list):
                    value = "、".join(str(v if not isinstance(v, dict) else " ".join(map(str, v.values()))) for v in value)
                elif isinstance(value, dict):
                    value = "、".join(f"{k} {v}" for k, v in value.items())
                lines.append(f"- **{key}**：{value}")
            text = record.get("bio") or record.get("summary") or ""
            lines += ["", "## 简介", "", text, ""]
            out = docs / rel.parent / f"{rel.stem}.md"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("\n".join(lines), encoding="utf-8")
            count += 1
    return count


def baseline(data: Path, base: Path, pages: int, env) -> float:
    """Build and index the baseline site with as many pages as the real one; print and
    return its seconds (MkDocs + Pagefind)."""
    count = baseline_pages(data, base / "docs")
    (base / "mkdocs.yml").write_text(
        "site_name: 基线\ntheme:\n  name: material\n  language: zh\n  font: false\nplugins: []\n"
        "nav:\n  - 首页: index.md\nnot_in_nav: |\n  /catalog/\n  /teachers/\n",
        encoding="utf-8",
    )
    # the same number of pages as the real site: pad with copies of record pages if needed
    extra = pages - (count + 2)  # index + 404
    for i in range(max(0, extra)):
        (base / "docs" / f"extra-{i:05d}.md").write_text(f"# 附加页 {i}\n\n基线站点的附加页面。\n", encoding="utf-8")
    shutil.rmtree(base / "site", ignore_errors=True)
    mk_seconds, mk_peak, _ = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(base / "mkdocs.yml")], env)
    pf_seconds, pf_peak, _ = timed([sys.executable, "-m", "pagefind", "--site", str(base / "site"), "--force-language", "zh"], env)
    total = mk_seconds + pf_seconds
    base_pages = sum(1 for _ in (base / "site").rglob("*.html"))
    print(
        f"基线（普通 MkDocs Material + Pagefind，{base_pages} 个页面）：共 {total:.1f} s（MkDocs {mk_seconds:.1f} s，"
        f"Pagefind {pf_seconds:.1f} s）；最大进程峰值内存 {max(mk_peak, pf_peak) / 1024:.0f} MB"
    )
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description="测量 peixun build 的整体耗时，并与普通 MkDocs + Pagefind 基线比较。")
    parser.add_argument("--scale", choices=sorted(synth.SCALES), default="national")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    data = synth.ensure(args.scale, args.out)
    peixun = [str(Path(sys.executable).with_name("peixun"))]
    site = args.out / f"site-{args.scale}"
    shutil.rmtree(site, ignore_errors=True)  # both runs start from an empty output folder

    # the whole process tree at one moment (forked workers, Pagefind beside the Python process)
    seconds, peak, done = memory.run([*peixun, "build", "--fresh", "--data", str(data), "--out", str(site), "--config", str(PROJECT / "mkdocs.yml")], env)
    if done.returncode != 0:
        sys.exit(f"peixun build 失败：\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    stdout = done.stdout
    stages = {m.group(1): float(m.group(2)) for m in re.finditer(r"\[(\d)/4\][^（]*（([\d.]+) 秒", stdout)}
    split = re.search(r"渲染记录与列表 ([\d.]+) 秒，MkDocs ([\d.]+) 秒", stdout)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"规模 {args.scale}：CPU {os.cpu_count()} 核，Python {sys.version.split()[0]}")
    print(
        f"peixun build：共 {seconds:.1f} s（校验 {stages.get('1', 0):.1f} s，生成页面 {stages.get('2', 0):.1f} s "
        f"〔渲染 {split.group(1)} s，MkDocs {split.group(2)} s〕，"
        f"Pagefind {stages.get('3', 0):.1f} s，检查与替换 {stages.get('4', 0):.1f} s）；{pages} 个 HTML 页面；"
        f"进程树同一时刻的峰值内存（PSS 之和）{peak / 1024:.0f} MB"
    )
    if args.skip_baseline:
        return

    total = baseline(data, args.out / f"baseline-{args.scale}", pages, env)
    print(f"比值 peixun build / 基线 = {seconds / total:.2f}")


if __name__ == "__main__":
    main()
