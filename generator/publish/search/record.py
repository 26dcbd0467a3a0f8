"""What a record page tells Pagefind besides its text: filters (facets) and metadata that
the search UI (theme/assets/peixun/px-search.js) shows and ranks by, the names of the
records the page lists, the pinyin of a teacher's name, and its shadow tokens (shadow.py).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from markupsafe import Markup, escape
from pypinyin import lazy_pinyin

from ...records import vocab as V
from ...records.kinds import KINDS
from .shadow import shadow_tokens

MENTIONS = 30  # names of listed records a page is found by, at most (every result loads them)


@dataclass
class RecordSearch:
    """What a record page tells Pagefind besides its text: filters (facets) and metadata the
    search UI shows and ranks by (px-search.js). Keys are short: every result loads them."""

    filters: dict[str, list[str]]
    meta: dict[str, str]

    def html(self) -> Markup:
        """The hidden spans Pagefind reads (content form, so any character is safe), out of
        both indexes' text."""
        out = ['<div hidden data-pagefind-ignore data-search-exclude>']
        out += [f'<span data-pagefind-filter="{escape(name)}">{escape(v)}</span>' for name, values in self.filters.items() for v in values]
        out += [f'<span data-pagefind-meta="{key}">{escape(value)}</span>' for key, value in self.meta.items() if value]
        return Markup("".join(out) + "</div>")


def record_search(kind: str, record, standing, facts: list[str], mentions: list[str]) -> RecordSearch:
    """Filters and metadata of one record page: its kind (教师, 课程…), its standing and how
    to mark it, the few facts people choose by, the rest of its searchable text, the names
    of the records its page lists (ranked below the record's own name), and the shadow
    tokens that make every piece of its Chinese findable (shadow.py)."""
    k = KINDS[kind]
    state = k.state(record, standing)
    text = [t for t in k.search_text(record) if t]
    filters = {"类型": [k.noun], **{f.label: f.of(record, standing) for f in k.facets if f.search}}
    mentions = list(dict.fromkeys(mentions))[:MENTIONS]
    meta = {"kind": k.noun, "facts": " · ".join(facts), "text": " ".join(text), "mentions": "、".join(mentions)}
    if state:
        meta |= {"state": state, "mark": V.MARKS.get(state, "ok")}
    if kind == "teacher":
        meta["pinyin"] = name_spellings(record.name)
    meta["shadow"] = shadow_tokens(*text, *mentions)
    return RecordSearch({name: values for name, values in filters.items() if values}, meta)


@functools.lru_cache(maxsize=None)  # a teacher is in several lists and years: pinyin once per name
def name_spellings(name: str) -> str:
    """A name in pinyin, whole and by initials (王建国 → wangjianguo wjg): found without an
    input method, on intranet machines that have none."""
    syllables = lazy_pinyin(name)
    return f"{''.join(syllables)} {''.join(s[0] for s in syllables if s)}"
