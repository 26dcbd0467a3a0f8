"""Contact data: how it is recognised in what is published, and which values are private.

Every decision is taken on the text a reader (or a search index) gets, not on what was
typed: Markdown rendered and sanitised, HTML entities decoded, Unicode NFKC (full-width
digits and ＠ become ASCII), format characters such as zero-width spaces removed. Digits
may be split by any separator people or obfuscators use (spaces of every width, dashes,
dots, slashes, brackets, a line break) and still count as one number.

Used by validation (contact-in-text), by the page guard of the build, by the checker of
offline copies, and to mask contact-shaped text in messages: one normaliser for all.
"""
from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass

# -- normalising ----------------------------------------------------------------------------
# Unicode format characters (category Cf, Unicode 14: tests/test_privacy.py checks the list
# against unicodedata) and the blank "letters" that render as nothing
FORMAT_CHARS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
FILLERS = "\u115f\u1160\u3164\uffa0\u2800"
_INVISIBLE = re.compile(f"[{FORMAT_CHARS}{FILLERS}]")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script (NFKC keeps them)


def _ascii_digit(match: re.Match) -> str:
    return str(unicodedata.decimal(match.group()))


_HREF = re.compile(r"""\shref=["']([^"']*)["']""", re.I)
_TAG = re.compile(r"<[^>]*>")
# what Jinja's and Python-Markdown's escaping writes; anything else goes through html.unescape
_COMMON_ENTITIES = (("&#34;", '"'), ("&#39;", "'"), ("&quot;", '"'), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def unescape(text: str) -> str:
    """HTML entities decoded (the common ones by plain replacement: fast on whole pages)."""
    if "&" not in text:
        return text
    for entity, char in _COMMON_ENTITIES:
        text = text.replace(entity, char)
    return html.unescape(text) if "&" in text else text


def visible(html_text: str) -> str:
    """What a reader of an HTML page or fragment sees, and the addresses of its links (they
    are published too), for recognising contact data in it."""
    hrefs = _HREF.findall(html_text)
    text = _TAG.sub(" ", html_text)  # a tag is a gap: within a number, between words
    return unescape(text + ("\n" + "\n".join(hrefs) if hrefs else ""))


def published(text: str, markdown: bool = False) -> str:
    """The text as it is published, folded for recognising contact data."""
    if markdown:
        from .markup import to_html  # Markdown fields are judged on their rendering

        text = visible(to_html(text))
    if "&" in text:
        text = html.unescape(unescape(text))  # &amp;#64; is still @ to a reader
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _OTHER_DIGIT.sub(_ascii_digit, _INVISIBLE.sub("", text))
    return text.replace("\\", "")  # Markdown escapes (139\-1234) and their plain-text spelling


# characters whose compatibility form holds an ASCII letter or digit or @ (full-width forms,
# circled and superscript digits, mathematical letters…): only text with one needs NFKC to
# be compared (tests/test_privacy.py checks the blocks cover all of Unicode)
COMPAT_BLOCKS = ((0x80, 0x3400), (0xA000, 0xAC00), (0xF900, 0x20000))
_ALNUM_AT = re.compile(r"[0-9A-Za-z@]")


def _compat_class(start: int, end: int) -> re.Pattern:
    """A character class (as ranges: a long list of single characters is slow to search)."""
    ranges: list[list[int]] = []
    for cp in range(start, end):
        if not unicodedata.is_normalized("NFKC", chr(cp)) and _ALNUM_AT.search(unicodedata.normalize("NFKC", chr(cp))):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return re.compile("[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges) + "]")


@functools.cache
def _compat() -> tuple[re.Pattern, re.Pattern]:
    """The classes (made on first use: building them reads 130,000 code points)."""
    bmp = re.compile("|".join(_compat_class(a, min(b, 0x10000)).pattern for a, b in COMPAT_BLOCKS if a < 0x10000))
    return bmp, _compat_class(0x10000, 0x20000)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def needs_nfkc(text: str) -> bool:
    """text holds a character whose compatibility form is an ASCII letter, digit or @."""
    bmp, astral = _compat()
    return bmp.search(text) is not None or (_ASTRAL.search(text) is not None and astral.search(text) is not None)


_NOT_WORD = re.compile(r"[^\w\x00]+|_+")  # NUL stays: it keeps the fields of a record apart


def skeleton(text: str) -> str:
    """Text reduced to what identifies a value, for comparing private values with published
    text: entities decoded, compatibility forms folded, then only letters, digits and Han
    characters, case-folded. "北京市 **某区** 某路１号" and "北京市某区某路 1 号" are the same."""
    if "&" in text:
        text = html.unescape(unescape(text))
    if needs_nfkc(text):
        text = unicodedata.normalize("NFKC", text)
    return _NOT_WORD.sub("", text).casefold()


# -- what contact data looks like -----------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    what: str  # 手机号码, 固定电话, 电子邮箱, 身份证号码, QQ号, 微信号
    shown: str  # the value masked, safe to put in a message


# a number's digits, with an X closing a resident ID; the gaps people leave inside numbers
_GROUP = re.compile(r"[0-9]+(?:[Xx](?![A-Za-z0-9]))?")
_GAP_CHARS = r"\s\-\u2010-\u2015\u2212\ufe63.\u00b7\u30fb\u3002/()\[\]{}_~*+'\"|"
_GAP = re.compile(f"[{_GAP_CHARS}]{{1,3}}")
_MOBILE = re.compile(r"(?:0086|86)?1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"(?:0086|86|0)(?:10|2[0-9]|[3-9][0-9]{2})[0-9]{7,8}")
_ID = re.compile(r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _chains(text: str, gap: re.Pattern) -> list[list[re.Match]]:
    out: list[list[re.Match]] = []
    current: list[re.Match] = []
    for match in _GROUP.finditer(text):
        if current and gap.fullmatch(text, current[-1].end(), match.start()) is None:
            out.append(current)
            current = []
        current.append(match)
    if current:
        out.append(current)
    return out


def chains(text: str) -> list[list[str]]:
    """Runs of digit groups that read as one number (gaps of at most three separators)."""
    return [[m.group() for m in chain] for chain in _chains(text, _GAP)]


def id_ok(value: str) -> bool:
    """The check character of an 18-character resident ID number is right (GB 11643)."""
    total = sum(int(d) * w for d, w in zip(value, _ID_WEIGHTS))
    return "10X98765432"[total % 11] == value[17].upper()


def _mask_digits(value: str) -> str:
    keep = 3 if len(value) >= 11 else 2
    return value[:keep] + "*" * (len(value) - keep - 4) + value[-4:] if len(value) > keep + 4 else "*" * len(value)


Found = tuple  # (Hit, start, end) in the text searched


def _number(chain: list[re.Match]) -> Found | None:
    """A phone or ID number made of whole groups of the chain, with its span."""
    for i in range(len(chain)):
        value = ""
        for match in chain[i:]:
            value += match.group()
            if len(value) > 18 or "X" in value.upper()[:-1]:
                break
            if len(value) < 10:
                continue
            what = None
            if len(value) == 18 and _ID.fullmatch(value) and id_ok(value):
                what = "身份证号码"
            elif value[-1].isdigit() and _MOBILE.fullmatch(value):
                what = "手机号码"
            elif value[-1].isdigit() and _LANDLINE.fullmatch(value):
                what = "固定电话"
            if what:
                return Hit(what, _mask_digits(value)), chain[i].start(), match.end()
    return None


_AT = re.compile(r"@|[\[({<]\s*at\s*[\])}>]|(?<=\s)at(?=\s)|#", re.I)
_LOCAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}$")
_DOT = r"\s*(?:\.|[\[({<]\s*dot\s*[\])}>]|\sdot\s|。|点)\s*"
_DOMAIN = re.compile(rf"[A-Za-z0-9-]{{1,63}}(?:{_DOT}[A-Za-z0-9-]{{1,63}}){{1,8}}(?![A-Za-z0-9-])", re.I)
_LAST_LABEL = re.compile(rf"(?:{_DOT})([A-Za-z0-9-]+)$", re.I)


def _email(text: str) -> Found | None:
    """An e-mail address, also written with [at], (at), " at ", # or [dot]; found from its
    @ outwards, so long runs of letters cost nothing."""
    for at in _AT.finditer(text):
        window = max(0, at.start() - 68)
        before = text[window : at.start()]
        stripped = before.rstrip()
        local = _LOCAL.search(stripped)
        if local is None or len(before) - len(stripped) > 3:
            continue
        start = at.end()
        while start < len(text) and start - at.end() < 3 and text[start].isspace():
            start += 1
        domain = _DOMAIN.match(text, start)
        if domain is None:
            continue
        tld = _LAST_LABEL.search(domain.group())
        if tld and tld.group(1).isalpha() and 2 <= len(tld.group(1)) <= 24:
            return Hit("电子邮箱", f"{local.group()[0]}***@{domain.group()[0]}***"), window + local.start(), domain.end()
    return None


_HANDLE = re.compile(
    r"(?:(?<![A-Za-z])(?:QQ|扣扣|企鹅)(?:号码|号|群)?\s*[:：=]?\s*(?P<qq>[1-9][0-9]{4,11})(?![0-9])"
    r"|(?:微信|(?<![A-Za-z])(?:wechat|weixin))(?:号|id)?\s*[:：=]?\s*(?P<wx>[A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9])"
    r"|(?<![A-Za-z])(?:vx|wx)\s*[:：=]\s*(?P<vx>[A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9]))",
    re.I,
)


def _handle(text: str) -> Found | None:
    """A QQ number or WeChat ID behind its label (QQ：12345678, 微信号 zhang_wei88)."""
    found = _HANDLE.search(text)
    if found is None:
        return None
    if found.group("qq"):
        return Hit("QQ号", _mask_digits(found.group("qq"))), found.start(), found.end()
    value = found.group("wx") or found.group("vx")
    return Hit("微信号", value[:2] + "***"), found.start(), found.end()


# cheap test on the typed text: only these can hold contact data once published
_HINT = re.compile(r"[@＠﹫#]|&#|(?i:[\[({<（［｛]\s*[aａ][tｔ]\s*[\])}>）］｝]|\s[aａ][tｔ]\s|(?<![a-z])(?:qq|ｑｑ|vx|wx|wechat|weixin)|扣扣|企鹅|微信)")
_ANY_DIGIT = re.compile(r"\d")


def maybe(text: str) -> bool:
    return _HINT.search(text) is not None or len(_ANY_DIGIT.findall(text)) >= 7


def maybe_hint(text: str) -> bool:
    """text has a sign of an e-mail address, a handle or an HTML entity (substring tests
    first: they cost a fraction of a regular expression search)."""
    t = text.lower()
    quick = (
        "@" in t or "#" in t or "at" in t or "qq" in t or "微信" in t or "wx" in t or "vx" in t or "wechat" in t
        or "weixin" in t or "＠" in t or "﹫" in t or "扣扣" in t or "企鹅" in t or "ａｔ" in t or "ｑｑ" in t
    )
    return quick and _HINT.search(text) is not None


def digit_runs(text: str) -> list[str]:
    """The digits of each number in the published text (also with Markdown syntax removed)."""
    views = {published(text), published(without_markup(text))}
    return list(dict.fromkeys("".join(chain) for view in views for chain in chains(view)))


def find(text: str, markdown: bool = False) -> Hit | None:
    """The first contact value in the published form of text, or None. Markdown is rendered
    only when a cheap view of the text shows it could matter (most texts never need it)."""
    if not maybe(text):
        return None
    hit = find_published(published(text))
    if hit or not markdown or _PLAIN.fullmatch(text):
        return hit
    rough = published(without_markup(text))
    if _HINT.search(rough) or any(sum(map(len, chain)) >= 10 for chain in chains(rough)):
        return find_published(published(text, markdown=True))
    return None


# Markdown syntax a reader never sees: link targets, reference labels, emphasis, escapes,
# headings, quotes, list and rule markers. Removing them never breaks a number that the
# rendering shows whole, so this view decides when rendering is needed.
_PLAIN = re.compile(r"[^\\`*_{}\[\]()#+\-.!<>|&:=~\n\t]*")
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)|\]\[[^\]\n]*\]|^\s*\[[^\]\n]+\]:.*$", re.M)
_SYNTAX = re.compile(r"[*_~`#>\[\]!=|\\-]+")


def without_markup(text: str) -> str:
    return _SYNTAX.sub("", _LINK_TARGET.sub("]", text))


def find_published(text: str) -> Hit | None:
    found = _first(text, _GAP)
    return found[0] if found else None


def _first(text: str, gap: re.Pattern) -> Found | None:
    for chain in _chains(text, gap):
        if sum(len(m.group()) for m in chain) >= 10:
            found = _number(chain)
            if found:
                return found
    return _email(text) or _handle(text)


# for masking: the same positions as the text (full-width forms and digits of other scripts
# folded one for one), with Markdown escapes and invisible characters allowed inside numbers
_WIDE_TABLE = {**{cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}, 0xFE6B: ord("@"), 0x3000: ord(" ")}
_MASK_GAP = re.compile(f"[{_GAP_CHARS}\\\\{FORMAT_CHARS}]{{1,3}}")


def mask(text: str) -> str:
    """text with anything that looks like contact data replaced by asterisks (for messages)."""
    if not maybe(text):
        return text
    shown = _OTHER_DIGIT.sub("0", text.translate(_WIDE_TABLE))
    out, last = [], 0
    while (found := _first(shown[last:], _MASK_GAP)) is not None:
        _, start, end = found
        out += [text[last : last + start], "*" * (end - start)]
        last += end
    out.append(text[last:])
    masked = "".join(out)
    return masked if find(masked) is None else "*" * len(text)  # entities or escapes hid it from the spans
