"""The search of offline copies: Pagefind cannot run from file://, so a copy searches with
Material's own search (lunr in the browser, Chinese segmented with jieba when the index is
built) and its offline plugin, which writes the index as a script. Three of this project's
scripts (POLYFILLS, in theme/assets/peixun/) make that work from file:// and in Chinese;
see each file.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

SHIM = "assets/peixun/iframe-worker-shim.js"  # replaces Material's CDN shim (its path names iframe-worker)
SEGMENT = "assets/peixun/search-segment.js"  # cuts Chinese queries into words, see that file
INPUT = "assets/peixun/search-input.js"  # searches on paste, drop and input methods too, see that file
POLYFILLS = [SHIM, SEGMENT, INPUT]  # extra.polyfills of a copy: loaded before Material's bundle
INDEX = "search/search_index.js"  # the index the offline plugin writes, loaded from file://

_NAME = re.compile(r"[\u3400-\u9fff]{2,4}")


def plugin(catalog, work: Path) -> dict:
    """Material's search plugin as a copy configures it: lunr in the browser with Material's
    settings for zh (its separator splits at the zero-width spaces jieba puts between words
    when the index is built); teachers' names are taught to jieba so that a name is one
    word, found whole."""
    import jieba

    jieba.setLogLevel(60)  # its progress lines are not the user's business
    return {"search": {"jieba_dict_user": str(_names_file(catalog, work))}}


def _names_file(catalog, work: Path) -> Path:
    """A jieba user dictionary of the teachers' names (word, frequency, part of speech)."""
    names = sorted({t.name for t in catalog.teachers.values() if _NAME.fullmatch(t.name)})
    path = work / "names.txt"
    path.write_text("".join(f"{name} 1000 nr\n" for name in names), encoding="utf-8")
    return path


def trim(site: Path) -> None:
    """Drop what lunr never loads from a copy: the JSON twin of the index, and the language
    files of languages the index does not use (the worker loads only those, never English's)."""
    (site / "search" / "search_index.json").unlink(missing_ok=True)
    langs = set(_index_config(site).get("lang", [])) - {"en"}
    keep = {f"lunr.{lang}.min.js" for lang in langs} | ({"lunr.stemmer.support.min.js", "lunr.multi.min.js"} if langs else set())
    lunr = site / "assets" / "javascripts" / "lunr"
    for path in list(lunr.glob("*.js")) + list((lunr / "min").glob("*.js")):
        if path.name not in keep:
            path.unlink()


def _index_config(site: Path) -> dict:
    """The `config` part of the index the offline plugin wrote as `var __index = {...}`."""
    text = (site / INDEX).read_text(encoding="utf-8")
    return json.loads(text[text.index("{") :])["config"]
