"""Open data (peixun export, publish/opendata/): the shipped data as JSON, CSV, Excel and
SQLite, read back as a user's program would — real files, no mocks."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from generator.publish.opendata import export as O
from generator.publish.opendata.formats import csv_zip_bytes, json_bytes, xlsx_bytes
from generator.publish.opendata.sqlite import sqlite_bytes
from generator.publish.opendata.tables import field_dictionary
from generator.publish.settings import read_settings
from generator.publish.views import build_views
from generator.records.catalog import load_or_fail
from generator.records.kinds import KINDS
from generator.yearly.reports import read_csv

from .conftest import PROJECT, copy_small

NAMES = {"json": "peixun-{y}.json", "csv": "peixun-{y}-csv.zip", "xlsx": "peixun-{y}.xlsx", "sqlite": "peixun-{y}.db"}
FORMULA = '=HYPERLINK("http://x","点")'


class Shipped:
    """The shipped data loaded, its views and its export, once for the module."""

    def __init__(self, root: Path, config: Path | None):
        self.result = load_or_fail(root, "测试")
        self.settings = read_settings(config)
        self.views = build_views(self.result.catalog.public(), self.settings.edition, self.settings.rules)
        self.files = {f.format: f for f in O.export_files(self.views)}
        self.year = self.settings.edition


@pytest.fixture(scope="module")
def shipped() -> Shipped:
    return Shipped(PROJECT, PROJECT / "mkdocs.yml")


def _json(shipped) -> dict:
    return json.loads(shipped.files["json"].data)


def _db(data: bytes, tmp_path: Path, name: str = "x.db") -> sqlite3.Connection:
    path = tmp_path / name
    path.write_bytes(data)
    return sqlite3.connect(path)


def _csv(data: bytes, member: str) -> list[list[str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read(next(n for n in archive.namelist() if n.endswith("/" + member))).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


# -- what is made ----------------------------------------------------------------------------
def test_all_four_formats_are_made_with_their_names(shipped):
    files = O.export_files(shipped.views)
    assert [(f.format, f.name) for f in files] == [(fmt, NAMES[fmt].format(y=shipped.year)) for fmt in O.FORMATS]
    assert all(f.data and re.search("[\u4e00-\u9fff]", f.label) for f in files)
    assert [f.format for f in O.export_files(shipped.views, ("sqlite", "csv"))] == ["csv", "sqlite"]
    with pytest.raises(ValueError):
        O.export_files(shipped.views, ("pdf",))


def test_the_cli_offers_the_same_formats():
    from generator.cli.export import FORMATS

    assert FORMATS == O.FORMATS


def test_json_holds_every_public_record_of_every_kind(shipped):
    doc = _json(shipped)
    assert (doc["edition"], doc["generator"]) == (shipped.year, "peixun")
    catalog = shipped.views.catalog
    for name, kind in KINDS.items():
        rows = doc["tables"][name]["rows"]
        assert [r["id"] for r in rows] == sorted(catalog[name]), name  # stable order, by id
        assert {r["id"]: r[kind.title_field] for r in rows} == {rid: kind.title_of(rec) for rid, rec in catalog[name].items()}
        assert len(rows) == len(catalog[name]) > 0
    course = catalog.courses[sorted(catalog.courses)[0]]
    row = doc["tables"]["course"]["rows"][0]
    assert row["topics"] == list(course.topics) and row["audience_levels"] == list(course.audience.levels)
    assert row["hours"] == course.hours and isinstance(row["hours"], float)


def test_teachers_carry_their_standing_in_the_year(shipped):
    rows = {r["id"]: r for r in _json(shipped)["tables"]["teacher"]["rows"]}
    standings = shipped.views.directory.standings
    assert {tid: (r["year_state"], r["year_pool"], r["listed"]) for tid, r in rows.items()} == {
        tid: (s.state, s.pool, s.listed) for tid, s in standings.items()
    }
    assert {"在库", "暂停"} <= {r["year_state"] for r in rows.values()}
    assert {"不共享", "所有师资库"} <= {r["year_scope"] for r in rows.values()}


def test_lists_become_link_and_child_tables(shipped):
    doc = _json(shipped)
    catalog = shipped.views.catalog
    links = [(r["course_id"], r["teacher_id"], r["position"]) for r in doc["tables"]["course_teachers"]["rows"]]
    expected = []
    for cid in sorted(catalog.courses):
        present = [t for t in catalog.courses[cid].teachers if t in catalog.teachers]
        expected += [(cid, tid, i) for i, tid in enumerate(present, start=1)]
    assert links == expected
    reviews = doc["tables"]["teacher_reviews"]["rows"]
    assert len(reviews) == sum(len(t.reviews) for t in catalog.teachers.values())
    moves = doc["tables"]["teacher_moves"]["rows"]
    assert moves and set(moves[0]) == {"teacher_id", "position", "year", "from", "to", "reason"}


def test_the_field_dictionary_names_every_column_and_no_private_field(shipped):
    rows = field_dictionary()
    by_table: dict[str, list[str]] = {}
    for table, column, title, _, kind in rows:
        by_table.setdefault(table, []).append(column)
        assert title and kind, (table, column)
    for name, kind in KINDS.items():
        for attr, info in kind.public.model_fields.items():
            column = info.alias or attr
            assert column in by_table[name] or f"{name}_{column}" in by_table or any(c.startswith(column + "_") for c in by_table[name])
        assert not kind.private_fields & {c.split("_")[0] for c in by_table[name]}
    assert all(len(cols) == len(set(cols)) for cols in by_table.values())
    assert not any("contact" in f"{t}.{c}" for t, c, *_ in rows)
    assert set(_json(shipped)["fields"]) == set(by_table)


# -- CSV -------------------------------------------------------------------------------------
def test_csv_zip_has_bom_crlf_and_chinese_headers(shipped):
    data = shipped.files["csv"].data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names) and f"peixun-{shipped.year}-csv/字段说明.csv" in names
        assert {i.date_time for i in infos} == {(shipped.year, 12, 31, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o644} and {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
        text = archive.read(f"peixun-{shipped.year}-csv/course.csv").decode("utf-8")
    assert text.startswith("\ufeff编号,课程名称,") and "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert len(names) == len(O.tables(shipped.views)) + 1
    header = _csv(data, "teacher.csv")[0]
    assert header[:2] == ["编号", "姓名"] and "名录状态" in header and "contact" not in ",".join(header)


@pytest.fixture(scope="module")
def formula_export(tmp_path_factory):
    """The small test data with a contributor's text that a spreadsheet would run."""
    data = copy_small(tmp_path_factory.mktemp("formula") / "data")
    path = data / "teachers/330000/zhang-wei.yml"
    text = path.read_text(encoding="utf-8").replace("reason: 挂职锻炼", "reason: " + json.dumps(FORMULA, ensure_ascii=False))
    path.write_text(text.replace("position: 干部一处处长", 'position: "-2+3"'), encoding="utf-8")
    result = load_or_fail(data, "测试")
    views = build_views(result.catalog.public(), 2017)
    return {f.format: f for f in O.export_files(views, ("csv", "xlsx"))}


def test_a_formula_is_neutralised_in_csv(formula_export):
    data = formula_export["csv"].data
    changes = _csv(data, "teacher_status_changes.csv")
    cells = [cell for row in changes for cell in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    assert "'-2+3" in [cell for row in _csv(data, "teacher.csv") for cell in row]
    # numbers are not text: left alone
    courses = _csv(data, "course.csv")
    hours = [row[courses[0].index("学时")] for row in courses[1:]]
    assert hours and all(float(h) > 0 for h in hours)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read(next(n for n in archive.namelist() if n.endswith("/teacher_status_changes.csv"))).decode("utf-8")
    assert FORMULA in [cell for row in read_csv(text) for cell in row]  # and comes back whole


def test_a_formula_is_text_in_the_workbook(formula_export):
    data = formula_export["xlsx"].data
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for row in wb["师资_状态变化"].iter_rows() for c in row if c.value == FORMULA]
    assert len(cells) == 1 and cells[0].data_type == "s" and cells[0].quotePrefix
    position = [c for row in wb["师资"].iter_rows() for c in row if c.value == "-2+3"]
    assert len(position) == 1 and position[0].data_type == "s"
    header = [c.value for c in wb["课程"][1]]
    assert wb["课程"].cell(2, header.index("学时") + 1).data_type == "n"  # hours stay a number
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in s or b"<f " in s for s in sheets)  # no formula anywhere


# -- Excel -----------------------------------------------------------------------------------
def test_workbook_sheets_are_chinese_with_a_frozen_bold_header(shipped):
    wb = openpyxl.load_workbook(io.BytesIO(shipped.files["xlsx"].data))
    tables = O.tables(shipped.views)
    assert wb.sheetnames == ["说明", *[t.label for t in tables]]
    assert {"课程", "课程_授课教师", "师资_年度复核"} <= set(wb.sheetnames)
    for t in tables:
        ws = wb[t.label]
        assert len(t.label) <= 31 and re.search("[\u4e00-\u9fff]", t.label)
        assert ws.freeze_panes == "A2"
        assert [c.value for c in ws[1]] == [c.title for c in t.columns] and all(c.font.b for c in ws[1])
        assert ws.max_row == len(t.rows) + 1
    about = [v for row in wb["说明"].iter_rows(values_only=True) for v in row if v is not None]
    assert shipped.year in about and "课程_授课教师" in about and "audience_levels" in about
    assert wb.properties.creator == "peixun" and wb.properties.modified.year == shipped.year


# -- SQLite ----------------------------------------------------------------------------------
def test_sqlite_joins_teachers_to_their_courses(shipped, tmp_path):
    con = _db(shipped.files["sqlite"].data, tmp_path)
    got = con.execute(
        "SELECT c.title, t.name FROM course_teachers ct JOIN course c ON c.id = ct.course_id "
        "JOIN teacher t ON t.id = ct.teacher_id ORDER BY ct.course_id, ct.position"
    ).fetchall()
    catalog = shipped.views.catalog
    expected = [
        (catalog.courses[cid].title, catalog.teachers[tid].name)
        for cid in sorted(catalog.courses)
        for tid in [t for t in catalog.courses[cid].teachers if t in catalog.teachers]
    ]
    assert got == expected and len(got) > 50
    trained = con.execute("SELECT COUNT(*) FROM programme_trainees pt JOIN teacher t ON t.id = pt.teacher_id").fetchone()[0]
    assert trained == sum(len([t for t in p.trainees if t in catalog.teachers]) for p in catalog.programmes.values())
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert dict(con.execute("SELECT key, value FROM meta")) == {"title": "组工干部教育培训资源库开放数据", "edition": str(shipped.year), "generator": "peixun"}
    assert con.execute("SELECT title FROM fields WHERE table_name = 'course' AND column_name = 'title'").fetchone() == ("课程名称",)


def test_sqlite_keys_and_an_index_on_every_foreign_key(shipped, tmp_path):
    con = _db(shipped.files["sqlite"].data, tmp_path)
    tables = O.tables(shipped.views)
    for t in tables:
        fks = {(row[3], row[2]) for row in con.execute(f'PRAGMA foreign_key_list("{t.name}")')}
        assert fks == {(c.name, c.ref) for c in t.columns if c.ref}, t.name
        indexed = {con.execute(f'PRAGMA index_info("{row[1]}")').fetchone()[2] for row in con.execute(f'PRAGMA index_list("{t.name}")')}
        assert {c.name for c in t.columns if c.ref} <= indexed, t.name
        pk = [row[1] for row in sorted(con.execute(f'PRAGMA table_info("{t.name}")'), key=lambda r: r[5]) if row[5]]
        assert tuple(pk) == t.key
    assert con.execute("SELECT COUNT(*) FROM course WHERE business_training IN (0, 1)").fetchone()[0] == len(shipped.views.catalog.courses)


@pytest.mark.parametrize("year, scope", [(2014, "national"), (2017, "330000")])
def test_no_foreign_key_points_at_a_record_cut_from_the_export(shipped, tmp_path, year, scope):
    views = build_views(shipped.result.catalog.public(), year, shipped.settings.rules, scope=scope)
    cut = {tid for c in views.catalog.courses.values() for tid in c.teachers if tid not in views.catalog.teachers}
    assert cut  # the courses name teachers this export does not hold
    (db,) = O.export_files(views, ("sqlite",))
    con = _db(db.data, tmp_path)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    held = {row[0] for row in con.execute("SELECT teacher_id FROM course_teachers")}
    assert held and not held & cut


# -- the same bytes every time ---------------------------------------------------------------
def test_two_exports_are_byte_identical(shipped):
    again = O.export_files(shipped.views)
    for f in again:
        assert f.data == shipped.files[f.format].data, f.name
    with zipfile.ZipFile(io.BytesIO(shipped.files["xlsx"].data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(shipped.year, 12, 31, 0, 0, 0)}
        assert f"{shipped.year}-12-31T00:00:00Z".encode() in archive.read("docProps/core.xml")


# -- privacy ---------------------------------------------------------------------------------
def _private_values(catalog) -> list[str]:
    out = []
    for kind in ("teacher", "base"):
        for record in catalog[kind].values():
            contact = getattr(record, "contact", None)
            out += [v for v in (contact.model_dump().values() if contact else ()) if isinstance(v, str) and len(v) >= 6]
    return out


def test_no_private_value_is_in_any_file(shipped):
    assert O.leaks(list(shipped.files.values()), shipped.result.secrets) == []
    # a phone and an e-mail address as written in a teacher's file
    text = (PROJECT / "teachers/national/cai-zhiqiang.yml").read_text(encoding="utf-8")
    phone = re.search(r'phone: "([^"]+)"', text).group(1)
    email = re.search(r"email: (\S+)", text).group(1)
    values = _private_values(shipped.result.catalog)
    assert phone in values and email in values and len(values) > 300
    for f in shipped.files.values():
        texts = O.decoded(f)
        assert texts and not any(phone in t or email in t or phone.replace("-", "") in t for t in texts), f.name
        whole = "\x00".join(texts)
        assert not [v for v in values if v in whole], f.name
    assert not any("contact" in c["column"] for cols in _json(shipped)["fields"].values() for c in cols)


def test_leaks_finds_a_private_value_in_every_format(shipped):
    email = next(v for v in _private_values(shipped.result.catalog) if "@" in v)
    tables = O.tables(shipped.views)
    course = next(t for t in tables if t.name == "course")
    at = [c.name for c in course.columns].index("summary")
    rows = list(course.rows)
    rows[0] = rows[0][:at] + (f"咨询请写信至 {email}",) + rows[0][at + 1 :]
    tables = [replace(t, rows=tuple(rows)) if t is course else t for t in tables]
    year = shipped.year
    files = [
        O.DataFile("a.json", json_bytes(tables, year), "json", ""),
        O.DataFile("b.zip", csv_zip_bytes(tables, year, "b"), "csv", ""),
        O.DataFile("c.xlsx", xlsx_bytes(tables, year), "xlsx", ""),
        O.DataFile("d.db", sqlite_bytes(tables, year), "sqlite", ""),
    ]
    assert O.leaks(files, shipped.result.secrets) == ["a.json", "b.zip", "c.xlsx", "d.db"]
    assert O.leaks(list(shipped.files.values()), shipped.result.secrets) == []


# -- writing and the command -----------------------------------------------------------------
def test_write_files_refuses_what_it_did_not_write(shipped, tmp_path):
    from generator.publish.outputs import Refused

    files = list(shipped.files.values())
    out = tmp_path / "out"
    paths = O.write_files(files, out)
    assert [p.read_bytes() for p in paths] == [f.data for f in files]
    assert O.write_files(files, out) == paths  # its own files: overwritten
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / files[0].name).write_text("{}", encoding="utf-8")
    with pytest.raises(Refused):
        O.write_files(files, foreign)
    assert (foreign / files[0].name).read_text(encoding="utf-8") == "{}" and len(list(foreign.iterdir())) == 1
    with pytest.raises(Refused):
        O.write_files(files, paths[0])  # a file, not a folder


def peixun(*args, cwd=None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or PROJECT, env=env, capture_output=True, text=True, timeout=120)


def test_the_command_writes_the_same_files_and_reports_them(shipped, tmp_path):
    out = tmp_path / "data"
    run = peixun("export", "--data", str(PROJECT), "--out", str(out), "--config", str(PROJECT / "mkdocs.yml"))
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if line.startswith("已写出")]
    assert len(lines) == 4
    for line, f in zip(lines, shipped.files.values()):
        assert f.name in line and f"sha256 {f.sha256[:12]}" in line
        assert (out / f.name).read_bytes() == f.data
    again = peixun("export", "--data", str(PROJECT), "--out", str(out), "--format", "csv", "--format", "xlsx")
    assert again.returncode == 0, again.stderr
    assert [re.match("已写出 (.+?)（", line).group(1) for line in again.stdout.splitlines() if line.startswith("已写出")] == [
        str(out / shipped.files["csv"].name), str(out / shipped.files["xlsx"].name)
    ]


def test_the_command_refuses_a_file_it_did_not_write(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / "peixun-2017.json").write_text("我的文件\n", encoding="utf-8")
    run = peixun("export", "--data", str(PROJECT), "--out", str(out), "--format", "json", "--year", "2017")
    assert run.returncode == 2 and "不会覆盖" in run.stderr
    assert (out / "peixun-2017.json").read_text(encoding="utf-8") == "我的文件\n"
    flat = tmp_path / "file"
    flat.write_text("x", encoding="utf-8")
    run = peixun("export", "--data", str(PROJECT), "--out", str(flat), "--format", "json")
    assert run.returncode == 2 and "是一个文件" in run.stderr and flat.read_text(encoding="utf-8") == "x"
