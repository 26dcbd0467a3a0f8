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
