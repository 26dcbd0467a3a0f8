"""The yearly directory: a small fixture (tests/data/years) driven through 2014–2020.

刘敏 enters 2014 (Zhejiang), misses the 2015 review, is suspended 2017, returns 2018 and
moves to the national pool, becomes shared with every pool in 2019, leaves in 2020.
陈刚 (Jiangxi) fails the 2015 review, passes 2016, misses 2017 and 2018, passes 2019.
周丽 (national) enters 2016, shared with Jiangxi from the start, reviewed every year.
Every expectation below was worked out by hand from the rules in generator/yearly/directory.py.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from generator.records.catalog import load_catalog
from generator.yearly.directory import Rules, as_of, changes, directory, review_due, standing

from .conftest import HERE, PROJECT

YEARS = HERE / "data" / "years"
POOLS = ["national", "330000", "360000"]


@pytest.fixture(scope="module")
def teachers():
    result = load_catalog(YEARS)
    assert result.ok, result.problems
    return result.catalog.teachers


# year -> teacher -> (state, pool)
STANDINGS = {
    2014: {"liu-min": ("在库", "330000"), "chen-gang": ("未入库", None), "zhou-li": ("未入库", None)},
    2015: {"liu-min": ("在库", "330000"), "chen-gang": ("在库", "360000"), "zhou-li": ("未入库", None)},
    2016: {"liu-min": ("待复核", "330000"), "chen-gang": ("暂不列入", "360000"), "zhou-li": ("在库", "national")},
    2017: {"liu-min": ("暂停", "330000"), "chen-gang": ("在库", "360000"), "zhou-li": ("在库", "national")},
    2018: {"liu-min": ("在库", "national"), "chen-gang": ("待复核", "360000"), "zhou-li": ("在库", "national")},
    2019: {"liu-min": ("在库", "national"), "chen-gang": ("暂不列入", "360000"), "zhou-li": ("在库", "national")},
    2020: {"liu-min": ("退出", "national"), "chen-gang": ("在库", "360000"), "zhou-li": ("在库", "national")},
}

# year -> pool -> (own listed teachers, teachers shared into the pool)
LISTS = {
    2014: {"national": ([], []), "330000": (["liu-min"], []), "360000": ([], [])},
    2015: {"national": ([], []), "330000": (["liu-min"], []), "360000": (["chen-gang"], [])},
    2016: {"national": (["zhou-li"], []), "330000": (["liu-min"], []), "360000": ([], ["zhou-li"])},
    2017: {"national": (["zhou-li"], []), "330000": ([], []), "360000": (["chen-gang"], ["zhou-li"])},
    2018: {"national": (["liu-min", "zhou-li"], []), "330000": ([], []), "360000": (["chen-gang"], ["zhou-li"])},
    2019: {"national": (["liu-min", "zhou-li"], []), "330000": ([], ["liu-min"]), "360000": ([], ["liu-min", "zhou-li"])},
    2020: {"national": (["zhou-li"], []), "330000": ([], []), "360000": (["chen-gang"], ["zhou-li"])},
}

# year -> {(kind, pool, teacher)}
CHANGES = {
    2014: {("新入库", "330000", "liu-min")},
    2015: {("新入库", "360000", "chen-gang")},
    2016: {("新入库", "national", "zhou-li"), ("共享范围变化", "national", "zhou-li"), ("待复核", "330000", "liu-min"),
           ("暂不列入", "360000", "chen-gang")},
    2017: {("暂停", "330000", "liu-min"), ("重新列入", "360000", "chen-gang")},
    2018: {("调动", "national", "liu-min"), ("恢复", "national", "liu-min"), ("待复核", "360000", "chen-gang")},
    2019: {("共享范围变化", "national", "liu-min"), ("暂不列入", "360000", "chen-gang")},
    2020: {("退出", "national", "liu-min"), ("重新列入", "360000", "chen-gang")},
}

# year -> pool -> [(teacher, required reviews missing in a row)]
DUE = {
    2014: {}, 2015: {}, 2016: {"330000": [("liu-min", 1)]}, 2017: {}, 2018: {"360000": [("chen-gang", 1)]},
    2019: {"360000": [("chen-gang", 2)]}, 2020: {},
}


@pytest.mark.parametrize("year", sorted(STANDINGS))
def test_standing_each_year(teachers, year):
    got = {tid: (s.state, s.pool) for tid, s in ((tid, standing(t, year)) for tid, t in teachers.items())}
    assert got == STANDINGS[year]


@pytest.mark.parametrize("year", sorted(LISTS))
def test_directory_each_year(teachers, year):
    d = directory(teachers, year, Rules(), POOLS)
    got = {pool: (sorted(d.own.get(pool, [])), sorted(d.shared.get(pool, []))) for pool in POOLS}
    assert got == LISTS[year]


@pytest.mark.parametrize("year", sorted(CHANGES))
def test_changelog_each_year(teachers, year):
    assert {(c.kind, c.pool, c.teacher) for c in changes(teachers, year, Rules())} == CHANGES[year]


@pytest.mark.parametrize("year", sorted(DUE))
def test_review_due_each_year(teachers, year):
    got = {pool: [(d.teacher, d.missing) for d in rows] for pool, rows in review_due(teachers, year, Rules()).items()}
    assert got == DUE[year]


def test_reasons_are_spelt_out(teachers):
    assert standing(teachers["chen-gang"], 2016).reason == "2015 年复核不合格"
    assert standing(teachers["chen-gang"], 2019).reason == "连续 2 年未复核"
    assert standing(teachers["liu-min"], 2017).reason == "2017 年暂停：挂职锻炼"
    [left] = [c for c in changes(teachers, 2020, Rules()) if c.kind == "退出"]
    assert left.detail == "退休"
    [moved] = [c for c in changes(teachers, 2018, Rules()) if c.kind == "调动"]
    assert moved.detail == "浙江省师资库 → 全国师资库（经推荐调入全国师资库）"


def test_thresholds_are_settings(teachers):
    strict = Rules(pending_after=1, drop_after=1, drop_on_fail=False)
    assert standing(teachers["liu-min"], 2016, strict).state == "暂不列入"  # one missing year is enough
    assert standing(teachers["chen-gang"], 2016, strict).state == "在库"  # 不合格 does not drop
    lenient = Rules(pending_after=2, drop_after=3)
    assert standing(teachers["liu-min"], 2016, lenient).state == "在库"
    assert standing(teachers["chen-gang"], 2019, lenient).state == "待复核"
    with pytest.raises(ValueError):
        Rules(pending_after=2, drop_after=1)


def test_as_of_hides_the_future(teachers):
    past = as_of(teachers, 2016)
    assert sorted(past) == ["chen-gang", "liu-min", "zhou-li"]
    assert past["liu-min"].pool == "330000" and past["liu-min"].moves == [] and past["liu-min"].sharing == []
    assert [r.year for r in past["liu-min"].reviews] == [2014, 2016]
    assert sorted(as_of(teachers, 2015)) == ["chen-gang", "liu-min"]
    assert teachers["liu-min"].pool == "national"  # the catalog itself is untouched


def run(*args):
    return subprocess.run([sys.executable, "-m", "generator", *args, "--data", str(YEARS), "--config", str(PROJECT / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=120)


def test_changelog_command_formats():
    text = run("changelog", "--year", "2018")
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0] == "2018 年度调整（与 2017 年相比）：共 3 项"
    assert "■ 全国师资库（national）：调动 1，恢复 1" in text.stdout
    assert "  [待复核] 陈刚（chen-gang）：2017 年复核结果尚未报送" in text.stdout
    csv = run("changelog", "--year", "2016", "--format", "csv", "--pool", "360000").stdout
    assert csv.lstrip("\ufeff").splitlines() == ["年份,师资库代码,师资库,类别,编号,姓名,说明", "2016,360000,江西省师资库,暂不列入,chen-gang,陈刚,2015 年复核不合格"]
    doc = json.loads(run("changelog", "--year", "2019", "--format", "json").stdout)
    assert doc["counts"] == {"national": {"共享范围变化": 1}, "360000": {"暂不列入": 1}}
    assert run("changelog", "--pool", "浙江").returncode == 2


def test_review_due_command_lists_by_department():
    out = run("review-due", "--year", "2019")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "2019 年待复核名单：2018 年的复核结果尚未报送的教师，共 1 人",
        "",
        "■ 中共江西省委组织部（江西省师资库）：1 人",
        "  陈刚（chen-gang），中共江西省委党校：已连续 2 年未复核，2019 年名录状态：暂不列入（连续 2 年未复核）",
    ]
    assert json.loads(run("review-due", "--year", "2016", "--format", "json").stdout)["departments"][0]["department"] == "zhejiang"
    assert "没有需要补报的复核" in run("review-due", "--year", "2017").stdout


def test_default_year_is_the_edition_not_the_clock():
    assert run("changelog").stdout.startswith("2017 年度调整")  # mkdocs.yml: edition 2017


@pytest.fixture(scope="module")
def site_2018(tmp_path_factory):
    from .conftest import build

    return build(YEARS, tmp_path_factory.mktemp("years") / "site", year=2018)


def _page(site, rel):
    return (site / rel).read_text(encoding="utf-8")


def test_site_of_an_edition_shows_that_years_directory(site_2018):
    jiangxi = _page(site_2018, "teachers/360000/index.html")
    assert "../../teacher/chen-gang.html" in jiangxi and "px-state--pending" in jiangxi
    # teachers shared into the pool follow its own, marked as such
    assert "../../teacher/zhou-li.html" in jiangxi
    assert jiangxi.index("../../teacher/chen-gang.html") < jiangxi.rindex("../../teacher/zhou-li.html")
    national = _page(site_2018, "teachers/national/index.html")
    assert "teacher/liu-min.html" in national and "teacher/zhou-li.html" in national
    assert "teacher/liu-min.html" not in _page(site_2018, "teachers/330000/index.html")  # moved away in 2018
    overview = _page(site_2018, "teachers/index.html")
    assert "2018 年师资库名录" in overview


def test_archive_and_changelog_pages(site_2018):
    assert "px-state--pending" in _page(site_2018, "archive/2016/330000/index.html")  # 刘敏 待复核 in 2016
    assert "teacher/liu-min.html" not in _page(site_2018, "archive/2017/330000/index.html")  # suspended
    assert (site_2018 / "archive/2015/index.html").is_file() and not (site_2018 / "archive/2018").exists()
    moved = _page(site_2018, "changes/2018/moved/index.html")
    assert "浙江省师资库 → 全国师资库" in moved and "teacher/liu-min.html" in moved
    assert (site_2018 / "changes/2015/index.html").is_file() and not (site_2018 / "changes/2014").exists()
    rules = _page(site_2018, "teachers/rules.html")
    assert "连续 1 年没有复核结果" in rules and "连续 2 年没有复核结果" in rules
    assert "generator/" not in rules and "mkdocs.yml" not in rules and "peixun " not in rules  # plain Chinese


def test_an_edition_never_shows_the_future(site_2018, tmp_path):
    from .conftest import build

    page = _page(site_2018, "teacher/liu-min.html")
    assert "退休" not in page and "所有师资库" not in page  # 2019–2020 events are not shown in 2018
    assert '<span data-pagefind-filter="名录状态">在库</span>' in page
    early = build(YEARS, tmp_path / "site", year=2015)
    assert not (early / "teacher/zhou-li.html").exists()  # enters in 2016
    assert "zhou-li" not in _page(early, "course/dangzhang-yanxi.html")


def test_edition_sites_link_check(site_2018):
    from .sitecheck import check_links

    broken, external, _ = check_links(site_2018)
    assert broken == [] and external == []


@pytest.mark.parametrize("rules", [Rules(), Rules(1, 1, False), Rules(2, 3, True)])
def test_timeline_agrees_with_standing(rules):
    from generator.yearly.directory import timeline

    for data in (YEARS, PROJECT):
        for tid, t in load_catalog(data).catalog.teachers.items():
            years = list(range(2012, 2022))
            assert timeline(t, years, rules) == {y: standing(t, y, rules) for y in years}, tid
