"""规划落实: each target's status on a small data set made for it (tests/data/small, changed
per test), as `peixun progress` and the site compute it."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from generator.records import vocab as V
from generator.records.catalog import load_catalog
from generator.yearly.progress import Targets, progress_of

from .conftest import PROJECT, write

PROGRAMME = """\
id: {id}
title: 培训班 {id}
kind: {kind}
year: {year}
organiser: {organiser}
participants: {n}
summary: 测试用的培训项目。
status: {status}
"""
OUTLINE = """\
id: dagang
title: 组工干部培训大纲
kind: 大纲
status: {status}
department: zzb
summary: 培训大纲。
"""


def plan(data_dir, edition: int, **targets):
    result = load_catalog(data_dir)
    assert result.problems == [], [f"{p.where} {p.code} {p.message}" for p in result.problems]
    return progress_of(result.catalog, edition, targets=Targets(**targets))


def dated(p, key: str):
    return next(t for t in p.dated if t.key == key)


def yearly(p, year: int, key: str):
    return next(t for t in p.yearly[year] if t.key == key)


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("status, extra, edition, expected, value", [
    (None, "", 2015, "无数据", "没有培训大纲的记录"),
    ("编写中", "", 2013, "进行中", "尚未出版"),
    ("编写中", "", 2015, "按期未完成", "尚未出版"),
    ("已出版", "year: 2014\n", 2014, "已完成", "2014 年出版"),
    ("已出版", "year: 2014\n", 2013, "进行中", "尚未出版"),  # published after the edition year
    ("已出版", "year: 2016\n", 2017, "按期未完成", "2016 年出版"),
])
def test_outline(data_dir, status, extra, edition, expected, value):
    if status:
        write(data_dir, "catalog/textbooks/dagang.yml", OUTLINE.format(status=status) + extra)
    t = dated(plan(data_dir, edition), "outline")
    assert (t.status, t.value) == (expected, value)
    assert [e.id for e in t.evidence] == (["dagang"] if status else [])


def test_national_pool(data_dir):
    # wang-fang entered the national pool in 2014
    assert dated(plan(data_dir, 2016), "national-pool").status == "已完成"
    edit(data_dir / "teachers/national/wang-fang.yml", "entry_year: 2014", "entry_year: 2015")
    edit(data_dir / "teachers/national/wang-fang.yml", "  - year: 2014\n    result: 合格\n", "")
    late = dated(plan(data_dir, 2016), "national-pool")
    assert (late.status, late.value) == ("按期未完成", "2015 年起有教师入库，2014 年共 0 人")
    assert dated(plan(data_dir, 2013), "national-pool").status == "进行中"


def test_the_two_textbooks(data_dir):
    # the small data has 《中国共产党组织工作教程》 published in 2015, and no history textbook
    p = plan(data_dir, 2016)
    assert (dated(p, "revised-book").status, dated(p, "history-book").status) == ("已完成", "无数据")
    book = data_dir / "catalog/textbooks/zuzhi-gongzuo-jiaocheng.yml"
    edit(book, "year: 2015\nisbn: 978-7-5099-0001-7\nstatus: 已出版", "status: 修订中")
    assert dated(plan(data_dir, 2016), "revised-book").status == "按期未完成"
    assert dated(plan(data_dir, 2014), "revised-book").status == "进行中"
    # the title is a setting
    assert dated(plan(data_dir, 2016, history_book="中国共产党组织工作教程"), "history-book").status == "按期未完成"


def test_provincial_pools_table_and_status(data_dir):
    p = plan(data_dir, 2016)
    rows = {r["pool"]: r for r in p.provinces}
    assert list(rows) == list(V.PROVINCES)  # 31 provinces and 兵团
    # zhang-wei entered 360000's pool in 2015 and moved to 330000 in 2016; li-na is 360000's
    assert (rows["360000"]["first"], rows["360000"]["on_time"], rows["360000"]["at_due"]) == (2015, True, 2)
    assert (rows["330000"]["first"], rows["330000"]["department"]) == (2016, "zhejiang")
    assert rows["110000"] == {"pool": "110000", "department": None, "pool_since": None, "first": None, "at_due": 0, "on_time": False}
    t = dated(p, "provincial-pools")
    assert (t.status, t.value) == ("按期未完成", "32 个省级师资库中 1 个按期有教师入库")
    assert dated(plan(data_dir, 2014), "provincial-pools").status == "进行中"


def test_every_provincial_pool_on_time_is_done(data_dir):
    for code, (name, short) in V.PROVINCES.items():
        if code not in ("330000", "360000"):
            write(data_dir, f"catalog/departments/d{code}.yml", f'id: d{code}\nname: {name}党委组织部\nlevel: 省\ntype: 党委组织部\n'
                  f'province: "{code}"\nparent: zzb\npool: "{code}"\n')
        write(data_dir, f"teachers/{code}/t{code}.yml", f'id: t{code}\nname: 教师{short}\npool: "{code}"\nunit: {short}党校\n'
              "source: 专家学者\nexpertise: [党建]\nentry_year: 2015\n")
    assert dated(plan(data_dir, 2016), "provincial-pools").status == "已完成"


def test_pools_updated_each_year(data_dir):
    p = plan(data_dir, 2017)
    # 2015: wang-fang (national) and li-na, zhang-wei (360000) were reviewed; 2016: zhang-wei
    # (by then in 330000) was, wang-fang was not
    assert p.updates == {"national": {2014: (1, 1), 2015: (1, 1), 2016: (0, 1), 2017: (0, 1)},
                         "330000": {2016: (1, 1)}, "360000": {2015: (2, 2)}}
    assert [yearly(p, y, "updated").status for y in (2013, 2014, 2015, 2016, 2017)] == ["无数据", "已完成", "已完成", "按期未完成", "进行中"]
    assert yearly(p, 2016, "updated").value == "2 个师资库中 1 个完成年度复核"
    # the threshold is a setting: half of the pools' teachers is not enough at 0.9, enough at 0.5
    write(data_dir, "teachers/360000/zhao-lei.yml", 'id: zhao-lei\nname: 赵磊\npool: "360000"\nunit: 江西省委党校\nsource: 专家学者\n'
          "expertise: [党史]\nentry_year: 2015\n")
    assert yearly(plan(data_dir, 2017), 2015, "updated").status == "按期未完成"
    assert yearly(plan(data_dir, 2017, update_share=0.5), 2015, "updated").status == "已完成"


@pytest.mark.parametrize("programmes, expected", [
    ([], "无数据"),
    ([("师资培训", "zzb", 60, "已完成")], "已完成"),
    ([("师资培训", "zzb", 40, "已完成"), ("师资培训", "zzb", 20, "进行中")], "已完成"),  # added up
    ([("师资培训", "zzb", 59, "已完成")], "按期未完成"),
    ([("师资培训", "zzb", 50, "已完成"), ("师资培训", "zzb", 30, "计划")], "按期未完成"),  # planned does not count
    ([("师资培训", "zhejiang", 80, "已完成")], "无数据"),  # a province's own programme is not the central one
    ([("示范培训", "zzb", 80, "已完成")], "无数据"),
])
def test_sixty_teachers_trained(data_dir, programmes, expected):
    for i, (kind, organiser, n, status) in enumerate(programmes):
        write(data_dir, f"catalog/programmes/p{i}.yml", PROGRAMME.format(id=f"p{i}", kind=kind, year=2015, organiser=organiser, n=n, status=status))
    assert yearly(plan(data_dir, 2016), 2015, "teachers-trained").status == expected


def test_fifty_workers_trained_and_the_edition_year(data_dir):
    write(data_dir, "catalog/programmes/wk.yml", PROGRAMME.format(id="wk", kind="培训工作者培训", year=2016, organiser="zzb", n=49, status="已完成"))
    assert yearly(plan(data_dir, 2017), 2016, "workers-trained").status == "按期未完成"
    assert yearly(plan(data_dir, 2016), 2016, "workers-trained").status == "进行中"  # the year is not over
    assert yearly(plan(data_dir, 2017, workers_trained=40), 2016, "workers-trained").status == "已完成"
    assert yearly(plan(data_dir, 2015), 2015, "workers-trained").status == "进行中"  # 2016's record is after the edition


def test_sharing_between_pools(data_dir):
    p = plan(data_dir, 2017)
    # 2015: wang-fang (national) shares with all; the two teachers of 360000 share with nobody
    t = yearly(p, 2015, "shared")
    assert (t.status, t.value) == ("按期未完成", "2 个师资库中 1 个共享了教师，共 1 人")
    assert yearly(p, 2014, "shared").status == "按期未完成"  # wang-fang shares only from 2015
    edit(data_dir / "teachers/360000/li-na.yml", "entry_year: 2015\n", "entry_year: 2015\nsharing:\n  - year: 2015\n    scope: [national]\n")
    assert yearly(plan(data_dir, 2017), 2015, "shared").status == "已完成"


def test_targets_settings_are_checked():
    assert Targets.from_settings({"teachers_trained": 80, "update_share": 1}).update_share == 1.0
    with pytest.raises(ValueError, match="未知的设置 teacher_trained"):
        Targets.from_settings({"teacher_trained": 80})
    with pytest.raises(ValueError, match="应为整数"):
        Targets.from_settings({"teachers_trained": "六十"})
    with pytest.raises(ValueError, match="0 到 1"):
        Targets.from_settings({"update_share": 90})


def test_command_prints_text_and_json(data_dir):
    run = lambda *args: subprocess.run([sys.executable, "-m", "generator", "progress", "--data", str(data_dir), *args],  # noqa: E731
                                       capture_output=True, text=True, cwd=PROJECT, timeout=120)
    text = run("--year", "2016")
    assert text.returncode == 0, text.stderr
    assert "规划落实（截至 2016 年）" in text.stdout and "2015 年前  已完成" in text.stdout
    doc = json.loads(run("--year", "2016", "--format", "json").stdout)
    assert doc["edition"] == 2016 and [t["key"] for t in doc["dated"]][0] == "outline"
    assert doc["yearly"]["2015"][0]["status"] == "已完成"
