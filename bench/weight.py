"""What a visitor downloads, and how soon search answers, on a built site.

    python bench/weight.py [--site DIR] [--query 党性] [--runs 3]

Without --site it builds the shipped data first. The site is served on 127.0.0.1 and
opened in Debian's Chromium with an empty cache; every request is recorded. "Compressed"
is what a static host sends with gzip (level 6) for text files; Pagefind's own files
(.pf_*, .pagefind) are compressed already and count as they are on disk. Search is
timed from the moment the query is in the box to the first result link on screen.
"""
from __future__ import annotations

import argparse
import gzip
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))

# the search dialog's box and its first result link, in this version's UI and the one before
BOX = "#px-search-ui input.px-s__input, #px-search-ui input.pagefind-ui__search-input"
RESULT = "#px-search-ui .px-hit a.px-hit__title, #px-search-ui .pagefind-ui__result-link"


def sent_bytes(site: Path, url: str) -> tuple[str, int, int]:
    """(path, bytes on disk, bytes a gzip-serving host sends) for a request to the site."""
    path = unquote(urlparse(url).path).lstrip("/") or "index.html"
    file = site / path
    if file.is_dir():
        file = file / "index.html"
    data = file.read_bytes()
    packed = len(data) if file.suffix in (".pagefind",) or ".pf_" in file.suffix else len(gzip.compress(data, 6))
    return path, len(data), packed


def page_weight(browser, base: str, site: Path, path: str) -> list[tuple[str, int, int]]:
    from tests.browser import watched_page

    with watched_page(browser, base) as (page, watch):
        seen: list[str] = []
        page.on("request", lambda r: seen.append(r.url) if r.url.startswith(base) else None)
        page.goto(f"{base}/{path}", wait_until="networkidle")
        if watch.errors or watch.blocked:
            sys.exit(f"{path}：浏览器中有错误或被拦截的请求：{watch.errors} {watch.blocked}")
    return [sent_bytes(site, url) for url in dict.fromkeys(seen)]


def cold_query(browser, base: str, site: Path, query: str) -> tuple[float, list[tuple[str, int, int]]]:
    """Seconds from query to first result, and what the search downloaded (cold cache)."""
    from tests.browser import watched_page

    with watched_page(browser, base) as (page, watch):
        page.goto(f"{base}/index.html", wait_until="networkidle")
        seen: list[str] = []
        page.on("request", lambda r: seen.append(r.url) if r.url.startswith(base) else None)
        page.keyboard.press("/")
        box = page.locator(BOX).first
        box.wait_for()
        box.click()
        start = time.perf_counter()
        page.keyboard.insert_text(query)
        page.locator(RESULT).first.wait_for(timeout=30_000)
        seconds = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
        if watch.errors or watch.blocked:
            sys.exit(f"搜索：浏览器中有错误或被拦截的请求：{watch.errors} {watch.blocked}")
    return seconds, [sent_bytes(site, url) for url in dict.fromkeys(seen)]


def kb(rows, column: int) -> str:
    return f"{sum(r[column] for r in rows) / 1024:.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description="测量首页、教师页的下载量，以及一次冷启动搜索的下载量和耗时。")
    parser.add_argument("--site", type=Path, help="已生成的网站目录（默认：用仓库自带的数据生成一次）")
    parser.add_argument("--query", default="党性")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="列出每个请求")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, CHROMIUM, serve

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run([str(Path(sys.executable).with_name("peixun")), "build", "--out", str(site)], check=True, capture_output=True)
        teacher = sorted((site / "teacher").glob("*.html"))[0].relative_to(site).as_posix()
        with serve(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for label, path in (("首页", "index.html"), ("教师页", teacher)):
                rows = page_weight(browser, base, site, path)
                print(f"{label}（{path}）：{len(rows)} 个请求，压缩后 {kb(rows, 2)}（未压缩 {kb(rows, 1)}）")
                if args.verbose:
                    for r in rows:
                        print(f"    {r[0]}  {r[1]} → {r[2]}")
            runs = [cold_query(browser, base, site, args.query) for _ in range(args.runs)]
            rows = runs[0][1]
            pagefind = [r for r in rows if re.match(r"pagefind(-\d+)?/", r[0])]  # every part of the index
            print(f"一次冷启动搜索“{args.query}”：{len(rows)} 个请求，压缩后 {kb(rows, 2)}，其中 Pagefind {kb(pagefind, 2)}")
            if args.verbose:
                for r in rows:
                    print(f"    {r[0]}  {r[1]} → {r[2]}")
            times = [s for s, _ in runs]
            print(f"到出现第一条结果：中位数 {statistics.median(times):.2f} s（{args.runs} 次，最快 {min(times):.2f} s，最慢 {max(times):.2f} s）")


if __name__ == "__main__":
    main()
