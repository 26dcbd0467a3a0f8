"""The private values of records (contact blocks) and where they turn up in published
text: which count as secret, and one pass that finds any of them in any text. The same
normaliser as the contact patterns (privacy.py) decides what a text says.
"""
from __future__ import annotations

import re
import unicodedata

from .privacy import _GAP_CHARS, _NOT_WORD, chains, maybe_hint, needs_nfkc, published, skeleton, visible, without_markup

MIN_TEXT = 6  # shorter private text (a contact person's name) would match ordinary public text
_STREET = re.compile("[路街道巷弄胡同号楼栋幢室村镇组院座层]")  # what a postal address below the district names
MIN_DIGITS = 7


_NOT_DIGIT = re.compile(r"[^0-9]+")


def is_number(value: str) -> str | None:
    """The digits of a private value that is a number (a phone), else None."""
    if len(_NOT_DIGIT.sub("", value)) < MIN_DIGITS and not needs_nfkc(value):
        return None
    text = unicodedata.normalize("NFKC", value) if needs_nfkc(value) else value
    digits = _NOT_DIGIT.sub("", text)
    return digits if len(digits) >= MIN_DIGITS and len(digits) >= 0.6 * len(_NOT_WORD.sub("", text)) else None


def secret_keys(private, own_plain: str) -> tuple[tuple[str, str, str], ...]:
    """(field, "number", "email" or "text", key) for the private values of one record that
    count as secret (see Secrets); own_plain: its one-line public fields, NUL-joined."""
    out = []
    own: list[str] | None = None
    for field, value in private:
        digits = is_number(value)
        if digits:
            out.append((field, "number", digits))
            continue
        key = skeleton(value)
        if "@" in value:  # an e-mail address is never part of a public field
            out.append((field, "email", key))
            continue
        if len(key) < MIN_TEXT:
            continue
        if own is None:
            own = skeleton(own_plain).split("\x00")
        if not any(key in part for part in own):
            out.append((field, "text", key))
    return tuple(out)


EMAIL, STREET, OTHER = 1, 2, 4  # kinds of secret text values, as bits (Gate)


def key_kinds(keys) -> tuple[int, int]:
    """(fewest digits of a secret number or 0, bits of the kinds of secret text values)."""
    digits, bits = 0, 0
    for _, what, key in keys:
        if what == "number":
            digits = len(key) if not digits else min(digits, len(key))
        else:
            bits |= EMAIL if what == "email" else STREET if _STREET.search(key) else OTHER
    return digits, bits


class Gate:
    """Which records' public text could hold one of the secret values, known from the
    values' kinds alone (no automaton built): addresses name a street, house or room
    (路、号、室…); an e-mail address in any text needs an at-sign in some spelling; a
    number needs as many digits; only other kinds of text value need every record."""

    def __init__(self, digits: int = 0, bits: int = 0):
        self.digits, self.bits = digits, bits

    def add(self, digits: int, bits: int) -> None:
        if digits:
            self.digits = digits if not self.digits else min(self.digits, digits)
        self.bits |= bits

    def __call__(self, flags: tuple) -> bool:
        """flags: (digits, hint, street) of a record's public text (textchecks.flags)."""
        digits, hint, street = flags
        return bool(
            self.bits & OTHER
            or (self.digits and digits >= self.digits)
            or (self.bits & STREET and street)
            or (self.bits & EMAIL and hint)
        )


def street(text: str) -> bool:
    return _STREET.search(text) is not None


class Secrets:
    """The private values of many records, found in any published text in one pass.

    Rules (README, 隐私): a number of at least MIN_DIGITS digits is compared by its digits,
    whatever separates them ("0571 8700 0000" is 057187000000); an e-mail address and any
    other text of at least MIN_TEXT letters, digits or Han characters are compared by
    their skeleton (entities decoded, NFKC, nothing but letters and digits, case-folded).
    A text value is public, not secret, when it is part of a one-line public field of its
    own record (an address that is the teacher's unit); in a summary or bio it is a leak.
    Shorter text values (a contact person's name) are not compared."""

    def __init__(self, keys=()):
        """keys: (owner, field, kind, key) as secret_keys gives them."""
        import ahocorasick

        self.numbers: dict[str, tuple] = {}
        self.words = ahocorasick.Automaton()
        for owner, field, what, key in keys:
            if what == "number":
                self.numbers.setdefault(key, (owner, field))
            elif key not in self.words:
                self.words.add_word(key, (owner, field, len(key)))
        self.lengths = sorted({len(n) for n in self.numbers})
        self.has_words = len(self.words) > 0
        if self.has_words:
            self.words.make_automaton()
        shortest = self.lengths[0] if self.lengths else MIN_DIGITS
        self._run = re.compile(f"[0-9](?:[{_GAP_CHARS}]{{0,3}}[0-9]){{{shortest - 1},}}")

    @classmethod
    def of(cls, private) -> "Secrets":
        """From (owner, field, value, own one-line public texts) for every private value."""
        return cls(
            (owner, field, what, key)
            for owner, field, value, own in private
            for field, what, key in secret_keys([(field, value)], "\x00".join(own))
        )

    def __bool__(self) -> bool:
        return bool(self.numbers) or self.has_words

    def find(self, text: str, *, escaped: bool = False, html_text: bool = False) -> tuple | None:
        """(owner, field) of the first private value in the published form of text (an HTML
        page or fragment when html_text; JSON or JavaScript when escaped), or None."""
        if escaped:  # JSON and JavaScript spell non-ASCII characters as \\uXXXX
            text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        if html_text:  # rendered already: no Markdown syntax left, entities decoded once
            text = visible(text)
            return self.in_words(skeleton(text)) or self.in_numbers(text)
        return self.in_words(skeleton(without_markup(text))) or self.in_numbers(published(text))

    def in_words(self, folded: str) -> tuple | None:
        for _, (owner, field, _size) in self.words.iter(folded) if self.has_words else ():
            return owner, field
        return None

    def word_hits(self, folded: str):
        """(start, end, owner, field) of every private text value in a skeleton."""
        for end, (owner, field, size) in self.words.iter(folded) if self.has_words else ():
            yield end - size + 1, end + 1, owner, field

    def scan(self, views: list) -> list:
        """For each record's public view (plain skeleton, prose skeleton, digit runs; see
        textchecks.public_view): (owner, field) of a private value it holds, or None. A text
        value that is the whole of one of the record's one-line fields is that record's own
        public name (a base called like a teacher's address), not a leak."""
        import bisect

        found: list = [None] * len(views)
        if not self:
            return found
        starts, parts, at = [], [], 0
        for plain, prose, _ in views:
            starts.append(at)
            parts.append(f"\x00{plain}\x00\x00{prose}\x00\x01")
            at += len(parts[-1])
        whole = "".join(parts)
        for start, end, owner, field in self.word_hits(whole):
            i = bisect.bisect_right(starts, start) - 1
            if found[i] is not None:
                continue
            plain_end = starts[i] + 1 + len(views[i][0])
            if end <= plain_end and whole[start - 1] == "\x00" and whole[end] == "\x00":
                continue
            found[i] = (owner, field)
        for i, (_, _, runs) in enumerate(views):
            if runs and found[i] is None:
                found[i] = self.in_digits(runs)
        return found

    def in_numbers(self, text: str) -> tuple | None:
        if not self.numbers:
            return None
        if needs_nfkc(text):
            text = unicodedata.normalize("NFKC", text)
        if self._run.search(text) is None:
            return None
        return self.in_digits("".join(chain) for chain in chains(text))

    def in_digits(self, runs) -> tuple | None:
        """(owner, field) of a private number inside one of these digit runs."""
        for digits in runs:
            for size in self.lengths:
                for i in range(len(digits) - size + 1):
                    key = self.numbers.get(digits[i : i + size])
                    if key:
                        return key
        return None


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
