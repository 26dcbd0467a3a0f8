"""Contributor text that may use Markdown (summaries, bios) -> safe HTML.

Rendered with Python-Markdown (MkDocs' own), then sanitised with nh3: only a small set of
formatting tags survives, links keep http(s) or relative targets (javascript: and data:
are dropped), and nothing is ever evaluated as a template.
"""
from __future__ import annotations

import functools
import html
import re

# Python-Markdown and nh3 are imported when first used: validation needs them only for the
# few texts that hold markup, and every command start would pay for them otherwise

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote", "h3", "h4", "h5", "h6", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}  # a list may start at 3
URL_SCHEMES = frozenset({"http", "https"})


@functools.lru_cache(maxsize=1)
def _converter():
    import markdown

    # contributors' headings start at h3: the page owns h1 and h2
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


# Text without any character Markdown or HTML gives meaning to is one plain paragraph;
# most summaries and bios are, and skipping Markdown for them saves ~150 µs a record.
_PLAIN = re.compile(r"[^\\`*_{}\[\]()#+\-.!<>|&:=~\n\t]*")


_LINK = re.compile(r"""<a\b[^>]*?\shref=(["'])(.*?)\1[^>]*>(.*?)</a>""", re.S | re.I)
_LOCAL = re.compile(r"[A-Za-z0-9_.#?%~/=&;+-]*")  # a plain relative path: no scheme, no backslash
_COPY = "file:///peixun-copy/a/b/page.html"  # where a page of an offline copy lives, roughly


def leaves_the_copy(href: str, base: str = _COPY) -> bool:
    """Whether a browser opening this link from a file:// page goes to another host (or
    somewhere that is not a file): decided by a WHATWG URL parser, as browsers decide, so
    "http:evil.example", "https:/evil.example" and "\\\\evil.example\\x" all leave."""
    href = html.unescape(href)
    if _LOCAL.fullmatch(href) and not href.startswith("//"):
        return False
    import ada_url

    try:
        url = ada_url.URL(href, base=base)
    except ValueError:
        return False  # not a URL a browser would follow
    return url.protocol != "file:" or url.host != ""


def unlink_external(html_text: str) -> str:
    """Links that leave an offline copy become their text followed by the address, as text."""

    def replace(match: re.Match) -> str:
        href, text = match.group(2), match.group(3)
        return f"{text}（{html.escape(html.unescape(href), quote=False)}）" if leaves_the_copy(href) else match.group()

    return _LINK.sub(replace, html_text)


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


def _rendered(text: str) -> str:
    """Python-Markdown's HTML for text, before sanitising. Text past the renderer's limits
    (too_complex: validation refuses it) is shown as it was typed, never rendered."""
    if too_complex(text):
        return f"<p>{html.escape(text, quote=False)}</p>"
    md = _converter()
    md.reset()
    converted = md.convert(text)
    return converted.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>")


def _sanitised(html_text: str) -> str:
    import nh3

    return nh3.clean(
        html_text,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _markdown(text: str) -> str:
    return _sanitised(_rendered(text))


# The same HTML parser as the sanitiser, keeping everything: every tag name written (as the
# HTML tokenizer reads one, and what the tree builder turns <image> into), any attribute,
# any scheme, comments, script content.
_TAG_NAME = re.compile(r"</?([A-Za-z][^\t\n\f />]*)")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_URL_IGNORED = str.maketrans("", "", "\t\n\r")


def _kept(html_text: str) -> str:
    names = {m.group(1).lower() for m in _TAG_NAME.finditer(html_text)} | ALLOWED_TAGS | {"img"}
    plain = html.unescape(html_text).translate(_URL_IGNORED)  # URL parsers drop tabs and line breaks
    schemes = {m.group(1).lower() for m in _SCHEME.finditer(plain)} | URL_SCHEMES
    import nh3

    return nh3.clean(
        html_text,
        tags=names,
        clean_content_tags=set(),
        attributes={"*": set()},
        generic_attribute_prefixes=set(_LETTERS),
        url_schemes=schemes,
        link_rel="noopener noreferrer nofollow",
        strip_comments=False,
    )


_MAY_DROP = re.compile(r"<|&|!\[|\]\(|\]\[|\]:")


def dropped_on_publishing(text: str) -> bool:
    """Publishing this Markdown would silently drop or change part of it: raw HTML (any tag a
    browser reads as one), comments, images, script links. Decided by construction: the
    sanitised rendering differs from the same rendering with nothing removed."""
    if not _MAY_DROP.search(text):
        return False
    rendered = _rendered(text)
    return _sanitised(rendered) != _kept(rendered)


MAX_DEPTH = 12  # lists and quotes inside each other; deeper ones exhaust Python-Markdown's recursion
MAX_BRACKETS = 300  # unmatched "[" make link parsing quadratic: 5,000 of them take seconds
_CONTAINER = re.compile(r" {0,3}(?:>|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))[ \t]?")
_MAY_NEST = re.compile(r"^ *(?:>|[-*+] |[0-9]{1,9}[.)] |    )", re.M)


def depth(text: str) -> int:
    """How deeply the text's lists, quotes and indented blocks nest (the deepest line)."""
    if not _MAY_NEST.search(text):
        return 0
    deepest = 0
    for line in text.expandtabs(4).split("\n"):
        level, at = 0, 0
        while (marker := _CONTAINER.match(line, at)) is not None and marker.end() > at:
            level, at = level + 1, marker.end()
        indent = len(line) - len(line.lstrip(" "))
        deepest = max(deepest, level + indent // 4)
    return deepest


def too_complex(text: str) -> str | None:
    """Why the site could not render this Markdown, or None."""
    levels = depth(text)
    if levels > MAX_DEPTH:
        return f"列表、引用等嵌套了 {levels} 层，最多 {MAX_DEPTH} 层；请减少层级（网站无法显示这么深的结构）。"
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        return f"有 {brackets} 个方括号“[”，最多 {MAX_BRACKETS} 个（方括号用于链接，太多时网站生成会非常慢）；请减少，或改用全角“［”。"
    return None
