"""Training programmes (培训项目): validated like every kind, linked both ways, cut at the
edition year."""
from __future__ import annotations

from generator.publish.views import build_views
from generator.records.catalog import load_catalog

from .conftest import write

GOOD = """\
id: shizi-2015
title: 2015 年师资培训班
kind: 师资培训
year: 2015
start: 2015-04-20
end: 2015-05-01
organiser: zzb
bases: [jinggangshan]
courses: [dangzhang-yanxi]
teachers: [wang-fang]
trainees: [zhang-wei, li-na]
participants: 60
hours: 64
summary: 培训各省师资库的兼职教员。
status: 已完成
"""


def problems(result):
    return sorted(f"{p.where} {p.code}" for p in result.problems)


def test_a_good_programme_loads_with_its_fields(data_dir):
    write(data_dir, "catalog/programmes/shizi-2015.yml", GOOD)
    result = load_catalog(data_dir)
    assert problems(result) == []
    p = result.catalog.programmes["shizi-2015"]
    assert (p.year, p.start, p.end, p.participants, p.trainees) == (2015, "2015-04-20", "2015-05-01", 60, ["zhang-wei", "li-na"])


BAD = {  # file -> (what is changed, where and which problem)
    "order": (("end: 2015-05-01", "end: 2015-04-02"), "6:6 year-order"),
    "fewer": (("participants: 60", "participants: 1"), "12:15 bad-value"),
    "dept": (("organiser: zzb", "organiser: zzbb"), "7:12 unknown-ref"),
    "field": (("status: 已完成", "status: 已完成\nleader: 某人"), "16:1 unknown-field"),
    "nodate": (("start: 2015-04-20", "start: 2016-02-30"), "5:8 bad-value"),
    "outside": (("start: 2015-04-20\nend: 2015-05-01", "start: 2016-04-20\nend: 2016-05-01"), "5:8 year-order"),
    "kind": (("kind: 师资培训", "kind: 示范培训"), "11:11 bad-value"),
    "negative": (("participants: 60", "participants: -5"), "12:15 bad-value"),
    "early": (("year: 2015\nstart: 2015-04-20\nend: 2015-05-01\n", "year: 2012\n"), "4:7 bad-year"),
    "both": (("trainees: [zhang-wei, li-na]", "trainees: [zhang-wei, wang-fang]"), "11:23 duplicate-item"),
}


def test_bad_programmes_are_located(data_dir):
    for name, ((old, new), _) in BAD.items():
        assert old in GOOD, name
        write(data_dir, f"catalog/programmes/{name}.yml", GOOD.replace("shizi-2015", name).replace(old, new))
    result = load_catalog(data_dir)
    assert problems(result) == sorted(f"catalog/programmes/{name}.yml:{where}" for name, (_, where) in BAD.items())
    messages = {p.where.split("/")[-1].split(".")[0]: p.message for p in result.problems}
    assert "早于开始日期" in messages["order"]
    assert "不是存在的日期" in messages["nodate"]
    assert "participants" in messages["kind"]


def test_views_link_programmes_both_ways_and_cut_later_years(data_dir):
    write(data_dir, "catalog/programmes/shizi-2015.yml", GOOD)
    write(data_dir, "catalog/programmes/later.yml", GOOD.replace("shizi-2015", "later").replace("2015", "2016"))
    catalog = load_catalog(data_dir).catalog.public()
    views = build_views(catalog, 2015)
    assert list(views.catalog.programmes) == ["shizi-2015"]  # 2016 is after the edition
    assert views.teacher_programmes["wang-fang"] == ["shizi-2015"]
    assert views.teacher_trained["zhang-wei"] == ["shizi-2015"]
    assert views.base_programmes["jinggangshan"] == ["shizi-2015"]
    assert views.course_programmes["dangzhang-yanxi"] == ["shizi-2015"]
    assert views.department_programmes["zzb"] == ["shizi-2015"]
    later = build_views(catalog, 2016)
    assert list(later.catalog.programmes) == ["later", "shizi-2015"]  # newest year first
    # a provincial copy has only its pool's teachers: the programme lists only those
    zhejiang = build_views(catalog, 2016, scope="330000")
    assert zhejiang.programme_trainees["shizi-2015"] == ["zhang-wei"]
