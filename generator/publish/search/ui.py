"""The site's search/config.js (urls.SEARCH_CONFIG), the settings the search UI
(theme/assets/peixun/px-search.js) reads: the filter groups and example queries taken
from the data."""
from __future__ import annotations

import json
from collections import Counter

from ...records.kinds import KINDS
from . import shards

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
    # the index's further parts (shards.py), merged in the browser with the first
    parts = [shards.folder(i) + "/" for i in range(1, shards.count(len(views.catalog)))]
    doc = {"groups": list(groups.values()), "examples": examples(views), "parts": parts}
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
