"""What an offline copy is checked for before it is zipped: nothing that loads from or links
to another host (foreign_references), no private value of any record (leaks)."""
from __future__ import annotations

import re
from pathlib import Path

from ...records.markup import leaves_the_copy

# An asset reference to another host: in HTML a src/href/srcset/poster/data/action
# attribute, in CSS url() or @import, in JavaScript a string that names a script, style,
# font, image or data file, or any address on a CDN. Namespace identifiers such as
# xmlns="http://www.w3.org/2000/svg" and addresses in comments or text are not fetched.
_CSS = re.compile(r"""(?:url\(\s*["']?|@import\s+["']?)(https?:)?//""", re.I)
_JS = re.compile(
    r"""["'`](?:https?:)?//[^"'`\s]*?(?:\.(?:m?js|css|json|woff2?|ttf|otf|png|jpe?g|gif|svg|webp|wasm)\b[^"'`]*|(?:unpkg|jsdelivr|cdnjs|googleapis|gstatic|bootcdn|staticfile)[^"'`]*)["'`]""",
    re.I,
)


# every address an HTML or SVG attribute gives, for the WHATWG check (browsers also follow
# "http:host", "https:/host" and "\\\\host\\x", which have no "//")
_URL_ATTR = re.compile(r"""\s(?:src|href|srcset|poster|data|action|formaction|background|manifest|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_INLINE = ("data:", "blob:", "about:")  # no request is made for these


def _leaves(value: str, base: str) -> bool:
    values = [part.strip().split(" ")[0] for part in value.split(",")] if "," in value and " " in value else [value.strip()]
    return any(v and not v.lower().startswith(_INLINE) and leaves_the_copy(v, base) for v in values)


def foreign_references(site: Path) -> list[str]:
    """Every place a file of the copy would load something from, or link to, another host."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".css", ".js", ".json", ".xml", ".svg", ".webmanifest"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        spots = []
        if path.suffix in (".html", ".svg"):
            base = path.as_uri()
            spots += [m.start() for m in _URL_ATTR.finditer(text) if _leaves(next(g for g in m.groups() if g is not None), base)]
        patterns = {".html": (_CSS, _JS), ".css": (_CSS,), ".svg": (_CSS,)}.get(path.suffix, (_JS, _CSS))
        spots += [m.start() for pattern in patterns for m in pattern.finditer(text)]
        for start in sorted(set(spots)):
            line = text.count("\n", 0, start) + 1
            found.append(f"{path.relative_to(site)}:{line}: {text[start:start + 80].strip()}")
    return found


def leaks(site: Path, secrets) -> str | None:
    """The first file of the copy that holds a private value (the same rules and normaliser
    as validation: records.secrets.Secrets), named with the record the value belongs to."""
    if not secrets:
        return None
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".css", ".txt", ".xml", ".svg", ".md"):
            text = path.read_bytes().decode("utf-8", errors="ignore")
            found = secrets.find(text, escaped=path.suffix in (".js", ".json"), html_text=path.suffix == ".html")
            if found:
                (kind, rid), field = found
                return f"{path.relative_to(site)}：{kind} {rid} 的 {field}"
    return None
