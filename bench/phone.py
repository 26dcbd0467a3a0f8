"""A listing on a slow phone: how soon it is usable, and how long the main thread blocks.

    python bench/phone.py --site DIR [--runs 5] [--page teachers/national/index.html …]

The profile of issue 23: 1.6 Mbps down, 750 kbps up, 150 ms round trip (Chromium's
network emulation over CDP), the CPU slowed 4× (Emulation.setCPUThrottlingRate), a
390×844 screen. The site is served on 127.0.0.1 with gzip for text, as a static host
sends it; every run is a new browser context (empty cache).

For each page:
- "可用": the later of the largest paint (the first screen of rows) and the end of the
  last long task (> 50 ms) before the network went quiet: when a reader sees the rows and
  a tap is answered at once;
- "最长任务" and "阻塞合计" (the sum of each long task's time over 50 ms) while opening;
- scrolling down twelve times (1,600 px each): the longest task meanwhile (the rows below
  the first screenful are laid out then);
- then a filter: a tap in the text box, a query typed, the time until the table shows the
  result, and the longest task meanwhile (the first use loads the list's data).
Run it on the site of the version before and after a change in the same session.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

PAGES = ["teachers/national/index.html", "teachers/330000/index.html", "courses/index.html"]
DOWN = 1_600_000 / 8  # bytes per second
UP = 750_000 / 8
RTT_MS = 150
SLOWDOWN = 4
TEXT = (".html", ".js", ".css", ".json", ".svg", ".txt", ".xml")

# set before any page script runs: long tasks and paints, kept for the bench to read
OBSERVE = """
window.__px = {tasks: [], lcp: 0, first: 0};
document.addEventListener('DOMContentLoaded', () => { __px.first = document.querySelectorAll('table[data-px-list] tbody tr').length; });
new PerformanceObserver(l => l.getEntries().forEach(e => __px.tasks.push([e.startTime, e.duration])))
  .observe({type: 'longtask', buffered: true});
new PerformanceObserver(l => l.getEntries().forEach(e => { __px.lcp = Math.max(__px.lcp, e.startTime); }))
  .observe({type: 'largest-contentful-paint', buffered: true});
"""


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """A static host: text files gzip-compressed (level 6) when the browser accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in TEXT or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextmanager
def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def blocking(tasks) -> float:
    return sum(max(0.0, d - 50) for _, d in tasks)


def open_once(browser, base: str, path: str, query: str) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(120_000)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script(OBSERVE)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": RTT_MS, "downloadThroughput": DOWN, "uploadThroughput": UP})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
        page.goto(f"{base}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        got = page.evaluate("""() => ({
            load: performance.getEntriesByType('navigation')[0].loadEventEnd,
            fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0,
            lcp: __px.lcp, tasks: __px.tasks.slice(), first: __px.first,
            rows: document.querySelectorAll('table[data-px-list] tbody tr').length})""")
        tasks = got["tasks"]
        result = {
            "load": got["load"] / 1000,
            "lcp": got["lcp"] / 1000,
            "usable": max([got["lcp"], got["fcp"]] + [s + d for s, d in tasks]) / 1000,
            "longest": max([d for _, d in tasks], default=0) / 1000,
            "blocking": blocking(tasks) / 1000,
            "rows": got["rows"],
            "first": got["first"],
            "filter": None,
            "filter_longest": None,
        }
        # scrolling down the page: the rows below the first screenful appear as they near it
        before = len(tasks)
        for _ in range(12):
            page.mouse.wheel(0, 1600)
            page.wait_for_timeout(250)
        later = page.evaluate("__px.tasks.slice()")[before:]
        result["scroll_longest"] = max([d for _, d in later], default=0) / 1000
        result["scrolled_rows"] = page.evaluate("document.querySelectorAll('table[data-px-list] tbody tr').length")
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(200)
        box = page.locator(".px-finder__text")
        if box.count():
            before = len(page.evaluate("__px.tasks"))
            start = page.evaluate("performance.now()")
            box.tap()
            page.keyboard.insert_text(query)
            page.wait_for_function(
                "() => /符合条件|没有符合/.test(document.querySelector('.px-finder__status').textContent)", timeout=120_000)
            end = page.evaluate("performance.now()")
            page.wait_for_timeout(300)
            later = page.evaluate("__px.tasks.slice()")[before:]
            result["filter"] = (end - start) / 1000
            result["filter_longest"] = max([d for _, d in later], default=0) / 1000
        if errors:
            sys.exit(f"{path}：页面脚本出错：{errors}")
        return result
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="在模拟的慢速手机上测量列表页的可用时间和主线程阻塞。")
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="王")
    parser.add_argument("--page", action="append", help="列表页（可重复）")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, CHROMIUM

    med = statistics.median
    print(f"模拟手机：下行 {DOWN * 8 / 1e6:.1f} Mbps，往返 {RTT_MS} ms，CPU 减速 {SLOWDOWN}×，390×844；每页 {args.runs} 次，取中位数")
    with serve(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for path in args.page or PAGES:
            if not (args.site / path).is_file():
                print(f"{path}：没有这个页面")
                continue
            runs = [open_once(browser, base, path, args.query) for _ in range(args.runs)]
            line = (f"{path}（打开时排出 {runs[0]['first']} 行，网络空闲时 {runs[0]['rows']} 行）：可用 {med(r['usable'] for r in runs):.2f} s，"
                    f"load 结束 {med(r['load'] for r in runs):.2f} s，最大内容绘制 {med(r['lcp'] for r in runs):.2f} s，"
                    f"最长任务 {med(r['longest'] for r in runs) * 1000:.0f} ms，阻塞合计 {med(r['blocking'] for r in runs) * 1000:.0f} ms；"
                    f"向下滚动 12 次（{runs[0]['scrolled_rows']} 行）最长任务 {med(r['scroll_longest'] for r in runs) * 1000:.0f} ms")
            if runs[0]["filter"] is not None:
                line += (f"；输入“{args.query}”到筛选结果 {med(r['filter'] for r in runs):.2f} s，"
                         f"其间最长任务 {med(r['filter_longest'] for r in runs) * 1000:.0f} ms")
            print(line, flush=True)
        browser.close()


if __name__ == "__main__":
    main()
