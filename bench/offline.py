"""Time `peixun offline` on synthetic data, and how soon search answers in the copy.

    python bench/offline.py --scale national --scope 330000 [--runs 5]

The copy is built by a fresh process, unzipped, and opened from file:// in Debian's
Chromium with every other request blocked. "Search ready" is measured like a user meets
it: the page is opened, the query is typed at once key by key, and the clock stops when
the results for the whole query are on screen; most of it is the worker building its lunr index from the copy's
search/search_index.js, which happens on every page load.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PROJECT))

import synth  # noqa: E402
from build import timed  # noqa: E402

# a name, a title and a topic word that every synthetic data set holds
QUERIES = ("党性", "干部", "组织")


def search_ready(index_html: Path, query: str) -> tuple[float, float]:
    """(seconds from page load to the first results, of which until the page was loaded)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, CHROMIUM, watched_page

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        with watched_page(browser, "file") as (page, watch):
            return _time_search(page, watch, index_html, query)


def _time_search(page, watch, index_html: Path, query: str) -> tuple[float, float]:
    from tests.browser import NoAnswer, material_search

    start = time.perf_counter()
    page.goto(index_html.as_uri(), wait_until="load")
    loaded = time.perf_counter() - start
    typed = time.perf_counter()
    try:
        material_search(page, query, "type", timeout=30_000)  # typed at once, key by key
    except NoAnswer as exc:
        sys.exit(str(exc))
    ready = time.perf_counter() - typed
    if watch.errors or watch.blocked:
        sys.exit(f"浏览器中有错误或被拦截的请求：{watch.errors} {watch.blocked}")
    return ready, loaded


def main() -> None:
    parser = argparse.ArgumentParser(description="测量 peixun offline 的耗时、大小，以及离线副本中搜索的就绪时间。")
    parser.add_argument("--scale", choices=sorted(synth.SCALES), default="national")
    parser.add_argument("--scope", default="330000", help="national 或省级代码")
    parser.add_argument("--runs", type=int, default=5, help="搜索就绪时间测几次")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    data = synth.ensure(args.scale, args.out)
    dist = args.out / f"offline-{args.scale}"
    shutil.rmtree(dist, ignore_errors=True)
    peixun = [str(Path(sys.executable).with_name("peixun"))]
    seconds, peak, stdout = timed([*peixun, "offline", "--data", str(data), "--scope", args.scope, "--out", str(dist)], env)
    stages = {m.group(1): float(m.group(2)) for m in re.finditer(r"\[(\d)/4\][^\n]*?([\d.]+) 秒", stdout)}
    [archive] = dist.glob("*.zip")
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(archive) as z:
            z.extractall(tmp)
            files = len(z.namelist())
        root = Path(tmp) / archive.stem
        index = root / "search" / "search_index.js"
        pages = sum(1 for _ in root.rglob("*.html"))
        print(f"规模 {args.scale}，范围 {args.scope}：CPU {os.cpu_count()} 核，Python {sys.version.split()[0]}")
        print(
            f"peixun offline：共 {seconds:.1f} s（校验 {stages.get('1', 0):.1f} s，生成网站与索引 {stages.get('2', 0):.1f} s，"
            f"检查 {stages.get('3', 0):.1f} s，打包 {stages.get('4', 0):.1f} s），峰值内存 {peak / 1024:.0f} MB"
        )
        print(f"副本：{pages} 个页面，{files} 个文件，zip {archive.stat().st_size / 1e6:.1f} MB，解压后 "
              f"{sum(p.stat().st_size for p in root.rglob('*') if p.is_file()) / 1e6:.1f} MB，检索索引 {index.stat().st_size / 1e6:.1f} MB")
        timings = [search_ready(root / "index.html", QUERIES[i % len(QUERIES)]) for i in range(args.runs)]
        ready = [t for t, _ in timings]
        print(
            f"搜索就绪（打开首页后立即输入，到出现结果）：中位数 {statistics.median(ready):.2f} s，"
            f"最快 {min(ready):.2f} s，最慢 {max(ready):.2f} s（{args.runs} 次；页面加载中位数 {statistics.median(t for _, t in timings):.2f} s）"
        )


if __name__ == "__main__":
    main()
