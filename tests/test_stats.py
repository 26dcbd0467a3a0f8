"""统计: the charts' numbers against the records, the SVG they are drawn as, and the pages."""
from __future__ import annotations


from collections import Counter
from html.parser import HTMLParser

import pytest

from generator.publish.charts import stats
from generator.publish.views import build_views
from generator.records import vocab as V
from generator.records.catalog import load_catalog

from .conftest import PROJECT

@pytest.fixture(scope="module")
def records():
    return load_catalog(PROJECT).catalog


@pytest.fixture(scope="module")
def views(records):
    return build_views(records.public(), 2017)


def series(chart) -> dict:
    return {name: dict(zip(chart.categories, values)) for name, values in chart.series}


def test_courses_by_category_and_method_count_the_records(records, views):
    chart = stats.courses(views)
    got = series(chart)
    for method in V.METHOD.values:
        for category in V.CATEGORY.values:
            expected = sum(1 for c in records.courses.values() if c.category == category and method in c.methods)
            assert got[method][category] == expected, (category, method)


def test_bases_by_province_and_type(records, views):
    got = series(stats.bases(views))
    expected = Counter((V.province_name(b.province), b.type) for b in records.bases.values())
    assert {(p, t): n for t, row in got.items() for p, n in row.items() if n} == dict(expected)


def test_business_hours_share_per_provider(records, views):
    chart = stats.business_hours(views)
    shares = dict(zip(chart.categories, chart.values))
    zzb = records.departments["zzb"]
    mine = [c for c in records.courses.values() if c.provider == "zzb" and c.status != "已停开"]
    assert shares[zzb.short_name] == (sum(c.hours for c in mine if c.business_training), sum(c.hours for c in mine))
    assert chart.threshold == pytest.approx(1 / 3)


def test_teachers_by_pool_and_source(records, views):
    got = series(stats.teachers_by_pool(views, 2017))
    d = views.directories[2017]
    for pool, tids in d.own.items():
        sources = Counter(records.teachers[t].source for t in tids)  # the records' own field
        for source in V.SOURCE.values:
            assert got[source][V.pool_label(pool)] == sources[source]
    assert sum(sum(row.values()) for row in got.values()) == d.listed


def test_flow_and_programmes(records, views):
    flow = series(stats.flow(views))
    joined_2016 = sum(1 for t in records.teachers.values() if t.entry_year == 2016)
    assert flow["新入库"]["2016 年"] == joined_2016
    left_2017 = sum(1 for t in records.teachers.values() for c in t.status_changes if c.year == 2017 and c.status == "退出")
    assert flow["退出"]["2017 年"] == left_2017
    got = series(stats.programmes(views))
    teachers_2015 = sum(p.participants or len(p.trainees) for p in records.programmes.values()
                        if p.year == 2015 and p.kind == "师资培训" and p.status in ("已完成", "进行中"))
    assert got["师资培训"]["2015 年"] == teachers_2015 == 60


def test_sharing_matrix(views):
    chart = stats.sharing(views, 2017)
    d = views.directories[2017]
    row = chart.categories.index("全国师资库")
    col = chart.columns.index("浙江")
    assert chart.values[row][col] == sum(1 for t in d.shared["330000"] if d.standings[t].pool == V.NATIONAL)


# -- the pages -----------------------------------------------------------------------------
class Tables(HTMLParser):
    """Every table of a page as rows of cell texts, keyed by its caption."""

    def __init__(self):
        super().__init__()
        self.tables, self.caption, self.row, self.cell, self.where = {}, None, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self.where = "caption"
            self.caption = ""
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self.where = None
            self.tables[self.caption] = []
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.caption in self.tables:
            self.tables[self.caption].append(self.row)

    def handle_data(self, data):
        if self.where == "caption":
            self.caption += data
        elif self.cell is not None:
            self.cell += data


def test_stats_pages_show_the_numbers(shipped_site, views):
    parser = Tables()
    parser.feed((shipped_site / "stats/index.html").read_text(encoding="utf-8"))
    table = next(rows for caption, rows in parser.tables.items() if caption.startswith("2017 年各师资库列入名录的教师（按师资来源）"))
    rows = {r[0]: r for r in table[1:]}
    assert rows["全国师资库"][-1] == str(len(views.directories[2017].own["national"]))
    page = (shipped_site / "stats/330000.html").read_text(encoding="utf-8")
    assert "浙江省师资库每年列入名录的教师（按师资来源）" in page and 'role="img"' in page
    assert "<script" not in page.split('<article', 1)[1].split("</article>", 1)[0]  # charts need no script
    assert (shipped_site / "progress/index.html").is_file() and (shipped_site / "data/index.html").is_file()
