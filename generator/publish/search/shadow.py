"""Shadow tokens: what makes every piece of a page's Chinese findable with Pagefind.

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
