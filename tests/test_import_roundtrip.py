"""The spreadsheet round trip a department goes through in a year, on real files:
a 200-teacher roster (.xlsx written by openpyxl) into an empty pool, the review sheet for
that pool, filled in here, imported back; a roster CSV as Chinese Windows Excel saves it;
comments a person added to a record survive; importing the same sheets again changes nothing.
"""
from __future__ import annotations

import datetime
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).parent.parent
POOL = "110000"  # 北京: its department is in the shipped data, its pool has no teachers
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "海燕", "立新", "晓明", "红梅", "志强", "丽华", "文博", "秀英", "国华")
SOURCES = ("组织部部长", "业务骨干", "优秀领导干部", "先进模范人物", "专家学者")
UNITS = ("中共北京市委组织部", "中共北京市委党校", "北京大学", "中共海淀区委组织部")


def run(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    return done


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("roundtrip") / "data"
    for folder in ("catalog", "teachers"):
        shutil.copytree(PROJECT / folder, root / folder)
    return root


def roster_rows() -> list[dict]:
    """200 people: 20 surnames x 10 given names, each in one of four units."""
    courses = sorted(yaml.safe_load(p.read_text(encoding="utf-8"))["title"] for p in (PROJECT / "catalog/courses").glob("*.yml"))
    rows = []
    for i in range(200):
        name = SURNAMES[i // 10] + GIVEN[i % 10]
        rows.append({
            "name": name,
            "unit": UNITS[i % 4],
            "position": "处长" if i % 3 == 0 else None,
            "source": SOURCES[i % 5],
            "expertise": ["基层党建", "干部工作", "人才工作"][: 1 + i % 3],
            "courses": [courses[i % len(courses)]] if i % 4 == 0 else [],
            "entry_year": 2014 + i % 4,
            "phone": 13900000000 + i,
            "email": f"t{i}@example.org",
        })
    return rows


def write_roster(path: Path, rows: list[dict]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "师资名单"
    ws.append(["北京市师资库入库名单"])
    ws.merge_cells("A1:J1")
    ws.append(["序号", "姓名", "工作单位", "职务", "师资来源", "擅长领域", "主讲课程", "入库时间", "手机", "电子邮箱"])
    for i, r in enumerate(rows, start=1):
        # years as Excel keeps them: numbers, floats, and dates
        year = r["entry_year"] if i % 3 else (float(r["entry_year"]) if i % 2 else datetime.datetime(r["entry_year"], 3, 1))
        ws.append([i, r["name"], r["unit"], r["position"], r["source"], "、".join(r["expertise"]),
                   "、".join(r["courses"]) or None, year, float(r["phone"]), r["email"]])
    wb.save(path)


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted((root / "teachers").rglob("*.yml")):
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def records(root: Path, pool: str) -> dict[tuple[str, str], tuple[Path, dict]]:
    out = {}
    for p in (root / "teachers" / pool).glob("*.yml"):
        d = yaml.safe_load(p.read_text(encoding="utf-8"))
        out[(d["name"], d["unit"])] = (p, d)
    return out


def test_the_yearly_round_trip(data: Path, tmp_path: Path):
    rows = roster_rows()
    roster = tmp_path / "名单.xlsx"
    write_roster(roster, rows)
    done = run("import", "teachers", str(roster), "--pool", POOL, "--data", str(data))
    assert done.returncode == 0, done.stderr
    assert "200 行，新建 200 条" in done.stdout
    for r in rows:  # no contact value is printed
        assert str(r["phone"]) not in done.stdout + done.stderr and r["email"] not in done.stdout + done.stderr

    # every record holds its row, contact in contact
    course_ids = {yaml.safe_load(p.read_text(encoding="utf-8"))["title"]: p.stem for p in (data / "catalog/courses").glob("*.yml")}
    found = records(data, POOL)
    assert len(found) == 200
    for r in rows:
        path, d = found[(r["name"], r["unit"])]
        assert d["pool"] == POOL and d["source"] == r["source"] and d["expertise"] == r["expertise"]
        assert d.get("position") == r["position"] and int(d["entry_year"]) == r["entry_year"]
        assert d.get("courses", []) == [course_ids[c] for c in r["courses"]]
        assert d["contact"] == {"phone": str(r["phone"]), "email": r["email"]}
        assert path.stem == d["id"]

    # a person adds comments to one record by hand
    path, _ = found[(rows[7]["name"], rows[7]["unit"])]
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("source:"))
    lines.insert(at, "# 来源经 2017 年部务会确认")
    lines[at + 1] += "  # 见会议纪要"
    edited = "\n".join(lines) + "\n# 档案另存\n"
    path.write_text(edited, encoding="utf-8")

    again = run("import", "teachers", str(roster), "--pool", POOL, "--data", str(data))
    assert again.returncode == 0, again.stderr
    assert "新建 0 条，更新 0 条，无变化 200 条" in again.stdout
    assert path.read_text(encoding="utf-8") == edited

    # the review sheet for 2018 lists everyone due for the 2017 review
    sheet = tmp_path / "复核表.xlsx"
    made = run("review-sheet", "--year", "2018", "--pool", POOL, "--out", str(sheet), "--data", str(data))
    assert made.returncode == 0, made.stderr
    filled, expected = fill_sheet(sheet, tmp_path / "复核表-已填.xlsx")
    assert len(expected) + 10 == 200  # ten rows left empty

    before_empty = {p: p.read_bytes() for p, _ in (found[k] for k in found) if p.stem in set(_empty_ids(sheet))}
    imported = run("import", "reviews", str(filled), "--data", str(data))
    assert imported.returncode == 0, imported.stderr
    assert "修改 190 条" in imported.stdout and "2017 年复核：基本合格" in imported.stdout
    check_reviews(data, expected)
    for p, raw in before_empty.items():
        assert p.read_bytes() == raw  # an empty row changes nothing

    # the hand-edited record kept every line and comment, byte for byte, in order
    new_text = path.read_text(encoding="utf-8")
    kept = iter(new_text.splitlines())
    assert all(any(line == got for got in kept) for line in edited.splitlines())
    assert "# 来源经 2017 年部务会确认\nsource:" in new_text and "  # 见会议纪要" in new_text and "# 档案另存" in new_text

    # a second import of the same sheet changes nothing
    state = tree_hash(data)
    twice = run("import", "reviews", str(filled), "--data", str(data))
    assert twice.returncode == 0, twice.stderr
    assert "记录没有变化" in twice.stdout and tree_hash(data) == state
    assert run("validate", "--data", str(data)).returncode == 0


def _empty_ids(sheet: Path) -> list[str]:
    from openpyxl import load_workbook

    ws = load_workbook(sheet)["年度复核"]
    return [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)][-10:]


def fill_sheet(sheet: Path, out: Path) -> tuple[Path, dict]:
    """Results for all but the last ten rows; notes on some; a few suspended or leaving."""
    from openpyxl import load_workbook

    wb = load_workbook(sheet)
    ws = wb["年度复核"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["编号", "姓名", "工作单位", "所属师资库", "上次复核", "复核年份"]
    assert ws.max_row == 201
    expected = {}
    for r in range(2, ws.max_row - 9):
        tid = ws.cell(r, 1).value
        assert ws.cell(r, 6).value == 2017
        result = ("合格", "基本合格", "不合格")[r % 3]
        ws.cell(r, 7).value = result
        note = "授课效果好" if r % 7 == 0 else None
        ws.cell(r, 8).value = note
        status = ("暂停", "退出")[r % 2] if r % 11 == 0 else None
        if status:
            ws.cell(r, 9).value = status
            ws.cell(r, 10).value = "工作调整"
        expected[tid] = (result, note, status)
    wb.save(out)
    return out, expected


def check_reviews(root: Path, expected: dict) -> None:
    by_id = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (root / "teachers" / POOL).glob("*.yml")}
    for tid, (result, note, status) in expected.items():
        d = by_id[tid]
        review = [x for x in d["reviews"] if int(x["year"]) == 2017]
        assert review == [{"year": 2017, "result": result, **({"note": note} if note else {})}]
        changes = d.get("status_changes", [])
        assert changes == ([{"year": 2018, "status": status, "reason": "工作调整"}] if status else [])


def test_a_roster_csv_as_chinese_excel_saves_it(data: Path, tmp_path: Path):
    """GBK bytes, CRLF line ends, no BOM, numbers as Excel writes them into CSV."""
    lines = ["姓名,单位,职务,师资来源,擅长领域,入库年份,联系电话"]
    people = [(f"郑{g}", "中共天津市委组织部", "干部一处", "业务骨干", "干部监督", "2016", f"1380000{i:04d}") for i, g in enumerate(GIVEN)]
    lines += [",".join(p) for p in people]
    csv_file = tmp_path / "天津名单.csv"
    csv_file.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    done = run("import", "teachers", str(csv_file), "--pool", "120000", "--data", str(data))
    assert done.returncode == 0, done.stderr
    assert "编码：GBK/GB18030" in done.stdout and "新建 10 条" in done.stdout
    found = records(data, "120000")
    for name, unit, position, source, expertise, year, phone in people:
        _, d = found[(name, unit)]
        assert (d["position"], d["source"], d["expertise"], int(d["entry_year"])) == (position, source, [expertise], int(year))
        assert d["contact"] == {"phone": phone}
