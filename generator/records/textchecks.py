"""Checks on the text a record publishes, judged as it is published (privacy.py): contact
data (contact-in-text), and what the cross-record privacy check needs of each record.
Returns findings located by data path; validate.py turns them into problems.

Every record goes through here, so the common case is one pass over its joined text; the
field-by-field look (with locations) happens only when that pass sees a candidate."""
from __future__ import annotations

import html
import re
from typing import NamedTuple

from . import privacy, secrets
from .markup import dropped_on_publishing, too_complex
from .kind import Kind
from .problems import Finding, quote

# Worth a field-by-field look: a hint of an e-mail or handle, or ten digits with short gaps
# (wider than the detector's, and any non-letter counts, so nothing the detector finds after
# publishing is missed here); fields are joined by NUL, which no gap allows.
_GAP = r"(?:[^\w\x00]|_)"
_RUN10 = re.compile(rf"\d(?:{_GAP}{{0,8}}\d){{9}}")
_RUN7 = re.compile(rf"\d(?:{_GAP}{{0,8}}\d){{6}}")
_ANY_DIGIT = re.compile(r"\d")


class PublicText(NamedTuple):
    """A record's public free text joined by NUL: one-line fields, and Markdown fields."""

    plain: str
    prose: str
    digits: int  # how many decimal digits both hold (most records: too few for a phone)
    hint: bool  # either holds a sign of an e-mail address, a handle or an entity


def _texts(value, out: list) -> None:
    if type(value) is str:
        out.append(value)
    elif type(value) is list:
        for item in value:
            if type(item) is str:
                out.append(item)


def _collect(spec: dict, data: dict, plain: list, prose: list | None = None, skip=frozenset(), markdown=frozenset()) -> None:
    for key, value in data.items():
        inner = spec.get(key)
        if inner is None or key in skip:
            continue
        if inner is True:
            _texts(value, prose if prose is not None and key in markdown else plain)
        else:
            for item in value if type(value) is list else (value,):
                if type(item) is dict:
                    _collect(inner, item, plain)


def public_text(kind: Kind, data: dict) -> PublicText:
    """The free text a record publishes (codes, years, numbers and vocabulary cannot hold
    contact data: models.Kind.text_spec says which fields are free text)."""
    plain: list[str] = []
    prose: list[str] = []
    _collect(kind.text_spec, data, plain, prose, kind.private_fields, kind.markdown_fields)
    plain_text, prose_text = "\x00".join(plain), "\x00".join(prose)
    both = plain_text + "\x00" + prose_text
    return PublicText(plain_text, prose_text, len(_ANY_DIGIT.findall(both)), privacy.maybe_hint(both))


def strings(data, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """(loc, text) of every string in data, in order."""
    if type(data) is str:
        return [(loc, data)]
    items = data.items() if type(data) is dict else enumerate(data) if type(data) is list else ()
    return [found for key, value in items for found in strings(value, loc + (key,))]


def _located(spec: dict, data: dict, loc: tuple, skip=frozenset()) -> list[tuple[tuple, str]]:
    out = []
    for key, value in data.items():
        inner = spec.get(key)
        if inner is None or key in skip:
            continue
        if inner is True:
            out += [(loc + (key,) + where, text) for where, text in strings(value)]
        else:
            items = enumerate(value) if type(value) is list else [(None, value)]
            for i, item in items:
                if type(item) is dict:
                    out += _located(inner, item, loc + ((key, i) if i is not None else (key,)))
    return out


def public_strings(kind: Kind, data: dict) -> list[tuple[tuple, str]]:
    """(loc, text) of the free text the record publishes, in order (as public_text)."""
    return _located(kind.text_spec, data, (), kind.private_fields)


def _worth_a_look(joined: str, digits: int, hint: bool) -> bool:
    if hint:
        return True
    if digits < 10:
        return False
    if _RUN10.search(joined):
        return True
    return ("](" in joined or "][" in joined or "]:" in joined) and _RUN10.search(privacy.without_markup(joined)) is not None


def flags(public: PublicText) -> tuple[int, bool, bool]:
    """What secrets.Gate needs to know of a record's public text."""
    return public.digits, public.hint, secrets.street(public.plain) or secrets.street(public.prose)


def contact_findings(kind: Kind, data: dict, public: PublicText) -> list[Finding]:
    if not _worth_a_look(public.plain + "\x00" + public.prose, public.digits, public.hint):
        return []
    out = []
    for loc, text in public_strings(kind, data):
        markdown = len(loc) == 1 and loc[0] in kind.markdown_fields
        hit = privacy.find(text, markdown)
        if hit:
            out.append(
                Finding(
                    loc,
                    "contact-in-text",
                    f"这段公开文本中疑似有{hit.what}（{hit.shown}）。个人联系方式不能公开，请删掉，需要时写进 contact（不公开）。",
                    line_in_value=_line_of(text, markdown),
                )
            )
    return out


def _line_of(text: str, markdown: bool) -> int | None:
    """Which line of a multi-line text holds the contact value: the first that holds it
    alone, else the first of two lines that hold it together (a number split by a break)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return None
    for i, line in enumerate(lines):
        if privacy.find(line, markdown):
            return i
    for i in range(len(lines) - 1):
        if privacy.find(lines[i] + "\n" + lines[i + 1], markdown):
            return i
    return 0


def public_view(kind: Kind, data: dict, public: PublicText) -> tuple[str, str, tuple[str, ...]]:
    """What the cross-record privacy check compares with private values: the skeletons of
    the record's one-line fields (apart by NUL) and of its Markdown fields, and the digits
    of its numbers long enough to be a phone."""
    runs: tuple[str, ...] = ()
    if public.digits >= secrets.MIN_DIGITS and (_RUN7.search(public.plain) or _RUN7.search(public.prose)):
        runs = tuple(d for _, text in public_strings(kind, data) for d in privacy.digit_runs(text) if len(d) >= secrets.MIN_DIGITS)
    prose = public.prose
    if "](" in prose or "][" in prose or "]:" in prose:
        prose = privacy.without_markup(prose)  # link targets are not read; other syntax is not a letter
    return privacy.skeleton(public.plain), privacy.skeleton(prose), runs


_PATHS: dict = {}


def _path(key: str, name: str) -> str:
    """"contact.phone", one object for all records (pickled once when results travel)."""
    path = _PATHS.get((key, name))
    if path is None:
        path = _PATHS.setdefault((key, name), f"{key}.{name}")
    return path


def private_values(kind: Kind, data: dict) -> tuple[tuple[str, str], ...]:
    """(field path, value) of every private string of the record."""
    out = []
    for key in kind.private_fields:
        value = data.get(key)
        if type(value) is dict:
            out += [(_path(key, name), text) for name, text in value.items() if type(text) is str]
        elif value is not None:
            out += [(".".join(map(str, loc)), text) for loc, text in strings(value, (key,))]
    return tuple(out)


def secret_keys(kind: Kind, data: dict, public: PublicText) -> tuple:
    """The record's private values that count as secret (secrets.secret_keys)."""
    private = private_values(kind, data) if kind.private_fields else ()
    return secrets.secret_keys(private, public.plain) if private else ()


# Raw HTML and script links in one-line fields (shown as plain text, so nothing is lost,
# but a contributor who wrote a tag meant something else). Only real HTML element names
# count, so "List<T>" or "a<b" is fine; code spans are skipped. Markdown fields are judged
# by what publishing would drop (markup.dropped_on_publishing).
HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption
    center cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset
    figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i
    iframe img input ins kbd label legend li link main map mark marquee math menu meta meter nav
    noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script
    search section select slot small source span strike strong style sub summary sup svg table tbody
    td template textarea tfoot th thead time title tr track tt u ul var video wbr xml xmp""".split()
)
_TAG_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*(?:>|$)")  # as HTML parsers read a tag
_OTHER_RE = re.compile(
    r"<!--|<![A-Za-z\[]|<\?[A-Za-z]"  # comments, doctypes, processing instructions
    r"|(?:\]\(|<|^\s*\[[^\]\n]+\]:)\s*(?:javascript|vbscript|data|file)\s*:",  # script links, inline or reference
    re.I | re.M,
)
_CODE_SPAN = re.compile(r"(`+)[^`]+?\1|^(?:```|~~~).*?^(?:```|~~~)", re.S | re.M)


def markup_match(text: str) -> str | None:
    if "<" not in text and "](" not in text and "]:" not in text:
        return None
    text = _CODE_SPAN.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)  # java&#115;cript: is javascript:
    for tag in _TAG_RE.finditer(text):
        if tag.group(1).lower() in HTML_ELEMENTS:
            return tag.group()
    found = _OTHER_RE.search(text)
    return found.group() if found else None



_MAY_HOLD_MARKUP = re.compile(r"<|\]\(|\]:|&|!\[|\]\[")


def complexity_findings(kind: Kind, data: dict) -> list[Finding]:
    """too-deep: Markdown the site could not render (nesting past the renderer's limits)."""
    out = []
    for key in kind.markdown_fields:
        text = data.get(key)
        if type(text) is str and (reason := too_complex(text)):
            out.append(Finding((key,), "too-deep", f"{key} 的 Markdown {reason}"))
    return out


def markup_findings(kind: Kind, data: dict, public: PublicText) -> list[Finding]:
    """raw-html: in a Markdown field, anything its publishing would silently drop or change
    (the sanitiser and this check cannot disagree: markup.dropped_on_publishing); in a
    one-line field, a real HTML tag or a script link; in private fields as well."""
    private = str(data.get("contact", "")) if kind.private_fields else ""
    if not _MAY_HOLD_MARKUP.search(public.plain) and not _MAY_HOLD_MARKUP.search(public.prose) and "<" not in private and "](" not in private:
        return []
    out = []
    texts = public_strings(kind, data) + [(loc, text) for key in kind.private_fields if key in data for loc, text in strings(data[key], (key,))]
    for loc, text in texts:
        if len(loc) == 1 and loc[0] in kind.markdown_fields:
            if dropped_on_publishing(text):
                shown = markup_match(text) or _first_markup(text)
                out.append(
                    Finding(
                        loc,
                        "raw-html",
                        f"这段 Markdown 中有发布时会被删掉的内容 {quote(shown, 30)}（HTML 标签、注释、图片或脚本链接）。"
                        "只能用 Markdown 排版（**加粗**、列表、[文字](https://…) 链接）；要显示尖括号，请写在反引号中（如 `List<T>`）或改用全角“＜＞”。",
                        line_in_value=_markup_line(text),
                    )
                )
        else:
            found = markup_match(text)
            if found:
                out.append(
                    Finding(
                        loc,
                        "raw-html",
                        f"文本中有 HTML 标签或脚本链接 {quote(found, 30)}。记录只能用纯文本或 Markdown（**加粗**、列表、[文字](https://…) 链接），"
                        "HTML 和脚本不会发布，请删除。",
                        line_in_value=_regex_line(text),
                    )
                )
    return out


_SNIPPET = re.compile(r"<[^\n>]*>?|!\[[^\n\]]*\][^\n]*|\]\([^\n)]*\)?|^\s*\[[^\]\n]+\]:.*$", re.M)


def _first_markup(text: str) -> str:
    found = _SNIPPET.search(text)
    return found.group() if found else text[:30]


def _markup_line(text: str) -> int | None:
    lines = text.split("\n")
    if len(lines) == 1:
        return None
    for i, line in enumerate(lines):
        if dropped_on_publishing(line):
            return i
    return next((i for i, line in enumerate(lines) if _MAY_HOLD_MARKUP.search(line)), 0)


def _regex_line(text: str) -> int | None:
    lines = text.split("\n")
    return next((i for i, line in enumerate(lines) if markup_match(line)), None) if len(lines) > 1 else None
