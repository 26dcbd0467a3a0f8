"""Charts as SVG written at build time: readable without JavaScript, offline, in print and
in dark mode (colours are CSS classes of peixun.css, text is currentColor). Every chart is
a <figure> whose SVG names its title (role=img, aria-labelledby) and is followed by a table
with the same numbers. Labels are contributor text: every one is escaped.

A small hand-written module rather than a plotting library: the libraries that draw SVG in
Python (matplotlib, pygal, plotly) embed fonts or paths for text, fixed colours or scripts,
and none of them gives CSS-themed, accessible, byte-stable output of a few KB.
"""
from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 560  # viewBox width (a matrix may be wider): drawn 1.2× on wide screens, never below 0.85× (phones scroll)
ROW = 24  # one bar
FONT = 13  # px in viewBox units; text is wide by about one FONT per CJK character
COLOURS = 8  # px-c1 … px-c8 in peixun.css


def number(value: float) -> str:
    """12 for 12.0, 1.5 for 1.5: counts never show a trailing .0."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _text_width(text: str) -> float:
    return sum(FONT if ord(ch) > 0x2E80 else FONT * 0.6 for ch in text)


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "start", extra: str = "") -> Markup:
    return Markup('<text x="{}" y="{}" text-anchor="{}"{}{}>{}</text>').format(
        round(x, 1), round(y, 1), anchor, Markup(f' class="{cls}"') if cls else "", Markup(extra), text)


def _rect(x: float, y: float, w: float, h: float, cls: str, label: str = "") -> Markup:
    tip = Markup("<title>{}</title>").format(label) if label else ""
    return Markup('<rect x="{}" y="{}" width="{}" height="{}" class="{}">{}</rect>').format(round(x, 1), round(y, 1), round(w, 1), round(h, 1), cls, tip)


def _legend(names: list[str], top: float) -> tuple[list[Markup], float]:
    """Swatches and names in rows that fit the width; returns the parts and the height used."""
    parts: list[Markup] = []
    x, y = 0.0, top
    for i, name in enumerate(names):
        width = 18 + _text_width(name) + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + ROW
        parts.append(_rect(x, y + 4, 12, 12, f"px-c{i % COLOURS + 1}"))
        parts.append(_text(x + 18, y + 15, name, "px-chart__legend"))
        x += width
    return parts, (y - top + ROW) if names else 0


def _svg(ident: str, title: str, height: float, parts: list[Markup], width: float = WIDTH) -> Markup:
    # text stays near 13 px: the drawing grows to 1.2× on wide screens and a narrow screen
    # scrolls it sideways rather than shrinking it below 0.85×
    return Markup('<div class="px-chart__scroll"><svg class="px-chart__svg" viewBox="0 0 {} {}" width="{}" style="min-width:{}px" role="img" '
                  'aria-labelledby="{}-title" xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>{}</svg></div>').format(
        round(width), round(height), round(width * 1.2), round(width * 0.85), ident, ident, title, Markup("").join(parts))


def _figure(ident: str, title: str, svg: Markup, table: Markup, note: str) -> Markup:
    caption = Markup("<figcaption>{}{}</figcaption>").format(title, Markup("<span>{}</span>").format(note) if note else "")
    return Markup('<figure class="px-chart" id="{}">{}{}<div class="px-table px-chart__data">{}</div></figure>').format(ident, caption, svg, table)


def table(title: str, head: list[str], rows: list[tuple[str, list]]) -> Markup:
    """The chart's numbers: a row per category, a column per series."""
    cells = Markup("").join(Markup('<th scope="col">{}</th>').format(h) for h in head)
    body = Markup("").join(
        Markup('<tr><th scope="row">{}</th>{}</tr>').format(name, Markup("").join(Markup("<td>{}</td>").format(v if isinstance(v, str) else number(v)) for v in values))
        for name, values in rows)
    return Markup('<table><caption>{}（数据表）</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table>').format(title, cells, body)


def _empty(ident: str, title: str, note: str) -> Markup:
    return Markup('<figure class="px-chart px-chart--empty" id="{}"><figcaption>{}</figcaption><p class="px-empty">暂无数据。</p></figure>').format(ident, title)


def bars(ident: str, title: str, categories: list[str], series: list[tuple[str, list[float]]], *, unit: str = "人", note: str = "") -> Markup:
    """Horizontal bars, a row per category, the series stacked, the total at the end."""
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    if not any(totals):
        return _empty(ident, title, note)
    legend, top = _legend([name for name, _ in series] if len(series) > 1 else [], 0)
    label_w = min(190.0, max(_text_width(c) for c in categories) + 10)
    scale = (WIDTH - label_w - 56) / max(totals)
    parts = list(legend)
    for i, (category, total) in enumerate(zip(categories, totals)):
        y = top + 6 + i * ROW
        parts.append(_text(label_w - 8, y + 16, category, "px-chart__label", "end"))
        x = label_w
        for j, (name, values) in enumerate(series):
            if values[i]:
                w = values[i] * scale
                parts.append(_rect(x, y + 3, w, ROW - 6, f"px-c{j % COLOURS + 1}", f"{category} · {name}：{number(values[i])} {unit}"))
                x += w
        parts.append(_text(x + 6, y + 16, number(total), "px-chart__value"))
    height = top + 12 + len(categories) * ROW
    head = ["", *[name for name, _ in series], "合计"] if len(series) > 1 else ["", f"{series[0][0]}（{unit}）"]
    rows = [(c, [v[i] for _, v in series] + ([totals[i]] if len(series) > 1 else [])) for i, c in enumerate(categories)]
    return _figure(ident, title, _svg(ident, title, height, parts), table(title, head, rows), note)


def columns(ident: str, title: str, categories: list[str], series: list[tuple[str, list[float]]], *, unit: str = "人", note: str = "") -> Markup:
    """Vertical stacked columns for a handful of categories (years)."""
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    if not any(totals):
        return _empty(ident, title, note)
    legend, top = _legend([name for name, _ in series], 0)
    plot_top, plot_h = top + 24, 200.0
    slot = WIDTH / len(categories)
    bar_w = min(90.0, slot * 0.6)
    scale = plot_h / max(totals)
    base = plot_top + plot_h
    parts = list(legend) + [Markup('<line x1="0" y1="{}" x2="{}" y2="{}" class="px-chart__axis"/>').format(base, WIDTH, base)]
    for i, (category, total) in enumerate(zip(categories, totals)):
        x = i * slot + (slot - bar_w) / 2
        y = base
        for j, (name, values) in enumerate(series):
            if values[i]:
                h = values[i] * scale
                y -= h
                parts.append(_rect(x, y, bar_w, h, f"px-c{j % COLOURS + 1}", f"{category} · {name}：{number(values[i])} {unit}"))
        parts.append(_text(x + bar_w / 2, y - 6, number(total), "px-chart__value", "middle"))
        parts.append(_text(x + bar_w / 2, base + 18, category, "px-chart__label", "middle"))
    rows = [(name, list(values)) for name, values in series] + [("合计", totals)]
    return _figure(ident, title, _svg(ident, title, base + 28, parts), table(title, [f"（{unit}）", *categories], rows), note)


def shares(ident: str, title: str, categories: list[str], values: list[tuple[float, float]], *, unit: str = "人", note: str = "",
           threshold: float | None = None, threshold_label: str = "") -> Markup:
    """A bar per category: the part of its whole, in per cent, with an optional threshold line."""
    if not any(whole for _, whole in values):
        return _empty(ident, title, note)
    label_w = min(190.0, max(_text_width(c) for c in categories) + 10)
    plot_w = WIDTH - label_w - 64
    top = 22 if threshold is not None else 4
    parts: list[Markup] = []
    for i, (category, (part, whole)) in enumerate(zip(categories, values)):
        y = top + i * ROW
        share = part / whole if whole else 0
        parts.append(_text(label_w - 8, y + 16, category, "px-chart__label", "end"))
        parts.append(_rect(label_w, y + 3, plot_w, ROW - 6, "px-chart__track"))
        if share:
            parts.append(_rect(label_w, y + 3, share * plot_w, ROW - 6, "px-c1", f"{category}：{number(part)} / {number(whole)} {unit}"))
        parts.append(_text(label_w + plot_w + 6, y + 16, f"{share:.1%}" if whole else "—", "px-chart__value"))
    height = top + len(categories) * ROW + 6
    if threshold is not None:
        x = label_w + threshold * plot_w
        parts.append(Markup('<line x1="{}" y1="14" x2="{}" y2="{}" class="px-chart__threshold"/>').format(round(x, 1), round(x, 1), round(height)))
        parts.append(_text(x, 11, threshold_label, "px-chart__legend", "middle"))
    rows = [(c, [part, whole, f"{part / whole:.1%}" if whole else "—"]) for c, (part, whole) in zip(categories, values)]
    return _figure(ident, title, _svg(ident, title, height, parts), table(title, ["", f"部分（{unit}）", f"合计（{unit}）", "占比"], rows), note)


def matrix(ident: str, title: str, rows: list[str], cols: list[str], values: list[list[int]], *, unit: str = "人", note: str = "") -> Markup:
    """A grid: a row per source, a column per target, shaded by the count, numbers in the cells."""
    peak = max((v for row in values for v in row), default=0)
    if not peak:
        return _empty(ident, title, note)
    label_w = min(170.0, max(_text_width(r) for r in rows) + 10)
    cell = min(40.0, max(26.0, (WIDTH - label_w) / len(cols)))
    width = max(WIDTH, label_w + cell * len(cols) + 40)
    head = max(_text_width(c) for c in cols) * 0.75 + 16  # labels turned 45°
    parts: list[Markup] = []
    for j, col in enumerate(cols):
        x = label_w + j * cell + cell / 2
        parts.append(_text(x, head - 4, col, "px-chart__label", "start", f' transform="rotate(-45 {round(x, 1)} {round(head - 4, 1)})"'))
    for i, name in enumerate(rows):
        y = head + i * cell
        parts.append(_text(label_w - 8, y + cell / 2 + 5, name, "px-chart__label", "end"))
        for j, v in enumerate(values[i]):
            level = 0 if not v else 1 + min(4, int(4 * v / peak))
            parts.append(_rect(label_w + j * cell + 1, y + 1, cell - 2, cell - 2, f"px-heat{level}", f"{name} → {cols[j]}：{v} {unit}"))
            if v:
                parts.append(_text(label_w + j * cell + cell / 2, y + cell / 2 + 4, number(v), f"px-chart__cell px-heat{level}-text", "middle"))
    height = head + len(rows) * cell + 4
    data = [(r, list(vs)) for r, vs in zip(rows, values)]
    return _figure(ident, title, _svg(ident, title, height, parts, width), table(title, [f"（{unit}）", *cols], data), note)


def draw(chart) -> Markup:
    """A stats.Chart with the function of its kind."""
    if chart.kind == "bars":
        return bars(chart.key, chart.title, chart.categories, chart.series, unit=chart.unit, note=chart.note)
    if chart.kind == "columns":
        return columns(chart.key, chart.title, chart.categories, chart.series, unit=chart.unit, note=chart.note)
    if chart.kind == "shares":
        return shares(chart.key, chart.title, chart.categories, chart.values, unit=chart.unit, note=chart.note,
                      threshold=chart.threshold, threshold_label=chart.threshold_label)
    return matrix(chart.key, chart.title, chart.categories, chart.columns, chart.values, unit=chart.unit, note=chart.note)
