"""Charts for the statistics pages (统计), drawn at build time as inline SVG: readable without
JavaScript, offline and in print, in the light and the dark scheme (every colour is a CSS
class of peixun.css, "charts"). Each chart is one <figure class="px-chart">: its title as
the figcaption and as the SVG's accessible name, a legend in words, the drawing, and the
same numbers as a table (the table is what a screen reader, a copy and a report use).

Every label is untrusted text and is escaped; the same input gives the same bytes (ids
come from the ident given or from a hash of the input, never from a counter or chance).
The drawings themselves are in svg.py.
"""
from __future__ import annotations

import hashlib
import re

from markupsafe import Markup, escape

from . import svg as S
from .svg import num, pct

EMPTY = "暂无数据"


# -- shared parts ------------------------------------------------------------------------
def table(caption: str, head: list[str], rows: list[tuple[str, list]], *, ident: str = "") -> Markup:
    """The numbers of a chart as a table: head names every column (the first names the row
    headers), each row is (its header, its cells); numbers are shown without a trailing .0
    and right-aligned, like their column's header. With an ident the box is a named region
    that takes the keyboard focus, so a table wider than a phone can be scrolled."""
    numeric = [all(_numeric(cells[k]) for _, cells in rows if k < len(cells)) for k in range(len(head) - 1)]
    th = "".join(f'<th scope="col"{_NUM if k and numeric[k - 1] else ""}>{escape(h)}</th>' for k, h in enumerate(head))
    body = []
    for name, cells in rows:
        tds = "".join(f"<td{_NUM if _numeric(c) else ''}>{num(c) if isinstance(c, (int, float)) else escape(c)}</td>" for c in cells)
        body.append(f'<tr><th scope="row">{escape(name)}</th>{tds}</tr>')
    box = f' role="region" aria-labelledby="{ident}-data" tabindex="0"' if ident else ""
    cid = f' id="{ident}-data"' if ident else ""
    return Markup(f'<div class="px-table px-chart__table"{box}><table>\n<caption{cid}>{escape(caption)}</caption>\n'
                  f"<thead><tr>{th}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody></table></div>")


_NUM = ' class="px-num"'


def _numeric(cell) -> bool:
    """A number, or a number's text in a cell (33.3%, — for none)."""
    if isinstance(cell, bool):
        return False
    return isinstance(cell, (int, float)) or bool(re.fullmatch(r"-?\d+(\.\d+)?%|—", str(cell)))


def ident_for(ident: str, *data) -> str:
    """The chart's id: ident when it is a usable id, else "px-chart-" and a hash of the data."""
    if ident and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", ident):
        return ident
    digest = hashlib.sha1(repr((ident, data)).encode("utf-8")).hexdigest()[:10]
    return f"px-chart-{digest}"


def _legend(names: list[str], unit: str) -> str:
    keys = "".join(f'<li><svg class="px-chart__key" width="12" height="12" aria-hidden="true"><rect class="px-c{i % S.SERIES + 1}" '
                   f'width="12" height="12"/></svg>{escape(n)}</li>' for i, n in enumerate(names)) if len(names) > 1 else ""
    unit = f'<li class="px-chart__unit">单位：{escape(unit)}</li>' if unit else ""
    return f'<ul class="px-chart__legend">{keys}{unit}</ul>' if keys or unit else ""


def _figure(kind: str, ident: str, title: str, parts: list[str], note: str = "") -> Markup:
    note = f'<p class="px-chart__note">{escape(note)}</p>' if note else ""
    return Markup(f'<figure class="px-chart px-chart--{kind}" id="{ident}">\n<figcaption class="px-chart__title">{escape(title)}</figcaption>\n'
                  + "\n".join(p for p in [*parts, note] if p) + "\n</figure>")


def _plot(drawing: str, ident: str = "") -> str:
    if ident:  # a grid wider than a phone scrolls; the box takes the keyboard focus for it
        return f'<div class="px-chart__plot px-chart__plot--scroll" role="region" aria-labelledby="{ident}-title" tabindex="0" data-pagefind-ignore="">{drawing}</div>'
    return f'<div class="px-chart__plot" data-pagefind-ignore="">{drawing}</div>'


def _empty(kind: str, ident: str, title: str, note: str = "") -> Markup:
    return _figure(kind, ident, title, [f'<p class="px-empty px-chart__empty">{EMPTY}</p>'], note)


def _check(categories: list[str], series: list[tuple[str, list[float]]]) -> None:
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(categories)} categories")


def _caption(title: str, unit: str) -> str:
    return f"{title}（单位：{unit}）" if unit and f"（{unit}）" not in title else title


def _series_table(ident, title, categories, series, unit, label, total: bool) -> Markup:
    names = [name for name, _ in series]
    rows = []
    for i, category in enumerate(categories):
        cells = [values[i] for _, values in series]
        rows.append((category, cells + [sum(cells)] if total else cells))
    return table(_caption(title, unit), [label, *names, *(["合计"] if total else [])], rows, ident=ident)


# -- the charts --------------------------------------------------------------------------
def bars(title: str, categories: list[str], series: list[tuple[str, list[float]]], *, unit: str = "人", stacked: bool = True,
         note: str = "", label: str = "类别", ident: str = "") -> Markup:
    """Horizontal bars, one row per category (e.g. 32 provinces), the series stacked (or side
    by side) in up to 8 colours, each bar's total at its end."""
    return _series_chart("bars", S.hbars, title, categories, series, unit, stacked, note, label, ident)


def columns(title: str, categories: list[str], series: list[tuple[str, list[float]]], *, unit: str = "人", stacked: bool = True,
            note: str = "", label: str = "年份", ident: str = "") -> Markup:
    """Vertical columns for a handful of categories (years), the series stacked (or side by
    side), the total above each column."""
    return _series_chart("columns", S.vcolumns, title, categories, series, unit, stacked, note, label, ident)


def _series_chart(kind: str, draw, title, categories, series, unit, stacked, note, label, ident) -> Markup:
    """What bars and columns share: the checks, the id, the empty state, the legend, the drawing and its table."""
    _check(categories, series)
    ident = ident_for(ident, kind, title, categories, series, unit, stacked)
    if not categories or not any(v for _, values in series for v in values):
        return _empty(kind, ident, title, note)
    data = _series_table(ident, title, categories, series, unit, label, total=stacked and len(series) > 1)
    drawing = draw(ident, title, categories, series, stacked=stacked, unit=unit)
    return _figure(kind, ident, title, [_legend([n for n, _ in series], unit), _plot(drawing), data], note)


def shares(title: str, categories: list[str], values: list[tuple[float, float]], *, threshold: float | None = None,
           threshold_label: str = "", unit: str = "", note: str = "", label: str = "类别", part: str = "部分",
           whole: str = "总数", ident: str = "") -> Markup:
    """One bar per category: part of whole in percent (e.g. business-training hours of all
    hours), with an optional vertical line at threshold (a fraction: 1/3)."""
    if len(values) != len(categories):
        raise ValueError(f"{len(values)} values for {len(categories)} categories")
    ident = ident_for(ident, "shares", title, categories, values, threshold, threshold_label, unit)
    if not categories or not any(w for _, w in values):
        return _empty("shares", ident, title, note)
    head = [label, _caption(part, unit), _caption(whole, unit), "占比"]
    met = threshold is not None and threshold_label
    rows = [(c, [p, w, pct(p, w)] + ([("是" if p / w >= threshold else "否") if w else "—"] if met else []))
            for c, (p, w) in zip(categories, values)]
    data = table(title, head + ([f"达到{threshold_label}"] if met else []), rows, ident=ident)
    legend = ""
    if threshold is not None:
        words = f"竖线：{threshold_label}（{pct(threshold, 1)}）" if threshold_label else f"竖线：{pct(threshold, 1)}"
        legend = f'<ul class="px-chart__legend"><li>{escape(words)}</li></ul>'
    drawing = S.hshares(ident, title, categories, values, threshold=threshold, threshold_label=threshold_label, unit=unit)
    return _figure("shares", ident, title, [legend, _plot(drawing), data], note)


def matrix(title: str, rows: list[str], cols: list[str], values: list[list[int]], *, unit: str = "人", note: str = "",
           label: str = "行＼列", ident: str = "") -> Markup:
    """A heat map (e.g. rows: the pool a teacher belongs to, cols: the pool shared into), the
    cell shaded by its value and the number printed in every non-zero cell."""
    if len(values) != len(rows) or any(len(r) != len(cols) for r in values):
        raise ValueError(f"values must be {len(rows)} rows of {len(cols)}")
    ident = ident_for(ident, "matrix", title, rows, cols, values, unit)
    if not rows or not cols or not any(v for r in values for v in r):
        return _empty("matrix", ident, title, note)
    data = table(_caption(title, unit), [label, *cols], list(zip(rows, values)), ident=ident)
    legend = f'<ul class="px-chart__legend"><li>颜色越浓，数值越大</li><li class="px-chart__unit">单位：{escape(unit)}</li></ul>'
    drawing = S.grid(ident, title, rows, cols, values, unit=unit)
    return _figure("matrix", ident, title, [legend, _plot(drawing, ident), data], note)


def draw(chart) -> Markup:
    """A stats.Chart as its figure (the templates' chart()); its key names the figure's id."""
    ident = f"chart-{chart.key}"
    common = {"unit": chart.unit, "note": chart.note, "ident": ident}
    if chart.kind == "bars":
        return bars(chart.title, chart.categories, chart.series, stacked=chart.stacked, **common)
    if chart.kind == "columns":
        return columns(chart.title, chart.categories, chart.series, stacked=chart.stacked, **common)
    if chart.kind == "shares":
        return shares(chart.title, chart.categories, chart.values, threshold=chart.threshold, threshold_label=chart.threshold_label, **common)
    if chart.kind == "matrix":
        return matrix(chart.title, chart.categories, chart.columns, chart.values, **common)
    raise ValueError(f"unknown chart kind {chart.kind!r}")
