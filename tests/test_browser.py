"""The published site in real Chromium, served on 127.0.0.1, nothing else reachable."""
from __future__ import annotations

import re

import pytest

from generator.records.catalog import load_catalog

from .browser import search_results, serve, site_search, watched_page
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


@pytest.fixture
def phone(chromium, site):
    with watched_page(chromium, site, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) as (page, watch):
        yield page, watch
    assert watch.blocked == [], "请求了其他主机"
    assert watch.errors == []


def test_home_to_listing_to_teacher(browse, site):
    page, _ = browse
    page.goto(site + "/")
    assert page.locator("h1").first.inner_text() == "组工干部教育培训资源库"
    page.locator(".md-tabs__link", has_text="师资库").click()
    page.wait_for_url(site + "/teachers/index.html")
    page.locator("table a", has_text="浙江省师资库").click()
    page.wait_for_url(site + "/teachers/330000/index.html")
    first = page.locator("table tbody tr td a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(site + "/teacher/**")
    assert page.locator("article h1").inner_text() == name
    assert page.locator("th", has_text="所属师资库").count() == 1
    # the page outside the nav still shows where it is: its tab and the way back up
    assert page.locator(".md-tabs__item--active").inner_text().strip() == "师资库"
    assert page.locator(".px-crumbs li").all_inner_texts()[:2] == ["首页", "师资库"]


def _open_search(page):
    page.locator("[data-px-search]").first.click()
    assert page.locator("#px-search").evaluate("d => d.open")


@pytest.mark.parametrize(
    "query,expected", [("孟家辉", "/teacher/meng-jiahui.html"), ("井冈山精神现场教学", "/course/jinggangshan-jingshen.html")]
)
def test_search_from_the_header_lands_on_the_record(browse, site, query, expected):
    page, _ = browse
    page.goto(site + "/courses/index.html")
    _open_search(page)
    links = site_search(page, query)
    assert links[0] == expected
    page.locator("#px-search-ui .px-hit a.px-hit__title").first.click()
    page.wait_for_url(site + expected)
    assert query in page.locator("article h1").inner_text()


@pytest.mark.parametrize("how", ["insert", "fill", "ime"])
def test_text_entered_without_keys_is_searched_like_typed_text(browse, site, how):
    page, _ = browse
    page.goto(site + "/")
    page.keyboard.press("/")
    typed = site_search(page, "党性")
    page.goto(site + "/")
    page.keyboard.press("/")
    entered = site_search(page, "党性", how)
    assert entered and entered[:5] == typed[:5]


def test_keyboard_shortcut_search_page_and_home_box(browse, site):
    page, _ = browse
    page.goto(site + "/search/index.html?q=孟家辉")
    assert search_results(page, "孟家辉", "#px-search-page")[0] == "/teacher/meng-jiahui.html"
    page.goto(site + "/")
    page.keyboard.press("/")
    assert page.locator("#px-search").evaluate("d => d.open")
    page.keyboard.press("Escape")
    # the home page's own box leads to the search page with the query
    page.locator(".px-home-search input").fill("井冈山")
    page.locator(".px-home-search input").press("Enter")
    page.wait_for_url("**/search/index.html?q=*")
    assert "/base/jinggangshan.html" in search_results(page, "井冈山", "#px-search-page")


def _answered(page, root: str, before: str | None) -> None:
    page.wait_for_function(
        "([root, before]) => { const h = document.querySelector(root); return h.getAttribute('data-px-answered') !== before; }",
        arg=[root, before],
    )


def _tick(page, root: str, group: str, value: str) -> None:
    before = page.locator(root).get_attribute("data-px-answered")
    box = page.locator(f"{root} fieldset.px-s__group", has=page.locator("legend", has_text=group)).locator(f'input[value="{value}"]')
    box.check()
    _answered(page, root, before)


def _record(url: str):
    kind, rid = url.strip("/").removesuffix(".html").split("/")
    return kind, rid


def test_filters_are_per_kind_ordered_and_several_at_once(browse, site):
    page, _ = browse
    page.goto(site + "/")
    _open_search(page)
    everything = site_search(page, "党校")
    root = "#px-search-ui"
    groups = page.locator(f"{root} fieldset.px-s__group legend").all_inner_texts()
    assert groups == ["类型"]  # a kind's own groups once a kind is chosen
    kinds = page.locator(f"{root} fieldset.px-s__group input").evaluate_all("els => els.map(e => e.value)")
    assert kinds[:2] == ["教师", "课程"]
    _tick(page, root, "类型", "教师")
    teachers = search_results(page, "党校")
    assert teachers and set(teachers) < set(everything) | set(teachers) and all(u.startswith("/teacher/") for u in teachers)
    groups = page.locator(f"{root} fieldset.px-s__group legend").all_inner_texts()
    assert groups[0] == "类型" and "名录状态" in groups and "课程类别" not in groups
    # the other kinds stay on offer (with counts), so a second one can be added
    assert page.locator(f'{root} fieldset.px-s__group input[value="课程"]').count() == 1
    pools = page.locator(f"{root} fieldset.px-s__group", has=page.locator("legend", has_text="师资库")).locator("input").evaluate_all("els => els.map(e => e.value)")
    assert pools[0] == "全国师资库" and "浙江省师资库" in pools  # full names, in code order
    _tick(page, root, "师资库", "浙江省师资库")
    zhejiang = search_results(page, "党校")
    catalog = load_catalog(PROJECT).catalog
    for url in zhejiang:
        kind, rid = _record(url)
        record = catalog[kind][rid]
        assert kind == "teacher" and ("330000" == record.pool or "330000" in str(record.sharing) or "all" in str(record.sharing)), url
    _tick(page, root, "类型", "课程")
    both = search_results(page, "党校")
    assert page.locator(f"{root} fieldset.px-s__group legend").all_inner_texts() == ["类型"]  # no group both kinds lack
    assert both and all(u.startswith(("/teacher/", "/course/")) for u in both)


def test_results_say_what_they_are_and_rank_the_named_record_first(browse, site):
    page, _ = browse
    page.goto(site + "/")
    _open_search(page)
    links = site_search(page, "孟家辉")
    assert links[0] == "/teacher/meng-jiahui.html"
    first = page.locator("#px-search-ui .px-hit").first
    assert first.locator(".px-hit__kind").inner_text().startswith("教师")
    assert "浙江省师资库" in first.locator(".px-hit__facts").inner_text()
    kinds = page.locator("#px-search-ui .px-hit .px-hit__kind").all_inner_texts()
    assert all(k.split(" ")[0] in ("教师", "课程", "教材", "培训基地", "部门", "说明") for k in kinds)
    # excerpts are prose, never field tables run together
    for text in page.locator("#px-search-ui .px-hit__excerpt").all_inner_texts():
        assert "集中培训示范培训" not in text and "面授现场教学" not in text


def test_a_retired_teacher_is_marked_in_search_and_on_a_course_page(browse, site):
    page, _ = browse
    page.goto(site + "/")
    _open_search(page)
    links = site_search(page, "戴颖")
    assert links[0] == "/teacher/dai-ying.html"  # her record first, courses that list her after
    assert "/teacher/dai-zhiqiang.html" not in links  # shares a character, not the name
    hit = page.locator("#px-search-ui .px-hit").first
    assert "px-hit--off" in hit.get_attribute("class")
    assert hit.locator(".px-mark--off").inner_text() == "退出"
    page.goto(site + "/course/an-zhuan-mi.html")
    marked = page.locator("ul.px-list--teacher li", has=page.locator(".px-mark--off"))
    assert marked.count() >= 1
    assert set(marked.locator(".px-mark--off").all_inner_texts()) <= {"退出", "暂停", "暂不列入"}


def test_nonsense_finds_nothing_and_says_what_to_try(browse, site):
    page, _ = browse
    page.goto(site + "/")
    _open_search(page)
    assert site_search(page, "量子纠缠态") == []
    tips = page.locator("#px-search-ui .px-s__tips").inner_text()
    assert "错别字" in tips


def test_search_page_filter_panel_has_no_admonition_look(browse, site):
    page, _ = browse
    page.goto(site + "/search/index.html?q=党性")
    search_results(page, "党性", "#px-search-page")
    style = page.locator("#px-search-page fieldset.px-s__group").first.evaluate(
        """el => { const s = getComputedStyle(el), l = getComputedStyle(el.querySelector('legend'), '::before');
                  return [s.borderLeftWidth, s.boxShadow, s.backgroundColor, l.content]; }"""
    )
    assert style[0] == "0px" and style[1] == "none" and style[2] in ("rgba(0, 0, 0, 0)", "transparent") and style[3] in ("none", "normal")
    intro = page.locator("article p.px-subtitle").inner_text()
    assert "右" not in intro
    # and the listings' facet menus (they are <details>) do not look like admonitions either
    page.goto(site + "/courses/index.html")
    menu = page.locator("details.px-facet").first
    look = menu.evaluate(
        """el => { const s = getComputedStyle(el), b = getComputedStyle(el.querySelector('summary'), '::before');
                  return [s.borderLeftWidth, s.boxShadow, b.display, b.content]; }"""
    )
    assert look[0] == "0px" and look[1] == "none" and (look[2] == "none" or look[3] in ("none", "normal"))


def test_search_ui_is_fetched_only_when_opened(browse, site):
    page, _ = browse
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(site + "/teacher/meng-jiahui.html")
    page.wait_for_load_state("networkidle")
    assert not [u for u in fetched if "px-search.js" in u or "/pagefind/" in u or "search/config.js" in u]
    _open_search(page)
    page.locator("#px-search-ui input.px-s__input").wait_for()
    assert any("px-search.js" in u for u in fetched)
    assert not [u for u in fetched if "/pagefind/" in u]  # the index only with the first query


def _drawn(page, before):
    page.wait_for_function("b => document.querySelector('[data-px-finder]').getAttribute('data-px-drawn') !== b", arg=before)


def _facet(page, label: str, value: str) -> None:
    before = page.locator("[data-px-finder]").get_attribute("data-px-drawn")
    menu = page.locator("details.px-facet", has=page.locator("summary", has_text=label))
    menu.locator("summary").click()
    menu.locator(f'input[value="{value}"]').check()
    _drawn(page, before)
    page.keyboard.press("Escape")


def _column(page, name: str) -> list[str]:
    heads = [h.strip() for h in page.locator("table[data-px-list] thead th").all_inner_texts()]
    index = next(i for i, h in enumerate(heads) if h.startswith(name)) + 1
    return page.locator(f"table[data-px-list] tbody tr td:nth-child({index})").all_inner_texts()


def test_journey_zhejiang_teachers_for_grassroots_party_building(browse, site):
    """Teachers of one pool by expertise and status, one of them, their course, and back."""
    page, _ = browse
    page.goto(site + "/teachers/330000/index.html")
    _facet(page, "擅长领域", "基层党建")
    _facet(page, "名录状态", "在库")
    assert "expertise=" in page.url and "status=" in page.url
    expertise, states = _column(page, "擅长领域"), _column(page, "2017 年状态")
    assert expertise and all("基层党建" in e for e in expertise) and set(states) == {"在库"}
    status = page.locator(".px-finder__status").inner_text()
    assert f"符合条件的 {len(expertise)} 人" in status
    # the view is in the address: opened again, it is the same
    again = page.url
    page.goto(again)
    page.wait_for_function("() => document.querySelector('[data-px-finder]').getAttribute('data-px-drawn')")
    assert _column(page, "擅长领域") == expertise
    own = page.locator("table[data-px-list] tbody tr", has=page.locator("td", has_text="本库")).first
    name = own.locator("td a").first.inner_text()
    own.locator("td a").first.click()
    page.wait_for_url(site + "/teacher/**")
    assert page.locator("article h1").inner_text() == name
    course = page.locator("article a[href*='/course/'], article a[href*='../course/']").first
    title = course.inner_text()
    course.click()
    page.wait_for_url(site + "/course/**")
    assert page.locator("article h1").inner_text() == title
    assert page.locator("ul.px-list--teacher a", has_text=name).count() == 1
    page.go_back()
    page.locator(".px-crumbs a", has_text="浙江省师资库").click()
    page.wait_for_url(site + "/teachers/330000/index.html")


def test_listing_text_filter_and_combined_facets(browse, site):
    page, _ = browse
    page.goto(site + "/courses/index.html?category=党性教育&method=集中培训")
    page.wait_for_function("() => document.querySelector('[data-px-finder]').getAttribute('data-px-drawn')")
    categories = _column(page, "类别")
    assert categories and set(categories) == {"党性教育"}
    before = page.locator("[data-px-finder]").get_attribute("data-px-drawn")
    page.locator(".px-finder__text").fill("井冈山")
    _drawn(page, before)
    titles = _column(page, "课程名称")
    assert titles and all("井冈山" in t for t in titles) or page.locator(".px-finder__status").inner_text().startswith("没有")
    page.locator(".px-finder__clear").click()
    page.wait_for_function("() => !location.search")


def test_keyboard_only_filters_and_sorting(browse, site):
    page, _ = browse
    page.goto(site + "/courses/index.html")
    page.locator(".px-finder__text").focus()
    page.keyboard.press("Tab")  # the first facet menu
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    before = page.locator("[data-px-finder]").get_attribute("data-px-drawn")
    page.keyboard.press("Space")
    _drawn(page, before)
    assert "?" in page.url and page.locator(".px-finder__status").inner_text().startswith("符合条件")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    # a header's sort button by keyboard
    page.locator("thead th button.px-sort", has_text="学时").focus()
    page.keyboard.press("Enter")
    assert page.locator("thead th", has_text="学时").get_attribute("aria-sort") == "ascending"
    # search: type, tab to a filter, tick it with the space bar, Enter on the box opens the first result
    page.keyboard.press("/")
    site_search(page, "党性")
    box = page.locator("#px-search-ui fieldset.px-s__group input").first
    box.focus()
    before = page.locator("#px-search-ui").get_attribute("data-px-answered")
    page.keyboard.press("Space")
    _answered(page, "#px-search-ui", before)
    assert box.is_checked()
    page.locator("#px-search-ui input.px-s__input").focus()
    first = page.locator("#px-search-ui .px-hit a.px-hit__title").first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(site + first)


def test_tables_sort_by_column(browse, site):
    page, _ = browse
    page.goto(site + "/courses/index.html")
    page.wait_for_load_state("load")
    assert page.locator(".px-scroll-hint--on").count() == 0  # it fits: no hint to scroll
    header = page.locator("thead th", has_text="学时")
    header.locator("button").click()
    hours = [float(x) for x in _column(page, "学时")]
    assert hours == sorted(hours) and hours[0] < hours[-1]
    assert header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    hours = [float(x) for x in _column(page, "学时")]
    assert hours == sorted(hours, reverse=True)


# one page of each kind the generator makes (and hand-written ones)
PAGE_KINDS = [
    "index.html",
    "courses/index.html",
    "courses/category/party-spirit/index.html",
    "teachers/index.html",
    "teachers/330000/index.html",
    "teachers/national/index.html",
    "teacher/meng-jiahui.html",
    "teacher/dai-ying.html",
    "course/an-zhuan-mi.html",
    "textbook/zuzhi-gongzuo-jiaocheng.html",
    "base/jinggangshan.html",
    "department/zhejiang.html",
    "departments/index.html",
    "textbooks/index.html",
    "bases/index.html",
    "programmes/index.html",
    "programme/2015-shizi-peixunban.html",
    "stats/index.html",
    "stats/330000.html",
    "progress/index.html",
    "data/index.html",
    "changes/index.html",
    "changes/2017/index.html",
    "changes/2017/left/index.html",
    "archive/index.html",
    "archive/2016/index.html",
    "teachers/rules.html",
    "search/index.html?q=党性",
    "about.html",
    "guide.html",
    "contribute.html",
    "404.html",
]


def test_no_page_is_wider_than_a_phone(phone, site):
    page, _ = phone
    wide = []
    for path in PAGE_KINDS:
        page.goto(f"{site}/{path}")
        if "?q=" in path:
            search_results(page, "党性", "#px-search-page")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append((path, width))
    assert wide == []
    # the phone menu and the search button are there
    page.goto(site + "/teacher/meng-jiahui.html")
    assert page.locator(".md-header label[for=__drawer]").is_visible()
    assert page.locator("[data-px-search]").is_visible()


def test_phone_search_shows_results_first_and_filters_behind_one_button(phone, site):
    page, _ = phone
    page.goto(site + "/")
    page.locator("[data-px-search]").first.click()
    site_search(page, "党性")
    assert page.locator("#px-search-ui .px-hit").first.is_visible()
    assert not page.locator("#px-search-ui .px-s__filters").is_visible()
    toggle = page.locator("#px-search-ui .px-s__toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#px-search-ui .px-s__filters").is_visible()


def test_phone_listing_rows_are_cards(phone, site):
    page, _ = phone
    page.goto(site + "/teachers/330000/index.html")
    cell = page.locator("table[data-px-list] tbody tr").first.locator("td").nth(2)
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert "工作单位" in label
    page.goto(site + "/changes/2017/index.html")
    hint = page.locator(".px-scroll-hint")
    assert hint.is_visible() and "左右滑动" in hint.inner_text()


def _rows(page) -> int:
    return page.locator("table[data-px-list] tbody tr").count()


# every time rows are added to a listing table: how many at once (a layout of that many)
_BATCHES = """
window.__batches = [];
new MutationObserver(records => records.forEach(r => {
  const rows = [...r.addedNodes].filter(n => n.nodeName === 'TR').length;
  if (rows && r.target.closest && r.target.closest('table[data-px-list]')) __batches.push(rows);
})).observe(document, {childList: true, subtree: true});
"""


def test_a_listing_lays_out_a_screenful_first_and_the_rest_a_little_at_a_time(chromium, site, shipped_site):
    """A long listing page comes with its first screenful of rows laid out; the others are
    added a few at a time (as the reader scrolls, or while the page is idle), as cards with
    their labels on a phone; printing, sorting and a page without scripts have them all."""
    from generator.publish.website.listings import SCREEN

    html = (shipped_site / "courses/index.html").read_text(encoding="utf-8")
    table = html.split("<table data-px-list>", 1)[1].split("</table>", 1)[0]
    first, _, rest = table.split("<tbody>", 1)[1].partition('<tbody class="px-later" hidden>')
    total = len(re.findall(r"<tr>", first)) + len(re.findall(r"<tr>", rest))
    assert total > SCREEN + 5, "需要一个比一屏长的列表"
    assert len(re.findall(r"<tr>", first)) == SCREEN
    with watched_page(chromium, site, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) as (page, watch):
        page.add_init_script(_BATCHES)
        page.goto(site + "/courses/index.html")
        page.wait_for_function(f"() => document.querySelectorAll('table[data-px-list] tbody tr').length === {total}")
        assert max(page.evaluate("__batches")) <= SCREEN  # never more than a screenful at once
        last = page.locator("table[data-px-list] tbody tr").last.locator("td").nth(1)
        assert last.get_attribute("data-label")  # a card says what each line is
        names = page.locator("table[data-px-list] tbody tr td:first-child").all_inner_texts()
        assert len(set(names)) == total
        # a filter, then clearing it: the page as it came, no row twice
        page.locator(".px-finder__text").fill("党")
        page.wait_for_function("() => /符合条件|没有符合/.test(document.querySelector('.px-finder__status').textContent)")
        page.locator(".px-finder__clear").click()
        page.wait_for_function(f"() => !location.search && document.querySelectorAll('table[data-px-list] tbody tr').length === {total}")
        assert page.locator("table[data-px-list] tbody tr td:first-child").all_inner_texts() == names
        assert watch.errors == []
    # printing, before the page had time to add its rows: every row
    with watched_page(chromium, site) as (page, _):
        page.goto(site + "/courses/index.html", wait_until="domcontentloaded")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert _rows(page) == total
    # sorting a page sorts all its rows, not only those laid out
    with watched_page(chromium, site) as (page, _):
        page.goto(site + "/courses/index.html")
        header = page.locator("thead th", has_text="学时")
        header.locator("button").click()
        header.locator("button").click()
        page.wait_for_function(f"() => document.querySelectorAll('table[data-px-list] tbody tr').length === {total}")
        hours = [float(x) for x in _column(page, "学时")]
        assert hours == sorted(hours, reverse=True)
    # without scripts the page is the plain table with every row
    with watched_page(chromium, site, java_script_enabled=False, viewport={"width": 390, "height": 844}) as (plain, _):
        plain.goto(site + "/courses/index.html")
        assert plain.locator("table[data-px-list] tbody tr").count() == total
        assert plain.locator("table[data-px-list] tbody tr").last.is_visible()


def test_every_example_of_the_guide_finds_something(browse, site):
    text = (PROJECT / "content" / "guide.md").read_text(encoding="utf-8")
    section = text.split("## 搜索", 1)[1].split("\n## ", 1)[0]
    examples = [q for line in section.splitlines() if line.startswith("- ") for q in re.findall(r"“([^”]+)”", line)]
    assert len(examples) >= 4
    page, _ = browse
    page.goto(site + "/")
    page.keyboard.press("/")
    page.locator("#px-search-ui input.px-s__input").wait_for()
    found = page.evaluate("async qs => { const out = {}; for (const q of qs) out[q] = (await window.pxSearch.ranked(q)).length; return out; }", examples)
    assert {q: n for q, n in found.items() if n == 0} == {}
    # and the examples the search offers itself
    offered = page.locator("#px-search-ui .px-s__example").all_inner_texts()
    found = page.evaluate("async qs => { const out = {}; for (const q of qs) out[q] = (await window.pxSearch.ranked(q)).length; return out; }", offered)
    assert offered and {q: n for q, n in found.items() if n == 0} == {}


def test_query_set_top_five(browse, site):
    """Recall through the ranking people see (pxSearch.ranked), not Pagefind's own order."""
    page, _ = browse
    page.goto(site + "/")
    page.keyboard.press("/")
    page.locator("#px-search-ui input.px-s__input").wait_for()
    results = page.evaluate(
        """async (queries) => {
          const out = [];
          for (const [q] of queries) out.push((await window.pxSearch.ranked(q)).slice(0, 5));
          return out;
        }""",
        QUERIES,
    )
    misses = [(q, want, got) for (q, want), got in zip(QUERIES, results) if want not in got]
    assert misses == []
