"""Accessibility by measurement: axe-core (bundled with axe-playwright-python, nothing is
fetched) finds no WCAG 2 A/AA violation on any page kind, light and dark, desktop and
phone, with search results and a listing filter open."""
from __future__ import annotations

import pytest

from .browser import search_results, serve, watched_page
from .test_browser import PAGE_KINDS

# the national list is the 330000 list's template with 145 rows: axe takes 7 s on it alone
PAGES = [p for p in PAGE_KINDS if p != "teachers/national/index.html"]
# on a phone, one page of each template (the others differ in data, not in layout)
PHONE = [
    "index.html", "courses/index.html", "teachers/index.html", "teachers/330000/index.html", "teacher/dai-ying.html",
    "course/an-zhuan-mi.html", "base/jinggangshan.html", "changes/2017/index.html", "search/index.html?q=党性", "guide.html", "404.html",
    "programme/2015-shizi-peixunban.html", "stats/index.html", "progress/index.html", "data/index.html",
]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# Material keeps the chosen scheme in localStorage under the site's path
DARK = "localStorage.setItem('/.__palette', JSON.stringify({index: 1, color: {scheme: 'slate', primary: 'custom', accent: 'custom'}}))"


@pytest.fixture(scope="module")
def site(shipped_site):
    with serve(shipped_site) as base:
        yield base


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _violations(axe, page) -> list[str]:
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    out = []
    for v in result.response["violations"]:
        for node in v["nodes"][:3]:
            out.append(f"{v['id']}: {' '.join(node['target'])} — {node.get('failureSummary', '').splitlines()[-1:]}")
    return out


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
def test_no_axe_violations(chromium, site, axe, scheme, size):
    found = {}
    with watched_page(chromium, site, viewport=SIZES[size]) as (page, watch):
        if scheme == "dark":
            page.context.add_init_script(DARK)
        for path in PAGES if size == "desktop" else PHONE:
            page.goto(f"{site}/{path}")
            if "?q=" in path:
                search_results(page, path.split("?q=")[1], "#px-search-page")
            if scheme == "dark" and path != "404.html":
                assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
            problems = _violations(axe, page)
            if problems:
                found[path] = problems
        # the open states: a listing's facet menu, the search dialog with results and filters
        page.goto(f"{site}/teachers/330000/index.html")
        page.locator("details.px-facet summary").first.click()
        page.locator("details.px-facet[open] input").first.check()
        page.wait_for_function("() => document.querySelector('[data-px-finder]').getAttribute('data-px-drawn')")
        if problems := _violations(axe, page):
            found["筛选菜单"] = problems
        page.locator("[data-px-search]").first.click()
        page.locator("#px-search-ui input.px-s__input").fill("党校")
        search_results(page, "党校")
        if size == "phone":
            page.locator("#px-search-ui .px-s__toggle").click()
        page.locator("#px-search-ui fieldset.px-s__group input").first.check()
        if problems := _violations(axe, page):
            found["搜索对话框"] = problems
    assert found == {}
    assert watch.errors == [] and watch.blocked == []
