"""The search index in parts (publish/search/shards.py), as a large site has it: the
browser merges the parts, and people get the same answers and counts as from one index."""
from __future__ import annotations

import pytest

from .browser import search_results, serve, site_search, watched_page
from .conftest import PROJECT, build
from .test_browser import QUERIES

# broad queries whose filter counts are compared, and a filter people tick
COUNTED = ["党校", "组织", "党性"]


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory):
    from generator.publish.search import shards

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(shards, "PAGES", 150)  # the shipped 426 records: three parts
        site = build(PROJECT, tmp_path_factory.mktemp("parted") / "site")
    assert shards.folders(site) == ["pagefind", "pagefind-2", "pagefind-3"]
    return site


def _answers(chromium, folder):
    """Ranked results of the query set, then the filter panel and status line of broad
    queries (also with 教师 ticked), and the URLs the page fetched."""
    with serve(folder) as base, watched_page(chromium, base) as (page, watch):
        fetched = []
        page.on("request", lambda r: fetched.append(r.url[len(base):]))
        page.goto(base + "/")
        page.keyboard.press("/")
        page.locator("#px-search-ui input.px-s__input").wait_for()
        ranked = page.evaluate(
            "async qs => { const out = []; for (const q of qs) out.push(await window.pxSearch.ranked(q)); return out; }",
            [q for q, _ in QUERIES],
        )
        panels = []
        root = "#px-search-ui"
        for query in COUNTED:
            page.locator(f"{root} input.px-s__input").fill("")
            hits = site_search(page, query)
            panels.append((query, sorted(hits), page.locator(f"{root} .px-s__filters").inner_text(), page.locator(f"{root} .px-s__status").inner_text()))
        page.locator(f'{root} fieldset.px-s__group input[value="教师"]').check()
        hits = search_results(page, COUNTED[-1])
        panels.append(("教师", sorted(hits), page.locator(f"{root} .px-s__filters").inner_text(), page.locator(f"{root} .px-s__status").inner_text()))
        assert watch.errors == [] and watch.blocked == []
    return ranked, panels, fetched


def test_an_index_in_parts_answers_like_one_index(chromium, parted_site, shipped_site):
    ranked, panels, fetched = _answers(chromium, parted_site)
    whole_ranked, whole_panels, whole_fetched = _answers(chromium, shipped_site)
    # every part is loaded (and only the site's own index files otherwise)
    for part in ("/pagefind/", "/pagefind-2/", "/pagefind-3/"):
        assert any(url.startswith(part) and "pagefind-entry.json" in url for url in fetched), part
    assert not any(url.startswith("/pagefind-2/") for url in whole_fetched)
    # the record a query names comes first, as from one index; the wanted record is in the top five
    for (query, want), got, whole in zip(QUERIES, ranked, whole_ranked):
        assert want in got[:5], (query, got[:5])
        if whole and whole[0] == want:
            assert got[0] == want, (query, got[:5])
    # the same counts per filter value and the same status line (how many found)
    assert [(q, filters, status) for q, _, filters, status in panels] == [(q, filters, status) for q, _, filters, status in whole_panels]
