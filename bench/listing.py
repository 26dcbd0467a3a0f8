"""How fast a large listing opens, and how fast it narrows, on a built site.

    python bench/listing.py --site DIR [--runs 5] [--page teachers/330000/index.html …]

Each page is opened cold (new browser context) on 127.0.0.1 in Debian's Chromium; the time
is from navigation start to the end of the load event (the browser's Navigation Timing), with the bytes a gzip-serving host sends. Where the
page has a filter bar (px-list.js), the time from typing into it to the filtered table
(first use: the list's data script is loaded then) is measured too. Run it on the site of
the version before and after a change in the same session: the machine's speed varies.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from weight import kb, sent_bytes  # noqa: E402

PAGES = ["teachers/330000/index.html", "teachers/national/index.html", "courses/index.html"]


def open_once(browser, base, site, path, query):
    from tests.browser import watched_page

    with watched_page(browser, base) as (page, watch):
        seen: list[str] = []
        page.on("request", lambda r: seen.append(r.url) if r.url.startswith(base) else None)
        start = time.perf_counter()
        page.goto(f"{base}/{path}", wait_until="load")
        # the browser's own clock: navigation start to the end of the load event
        opened = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
        page.wait_for_load_state("networkidle")
        at_open = list(dict.fromkeys(seen))
        narrowed = None
        if page.locator(".px-finder__text").count():
            box = page.locator(".px-finder__text")
            box.click()
            start = time.perf_counter()
            page.keyboard.insert_text(query)
            page.wait_for_function("() => /符合条件|没有符合/.test(document.querySelector('.px-finder__status').textContent)", timeout=30_000)
            narrowed = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
        if watch.errors or watch.blocked:
            sys.exit(f"{path}：浏览器中有错误或被拦截的请求：{watch.errors} {watch.blocked}")
    return opened, narrowed, [sent_bytes(site, u) for u in at_open], [sent_bytes(site, u) for u in dict.fromkeys(seen) if u not in at_open]


def main() -> None:
    parser = argparse.ArgumentParser(description="测量大列表的打开时间和筛选时间。")
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--query", default="王")
    parser.add_argument("--page", action="append", help="列表页（可重复）")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, CHROMIUM, serve

    with serve(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for path in args.page or PAGES:
            if not (args.site / path).is_file():
                print(f"{path}：没有这个页面")
                continue
            runs = [open_once(browser, base, args.site, path, args.query) for _ in range(args.runs)]
            opened = [r[0] for r in runs]
            rows = runs[0][2]
            html = [r for r in rows if r[0] == path]
            line = (f"{path}：打开中位数 {statistics.median(opened):.2f} s（最快 {min(opened):.2f} s），"
                    f"页面 {kb(html, 2)}，打开时共 {len(rows)} 个请求 {kb(rows, 2)}（压缩后）")
            narrowed = [r[1] for r in runs if r[1] is not None]
            if narrowed:
                data = [r for r in runs[0][3] if r[0].endswith("rows.js")]
                line += f"；输入“{args.query}”到筛选出结果：中位数 {statistics.median(narrowed):.2f} s（含首次载入数据 {kb(data, 2)}）"
            print(line)


if __name__ == "__main__":
    main()
