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

import re
import subprocess
import sys
import time
from pathlib import Path

from ..records import vocab as V

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SHADOW_META = "shadow"  # never displayed; exists to be matched


def shadow_tokens(*texts: str) -> str:
    """The three characters starting at each position of every Chinese run (fewer at its
    end), each once, in first-seen order: by prefix, they cover every piece of up to three."""
    seen: dict[str, None] = {}
    for text in texts:
        for run in _HAN.findall(text or ""):
            for i in range(len(run)):
                seen.setdefault(run[i : i + 3], None)
    return " ".join(seen)


def province_of_pool(pool: str) -> str:
    return "全国" if pool == V.NATIONAL else V.PROVINCES[pool][1]


def filters_for(kind: str, record, status: str | None = None) -> dict[str, list[str]]:
    """Pagefind filters (facets) of a record page; names are what the search panel shows."""
    label = {"course": "课程", "textbook": "教材", "base": "培训基地", "teacher": "师资", "department": "部门"}[kind]
    out: dict[str, list[str]] = {"类型": [label]}
    if kind == "course":
        out["课程类别"] = [record.category]
        out["培训方式"] = list(record.methods)
        out["状态"] = [record.status]
    elif kind == "textbook":
        out["状态"] = [record.status]
    elif kind == "base":
        out["基地类型"] = [record.type]
        out["省份"] = [V.PROVINCES[record.province][1]]
    elif kind == "teacher":
        out["省份"] = [province_of_pool(record.pool)]
        out["师资库"] = [V.pool_label(record.pool)]
        out["师资来源"] = [record.source]
        if status:
            out["状态"] = [status]
    elif kind == "department" and record.province:
        out["省份"] = [V.PROVINCES[record.province][1]]
    return out


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
