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
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))


@contextmanager
def watched_page(browser, allowed: str, **options):
    """A page in a fresh context (desktop-sized unless options say otherwise) whose requests
    and errors a Watch records."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    watch = Watch(allowed)
    watch.attach(context)
    page = context.new_page()
    watch.page(page)
    try:
        yield page, watch
    finally:
        context.close()
