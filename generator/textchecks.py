"""Checks on the text a record publishes, judged as it is published (privacy.py): contact
data (contact-in-text), and what the cross-record privacy check needs of each record.
Returns findings located by data path; validate.py turns them into problems."""
from __future__ import annotations

import re

from . import privacy
from .models import Kind
from .problems import Finding

NOT_SCANNED = frozenset(("isbn",))  # public, but its own format is checked and looks like a phone

# Worth a field-by-field look: a hint of an e-mail or handle, or ten digits with short gaps
# (wider than the detector's, and any non-letter counts, so nothing the detector finds after
# publishing is missed here); fields are joined by NUL, which no gap allows.
_GAP = r"(?:[^\w\x00]|_)"
_RUN10 = re.compile(rf"\d(?:{_GAP}{{0,8}}\d){{9}}")
_RUN7 = re.compile(rf"\d(?:{_GAP}{{0,8}}\d){{6}}")


def public_strings(kind: Kind, data: dict) -> list[tuple[tuple, str]]:
    """(loc, text) of every string the record publishes, in order."""
    skip = kind.private_fields | NOT_SCANNED
    return [(loc, text) for key, value in data.items() if key not in skip for loc, text in strings(value, (key,))]


def strings(data, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """(loc, text) of every string in data, in order."""
    out: list[tuple[tuple, str]] = []
    stack = [(loc, data)]
    while stack:
        where, value = stack.pop()
        if type(value) is str:
            out.append((where, value))
        elif type(value) is dict:
            stack.extend((where + (k,), v) for k, v in reversed(value.items()))
        elif type(value) is list:
            stack.extend((where + (i,), v) for i, v in reversed(list(enumerate(value))))
    return out


def _worth_a_look(joined: str) -> bool:
    if privacy.maybe_hint(joined) or _RUN10.search(joined):
        return True
    return ("](" in joined or "][" in joined or "]:" in joined) and _RUN10.search(privacy.without_markup(joined)) is not None


def contact_findings(kind: Kind, texts: list[tuple[tuple, str]]) -> list[Finding]:
    if not texts or not _worth_a_look("\x00".join(text for _, text in texts)):
        return []
    out = []
    for loc, text in texts:
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


def public_view(kind: Kind, texts: list[tuple[tuple, str]]) -> tuple[str, str, tuple[str, ...]]:
    """What the cross-record privacy check compares with private values: the record's
    one-line public fields folded (apart by NUL), its Markdown fields folded, and its digit
    runs long enough to hold a phone."""
    plain, prose = [], []
    for loc, text in texts:
        (prose if len(loc) == 1 and loc[0] in kind.markdown_fields else plain).append(privacy.folded_view(text))
    joined = "\x00".join(text for _, text in texts)
    runs: tuple[str, ...] = ()
    if _RUN7.search(joined):
        runs = tuple(digits for _, text in texts for digits in privacy.digit_runs(text) if len(digits) >= privacy.MIN_DIGITS)
    return "\x00".join(plain), "\x00".join(prose), runs


def private_values(kind: Kind, data: dict) -> tuple[tuple[str, str], ...]:
    """(field path, value) of every private string of the record."""
    return tuple((".".join(map(str, loc)), text) for key in sorted(kind.private_fields) if key in data for loc, text in strings(data[key], (key,)))
