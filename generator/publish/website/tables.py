"""Listing tables from the columns a kind declares (records/kinds: header, cell, sort, phone):
the header row and every row come from the same spec, so a column cannot lose its cells.

Rows are built in Python: a national build has about 250,000 of them, and a Jinja loop
costs ~55 µs a row where this costs a few. Every value is escaped.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ...records import vocab as V
from ...records.kind import Column, Link, PoolLink, State
from ...records.kinds import KINDS
from ...yearly import directory as D
from .listings import SCREEN

# a year's changes: not records, but listed the same way
CHANGE_COLUMNS = (
    Column("师资库", lambda c, row: V.pool_label(c.pool), "pool"),
    Column("姓名", lambda c, row: Link("teacher", c.teacher), "name"),
    Column("说明", lambda c, row: c.detail, "detail"),
)


def columns(listing) -> list[Column]:
    """The columns a listing shows."""
    spec = CHANGE_COLUMNS if listing.kind == "change" else KINDS[listing.kind].columns
    return [c for c in spec if c.shown_on(listing)]


def head(listing) -> Markup:
    """The header cells of a listing's table."""
    cells = []
    for column in columns(listing):
        sort = ' data-sort="number"' if column.sort == "number" else ""
        cells.append(f'<th scope="col"{sort}>{escape(column.title(listing))}</th>')
    return Markup("".join(cells))


@dataclass
class Row:
    """What a cell may need besides its record: the views, a teacher's standing in the
    listing's year, and the pool whose list it is."""

    views: object
    standing: object = None
    pool: str = ""


def items(renderer, listing, ids) -> list[tuple[object, Row]]:
    """(record or change, its Row) for ids of a listing's kind."""
    views = renderer.views
    if listing.kind == "change":
        shared = Row(views)
        return [(c, shared) for c in ids]
    if listing.kind == "teacher":
        records, standings = renderer.catalog.teachers, views.directories[listing.year].standings
        pool = listing.group.partition(":")[2]
        return [(records[rid], Row(views, standings[rid], pool)) for rid in ids]
    records, shared = renderer.catalog[listing.kind], Row(views)
    return [(records[rid], shared) for rid in ids]


def rows(renderer, ctx, listing) -> Markup:
    """The table bodies of one listing page: its first screenful of rows, then the rest in a
    hidden body that px-list.js shows as the reader scrolls (and a style in <noscript>, or
    printing, shows at once)."""
    shown = columns(listing)
    out = []
    for item, row in items(renderer, listing, listing.rows):
        out.append("<tr>" + "".join([f"<td>{_html(renderer, ctx, column.cell(item, row))}</td>" for column in shown]) + "</tr>")
    first = "<tbody>\n" + "\n".join(out[:SCREEN]) + "\n</tbody>"
    if len(out) <= SCREEN:
        return Markup(first)
    return Markup(first + '\n<tbody class="px-later" hidden>\n' + "\n".join(out[SCREEN:]) + "\n</tbody>")


@functools.lru_cache(maxsize=8192)  # a few states and reasons, on every list and page
def state_mark(state: str, reason: str = "") -> Markup:
    """A standing or status as a mark: its words always (colour is never the only sign),
    coloured by how available it is (vocab.MARKS)."""
    if not state:
        return Markup("")
    mark = V.MARKS.get(state, "ok")
    slug = D.STATE_SLUGS.get(state, "")
    title = Markup(' title="{}"').format(reason) if reason else ""
    cls = f"px-state px-mark--{mark}" + (f" px-state--{slug}" if slug else "")
    return Markup('<span class="{}"{}>{}</span>').format(cls, title, state)


_SPECIAL = re.compile(r"[<>&\"']")  # what escaping changes; most cells hold none of it


def _html(renderer, ctx, value) -> str:
    if type(value) is str:  # most cells
        return escape(value) if _SPECIAL.search(value) else value
    if value is None:
        return ""
    if isinstance(value, Link):
        return renderer._record_link(ctx, value.kind, value.id)
    if isinstance(value, PoolLink):
        return renderer._pool_link(ctx, value.pool)
    if isinstance(value, State):
        return str(state_mark(value.state, value.reason))
    return escape(str(value))
