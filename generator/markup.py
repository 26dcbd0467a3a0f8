"""Contributor text that may use Markdown (summaries, bios) -> safe HTML.

Rendered with Python-Markdown (MkDocs' own), then sanitised with nh3: only a small set of
formatting tags survives, links keep http(s) or relative targets (javascript: and data:
are dropped), and nothing is ever evaluated as a template.
"""
from __future__ import annotations

import functools
import html
import re

import markdown
import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote", "h3", "h4", "h5", "h6", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https"})


@functools.lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    # contributors' headings start at h3: the page owns h1 and h2
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


# Text without any character Markdown or HTML gives meaning to is one plain paragraph;
# most summaries and bios are, and skipping Markdown for them saves ~150 µs a record.
_PLAIN = re.compile(r"[^\\`*_{}\[\]()#+\-.!<>|&:=~\n\t]*")


_EXTERNAL = re.compile(r"""<a\b[^>]*?\shref=["']((?:https?:)?//[^"']*)["'][^>]*>(.*?)</a>""", re.S | re.I)


def unlink_external(html_text: str) -> str:
    """Links to another site become their text followed by the address, as text."""
    return _EXTERNAL.sub(lambda m: f"{m.group(2)}（{m.group(1)}）", html_text)


def to_html(text: str | None, external_links: bool = True) -> str:
    """Markdown -> sanitised HTML fragment ('' for no text). Without external_links (offline
    copies) a link to another site becomes its text followed by the address, as text."""
    if not text:
        return ""
    body = text.strip()
    if body == text.rstrip("\n") and _PLAIN.fullmatch(body):
        return f"<p>{html.escape(body, quote=False)}</p>" if body else ""
    out = _markdown(text)
    if not external_links:
        out = unlink_external(out)
    return out


def _markdown(text: str) -> str:
    md = _converter()
    md.reset()
    converted = md.convert(text)
    converted = converted.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    return nh3.clean(
        converted,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
