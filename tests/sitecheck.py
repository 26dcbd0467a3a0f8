"""Reading a built site back: every internal link, asset and anchor must resolve."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) is not None and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.refs.append((tag, attrs[key]))


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, page: Path, url: str) -> Path | None:
    """The file a relative or root-relative URL on page points to (None: another host)."""
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc:
        return None
    base = "/" + page.relative_to(site).as_posix()
    resolved = urlparse(urljoin(base, parsed.path)).path
    candidate = site / unquote(resolved).lstrip("/")
    if resolved.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate


def check_links(site: Path) -> tuple[list[str], list[str], int]:
    """(broken links and anchors, links to other hosts, number of links checked)."""
    pages = sorted(site.rglob("*.html"))
    parsed = {p: parse(p) for p in pages}
    broken, external, checked = [], [], 0
    for page, links in parsed.items():
        for tag, url in links.refs:
            if url.startswith(("mailto:", "javascript:", "data:")):
                broken.append(f"{page.relative_to(site)}: {url}")
                continue
            target = target_file(site, page, url)
            if target is None:
                external.append(f"{page.relative_to(site)}: <{tag}> {url}")
                continue
            checked += 1
            fragment = urldefrag(url).fragment
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {url}")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if unquote(fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {url}（锚点不存在）")
    return broken, external, checked


def readable_texts(name: str, data: bytes) -> list[str]:
    """What a program reading an output file sees, as text: the members of a zip (the Excel
    workbook and the CSV archive are zips), every value of a SQLite database, a gzip's
    content, a PDF's text (pdftotext), else the bytes themselves."""
    import gzip
    import io
    import sqlite3
    import tempfile
    import zipfile

    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [t for member in archive.namelist() for t in readable_texts(member, archive.read(member))]
    if data[:16] == b"SQLite format 3\x00":
        with tempfile.NamedTemporaryFile(suffix=".db") as tmp:
            tmp.write(data)
            tmp.flush()
            db = sqlite3.connect(tmp.name)
            try:
                tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table'")]
                return ["\n".join(str(v) for row in db.execute(f'select * from "{t}"') for v in row) for t in tables]
            finally:
                db.close()
    if data[:2] == b"\x1f\x8b":
        return readable_texts(name, gzip.decompress(data))
    if data[:5] == b"%PDF-":  # what a reader copies out of it: its streams are compressed
        import subprocess

        done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, timeout=300, check=True)
        return [done.stdout.decode("utf-8")]
    return [data.decode("utf-8", "ignore")]
