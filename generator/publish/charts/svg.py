"""The drawings behind figures.py: numbers, text widths, scales and the SVG of each chart,
every text escaped.

Bars, columns and shares have no viewBox: their horizontal positions are percentages of
the chart's width and their vertical ones px, so the chart reflows to any width while its
text keeps the page's size (13 px) on a phone as on a desktop. The label and number
columns are sized for a phone's text column (PHONE). The matrix is a grid of fixed cells
and keeps its natural size (its box scrolls on a narrow screen).
"""
from __future__ import annotations

import math

from markupsafe import escape

FONT = 13  # px: the chart text (peixun.css sets the same size)
PHONE = 358  # px: the text column of a 390 px phone, where labels and numbers must still fit
ROW, BAR = 24, 14  # a horizontal bar's row and the bar in it, px
PLOT = 200  # a column chart's plot height, px
CELL = 30  # a matrix cell, px
SERIES = 8  # colours px-c1 … px-c8 in peixun.css


def num(x) -> str:
    """A number as a table and a label show it: 12, not 12.0; at most two decimals."""
    x = float(x)
    if x.is_integer():
        return str(int(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def pct(part, whole) -> str:
    """part/whole in percent with one decimal, no trailing .0: 33.3%, 50%; "—" without a whole."""
    if not whole:
        return "—"
    return f"{100 * part / whole:.1f}".removesuffix(".0") + "%"


def _c(x: float) -> str:
    """A coordinate: two decimals at most, no "-0"."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _u(unit: str) -> str:
    return f" {unit}" if unit else ""


def width(text: str, size: float = FONT) -> float:
    """Estimated width in px: CJK and full-width characters are 1 em, the rest ~0.6 em."""
    return sum(size if ord(ch) >= 0x2E80 else 0.6 * size for ch in text)


def fit(text: str, room: float, size: float = FONT) -> str:
    """text, cut with "…" to fit room px (the whole text stays in the table and the tooltip)."""
    if width(text, size) <= room:
        return text
    while text and width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def scale(top: float, most: int = 5) -> tuple[float, list[float]]:
    """A round maximum at or above top and its ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ, at
    least 1: the charts count people and things)."""
    if top <= 0:
        return 1.0, [0.0, 1.0]
    raw = top / most
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag * most >= top)
    step = max(step, 1.0)
    count = math.ceil(top / step - 1e-9)
    return count * step, [i * step for i in range(count + 1)]


def label_column(labels: list[str], most: float = 0.45) -> float:
    """The share of the width (percent) that right-aligned labels need on a phone."""
    need = max((width(s) for s in labels), default=0) + 10
    return min(max(need / PHONE, 0.12), most) * 100


# -- elements ----------------------------------------------------------------------------
def rect(x: float, y: float, w: float, h: float, cls: str, tip: str = "", pct_x: bool = True) -> str:
    u = "%" if pct_x else ""
    tip = f"<title>{escape(tip)}</title>" if tip else ""
    return f'<rect class="{cls}" x="{_c(x)}{u}" y="{_c(y)}" width="{_c(w)}{u}" height="{_c(h)}">{tip}</rect>'


def text(x: float, y: float, s: str, cls: str = "", anchor: str = "start", dx: float = 0, pct_x: bool = True, tip: str = "") -> str:
    u = "%" if pct_x else ""
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' text-anchor="{anchor}"' if anchor != "start" else ""
    attrs += f' dx="{_c(dx)}"' if dx else ""
    tip = f"<title>{escape(tip)}</title>" if tip else ""
    return f'<text{attrs} x="{_c(x)}{u}" y="{_c(y)}" dy="0.35em">{tip}{escape(s)}</text>'


def line(x1: float, y1: float, x2: float, y2: float, cls: str, pct_x: bool = True) -> str:
    u = "%" if pct_x else ""
    return f'<line class="{cls}" x1="{_c(x1)}{u}" y1="{_c(y1)}" x2="{_c(x2)}{u}" y2="{_c(y2)}"/>'


def svg(ident: str, title: str, height: float, body: list[str], size: tuple[float, float] | None = None) -> str:
    """The <svg>: an image named by its <title>. size gives a viewBox (the matrix)."""
    if size:
        frame = f'width="{_c(size[0])}" height="{_c(size[1])}" viewBox="0 0 {_c(size[0])} {_c(size[1])}"'
    else:
        frame = f'width="100%" height="{_c(height)}"'
    return (f'<svg class="px-chart__svg" {frame} role="img" aria-labelledby="{ident}-title" font-size="{FONT}">'
            f'<title id="{ident}-title">{escape(title)}</title>\n' + "\n".join(body) + "\n</svg>")


# -- charts ------------------------------------------------------------------------------
def _xgrid(ticks: list[float], top: float, left: float, area: float, y1: float, y2: float, fmt=num) -> list[str]:
    """Vertical grid lines at the ticks, their labels below."""
    out = []
    for t in ticks:
        x = left + t / top * area
        out.append(line(x, y1, x, y2, "px-chart__axis" if t == 0 else "px-chart__grid"))
        out.append(text(x, y2 + 12, fmt(t), "px-chart__tick", "middle"))
    return out


def hbars(ident, title, categories, series, *, stacked: bool, unit: str) -> str:
    """Horizontal bars, one row per category; stacked series or one bar per series."""
    rows = [[max(float(v), 0.0) for v in col] for col in zip(*[values for _, values in series])]
    totals = [sum(r) for r in rows]
    biggest = max(totals) if stacked else max((max(r) for r in rows), default=0)
    top, ticks = scale(biggest)
    left = label_column(categories)
    right = (width(num(biggest)) + 10) / PHONE * 100
    area = 100 - left - right
    lane = ROW if stacked or len(series) == 1 else len(series) * 12 + 10
    y0 = 6
    body = _xgrid(ticks, top, left, area, y0, y0 + len(categories) * lane)
    for i, (category, row) in enumerate(zip(categories, rows)):
        y = y0 + i * lane
        body.append(text(left, y + lane / 2, fit(category, left / 100 * PHONE - 8), "px-chart__label", "end", -6, tip=category))
        x = left
        for j, ((name, _), v) in enumerate(zip(series, row)):
            w = v / top * area
            tip = f"{category} · {name}：{num(v)}{_u(unit)}"
            if stacked or len(series) == 1:
                if w > 0:
                    body.append(rect(x, y + (lane - BAR) / 2, w, BAR, f"px-c{j % SERIES + 1}", tip))
                x += w
            else:
                if w > 0:
                    body.append(rect(left, y + 5 + j * 12, w, 10, f"px-c{j % SERIES + 1}", tip))
                body.append(text(left + w, y + 10 + j * 12, num(v), "px-chart__value", dx=4))
        if stacked or len(series) == 1:
            body.append(text(x, y + lane / 2, num(totals[i]), "px-chart__value", dx=4))
    return svg(ident, title, y0 + len(categories) * lane + 22, body)


def vcolumns(ident, title, categories, series, *, stacked: bool, unit: str) -> str:
    """Vertical columns, one slot per category (a handful of years)."""
    rows = [[max(float(v), 0.0) for v in col] for col in zip(*[values for _, values in series])]
    biggest = max((sum(r) if stacked else max(r) for r in rows), default=0)
    top, ticks = scale(biggest)
    left = (max(width(num(t)) for t in ticks) + 10) / PHONE * 100
    slot = (100 - left) / len(categories)
    col = min(slot * 0.56, 16.0)  # a few years: columns no wider than a sixth
    stagger = max(width(c) for c in categories) > slot / 100 * PHONE - 4  # labels too wide for a phone: two lines
    y_top = 22
    base = y_top + PLOT
    body = []
    for t in ticks:
        y = base - t / top * PLOT
        body.append(line(left, y, 100, y, "px-chart__axis" if t == 0 else "px-chart__grid"))
        body.append(text(left, y, num(t), "px-chart__tick", "end", -6))
    for i, (category, row) in enumerate(zip(categories, rows)):
        cx = left + slot * (i + 0.5)
        y = base
        sub = col if stacked else col / len(series)
        for j, ((name, _), v) in enumerate(zip(series, row)):
            h = v / top * PLOT
            tip = f"{category} · {name}：{num(v)}{_u(unit)}"
            if stacked:
                if h > 0:
                    body.append(rect(cx - col / 2, y - h, col, h, f"px-c{j % SERIES + 1}", tip))
                y -= h
            else:
                x = cx - col / 2 + j * sub
                if h > 0:
                    body.append(rect(x, base - h, sub, h, f"px-c{j % SERIES + 1}", tip))
                body.append(text(x + sub / 2, base - h - 8, num(v), "px-chart__value", "middle"))
        if stacked:
            body.append(text(cx, y - 9, num(sum(row)), "px-chart__value", "middle"))
        body.append(text(cx, base + 14 + (15 if stagger and i % 2 else 0), category, "px-chart__label", "middle"))
    return svg(ident, title, base + (44 if stagger else 28), body)


def hshares(ident, title, categories, values, *, threshold, threshold_label: str, unit: str) -> str:
    """One bar per category: part of its whole, in percent of a full track."""
    left = label_column(categories)
    right = (width("100.0%") + 12) / PHONE * 100
    area = 100 - left - right
    y0 = 26 if threshold is not None else 6
    bottom = y0 + len(categories) * ROW
    body = _xgrid([0, 25, 50, 75, 100], 100, left, area, y0, bottom, fmt=lambda t: f"{num(t)}%")
    for i, (category, (part, whole)) in enumerate(zip(categories, values)):
        y = y0 + i * ROW
        body.append(text(left, y + ROW / 2, fit(category, left / 100 * PHONE - 8), "px-chart__label", "end", -6, tip=category))
        tip = f"{category}：{num(part)} / {num(whole)}{_u(unit)}（{pct(part, whole)}）"
        body.append(rect(left, y + (ROW - BAR) / 2, area, BAR, "px-chart__track", tip))
        share = min(max(part / whole, 0.0), 1.0) if whole else 0.0
        if share > 0:
            body.append(rect(left, y + (ROW - BAR) / 2, share * area, BAR, "px-c1", tip))
        body.append(text(left + area, y + ROW / 2, pct(part, whole), "px-chart__value", dx=6))
    if threshold is not None:
        x = left + min(max(threshold, 0.0), 1.0) * area
        body.append(line(x, y0 - 6, x, bottom, "px-chart__threshold"))
        if threshold_label:
            body.append(text(x, 10, threshold_label, "px-chart__threshold-label", "middle"))
    return svg(ident, title, bottom + 22, body)


def grid(ident, title, rows, cols, values, *, unit: str) -> str:
    """A heat map: cells shaded in five steps by value, the number in every non-zero cell."""
    biggest = max(max(r) for r in values)
    cell = max(CELL, math.ceil(width(num(biggest), 12) + 10))
    lw = math.ceil(max(width(r) for r in rows) + 14)
    longest = max(width(c) for c in cols)
    tilt = longest > cell - 4  # labels wider than a cell are turned by 45°
    head = math.ceil(longest * 0.71 + 14) if tilt else FONT + 10
    right = max(longest * 0.71 - cell / 2, 0) + 6 if tilt else 6
    body = []
    for j, c in enumerate(cols):
        x, y = lw + (j + 0.5) * cell, head - 6
        if tilt:
            body.append(f'<text class="px-chart__label" x="{_c(x)}" y="{_c(y)}" transform="rotate(-45 {_c(x)} {_c(y)})">{escape(c)}</text>')
        else:
            body.append(text(x, head / 2, c, "px-chart__label", "middle", pct_x=False))
    for i, (r, row) in enumerate(zip(rows, values)):
        y = head + i * cell
        body.append(text(lw - 8, y + cell / 2, r, "px-chart__label", "end", pct_x=False))
        for j, (c, v) in enumerate(zip(cols, row)):
            level = math.ceil(v / biggest * 5) if v > 0 else 0
            tip = f"{r} → {c}：{num(v)}{_u(unit)}"
            body.append(rect(lw + j * cell + 1, y + 1, cell - 2, cell - 2, f"px-chart__heat px-chart__heat--{level}", tip, pct_x=False))
            if v:
                cls = "px-chart__n px-chart__n--on" if level >= 4 else "px-chart__n"
                body.append(text(lw + (j + 0.5) * cell, y + cell / 2, num(v), cls, "middle", pct_x=False))
    w, h = math.ceil(lw + len(cols) * cell + right), math.ceil(head + len(rows) * cell + 4)
    return svg(ident, title, h, body, size=(w, h))
