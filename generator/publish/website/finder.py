"""Listings that narrow: the filter bar above every listing table (text and facets, with
counts over the whole list), and one data script per list holding all its rows, which
px-list.js loads on first use to filter, sort and page the whole list in the browser.

The data is a script (`pxRows({...})`), not JSON: browsers load scripts from file://, so
offline copies filter the same way. Links in it are relative to the site root; the page
says how to get there (data-root). Every value is data for the DOM (textContent), never HTML.
"""
from __future__ import annotations

import json
from collections import Counter

from markupsafe import Markup, escape

from ...records import vocab as V
from ...records.kind import Facet, Link, PoolLink, State
from ...records.kinds import KINDS
from . import tables, urls
from ..search.record import name_spellings

# a pool's list: its own teachers, then those of other pools shared into it
OWN, SHARED = "本库教师", "共享到本库"
FROM = Facet("from", "来源", lambda r, row: [OWN if row.standing.pool == row.pool else SHARED], (OWN, SHARED))
CHANGE_FACETS = (Facet("pool", "师资库", lambda c, row: [V.pool_label(c.pool)], tuple(V.POOLS.values())),)
MENU = 40  # values a facet's menu lists before the data is loaded (the most common first)


def facets(listing) -> list[Facet]:
    """The facets a listing offers (a group page's own facet is fixed, so not offered)."""
    if listing.kind == "change":
        return list(CHANGE_FACETS)
    found = [f for f in KINDS[listing.kind].facets if f.listing]
    if listing.kind == "teacher":
        found.insert(0, FROM)
    fixed = fixed_filter(listing)
    return [f for f in found if f.key not in fixed]


def values_of(facet: Facet, item, row) -> list[str]:
    if facet is FROM or facet in CHANGE_FACETS:
        return facet.values(item, row)
    return facet.of(item, row.standing)


def fixed_filter(listing) -> dict[str, list[str]]:
    """A group page (courses of one category) is its kind's list with one facet fixed."""
    if listing.kind not in KINDS or ":" not in listing.group:
        return {}
    facet, slug = listing.group.split(":", 1)
    for g in KINDS[listing.kind].groups:
        if g.facet == facet:
            value = g.vocab.by_slug[slug].value if g.vocab is not None else slug
            return {facet: [g.name(value)]}
    return {}


def whole_list(listing) -> str:
    """The source path of the first page of the list whose rows a page filters: a group page
    filters its kind's whole list."""
    return urls.listing(listing.kind) if fixed_filter(listing) else listing.siblings[0]


def finder(renderer, ctx, listing) -> Markup:
    """The filter bar of a listing page: hidden until px-list.js shows it (without scripts
    the page is the plain table and its pager)."""
    offered = facets(listing)
    # every page of a split list shows the same menus: counted once per list
    key = ("finder", listing.kind, listing.siblings[0])
    menus, total = renderer.memo.take(key, lambda: _menus(renderer, listing, offered))
    root = "../" * ctx["depth"]
    data = root + rows_src(whole_list(listing))  # a script beside the list's first page, not a page
    noun = "人" if listing.kind in ("teacher", "change") else "条"
    attrs = (
        f'data-px-finder="{escape(whole_list(listing))}" data-src="{escape(data)}" data-root="{root}" data-total="{total}" data-noun="{noun}" '
        f"data-facets='{escape(json.dumps([key for key, _ in menus]))}' "
        f"data-fixed='{escape(json.dumps(fixed_filter(listing), ensure_ascii=False))}'"
    )
    return Markup(
        f'<div class="px-finder" {attrs} hidden>'
        f'<div class="px-finder__bar"><input type="search" class="px-finder__text" aria-label="在本列表中查找" '
        f'placeholder="{escape(_hint(listing))}" autocomplete="off">'
        f'{"".join(html for _, html in menus)}<button type="button" class="px-finder__clear" hidden>清除筛选</button></div>'
        f'<p class="px-finder__status" role="status"></p></div>'
    )


def _menus(renderer, listing, offered) -> tuple[list[tuple[str, str]], int]:
    """(facet key, menu) of each facet the whole list has values for (with their counts), and
    the list's length."""
    rows = tables.items(renderer, listing, listing.whole)
    menus = []
    for facet in offered:
        counts = Counter(v for item, row in rows for v in values_of(facet, item, row))
        if not counts:
            continue
        values = [v for v in facet.order if counts[v]] if facet.order else [v for v, _ in counts.most_common(MENU)]
        boxes = "".join(
            f'<label><input type="checkbox" value="{escape(v)}"> <span>{escape(v)}</span> <span class="px-count">{counts[v]}</span></label>'
            for v in values
        )
        menus.append((facet.key,
            f'<details class="px-facet" data-facet="{facet.key}"><summary>{escape(facet.label)}<span class="px-facet__n"></span></summary>'
            f'<div class="px-facet__menu" role="group" aria-label="{escape(facet.label)}">{boxes}</div></details>',
        ))
    return menus, len(rows)


def _hint(listing) -> str:
    return "输入姓名或说明中的文字" if listing.kind == "change" else KINDS[listing.kind].hint


def rows_src(first: str) -> str:
    """Where a list's data script goes: beside its first page."""
    return first.removesuffix("index.md") + "rows.js"


def data_script(renderer, listing) -> str:
    """All rows of a whole list (listing is its first page; group pages have none of their
    own), for px-list.js."""
    keyed = facets(listing)
    shown = tables.columns(listing)
    out = []
    for item, row in tables.items(renderer, listing, listing.whole):
        cells = [_cell(renderer, column.cell(item, row)) for column in shown]
        values = [values_of(f, item, row) for f in keyed]
        # what else the text box finds a row by (a teacher's name in pinyin); the browser
        # adds the cells and facet values itself
        out.append([cells, values, name_spellings(item.name) if listing.kind == "teacher" else ""])
    doc = {"key": listing.siblings[0], "facets": [f.key for f in keyed], "rows": out}
    return "pxRows(" + json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + ");\n"


def _cell(renderer, value):
    if value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return value
    if isinstance(value, Link):
        return [urls.url_of(urls.record(value.kind, value.id), renderer.directory_urls), renderer.title_of(value.kind, value.id)]
    if isinstance(value, PoolLink):
        src = renderer.pool_src(value.pool)
        label = V.pool_label(value.pool)
        return [urls.url_of(src, renderer.directory_urls), label] if src else label
    if isinstance(value, State):
        return {"s": value.state, "m": V.MARKS.get(value.state, "ok"), "r": value.reason}
    return str(value)
