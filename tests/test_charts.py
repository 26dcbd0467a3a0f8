"""The statistics charts (publish/charts/figures.py, svg.py): well-formed SVG whose bars are proportional to
the numbers, the same numbers in an accessible table, labels escaped, byte-stable output
and an empty state instead of a division by zero."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from generator.publish.charts import figures as C
from generator.publish.charts.stats import Chart

from .conftest import PROJECT

PROVINCES = ["北京市", "天津市", "内蒙古自治区", "新疆维吾尔自治区", "新疆生产建设兵团"]
SOURCES = [("党政领导干部", [3, 0, 5, 1, 0]), ("专家学者", [10, 0, 2, 4, 7]), ("组工干部", [1, 0, 0, 2, 2.5]), ("基层干部", [6, 0, 1, 0, 1])]
NASTY = 'A<script>alert("x")</script>&B'


def parse(html) -> ET.Element:
    """The figure as XML: it must be well-formed."""
    return ET.fromstring(str(html))


def svg_of(fig: ET.Element) -> ET.Element:
    """The chart's drawing (the legend's keys are small SVGs of their own)."""
    return fig.find(".//svg[@class='px-chart__svg']")


def series_rects(fig: ET.Element) -> list[ET.Element]:
    return [r for r in svg_of(fig).iter("rect") if re.fullmatch(r"px-c\d", r.get("class", ""))]


def pct_width(rect: ET.Element) -> float:
    value = rect.get("width")
    assert value.endswith("%"), value
    return float(value[:-1])


def table_rows(fig: ET.Element) -> list[tuple[str, list[str]]]:
    rows = []
    for tr in fig.find(".//table/tbody"):
        th = tr.find("th")
        assert th.get("scope") == "row"
        rows.append((th.text, [td.text for td in tr.findall("td")]))
    return rows


def texts(fig: ET.Element, cls: str) -> list[str]:
    return [t.text for t in svg_of(fig).iter("text") if cls in t.get("class", "").split()]


def label_texts(fig: ET.Element) -> list[str]:
    """The category labels as drawn (a label carries its full text as a <title> first)."""
    out = []
    for t in svg_of(fig).iter("text"):
        if "px-chart__label" in t.get("class", ""):
            title = t.find("title")
            out.append(title.tail if title is not None else t.text)
    return out


def test_bars_are_well_formed_and_accessible():
    fig = parse(C.bars("各省份的教师", PROVINCES, SOURCES, ident="teachers"))
    assert fig.tag == "figure" and "px-chart" in fig.get("class").split() and fig.get("id") == "teachers"
    assert fig.find("figcaption").text == "各省份的教师"
    svg = svg_of(fig)
    assert svg.get("role") == "img"
    title = svg.find("title")
    assert title.get("id") == svg.get("aria-labelledby") == "teachers-title" and title.text == "各省份的教师"
    table = fig.find(".//table")
    assert table.find("caption").text.startswith("各省份的教师")
    assert [th.get("scope") for th in table.find("thead").iter("th")] == ["col"] * 6
    assert "xmlns" not in str(C.bars("t", PROVINCES, SOURCES)), "inline SVG needs no namespace (and names no other host)"


def test_bar_widths_are_proportional_to_the_values():
    fig = parse(C.bars("t", PROVINCES, SOURCES))
    values = [v for i in range(len(PROVINCES)) for _, vs in SOURCES if (v := vs[i]) > 0]
    widths = [pct_width(r) for r in series_rects(fig)]
    assert len(widths) == len(values)
    ratios = [w / v for w, v in zip(widths, values)]
    assert max(ratios) - min(ratios) < 0.02 * max(ratios)
    # the segments of a row follow each other: each starts where the one before ends
    rects = series_rects(fig)
    for a, b in zip(rects, rects[1:]):
        if a.get("y") == b.get("y"):
            assert float(b.get("x")[:-1]) == pytest.approx(float(a.get("x")[:-1]) + pct_width(a), abs=0.02)


def test_stacked_totals_and_the_table():
    fig = parse(C.bars("t", PROVINCES, SOURCES))
    totals = [sum(vs[i] for _, vs in SOURCES) for i in range(len(PROVINCES))]
    assert texts(fig, "px-chart__value") == [C.num(t) for t in totals] == ["20", "0", "8", "7", "10.5"]
    head = [th.text for th in fig.find(".//table/thead").iter("th")]
    assert head == ["类别", *(name for name, _ in SOURCES), "合计"]
    rows = table_rows(fig)
    assert [name for name, _ in rows] == PROVINCES
    for i, (_, cells) in enumerate(rows):
        assert cells == [C.num(vs[i]) for _, vs in SOURCES] + [C.num(totals[i])]
    assert "2.5" in rows[-1][1] and not re.search(r">\d+\.0<", str(C.bars("t", PROVINCES, [(n, [float(v) for v in vs]) for n, vs in SOURCES])))


def test_every_label_is_drawn_and_a_zero_row_keeps_its_label():
    fig = parse(C.bars("t", PROVINCES, SOURCES))
    assert label_texts(fig) == PROVINCES
    tianjin = [r for r in series_rects(fig) if "天津市" in r.find("title").text]
    assert tianjin == []  # all zero: nothing drawn, but labelled and totalled 0


def test_labels_are_escaped():
    html = str(C.bars(NASTY, [NASTY, "乙"], [(NASTY, [1, 2])], unit=NASTY, note=NASTY))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;B" in html
    fig = parse(html)
    assert fig.find("figcaption").text == NASTY
    label = next(t for t in svg_of(fig).iter("text") if "px-chart__label" in t.get("class"))
    assert label.find("title").text == NASTY  # the whole label; the drawn one is cut to fit a phone
    assert label_texts(fig)[0].endswith("…") and NASTY.startswith(label_texts(fig)[0][:-1])
    assert table_rows(fig)[0][0] == NASTY
    for maker in (lambda: C.columns(NASTY, [NASTY], [(NASTY, [3])]), lambda: C.shares(NASTY, [NASTY], [(1, 2)], threshold=0.5, threshold_label=NASTY),
                  lambda: C.matrix(NASTY, [NASTY], [NASTY], [[4]]), lambda: C.bars(NASTY, ["x"], [("y", [0])])):
        out = str(maker())
        assert "<script>" not in out and "&lt;script&gt;" in out
        parse(out)


def test_an_unusable_ident_is_replaced():
    fig = parse(C.bars("t", ["a"], [("s", [1])], ident='x" onload="alert(1)'))
    assert re.fullmatch(r"px-chart-[0-9a-f]{10}", fig.get("id"))


def test_columns_heights_are_proportional_and_totalled():
    years = ["2013 年", "2014 年", "2015 年"]
    series = [("新入库", [40, 20, 10]), ("退出", [0, 5, 10])]
    fig = parse(C.columns("每年的进出", years, series, unit="人次"))
    rects = series_rects(fig)
    heights = [float(r.get("height")) for r in rects]
    values = [40, 20, 5, 10, 10]
    assert len(heights) == len(values)
    assert max(h / v for h, v in zip(heights, values)) == pytest.approx(min(h / v for h, v in zip(heights, values)), rel=0.01)
    assert texts(fig, "px-chart__value") == ["40", "25", "20"]
    assert [name for name, _ in table_rows(fig)] == years
    assert table_rows(fig)[1][1] == ["20", "5", "25"]


def test_shares_show_percentages_and_the_threshold():
    fig = parse(C.shares("业务培训学时的占比", ["甲", "乙", "丙"], [(1, 3), (1, 2), (0, 0)], threshold=1 / 3, threshold_label="三分之一",
                         unit="学时", part="业务培训学时", whole="总学时"))
    assert texts(fig, "px-chart__value") == ["33.3%", "50%", "—"]
    rows = table_rows(fig)
    assert rows == [("甲", ["1", "3", "33.3%", "是"]), ("乙", ["1", "2", "50%", "是"]), ("丙", ["0", "0", "—", "—"])]
    head = [th.text for th in fig.find(".//table/thead").iter("th")]
    assert head == ["类别", "业务培训学时（单位：学时）", "总学时（单位：学时）", "占比", "达到三分之一"]
    svg = svg_of(fig)
    track = next(r for r in svg.iter("rect") if r.get("class") == "px-chart__track")
    parts = series_rects(fig)
    assert [pct_width(r) / pct_width(track) for r in parts] == pytest.approx([1 / 3, 1 / 2], abs=0.001)
    line = next(ln for ln in svg.iter("line") if ln.get("class") == "px-chart__threshold")
    x = float(line.get("x1")[:-1])
    assert (x - float(track.get("x")[:-1])) / pct_width(track) == pytest.approx(1 / 3, abs=0.001)
    assert "三分之一" in texts(fig, "px-chart__threshold-label")


def test_matrix_prints_non_zero_values():
    values = [[0, 3, 12], [1, 0, 0]]
    fig = parse(C.matrix("共享", ["全国师资库", "浙江省师资库"], ["全国", "浙江", "内蒙古"], values))
    svg = svg_of(fig)
    assert svg.get("viewBox", "").startswith("0 0 ")
    assert sorted(texts(fig, "px-chart__n"), key=int) == ["1", "3", "12"]
    cells = [r for r in svg.iter("rect") if "px-chart__heat" in r.get("class", "")]
    assert len(cells) == 6 and sum("px-chart__heat--0" in r.get("class") for r in cells) == 3
    assert "px-chart__heat--5" in cells[2].get("class")  # the largest is the darkest
    assert [name for name, _ in table_rows(fig)] == ["全国师资库", "浙江省师资库"]
    assert [cells for _, cells in table_rows(fig)] == [["0", "3", "12"], ["1", "0", "0"]]
    labels = label_texts(fig)
    assert {"全国", "浙江", "内蒙古", "全国师资库", "浙江省师资库"} <= set(labels)


def test_same_input_same_bytes():
    make = [lambda: C.bars("t", PROVINCES, SOURCES), lambda: C.columns("c", ["2013 年"], [("a", [1])]),
            lambda: C.shares("s", ["a"], [(1, 3)], threshold=1 / 3), lambda: C.matrix("m", ["a"], ["b"], [[2]])]
    for f in make:
        assert f() == f()
    ids = {parse(f()).get("id") for f in make}
    assert len(ids) == len(make)  # different charts, different ids
    # and across processes (hash seeds differ): no set or dict order, no random ids
    code = ("from generator.publish.charts import figures as C; import sys; "
            "sys.stdout.write(C.bars('t', ['北京市', '天津市'], [('a', [1, 2]), ('b', [3, 0.5])]) + C.matrix('m', ['a'], ['b'], [[2]]))")
    outs = {subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outs) == 1 and outs == {str(C.bars("t", ["北京市", "天津市"], [("a", [1, 2]), ("b", [3, 0.5])]) + C.matrix("m", ["a"], ["b"], [[2]]))}


@pytest.mark.parametrize("make", [
    lambda: C.bars("空", ["北京市", "天津市"], [("a", [0, 0]), ("b", [0, 0])]),
    lambda: C.bars("空", [], []),
    lambda: C.columns("空", ["2013 年"], [("a", [0])]),
    lambda: C.shares("空", ["甲", "乙"], [(0, 0), (0, 0)], threshold=1 / 3),
    lambda: C.shares("空", [], []),
    lambda: C.matrix("空", ["a", "b"], ["c"], [[0], [0]]),
    lambda: C.matrix("空", [], [], []),
])
def test_zero_data_gives_an_empty_state(make):
    fig = parse(make())
    assert svg_of(fig) is None and fig.find(".//table") is None
    assert fig.find("figcaption").text == "空"
    assert fig.find("p").text == C.EMPTY


def test_numbers_have_no_trailing_zero():
    assert [C.num(x) for x in (12, 12.0, 2.5, 1 / 3, 0, 1000000)] == ["12", "12", "2.5", "0.33", "0", "1000000"]
    assert [C.pct(1, 3), C.pct(1, 2), C.pct(2, 3), C.pct(1, 0)] == ["33.3%", "50%", "66.7%", "—"]


def test_table_helper():
    html = str(C.table("说明", ["省份", "人数", "备注"], [("北京市", [3.0, "a&b"])]))
    fig = ET.fromstring(html)
    assert fig.find(".//caption").text == "说明"
    assert [td.text for td in fig.iter("td")] == ["3", "a&b"]
    assert [th.get("class") for th in fig.find(".//thead").iter("th")] == [None, "px-num", None]


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        C.bars("t", ["a", "b"], [("s", [1])])
    with pytest.raises(ValueError):
        C.matrix("t", ["a"], ["b", "c"], [[1]])


def test_long_lists_grow_the_chart_and_keep_every_label():
    many = [f"省份{i}" for i in range(33)]
    short, long = (parse(C.bars("t", cats, [("a", list(range(1, len(cats) + 1)))])) for cats in (many[:3], many))
    assert float(svg_of(long).get("height")) > 10 * float(svg_of(short).get("height")) / 3 * 0.9
    assert svg_of(long).get("width") == "100%"
    assert label_texts(long) == many


def test_draw_takes_a_stats_chart():
    chart = Chart("pools", "bars", "各师资库的教师", ["北京市师资库"], [("专家学者", [2])])
    fig = parse(C.draw(chart))
    assert fig.get("id") == "chart-pools"  # not the key itself: the page's heading has that id
    fig = parse(C.draw(Chart("sharing", "matrix", "共享", ["a"], values=[[1]], columns=["b"])))
    assert texts(fig, "px-chart__n") == ["1"]
