"""Checks across records, and the Catalog they build."""
from __future__ import annotations

from generator.records.catalog import load_catalog
from generator.records.fields import Suggester

from .conftest import write


def where(result):
    return [f"{p.where} {p.code}" for p in sorted(result.problems, key=lambda p: p.sort_key())]


def test_broken_record_does_not_cascade_into_unknown_refs(data_dir):
    # zhang-wei is referenced by two courses; breaking his file must give one problem, not three
    path = data_dir / "teachers/330000/zhang-wei.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("source: 业务骨干", "source: 骨干"), encoding="utf-8")
    result = load_catalog(data_dir)
    assert where(result) == ["teachers/330000/zhang-wei.yml:6:9 bad-vocab"]
    assert "zhang-wei" not in result.catalog.teachers


def test_every_problem_in_every_file_is_reported_sorted(data_dir):
    write(data_dir, "teachers/national/b.yml", "id: b\n")
    write(data_dir, "catalog/bases/a-base.yml", "id: a-base\nname: 基地\n")
    (data_dir / "catalog/courses/ganbu-xuanba.yml").write_text(
        (data_dir / "catalog/courses/ganbu-xuanba.yml").read_text(encoding="utf-8").replace("provider: zhejiang", "provider: zhe-jiang"),
        encoding="utf-8",
    )
    result = load_catalog(data_dir)
    assert where(result) == [
        "catalog/bases/a-base.yml:1:1 missing-field",
        "catalog/bases/a-base.yml:1:1 missing-field",
        "catalog/bases/a-base.yml:1:1 missing-field",
        "catalog/bases/a-base.yml:1:1 missing-field",
        "catalog/courses/ganbu-xuanba.yml:12:11 unknown-ref",
        *["teachers/national/b.yml:1:1 missing-field"] * 6,  # name, pool, unit, source, expertise, entry_year
        "teachers/national/b.yml:1:5 bad-id",
    ]
    ref = next(p for p in result.problems if p.code == "unknown-ref")
    assert "是否为 zhejiang" in ref.message


def test_ids_that_differ_only_by_case_or_width_are_duplicates(data_dir):
    write(data_dir, "teachers/330000/Wang-Fang.yml", "id: Wang-Fang\n")
    write(data_dir, "teachers/360000/ｗａｎｇ-fang.yml", "id: wang-fang\n")
    got = where(load_catalog(data_dir))
    assert "teachers/330000/Wang-Fang.yml:1:5 duplicate-id" in got
    assert "teachers/360000/ｗａｎｇ-fang.yml:1:5 duplicate-id" in got
    assert "teachers/national/wang-fang.yml:1:5 duplicate-id" in got


def test_suggester_handles_case_width_hyphens_and_typos():
    s = Suggester(["zhang-wei", "zhang-wei-2", "wang-fang", "dangzhang-yanxi"], cutoff=0.75)
    assert s("Zhang-Wei") == "zhang-wei"
    assert s("ｗａｎｇ-ｆａｎｇ") == "wang-fang"
    assert s("zhangwei") == "zhang-wei"
    assert s("dang-zhang-yanxi") == "dangzhang-yanxi"
    assert s("wang-fan") == "wang-fang"
    assert s("li-na") is None


def test_catalog_is_sorted_and_counted(data_dir):
    catalog = load_catalog(data_dir).catalog
    assert list(catalog.teachers) == sorted(catalog.teachers)
    assert catalog.counts() == {"department": 3, "course": 2, "textbook": 1, "base": 1, "programme": 0, "teacher": 3}
    assert len(catalog) == 10
    assert str(catalog.paths[("teacher", "zhang-wei")]) == "teachers/330000/zhang-wei.yml"


def test_parallel_and_serial_checks_agree(data_dir, monkeypatch):
    from generator.records import validate

    for i in range(30):
        write(data_dir, f"teachers/national/t-{i:03d}.yml", f"id: t-{i:03d}\nname: 教师{i}\n")
    monkeypatch.setattr(validate, "PARALLEL_FROM", 10)
    # a private value of one record in the text of another: found in the second round
    course = data_dir / "catalog/courses/ganbu-xuanba.yml"
    course.write_text(course.read_text(encoding="utf-8").replace("的程序与", "的程序与（北京市某区某路 1 号）"), encoding="utf-8")
    items, _ = validate.discover(data_dir)
    serial = validate.check_all(data_dir, items, jobs=1, keep=False)
    parallel = validate.check_all(data_dir, items, jobs=2, keep=False)
    assert [(r.path, r.problems, r.facts, r.leak) for r in parallel] == [(r.path, r.problems, r.facts, r.leak) for r in serial]
    assert [r.leak for r in parallel if r.leak] == [(("teacher", "wang-fang"), "contact.address")]
    assert sum(len(r.problems) for r in parallel) == 30 * 5  # pool unit source expertise entry_year
    assert sum(r.facts is not None for r in parallel) == 10  # the valid records of tests/data/small
    assert where(load_catalog(data_dir, jobs=2, records=False)) == where(load_catalog(data_dir, jobs=1))


def test_readme_files_are_allowed_and_other_files_are_not(data_dir):
    write(data_dir, "teachers/README.md", "# 说明\n")
    write(data_dir, "catalog/courses/notes.txt", "草稿\n")
    write(data_dir, "catalog/courses/.hidden.yml", "x\n")  # looks like a record: reported
    write(data_dir, "catalog/courses/.DS_Store", b"\x00\x01")  # system file: skipped
    write(data_dir, "teachers/national/.swp/x", "x")  # inside a dot-folder: skipped
    assert where(load_catalog(data_dir)) == ["catalog/courses/.hidden.yml bad-filename", "catalog/courses/notes.txt bad-filename"]


def test_a_moved_teacher_must_end_in_the_current_pool(data_dir):
    path = data_dir / "teachers/330000/zhang-wei.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('    to: "330000"', '    to: "440000"'), encoding="utf-8")
    assert where(load_catalog(data_dir)) == ["teachers/330000/zhang-wei.yml:22:9 bad-history"]


def test_suspension_can_be_lifted_but_exit_is_final(data_dir):
    path = data_dir / "teachers/360000/li-na.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - year: 2017\n    status: 在库\n    reason: 重新入库\n", encoding="utf-8"
    )
    assert where(load_catalog(data_dir)) == ["teachers/360000/li-na.yml:16:13 after-exit"]


def test_a_named_pipe_is_refused_without_hanging(data_dir):
    import os

    os.mkfifo(data_dir / "teachers/national/pipe.yml")
    assert where(load_catalog(data_dir)) == ["teachers/national/pipe.yml unreadable"]


def test_links_to_directories_are_reported(data_dir, tmp_path):
    import os

    (tmp_path / "elsewhere").mkdir()
    (data_dir / "inside").mkdir()
    os.symlink(tmp_path / "elsewhere", data_dir / "teachers/national/dir.yml")  # out of the data root
    os.symlink(tmp_path / "elsewhere", data_dir / "catalog/videos")
    os.symlink(data_dir / "inside", data_dir / "teachers/national/here.yml")  # a folder inside it
    got = where(load_catalog(data_dir))
    assert got == ["catalog/videos link-outside", "teachers/national/dir.yml link-outside", "teachers/national/here.yml bad-filename"]


def _replace(data_dir, rel, old, new):
    path = data_dir / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_many_unknown_refs_stay_fast(data_dir):
    import time

    for i in range(3000):
        write(data_dir, f"teachers/national/t{i:04d}.yml",
              f"id: t{i:04d}\nname: 教师\npool: national\nunit: 某单位\nsource: 专家学者\nexpertise: [党史]\nentry_year: 2016\n")
    bad = ", ".join(f"x{i:04d}" for i in range(4000))
    _replace(data_dir, "catalog/courses/ganbu-xuanba.yml", "teachers: [zhang-wei]", f"teachers: [{bad}]")
    start = time.perf_counter()
    result = load_catalog(data_dir)
    assert time.perf_counter() - start < 10
    assert sum(p.code == "unknown-ref" for p in result.problems) == 4000


def test_a_long_chain_of_departments_is_checked_in_linear_time(data_dir):
    import time

    previous = "zhejiang"
    for i in range(3000):
        write(data_dir, f"catalog/departments/d{i:04d}.yml",
              f"id: d{i:04d}\nname: 部门{i}\nlevel: 县\ntype: 党委组织部\nprovince: \"330000\"\nparent: {previous}\n")
        previous = f"d{i:04d}"
    start = time.perf_counter()
    result = load_catalog(data_dir)
    assert time.perf_counter() - start < 10
    # every county below a county is misplaced, but there is no cycle
    assert {p.code for p in result.problems} == {"bad-parent"}
    assert len(result.problems) == 2999


def test_a_broken_department_does_not_orphan_its_pool(data_dir):
    _replace(data_dir, "catalog/departments/zhejiang.yml", "maintainers: [zj-peixun]", "maintainers: ['@zj-peixun']")
    assert where(load_catalog(data_dir)) == ["catalog/departments/zhejiang.yml:9:15 bad-value"]


def test_department_pool_must_be_its_own_province(data_dir):
    _replace(data_dir, "catalog/departments/jiangxi.yml", "pool: 360000", "pool: 330000")
    got = where(load_catalog(data_dir))
    assert "catalog/departments/jiangxi.yml:8:7 pool-mismatch" in got


def test_sharing_changes_must_change_something(data_dir):
    _replace(
        data_dir,
        "teachers/national/wang-fang.yml",
        "sharing:\n  - year: 2015\n    scope: [all]\n",
        "sharing:\n  - year: 2014\n    scope: []\n  - year: 2015\n    scope: [all, \"330000\"]\n"
        "  - year: 2016\n    scope: [\"330000\", all]\n",
    )
    assert where(load_catalog(data_dir)) == [
        "teachers/national/wang-fang.yml:17:12 bad-history",  # not shared before either
        "teachers/national/wang-fang.yml:19:12 bad-value",  # all already includes 330000
        "teachers/national/wang-fang.yml:21:12 bad-history",  # same scope as the year before
        "teachers/national/wang-fang.yml:21:12 bad-value",
    ]


def test_repeated_items_ignore_spaces_and_case(data_dir):
    _replace(data_dir, "catalog/courses/ganbu-xuanba.yml", "teachers: [zhang-wei]", "teachers: [zhang-wei, 'Zhang-Wei ']")
    assert where(load_catalog(data_dir)) == [
        "catalog/courses/ganbu-xuanba.yml:13:23 duplicate-item",
        "catalog/courses/ganbu-xuanba.yml:13:23 unknown-ref",  # ids are lower case: did you mean zhang-wei
    ]
