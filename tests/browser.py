"""Real Chromium (Debian's /usr/bin/chromium) for browser tests, with every request to
another host blocked and recorded, and console errors collected."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

# Every wait for something in a page ends after this long (Playwright's default is 30 s);
# a search that cannot answer fails with what the page showed instead of hanging.
WAIT_MS = 15_000
# The ways text reaches a search box: typed key by key as a person does, pasted or
# dictated (one insertion, no key event), set by a script with no key press, or composed
# by an input method (pinyin first, then the committed characters).
ENTRY = ("type", "insert", "fill", "ime")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def serve(site: Path):
    """The folder on http://127.0.0.1:<free port>/ while the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Watch:
    """What a page did that it should not: console errors, failed or foreign requests."""

    def __init__(self, allowed: str):
        self.allowed = allowed  # scheme://host:port, or "file"
        self.errors: list[str] = []
        self.blocked: list[str] = []

    def attach(self, context) -> None:
        def route(r):
            url = r.request.url
            ok = url.startswith("file://") if self.allowed == "file" else url.startswith(self.allowed + "/")
            if ok or urlparse(url).scheme in ("data", "blob"):
                r.continue_()
            else:
                self.blocked.append(url)
                r.abort()

        context.route("**/*", route)

    def page(self, page) -> None:
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def _failed(self, request) -> None:
        # ERR_ABORTED is a request the page itself gave up, e.g. the favicon of a page that
        # was left before it arrived; a missing file answers 404 (http) or FILE_NOT_FOUND
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"request failed: {request.url} {request.failure}")


@contextmanager
def watched_page(browser, allowed: str, **options):
    """A page in a fresh context (desktop-sized unless options say otherwise) whose requests
    and errors a Watch records."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    watch = Watch(allowed)
    watch.attach(context)
    page = context.new_page()
    watch.page(page)
    try:
        yield page, watch
    finally:
        context.close()


class NoAnswer(AssertionError):
    """A search gave no answer in time; the message says what the page showed."""


def enter_text(page, box, text: str, how: str = "type") -> None:
    """Put text into a focused search box the way a person would (see ENTRY)."""
    box.click()
    if how == "type":
        box.press_sequentially(text, delay=40)
    elif how == "insert":
        page.keyboard.insert_text(text)
    elif how == "fill":
        box.fill(text)
    elif how == "ime":
        from pypinyin import lazy_pinyin

        spelled = "".join(lazy_pinyin(text))  # what the input method shows before it commits
        cdp = page.context.new_cdp_session(page)
        try:
            for end in range(1, len(spelled) + 1):
                cdp.send("Input.imeSetComposition", {"text": spelled[:end], "selectionStart": end, "selectionEnd": end})
            cdp.send("Input.insertText", {"text": text})
        finally:
            cdp.detach()
    else:
        raise ValueError(how)


def _wait(page, script: str, query: str, timeout: int, shown: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(script, arg=query, timeout=timeout, polling=50)
    except PlaywrightTimeout:
        try:
            value, message = page.evaluate(shown)
        except Exception as exc:  # noqa: BLE001 - the page itself may be gone
            value, message = "?", f"（页面无法读取：{exc}）"
        raise NoAnswer(
            f"搜索“{query}”在 {timeout / 1000:.0f} 秒内没有出现结果：搜索框中是“{value}”，结果区显示“{' '.join(message.split())}”"
        ) from None


_MATERIAL_READY = """q => {
    const box = document.querySelector('input[data-md-component=search-query]');
    const meta = document.querySelector('.md-search-result__meta');
    return box && box.value === q && meta && /符合条件的结果/.test(meta.textContent);
}"""
_MATERIAL_SHOWN = """() => [document.querySelector('input[data-md-component=search-query]')?.value ?? '（没有搜索框）',
    document.querySelector('.md-search-result__meta')?.textContent ?? '（没有结果区）']"""


def material_search(page, query: str, how: str = "type", timeout: int = WAIT_MS) -> list[str]:
    """Enter a query into Material's search (offline copies); the result links, best first."""
    enter_text(page, page.locator("input[data-md-component=search-query]"), query, how)
    _wait(page, _MATERIAL_READY, query, timeout, _MATERIAL_SHOWN)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [href.split("#")[0] for href in hrefs]


def site_search(page, query: str, how: str = "type", root: str = "#px-search-ui", timeout: int = WAIT_MS) -> list[str]:
    """Enter a query into the site's search (the dialog, or the search page with
    root="#px-search-page"); the result links, best first."""
    box = page.locator(f"{root} input.px-s__input")
    box.wait_for(state="visible")
    enter_text(page, box, query, how)
    return search_results(page, query, root, timeout)


def search_results(page, query: str, root: str = "#px-search-ui", timeout: int = WAIT_MS) -> list[str]:
    """The result links once the search has answered `query` ([] when it found nothing)."""
    ready = f"""q => {{
        const box = document.querySelector({root!r} + ' input.px-s__input');
        const status = document.querySelector({root!r} + ' .px-s__status');
        if (!box || box.value !== q || !status) return false;
        const text = status.textContent;
        if (text.startsWith('没有找到')) return text.includes(q) || q === '';
        return text.startsWith('找到') && (text.includes(q) || q === '') && document.querySelectorAll({root!r} + ' .px-hit a.px-hit__title').length > 0;
    }}"""
    shown = f"""() => [document.querySelector({root!r} + ' input.px-s__input')?.value ?? '（没有搜索框）',
        document.querySelector({root!r} + ' .px-s__status')?.textContent ?? '（没有结果消息）']"""
    _wait(page, ready, query, timeout, shown)
    return page.locator(f"{root} .px-hit a.px-hit__title").evaluate_all("els => els.map(e => e.getAttribute('href'))")
