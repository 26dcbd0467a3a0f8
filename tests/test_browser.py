"""The published site in real Chromium, served on 127.0.0.1, nothing else reachable."""
from __future__ import annotations

import re

import pytest

from generator.records.catalog import load_catalog

from .browser import pagefind_results, pagefind_search, serve, watched_page
from .conftest import PROJECT

# (query, the record that must be in the first five results): teacher names of two and
# three characters, course and textbook titles, two-character topic words, unit names.
QUERIES = [
    ("黄霞", "/teacher/huang-xia.html"),
    ("邵宁", "/teacher/shao-ning.html"),
    ("孟家辉", "/teacher/meng-jiahui.html"),
    ("史雨桐", "/teacher/shi-yutong.html"),
    ("蔡志强", "/teacher/cai-zhiqiang.html"),
    ("叶建平", "/teacher/ye-jianping.html"),
    ("秦春生", "/teacher/qin-chunsheng.html"),
    ("廖光明", "/teacher/liao-guangming.html"),
    ("干部选拔任用工作实务", "/course/ganbu-xuanba-renyong.html"),
    ("党章研读", "/course/dangzhang-yanxi.html"),
    ("井冈山精神现场教学", "/course/jinggangshan-jingshen.html"),
    ("新进组工干部入部教育", "/course/rubu-jiaoyu.html"),
    ("网络舆情应对", "/course/wangluo-yuqing.html"),
    ("党性", "/course/dangxing-duanlian.html"),
    ("党章", "/course/dangzhang-yanxi.html"),
    ("党史", "/course/dangshi-guoshi.html"),
    ("舆情", "/course/wangluo-yuqing.html"),
    ("档案", "/course/ganbu-dangan.html"),
    ("枫桥", "/base/fengqiao.html"),
    ("中国井冈山干部学院", "/base/jinggangshan.html"),
    ("中共浙江省委党校", "/base/zhejiang-dangxiao.html"),
    ("中国共产党组织工作教程", "/textbook/zuzhi-gongzuo-jiaocheng.html"),
    ("组工干部培训大纲", "/textbook/zugong-ganbu-peixun-dagang.html"),
    ("延安精神教育读本", "/textbook/yanan-jingshen-duben.html"),
    ("浙江省委组织部", "/department/zhejiang.html"),
]


@pytest.fixture(scope="module")
def site(shipped_site):
    with serve(shipped_site) as base:
        yield base


@pytest.fixture
def browse(chromium, site):
    """A fresh page (with its watch) on the served site."""
    with watched_page(chromium, site) as (page, watch):
        yield page, watch
    assert watch.blocked == [], "请求了其他主机"
    assert watch.errors == []


def test_home_to_listing_to_teacher(browse, site):
    page, _ = browse
    page.goto(site + "/")
    assert page.locator("h1").first.inner_text() == "组工干部教育培训资源库"
    page.locator(".md-tabs__link", has_text="师资库").click()
    page.wait_for_url(site + "/teachers/index.html")
    page.locator("table a", has_text="浙江师资库").click()
    page.wait_for_url(site + "/teachers/330000/index.html")
    first = page.locator("table tbody tr td a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(site + "/teacher/**")
    assert page.locator("article h1").inner_text() == name
    assert page.locator("th", has_text="所属师资库").count() == 1


def _search(page, query: str, how: str = "type") -> list[str]:
    return pagefind_search(page, query, how)


@pytest.mark.parametrize(
    "query,expected", [("孟家辉", "/teacher/meng-jiahui.html"), ("井冈山精神现场教学", "/course/jinggangshan-jingshen.html")]
)
def test_search_from_the_header_lands_on_the_record(browse, site, query, expected):
    page, _ = browse
    page.goto(site + "/courses/index.html")
    page.locator("[data-px-search]").click()
    assert page.locator("#px-search").evaluate("d => d.open")
    links = _search(page, query)
    assert links[0] == expected
    page.locator("#px-search-ui .pagefind-ui__result-link").first.click()
    page.wait_for_url(site + expected)
    assert query in page.locator("article h1").inner_text()


@pytest.mark.parametrize("how", ["insert", "fill", "ime"])
def test_text_entered_without_keys_is_searched_like_typed_text(browse, site, how):
    page, _ = browse
    page.goto(site + "/")
    page.keyboard.press("/")
    typed = _search(page, "党性")
    page.goto(site + "/")
    page.keyboard.press("/")
    entered = _search(page, "党性", how)
    assert entered and entered[:5] == typed[:5]


def test_keyboard_shortcut_and_search_page(browse, site):
    page, _ = browse
    page.goto(site + "/search/index.html?q=孟家辉")
    assert pagefind_results(page, "孟家辉", "#px-search-page")[0] == "/teacher/meng-jiahui.html"
    page.goto(site + "/")
    page.keyboard.press("/")
    assert page.locator("#px-search").evaluate("d => d.open")


def test_filter_by_province(browse, site):
    page, _ = browse
    page.goto(site + "/")
    page.keyboard.press("/")
    everything = _search(page, "党校")
    page.locator("#px-search-ui details.pagefind-ui__filter-block", has_text="省份").locator("summary").click()
    page.locator('#px-search-ui input[id="省份-浙江"]').check()
    expected = page.locator('#px-search-ui label[for="省份-浙江"]').inner_text()  # "浙江 (12)"
    count = re.search(r"\((\d+)\)", expected).group(1)
    filtered = pagefind_results(page, "党校", count=count)
    catalog = load_catalog(PROJECT).catalog
    assert filtered and set(filtered) != set(everything)
    for url in filtered:
        kind, rid = url.strip("/").removesuffix(".html").split("/")
        record = catalog[kind][rid]
        where = record.pool if kind == "teacher" else record.province
        assert where == "330000", url


def test_tables_sort_by_column(browse, site):
    page, _ = browse
    page.goto(site + "/courses/index.html")
    header = page.locator("thead th", has_text="学时")
    header.click()
    hours = [float(x) for x in page.locator("tbody tr td:nth-child(4)").all_inner_texts()]
    assert hours == sorted(hours) and hours[0] < hours[-1]
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    hours = [float(x) for x in page.locator("tbody tr td:nth-child(4)").all_inner_texts()]
    assert hours == sorted(hours, reverse=True)


def test_phone_layout_has_menu_and_search(chromium, site):
    with watched_page(chromium, site, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) as (page, watch):
        page.goto(site + "/teacher/meng-jiahui.html")
        assert page.locator(".md-header label[for=__drawer]").is_visible()
        assert page.locator("[data-px-search]").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # nothing forces sideways scrolling of the page
    assert watch.errors == [] and watch.blocked == []


def test_query_set_top_five(browse, site):
    page, _ = browse
    page.goto(site + "/")  # a zh page: Pagefind splits queries the way users' browsers do
    results = page.evaluate(
        """async (queries) => {
          const pf = await import('/pagefind/pagefind.js');
          await pf.init();
          const out = [];
          for (const [q] of queries) {
            const r = await pf.search(q);
            const top = await Promise.all(r.results.slice(0, 5).map(x => x.data()));
            out.push(top.map(d => d.url));
          }
          return out;
        }""",
        QUERIES,
    )
    misses = [(q, want, got) for (q, want), got in zip(QUERIES, results) if want not in got]
    assert misses == []
