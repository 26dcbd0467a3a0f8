"""Search with Pagefind (extended build: it segments Chinese): the markup record pages
carry (filters, result metadata, weights) and the indexing run itself.

Pagefind 1.5.2 splits the *query* in the browser with Intl.Segmenter while the *index* is
split by jieba (upstream issue 1237): a word jieba keeps whole (调研, 黄晓明) is then looked
up as 调|研 and not found. Measured on this site's words it also hits names such as
叶建平 and 舆情. The fix used here: each record page carries, as hidden metadata, the
Chinese runs of its key text cut at every character into pieces of three (shorter at the
end of a run). Pagefind matches query words as prefixes, so a piece stands for its one-
and two-character beginnings too: whatever pieces of up to three characters the browser
asks for exist in the index. Metadata is searchable but never shown in excerpts.
"""
from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape
from pypinyin import lazy_pinyin

from ..records import vocab as V
from ..records.kinds import KINDS


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def shadow_tokens(*texts: str) -> str:
    """The three characters starting at each position of every Chinese run (fewer at its
    end), each once, in first-seen order: by prefix, they cover every piece of up to three."""
    seen: dict[str, None] = {}
    for text in texts:
        for run in _HAN.findall(text or ""):
            for i in range(len(run)):
                seen.setdefault(run[i : i + 3], None)
    return " ".join(seen)


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
    tokens that make every piece of its Chinese findable (see module docstring)."""
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


def run_pagefind(site: Path, *, source: Path | None = None) -> float:
    """Index the built site with the extended binary (reading the pages from source when
    given, writing the bundle to site/pagefind); returns seconds taken."""
    start = time.perf_counter()
    command = [sys.executable, "-m", "pagefind", "--site", str(source or site), "--force-language", "zh"]
    if source is not None:
        command += ["--output-path", str(Path(site).resolve() / "pagefind")]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or "Extended" not in done.stdout:
        detail = (done.stdout + done.stderr)[-2000:]
        raise RuntimeError(f"Pagefind 索引失败（需要 pagefind[extended]）：\n{detail}")
    return time.perf_counter() - start


# people look for teachers and courses first
KIND_ORDER = ("teacher", "course", "textbook", "base", "programme", "department")


def search_config(views) -> str:
    """search/config.js, read by px-search.js: the filter groups in the order people use them
    (类型 first, then each kind's own), which kinds each applies to, every group's values
    in their own order (vocabularies, provinces and pools by code), and example queries
    taken from the data (so every example finds something)."""
    groups: dict[str, dict] = {"类型": {"name": "类型", "kinds": [], "order": [KINDS[k].noun for k in KIND_ORDER] + ["说明"]}}
    for k in KINDS.values():
        for f in k.facets:
            if f.search:
                group = groups.setdefault(f.label, {"name": f.label, "kinds": [], "order": list(f.order) if f.order else None})
                group["kinds"].append(k.noun)
    doc = {"groups": list(groups.values()), "examples": examples(views)}
    return "window.pxSearchConfig = " + json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + ";\n"


def examples(views) -> list[str]:
    """A teacher's name, a topic word and a course title that this data holds."""
    catalog, out = views.catalog, []
    listed = [tid for pool in views.pools for tid in views.directory.own.get(pool, [])]
    if listed:
        out.append(catalog.teachers[listed[0]].name)
    courses = [c for c in catalog.courses.values() if c.status == "开设中"]
    topics = Counter(t for c in courses for t in c.topics if 2 <= len(t) <= 4)
    if topics:
        out.append(topics.most_common(1)[0][0])
    if courses:
        out.append(min(courses, key=lambda c: (len(c.title), c.id)).title)
    return out
