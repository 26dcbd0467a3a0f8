"""Contributor text that may use Markdown (summaries, bios) -> safe HTML.

Rendered with Python-Markdown (MkDocs' own), then sanitised with nh3: only a small set of
formatting tags survives, links keep http(s) or relative targets (javascript: and data:
are dropped), and nothing is ever evaluated as a template.
"""
from __future__ import annotations

import functools

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


def to_html(text: str | None) -> str:
    """Markdown -> sanitised HTML fragment ('' for no text)."""
    if not text:
        return ""
    md = _converter()
    md.reset()
    html = md.convert(text)
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
