"""Spreadsheet import (peixun import teachers|courses|bases|reviews, peixun review-sheet)
fed the files departments really send: real .xlsx written by openpyxl (patched where only
Excel writes something), CSV bytes as Chinese Windows Excel saves them. Each test runs the
command and checks the YAML it wrote (or that nothing was written) and its messages."""
from __future__ import annotations

import datetime
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main

from .conftest import PROJECT, SMALL

POOL = "330000"
HEAD = ["姓名", "工作单位", "师资来源", "擅长领域", "入库年份"]
# one error line: FILE 第 12 行 C 列（师资来源）：错误[code] message
LINE = re.compile(
    r"^(?P<file>.+?)(?: 第 (?P<row>\d+) 行(?: (?P<col>[A-Z]+) 列(?:（(?P<header>.+?)）)?)?)?"
    r"：错误\[(?P<code>[a-z0-9-]+)\] (?P<message>.+)$"
)


# -- helpers ---------------------------------------------------------------------------------
@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The small data set plus what the import reads beside it (mkdocs.yml, content/)."""
    root = tmp_path / "data"
    shutil.copytree(SMALL, root)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "content", root / "content")
    return root


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """Where the spreadsheets go: outside the data folder, so a snapshot of it sees only records."""
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


class Run:
    def __init__(self, result):
        self.code = result.exit_code
        self.out = result.stdout
        self.err = result.stderr
        self.all = self.out + self.err

    def errors(self) -> list[tuple]:
        """(row, column letter, header, code) of each error line, rows as ints."""
        out = []
        for line in self.err.splitlines():
            m = LINE.match(line)
            if m:
                out.append((int(m["row"]) if m["row"] else None, m["col"], m["header"], m["code"]))
        return out

    def messages(self, code: str) -> list[str]:
        return [m["message"] for line in self.err.splitlines() if (m := LINE.match(line)) and m["code"] == code]


def peixun(*args) -> Run:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return Run(result)


def import_teachers(data: Path, file: Path, *extra) -> Run:
    return peixun("import", "teachers", file, "--pool", POOL, "--data", data, *extra)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def pool_records(data: Path, pool: str = POOL) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((data / "teachers" / pool).glob("*.yml"))}


def new_records(data: Path, pool: str = POOL) -> dict[str, dict]:
    """The records of the pool other than the shipped zhang-wei."""
    return {k: v for k, v in pool_records(data, pool).items() if k != "zhang-wei"}


def xlsx(path: Path, *sheets, merges: dict | None = None) -> Path:
    """A workbook of (sheet name, rows) pairs; merges: sheet name -> ranges."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for rng in (merges or {}).get(name, ()):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def patch_sheet(path: Path, edit, index: int = 1) -> None:
    """Rewrite one worksheet's XML inside the .xlsx (what openpyxl cannot write itself)."""
    member = f"xl/worksheets/sheet{index}.xml"
    with zipfile.ZipFile(path) as z:
        parts = {info: z.read(info.filename) for info in z.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, raw in parts.items():
            z.writestr(info, edit(raw.decode("utf-8")).encode("utf-8") if info.filename == member else raw)


def set_number_text(ref: str, text: str):
    """An edit that stores the cell's number as Excel's XML text (e.g. 13912345678.0)."""
    def edit(xml: str) -> str:
        new, n = re.subn(rf'(<c r="{ref}"[^>]*><v>)[^<]*(</v>)', rf"\g<1>{text}\g<2>", xml)
        assert n == 1, xml
        return new
    return edit


def cache_formula(ref: str, value: str, string: bool):
    """An edit that gives the formula in ref the result Excel would have saved with it."""
    def edit(xml: str) -> str:
        kind = ' t="str"' if string else ""
        new, n = re.subn(rf'<c r="{ref}"><f>(.*?)</f><v ?/>', rf'<c r="{ref}"{kind}><f>\1</f><v>{value}</v>', xml)
        assert n == 1, xml
        return new
    return edit


def excel_csv(rows: list[list[str]], encoding: str = "gb18030") -> bytes:
    """Bytes as Excel's “CSV（逗号分隔）” writes them: CRLF rows, quotes where needed."""
    def field(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(ch in v for ch in ',"\n') else v
    return "".join(",".join(field(v) for v in row) + "\r\n" for row in rows).encode(encoding)


def teacher(name: str, unit: str = "某市委党校", source: str = "专家学者", expertise: str = "党的建设", year="2015") -> list:
    return [name, unit, source, expertise, year]


# -- CSV encodings -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "bom", "note"),
    [
        ("gbk", b"", "编码：GBK/GB18030"),
        ("gb18030", b"", "编码：GBK/GB18030"),
        ("utf-8", b"\xef\xbb\xbf", "编码：UTF-8（带 BOM）"),
        ("utf-8", b"", "编码：UTF-8"),
    ],
)
def test_csv_encodings(data, inbox, encoding, bom, note):
    # 䶮 is in GB18030 but not in GBK
    bio = "研究五代史，著有《刘䶮传》。" if encoding != "gbk" else "研究五代史。"
    rows = [HEAD + ["简介", "电子邮箱"], teacher("陈明") + [bio, "chenming@example.org"], teacher("刘晓燕", "浙江大学") + ["", ""]]
    raw = bom + excel_csv(rows, encoding)
    assert b"\r\n" in raw and raw.startswith(b"\xef\xbb\xbf") == bool(bom)
    file = inbox / "名单.csv"
    file.write_bytes(raw)
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    assert run.out.splitlines()[0] == note
    got = new_records(data)
    assert sorted(got) == ["chen-ming", "liu-xiaoyan"]
    assert got["chen-ming"]["name"] == "陈明" and got["chen-ming"]["unit"] == "某市委党校"
    assert got["chen-ming"]["bio"] == bio
    assert got["chen-ming"]["contact"] == {"email": "chenming@example.org"}
    assert got["liu-xiaoyan"]["unit"] == "浙江大学" and "contact" not in got["liu-xiaoyan"]
    assert "chenming@example.org" not in run.all


def test_unicode_text_from_excel(data, inbox):
    # Excel's “Unicode 文本（*.txt）”: UTF-16 LE with BOM, tab-separated, CRLF
    rows = [HEAD + ["简介"], teacher("陈明") + ["研究刘䶮, 南汉史"]]
    file = inbox / "名单.txt"
    file.write_bytes(b"\xff\xfe" + "".join("\t".join(r) + "\r\n" for r in rows).encode("utf-16-le"))
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    assert run.out.splitlines()[0] == "编码：UTF-16"
    assert new_records(data)["chen-ming"]["bio"] == "研究刘䶮, 南汉史"


def test_excel_csv_crlf_with_a_line_break_inside_a_cell(data, inbox):
    # Excel ends rows with CRLF; a cell typed with Alt+Enter holds a bare LF inside quotes
    rows = [HEAD + ["职务", "简介"], teacher("陈明") + ["副教授\n（兼）", "第一段。\n第二段。"]]
    raw = excel_csv(rows)
    assert raw.count(b"\r\n") == 2 and b'"\xb5\xda\xd2\xbb\xb6\xce\xa1\xa3\n' in raw
    file = inbox / "crlf.csv"
    file.write_bytes(raw)
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    rec = new_records(data)["chen-ming"]
    assert rec["position"] == "副教授 （兼）"  # a one-line field
    assert rec["bio"] == "第一段。\n第二段。\n"  # a | block
    text = (data / "teachers" / POOL / "chen-ming.yml").read_bytes()
    assert b"\r" not in text


def test_csv_in_an_unknown_encoding_writes_nothing(data, inbox):
    # Latin-1 (a Western-European Windows): “é” then a comma is neither UTF-8 nor GB18030
    file = inbox / "latin.csv"
    file.write_bytes("姓名,工作单位\r\n".encode("utf-8") + "José,Café\r\n".encode("latin-1"))
    before = snapshot(data)
    run = import_teachers(data, file)
    assert run.code == 1
    assert run.errors() == [(None, None, None, "sheet-encoding")]
    assert run.err.startswith("latin.csv：错误[sheet-encoding] 无法识别文件的编码")
    assert snapshot(data) == before


# -- numbers Excel changed -------------------------------------------------------------------
@pytest.mark.parametrize("column", ["手机", "办公电话"])
def test_phone_number_cells(data, inbox, column):
    file = xlsx(inbox / "电话.xlsx", ("名单", [
        HEAD + [column],
        teacher("陈明") + [13912345678],
        teacher("刘晓燕") + [57187654321],
        teacher("王强") + ["0571-88886666"],
        teacher("李军") + [1088886666],  # 010-88886666: a Beijing number begins with 1 once its 0 is gone
    ]))
    patch_sheet(file, set_number_text("F2", "13912345678.0"))
    assert openpyxl.load_workbook(file)["名单"]["F2"].value == 13912345678.0  # a float, as Excel may save it
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    got = new_records(data)
    assert got["chen-ming"]["contact"] == {"phone": "13912345678"}
    assert got["liu-xiaoyan"]["contact"] == {"phone": "057187654321"}  # the lost leading zero is back
    assert got["wang-qiang"]["contact"] == {"phone": "0571-88886666"}
    assert got["li-jun"]["contact"] == {"phone": "01088886666"}
    for digits in ("13912345678", "57187654321", "88886666"):
        assert digits not in run.all


@pytest.mark.parametrize(("kind", "bad"), [("csv", "1.39E+10"), ("csv", "1.38E+10"), ("csv", "1.38e10"), ("xlsx", 1381234567.8)])
def test_phone_number_already_lost(data, inbox, kind, bad):
    rows = [HEAD + ["电话"], teacher("陈明") + ["13912345678"], teacher("刘晓燕") + [bad]]
    if kind == "csv":
        file = inbox / "电话.csv"
        file.write_bytes(excel_csv(rows))
    else:
        file = xlsx(inbox / "电话.xlsx", ("名单", rows))
    before = snapshot(data)
    run = import_teachers(data, file)
    assert run.code == 1
    assert run.errors() == [(3, "F", "电话", "number-lost")]
    assert snapshot(data) == before
    # the other row's number and the cut one are not shown (1.39E+10 is the message's own example)
    for digits in ("13912345678", "1.38", "1381234567", "38E", "38e"):
        assert digits not in run.all


# -- years -------------------------------------------------------------------------------------
YEARS = [2015, 2015.0, datetime.datetime(2015, 3, 1), datetime.date(2015, 9, 30), 42064, "2015年", "2015年度", "2015.0", "2015-03-01", "2015/3"]


def test_years_in_a_workbook(data, inbox):
    names = ["陈明", "刘晓燕", "王强", "李军", "赵敏", "孙丽", "周杰", "吴昊", "郑爽", "冯刚"]
    rows = [HEAD] + [teacher(n, year=y) for n, y in zip(names, YEARS)]
    file = xlsx(inbox / "年份.xlsx", ("名单", rows))
    patch_sheet(file, set_number_text("E3", "2015.0"))
    ws = openpyxl.load_workbook(file)["名单"]
    assert isinstance(ws["E3"].value, float) and isinstance(ws["E4"].value, datetime.datetime)
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    got = new_records(data)
    assert len(got) == len(YEARS)
    assert {k: v["entry_year"] for k, v in got.items()} == {k: 2015 for k in got}


@pytest.mark.parametrize("text", ["2015", "2015.0", "42064", "2015年", "2015/3/1", "2015-03-01"])
def test_years_in_a_csv(data, inbox, text):
    file = inbox / "年份.csv"
    file.write_bytes(excel_csv([HEAD, teacher("陈明", year=text)]))
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    assert new_records(data)["chen-ming"]["entry_year"] == 2015


# -- merged header cells -----------------------------------------------------------------------
def test_merged_title_and_two_level_header(data, inbox):
    rows = [
        ["浙江省组工干部教育培训师资库入库人员名单（2015 年）"],
        ["序号", "姓名", "工作单位", "师资来源", "擅长领域", "联系方式", None, "入库年份"],
        [None, None, None, None, None, "电话", "邮箱", None],
        [1, "陈明", "某市委党校", "专家学者", "党的建设", "13912345678", "cm@example.org", 2015],
        [2, "刘晓燕", "浙江大学", "专家学者", "干部工作", "0571-88886666", "lxy@example.org", 2016],
        [3, "王强", "某县委组织部", "教授", "组织工作", None, None, 2016],
    ]
    merges = {"名单": ["A1:H1", "F2:G2", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "H2:H3"]}
    file = xlsx(inbox / "合并.xlsx", ("名单", rows), merges=merges)
    run = import_teachers(data, file)
    # the bad row is reported at the row the spreadsheet shows, under its own header
    assert run.code == 1
    assert run.errors() == [(6, "D", "师资来源", "bad-vocab")]
    assert new_records(data) == {}
    rows[5][3] = "业务骨干"
    xlsx(file, ("名单", rows), merges=merges)
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    got = new_records(data)
    assert got["chen-ming"]["contact"] == {"phone": "13912345678", "email": "cm@example.org"}
    assert got["liu-xiaoyan"]["contact"] == {"phone": "0571-88886666", "email": "lxy@example.org"}
    assert (got["liu-xiaoyan"]["unit"], got["liu-xiaoyan"]["entry_year"], got["liu-xiaoyan"]["expertise"]) == ("浙江大学", 2016, ["干部工作"])
    assert got["wang-qiang"]["source"] == "业务骨干" and "contact" not in got["wang-qiang"]
    assert "注意" not in run.out  # 序号 is not reported as an unknown column


def test_vertically_merged_data_cells_fill_their_rows(data, inbox):
    # one unit written once for two people, its cell merged down over both rows
    rows = [HEAD, teacher("陈明", unit="某市委党校"), teacher("刘晓燕", unit=None), teacher("王强", unit="浙江大学")]
    file = xlsx(inbox / "合并.xlsx", ("名单", rows), merges={"名单": ["B2:B3"]})
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    assert "+ teachers/330000/liu-xiaoyan.yml 刘晓燕（第 3 行）" in run.out
    got = new_records(data)
    assert [got[k]["unit"] for k in ("chen-ming", "liu-xiaoyan", "wang-qiang")] == ["某市委党校", "某市委党校", "浙江大学"]


def test_a_row_without_its_name_is_an_error_not_dropped(data, inbox):
    file = xlsx(inbox / "无名.xlsx", ("名单", [HEAD, teacher("陈明"), teacher(None, unit="浙江大学")]))
    before = snapshot(data)
    run = import_teachers(data, file)
    assert run.code == 1, run.all
    assert run.errors() == [(3, "A", "姓名", "missing-field")]
    assert snapshot(data) == before


# -- formulas ----------------------------------------------------------------------------------
def test_formula_with_a_saved_value_is_read_as_the_value(data, inbox):
    rows = [HEAD, ["陈明", '="某市"&"委党校"', "专家学者", "党的建设", "=2010+5"]]
    file = xlsx(inbox / "公式.xlsx", ("名单", rows))
    patch_sheet(file, cache_formula("B2", "某市委党校", string=True))
    patch_sheet(file, cache_formula("E2", "2015", string=False))
    ws = openpyxl.load_workbook(file, data_only=True)["名单"]
    assert (ws["B2"].value, ws["E2"].value) == ("某市委党校", 2015)
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    rec = new_records(data)["chen-ming"]
    assert (rec["unit"], rec["entry_year"]) == ("某市委党校", 2015)


def test_formula_without_a_saved_value_is_an_error_at_its_cell(data, inbox):
    rows = [HEAD, teacher("陈明"), ["刘晓燕", '=CONCATENATE("浙江","大学")', "专家学者", "党的建设", "2015"]]
    file = xlsx(inbox / "公式.xlsx", ("名单", rows))
    before = snapshot(data)
    run = import_teachers(data, file)
    assert run.code == 1
    assert run.errors() == [(3, "B", "工作单位", "formula-no-value")]
    assert 'CONCATENATE("浙江","大学")' in run.messages("formula-no-value")[0]
    assert snapshot(data) == before


def test_formula_with_an_error_result_is_an_error_at_its_cell(data, inbox):
    # a VLOOKUP that found nothing: Excel saves #N/A as the result, which is not a unit
    rows = [HEAD, teacher("陈明"), ["刘晓燕", "=VLOOKUP(A3,单位表!A:B,2,0)", "专家学者", "党的建设", "2015"]]
    file = xlsx(inbox / "公式.xlsx", ("名单", rows))
    patch_sheet(file, lambda xml: re.sub(r'<c r="B3"><f>(.*?)</f><v ?/>', r'<c r="B3" t="e"><f>\1</f><v>#N/A</v>', xml))
    assert openpyxl.load_workbook(file, data_only=True)["名单"]["B3"].value == "#N/A"
    before = snapshot(data)
    run = import_teachers(data, file)
    assert run.code == 1, run.all
    assert run.errors() == [(3, "B", "工作单位", "formula-no-value")]
    assert "#N/A" in run.messages("formula-no-value")[0]
    assert snapshot(data) == before


def test_template_formulas_that_give_empty_text_are_empty(data, inbox):
    # a template fills 所属师资库 down the sheet with =IF(A2="","","浙江省"); Excel saves ""
    # as the result in the rows nobody filled in
    rows = [HEAD + ["所属师资库"]] + [teacher(n) + [f'=IF(A{r}="","","浙江省")'] for r, n in ((2, "陈明"), (3, "刘晓燕"))]
    rows += [[None] * 5 + [f'=IF(A{r}="","","浙江省")'] for r in range(4, 9)]
    file = xlsx(inbox / "模板.xlsx", ("名单", rows))
    for r in range(2, 9):
        patch_sheet(file, cache_formula(f"F{r}", "浙江省" if r < 4 else "", string=True))
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    assert "模板.xlsx：2 行，新建 2 条" in run.out
    assert {k: v["pool"] for k, v in new_records(data).items()} == {"chen-ming": POOL, "liu-xiaoyan": POOL}


# -- empty cells and spaces ------------------------------------------------------------------
def test_trailing_empty_rows_and_columns_and_full_width_spaces(data, inbox):
    rows = [
        HEAD + [" ", "\u3000"],
        ["\u3000陈明\u3000", " 某市委党校\u3000", "专家学者 ", "\u3000党的建设、 干部工作\u3000", 2015, " ", ""],
        ["刘晓燕", "浙江大学", "专家学者", "组织工作", 2016, "\u3000", None],
        [" ", "", "\u3000", None, " \u3000 ", "", " "],
        ["", "", "", "", "", "", ""],
        [None, None, None, None, None, None, "\u3000"],
    ]
    file = xlsx(inbox / "空白.xlsx", ("名单", rows))
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    assert "空白.xlsx：2 行，新建 2 条" in run.out
    assert "注意" not in run.out  # the blank header cells are not unknown columns
    got = new_records(data)
    assert sorted(got) == ["chen-ming", "liu-xiaoyan"]
    c = got["chen-ming"]
    assert (c["name"], c["unit"], c["source"], c["expertise"]) == ("陈明", "某市委党校", "专家学者", ["党的建设", "干部工作"])


def test_trailing_empty_rows_in_an_excel_csv(data, inbox):
    rows = [HEAD + ["", ""], teacher("\u3000陈明") + ["", ""], ["", "", "", "", "", "", ""], [" ", "\u3000", "", "", "", "", ""]]
    file = inbox / "空白.csv"
    file.write_bytes(excel_csv(rows) + b",,,,,,\r\n,,,,,,\r\n")
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    assert "空白.csv：1 行，新建 1 条" in run.out
    assert new_records(data)["chen-ming"]["name"] == "陈明"


# -- several sheets ----------------------------------------------------------------------------
def test_two_roster_sheets_need_sheet(data, inbox):
    file = xlsx(inbox / "两表.xlsx", ("第一批", [HEAD, teacher("陈明")]), ("第二批", [HEAD, teacher("刘晓燕")]))
    before = snapshot(data)
    run = import_teachers(data, file)
    assert run.code == 1
    assert run.errors() == [(None, None, None, "sheet-choice")]
    assert "“第一批”" in run.err and "“第二批”" in run.err and "--sheet" in run.err
    assert snapshot(data) == before
    run = import_teachers(data, file, "--sheet", "第二批")
    assert run.code == 0, run.all
    assert sorted(new_records(data)) == ["liu-xiaoyan"]


def test_roster_beside_a_notes_sheet(data, inbox):
    notes = [["填表说明"], ["列名", "说明"], ["姓名", "填写全名"], ["工作单位", "写全称"], ["师资来源", "从下拉列表中选择"]]
    file = xlsx(inbox / "带说明.xlsx", ("填表说明", notes), ("名单", [HEAD, teacher("陈明")]))
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    assert "工作表：名单" in run.out
    assert sorted(new_records(data)) == ["chen-ming"]


def test_hidden_list_sheet_is_not_a_roster(data, inbox):
    # templates keep the drop-down choices on a hidden sheet whose headers are column names
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    for row in (HEAD, teacher("陈明")):
        ws.append(row)
    choices = wb.create_sheet("选项")
    for row in (["师资来源", "所属师资库", "入库年份"], ["专家学者", "浙江省", 2015], ["业务骨干", None, 2016]):
        choices.append(row)
    choices.sheet_state = "hidden"
    wb.save(inbox / "模板.xlsx")
    run = import_teachers(data, inbox / "模板.xlsx")
    assert run.code == 0, run.all
    assert "工作表：名单（工作簿共 2 个工作表，其余的是隐藏的工作表或不含可识别的列名）" in run.out
    assert sorted(new_records(data)) == ["chen-ming"]
    # shown, the same sheet is a second roster
    wb["选项"].sheet_state = "visible"
    wb.save(inbox / "模板.xlsx")
    assert import_teachers(data, inbox / "模板.xlsx").errors() == [(None, None, None, "sheet-choice")]


# -- rows and columns that clash ---------------------------------------------------------------
def test_same_person_twice_is_a_duplicate_row(data, inbox):
    rows = [HEAD, teacher("陈明"), teacher("刘晓燕"), teacher("陈明", expertise="干部工作")]
    file = xlsx(inbox / "重复.xlsx", ("名单", rows))
    before = snapshot(data)
    run = import_teachers(data, file)
    assert run.code == 1
    assert run.errors() == [(4, None, None, "duplicate-row")]
    assert "第 2 行" in run.messages("duplicate-row")[0]
    assert snapshot(data) == before


def test_an_empty_required_cell_is_reported_at_that_cell(data, inbox):
    rows = [HEAD, teacher("陈明", unit=None), teacher("王强", expertise=None), teacher("李军")]
    file = xlsx(inbox / "空格.xlsx", ("名单", rows))
    before = snapshot(data)
    run = import_teachers(data, file)
    assert run.code == 1, run.all
    assert run.errors() == [(2, "B", "工作单位", "missing-field"), (3, "D", "擅长领域", "missing-field")]
    assert run.messages("missing-field")[0] == "“工作单位”是必填项，这一格不能为空。"
    assert snapshot(data) == before


def test_id_taken_in_another_pool_gets_a_suffix(data, inbox):
    assert (data / "teachers/national/wang-fang.yml").is_file()
    national = (data / "teachers/national/wang-fang.yml").read_bytes()
    file = xlsx(inbox / "同名.xlsx", ("名单", [HEAD, teacher("王芳", unit="某市委党校")]))
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    assert "第 2 行 王芳：编号 wang-fang 已被 teachers/national/wang-fang.yml 使用，这一行记为 wang-fang-2。" in run.out
    got = new_records(data)
    assert sorted(got) == ["wang-fang-2"]
    assert (got["wang-fang-2"]["id"], got["wang-fang-2"]["unit"], got["wang-fang-2"]["pool"]) == ("wang-fang-2", "某市委党校", POOL)
    assert (data / "teachers/national/wang-fang.yml").read_bytes() == national


def test_a_column_twice_is_a_duplicate_column(data, inbox):
    rows = [["姓名", "单位", "师资来源", "擅长领域", "工作单位"], ["陈明", "某市委党校", "专家学者", "党的建设", "某市委党校"]]
    file = xlsx(inbox / "两列.xlsx", ("名单", rows))
    before = snapshot(data)
    run = import_teachers(data, file)
    assert run.code == 1
    assert run.errors() == [(1, "E", "工作单位", "duplicate-column")]
    assert "B 列" in run.messages("duplicate-column")[0]
    assert snapshot(data) == before


def test_unknown_column_is_a_note(data, inbox):
    file = xlsx(inbox / "多列.xlsx", ("名单", [HEAD + ["籍贯"], teacher("陈明") + ["浙江杭州"]]))
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    assert "注意：以下列不认识，没有导入：籍贯（F 列）" in run.out
    assert run.errors() == []
    rec = new_records(data)["chen-ming"]
    assert "浙江杭州" not in (data / "teachers" / POOL / "chen-ming.yml").read_text(encoding="utf-8")
    assert rec["name"] == "陈明"


def test_missing_required_column(data, inbox):
    file = xlsx(inbox / "无姓名.xlsx", ("名单", [HEAD[1:], teacher("陈明")[1:]]))
    before = snapshot(data)
    run = import_teachers(data, file)
    assert run.code == 1
    assert run.errors() == [(1, None, None, "missing-column")]
    assert "“姓名”" in run.messages("missing-column")[0]
    assert snapshot(data) == before


# -- all or nothing ----------------------------------------------------------------------------
def test_one_bad_row_writes_none_of_five(data, inbox):
    names = ["陈明", "刘晓燕", "王强", "李军", "赵敏"]
    rows = [HEAD] + [teacher(n) for n in names]
    rows[4][2] = "教授"  # spreadsheet row 5
    file = xlsx(inbox / "五行.xlsx", ("名单", rows))
    before = snapshot(data)
    run = import_teachers(data, file)
    assert run.code == 1
    assert run.errors() == [(5, "C", "师资来源", "bad-vocab")]
    assert run.err.startswith("五行.xlsx 第 5 行 C 列（师资来源）：错误[bad-vocab] ")
    assert "没有写入任何文件" in run.err
    assert snapshot(data) == before
    rows[4][2] = "专家学者"
    xlsx(file, ("名单", rows))
    assert import_teachers(data, file).code == 0
    assert len(new_records(data)) == 5


# -- updating a record -----------------------------------------------------------------------
COMMENTED = """\
# 浙江省委组织部维护。
# 修改前请与干部一处联系。
id: zhang-wei
name: 张伟
pool: "330000"
unit: 中共浙江省委组织部
position: 干部一处处长   # 2016 年任
source: 业务骨干
# 擅长领域按 2016 年申报
expertise: [干部选拔任用]
courses: [ganbu-xuanba]
entry_year: 2015
reviews:
  # 历年复核
  - year: 2015
    result: 合格
  - year: 2016
    result: 基本合格
status_changes:
  - year: 2017
    status: 暂停
    reason: 挂职锻炼
moves:
  - year: 2016
    from: "360000"
    to: "330000"
    reason: 工作调动
contact:
  phone: "0571-87000000"   # 办公室
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_matching_row_updates_the_record_in_place(data, inbox, newline):
    path = data / "teachers" / POOL / "zhang-wei.yml"
    path.write_bytes(COMMENTED.replace("\n", newline).encode("utf-8"))
    rows = [HEAD + ["职务"], ["张伟", "中共浙江省委组织部", "业务骨干", "干部选拔任用", 2015, "干部二处处长"]]
    file = xlsx(inbox / "更新.xlsx", ("名单", rows))
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    assert "新建 0 条，更新 1 条" in run.out
    assert "~ teachers/330000/zhang-wei.yml 张伟（第 2 行）：职务" in run.out
    assert sorted(pool_records(data)) == ["zhang-wei"]  # no zhang-wei-2
    new = path.read_bytes().decode("utf-8")
    old_lines, new_lines = COMMENTED.split("\n"), new.split(newline)
    assert len(new_lines) == len(old_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert changed == [("position: 干部一处处长   # 2016 年任", "position: 干部二处处长   # 2016 年任")]
    assert newline == "\r\n" or "\r" not in new


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_new_field_goes_above_the_comment_of_the_next_one(data, inbox, newline):
    # ruamel keeps a comment with the key before it; the new bio must not come between
    # “# 以下为联系方式” and contact:
    path = data / "teachers" / POOL / "zhang-wei.yml"
    old = COMMENTED.replace("contact:\n", "# 以下为联系方式（不公开）\ncontact:\n")
    path.write_bytes(old.replace("\n", newline).encode("utf-8"))
    rows = [HEAD + ["简介"], ["张伟", "中共浙江省委组织部", "业务骨干", "干部选拔任用", 2015, "长期从事干部工作。"]]
    run = import_teachers(data, xlsx(inbox / "更新.xlsx", ("名单", rows)))
    assert run.code == 0, run.all
    assert "~ teachers/330000/zhang-wei.yml 张伟（第 2 行）：简介" in run.out
    new = path.read_bytes().decode("utf-8")
    assert new.replace(newline, "\n") == old.replace("# 以下为联系方式", "bio: 长期从事干部工作。\n# 以下为联系方式")
    assert pool_records(data)["zhang-wei"]["bio"] == "长期从事干部工作。"


def test_dry_run_writes_nothing(data, inbox):
    rows = [HEAD + ["职务"], teacher("陈明") + ["副教授"], ["张伟", "中共浙江省委组织部", "业务骨干", "干部选拔任用", 2015, "干部二处处长"]]
    file = xlsx(inbox / "试运行.xlsx", ("名单", rows))
    before = snapshot(data)
    run = import_teachers(data, file, "--dry-run")
    assert run.code == 0, run.all
    assert "+ teachers/330000/chen-ming.yml 陈明（第 2 行）" in run.out
    assert "~ teachers/330000/zhang-wei.yml 张伟（第 3 行）：职务" in run.out
    assert "（试运行：没有写入任何文件。）" in run.out
    assert snapshot(data) == before


# -- review-sheet ----------------------------------------------------------------------------
FORMULA_UNITS = ['=HYPERLINK("http://x","点")', "+86 某单位", "-某研究所", "@某学院"]


def due_teacher(data: Path, tid: str, name: str, unit: str, pool: str = POOL, extra: str = "") -> None:
    """A teacher 在库 in 2016 with no 2016 review: due on the 2017 review sheet."""
    text = f"id: {tid}\nname: {name}\npool: \"{pool}\"\nunit: '{unit}'\nsource: 专家学者\nexpertise: [党的建设]\nentry_year: 2015\n{extra}"
    (data / "teachers" / pool / f"{tid}.yml").write_text(text, encoding="utf-8")


def review_sheet(data: Path, out: Path) -> Run:
    run = peixun("review-sheet", "--data", data, "--pool", POOL, "--year", 2017, "--out", out)
    assert run.code == 0, run.all
    return run


def test_review_sheet_stores_formula_like_text_as_text(data, inbox):
    ids = ["a-yi", "b-er", "c-san", "d-si"]
    for tid, unit in zip(ids, FORMULA_UNITS):
        due_teacher(data, tid, "测试" + tid[0], unit)
    out = inbox / "复核表.xlsx"
    run = review_sheet(data, out)
    assert "4 名教师需要 2016 年度复核" in run.out
    ws = openpyxl.load_workbook(out)["年度复核"]
    assert [ws.cell(1, c).value for c in range(1, 11)] == ["编号", "姓名", "工作单位", "所属师资库", "上次复核", "复核年份", "复核结果", "说明", "状态变化", "原因"]
    units = {ws.cell(r, 1).value: ws.cell(r, 3) for r in range(2, 6)}
    assert sorted(units) == ids
    for tid, unit in zip(ids, FORMULA_UNITS):
        cell = units[tid]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (unit, "s", True)
    with zipfile.ZipFile(out) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    # the sheet's safety: header frozen, peixun's columns locked, the four inputs open
    assert ws.freeze_panes == "C2"
    assert ws.protection.sheet is True
    for r in range(2, 6):
        assert all(ws.cell(r, c).protection.locked for c in range(1, 7))
        assert not any(ws.cell(r, c).protection.locked for c in range(7, 11))
    lists = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists['"合格,基本合格,不合格"'] == "G2:G5"
    assert lists['"暂停,退出"'] == "I2:I5"


# -- import reviews ----------------------------------------------------------------------------
REVIEW_HEAD = ["编号", "姓名", "工作单位", "所属师资库", "上次复核", "复核年份", "复核结果", "说明", "状态变化", "原因"]


def filled(path: Path, rows: list[list]) -> Path:
    return xlsx(path, ("年度复核", [REVIEW_HEAD] + rows))


def review_row(tid: str, year=2016, result=None, note=None, status=None, reason=None) -> list:
    return [tid, "", "", "", "", year, result, note, status, reason]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (review_row("no-such-teacher", result="合格"), (3, "A", "编号", "unknown-id")),
        (review_row("zhang-wei", 2014, result="优秀"), (3, "G", "复核结果", "bad-vocab")),
        (review_row("zhang-wei", 2016, result="合格"), (3, "G", "复核结果", "duplicate-year")),
        (review_row("zhang-wei", 2016, status="退休", reason="到龄"), (3, "I", "状态变化", "bad-vocab")),
        (review_row("li-na", 2016, status="退出", reason="本人申请"), (3, "I", "状态变化", "after-exit")),
        (review_row("li-na", 2017, result="合格"), (3, "G", "复核结果", "after-exit")),
        (review_row("zhang-wei", 2017, status="暂停"), (3, "J", "原因", "empty-value")),
        (review_row("zhang-wei", 2017, reason="调离"), (3, "I", "状态变化", "empty-value")),
        (review_row("zhang-wei", 2017, status="在库", reason="恢复"), (3, "I", "状态变化", "bad-vocab")),
        (review_row("zhang-wei", 2030, result="合格"), (3, "F", "复核年份", "bad-year")),
        (["zhang-wei", "陈明", "", "", "", 2017, "合格", None, None, None], (3, "A", "编号", "row-mismatch")),
        (["zhang-wei", "", "", "江西省师资库", "", 2017, "合格", None, None, None], (3, "A", "编号", "row-mismatch")),
        (review_row("zhang-wei", 2017, result="合格", note="电话 13900001111"), (3, "H", "说明", "contact-in-text")),
        (review_row("zhang-wei", 2017, status="退出", reason="联系 a.b@example.org"), (3, "J", "原因", "contact-in-text")),
    ],
    ids=["unknown-id", "not-in-list", "second-result", "bad-status", "exit-after-exit", "review-after-exit", "no-reason", "reason-only",
         "resume-is-not-in-the-sheet", "future-year", "id-of-someone-else", "id-of-another-pool", "phone-in-note", "email-in-reason"],
)
def test_review_errors_are_located_and_write_nothing(data, inbox, row, expected):
    due_teacher(data, "chen-ming", "陈明", "某市委党校")
    file = filled(inbox / "复核.xlsx", [review_row("chen-ming", result="合格"), row])
    before = snapshot(data)
    run = peixun("import", "reviews", file, "--data", data)
    assert run.code == 1, run.all
    assert run.errors() == [expected]
    assert snapshot(data) == before


def test_reviews_import_and_empty_rows_change_nothing(data, inbox):
    due_teacher(data, "chen-ming", "陈明", "某市委党校")
    due_teacher(data, "liu-xiaoyan", "刘晓燕", "浙江大学")
    out = inbox / "复核表.xlsx"
    review_sheet(data, out)
    wb = openpyxl.load_workbook(out)
    ws = wb["年度复核"]
    row = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert sorted(row) == ["chen-ming", "liu-xiaoyan"]
    ws.cell(row["chen-ming"], 7, "基本合格")
    ws.cell(row["chen-ming"], 9, "暂停")
    ws.cell(row["chen-ming"], 10, "借调")
    ws.cell(row["liu-xiaoyan"], 8, "\u3000")  # only a space: an empty row
    wb.save(out)
    untouched = (data / "teachers" / POOL / "liu-xiaoyan.yml").read_bytes()
    run = peixun("import", "reviews", out, "--data", data)
    assert run.code == 0, run.all
    got = pool_records(data)
    assert got["chen-ming"]["reviews"] == [{"year": 2016, "result": "基本合格"}]
    assert got["chen-ming"]["status_changes"] == [{"year": 2017, "status": "暂停", "reason": "借调"}]
    assert (data / "teachers" / POOL / "liu-xiaoyan.yml").read_bytes() == untouched
    # the same sheet again changes nothing
    before = snapshot(data)
    again = peixun("import", "reviews", out, "--data", data)
    assert again.code == 0, again.all
    assert "新建 0 条，更新 0 条，无变化 1 条" in again.out
    assert snapshot(data) == before


REVIEWED = """\
# 陈明：市委党校推荐。
id: chen-ming
name: 陈明
pool: "330000"
unit: 某市委党校
source: 专家学者
expertise: [党的建设]
entry_year: 2014
reviews:
  - year: 2014
    result: 合格
  # 2016 年起由市委组织部复核
  - year: 2016
    result: 合格
# 简介由本人提供
bio: 从事党建研究。
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_reviews_keep_each_comment_above_its_line(data, inbox, newline):
    # the 2015 review goes between 2014 and 2016, under nobody's comment; the new
    # status_changes list goes above the comment that heads bio
    path = data / "teachers" / POOL / "chen-ming.yml"
    path.write_bytes(REVIEWED.replace("\n", newline).encode("utf-8"))
    file = filled(inbox / "复核.xlsx", [review_row("chen-ming", 2015, result="基本合格", status="暂停", reason="借调")])
    run = peixun("import", "reviews", file, "--data", data)
    assert run.code == 0, run.all
    expected = REVIEWED.replace(
        "  # 2016", "  - year: 2015\n    result: 基本合格\n  # 2016"
    ).replace("# 简介", "status_changes:\n  - year: 2016\n    status: 暂停\n    reason: 借调\n# 简介")
    assert path.read_bytes().decode("utf-8") == expected.replace("\n", newline)


# -- courses and bases -------------------------------------------------------------------------
def test_import_courses(data, inbox):
    head = ["课程名称", "课程类别", "专题", "培训方式", "培训对象层级", "培训对象", "学时", "计入组织工作业务培训学时",
            "授课形式", "开发部门", "授课教师", "配套教材", "教学基地", "相关课程", "课程简介", "状态", "开设年份"]
    row = ["基层党组织建设实务", "组织工作业务", "基层党建、党员管理", "专题培训、网络培训", "县级、基层", "乡镇组织委员",
           "3学时", "是", "面授", "中共浙江省委组织部", "张伟、王芳", "中国共产党组织工作教程", "中国井冈山干部学院",
           "党章研习", "讲解基层党组织建设的主要任务。", "开设中", 2016]
    file = xlsx(inbox / "课程.xlsx", ("课程", [head, row]))
    run = peixun("import", "courses", file, "--data", data)
    assert run.code == 0, run.all
    new = [p for p in (data / "catalog" / "courses").glob("*.yml") if p.stem not in ("dangzhang-yanxi", "ganbu-xuanba")]
    assert len(new) == 1
    rec = yaml.safe_load(new[0].read_text(encoding="utf-8"))
    assert rec["title"] == "基层党组织建设实务"
    assert rec["topics"] == ["基层党建", "党员管理"] and rec["methods"] == ["专题培训", "网络培训"]
    assert rec["audience"] == {"levels": ["县级", "基层"], "roles": ["乡镇组织委员"]}
    assert (rec["hours"], rec["business_training"], rec["delivery"]) == (3, True, ["面授"])
    assert (rec["provider"], rec["teachers"], rec["textbooks"], rec["bases"], rec["related"]) == (
        "zhejiang", ["zhang-wei", "wang-fang"], ["zuzhi-gongzuo-jiaocheng"], ["jinggangshan"], ["dangzhang-yanxi"])
    assert (rec["status"], rec["since"]) == ("开设中", 2016)
    assert peixun("validate", "--data", data).code == 0


def test_import_bases(data, inbox):
    head = ["基地名称", "基地类型", "省份", "城市", "地址", "教学主题", "可容纳学员（人）", "主管部门", "设立年份", "简介", "联系人", "联系电话", "电子邮箱"]
    row = ["嘉兴南湖党性教育基地", "党性教育基地", "浙江省", "嘉兴市", "南湖区某路 1 号", "红船精神、建党历史", "300人",
           "浙江省委组织部", 2011, "依托南湖红船开展党性教育。", "教学部", 5738888888, "nanhu@example.org"]
    file = xlsx(inbox / "基地.xlsx", ("基地", [head, row]))
    run = peixun("import", "bases", file, "--data", data)
    assert run.code == 0, run.all
    new = [p for p in (data / "catalog" / "bases").glob("*.yml") if p.stem != "jinggangshan"]
    assert len(new) == 1
    rec = yaml.safe_load(new[0].read_text(encoding="utf-8"))
    assert (rec["name"], rec["type"], rec["province"], rec["city"]) == ("嘉兴南湖党性教育基地", "党性教育基地", "330000", "嘉兴市")
    assert (rec["themes"], rec["capacity"], rec["department"], rec["since"]) == (["红船精神", "建党历史"], 300, "zhejiang", 2011)
    assert rec["contact"] == {"person": "教学部", "phone": "05738888888", "email": "nanhu@example.org"}
    assert "5738888888" not in run.all and "nanhu@example.org" not in run.all


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("党章研习、干部选拔任用工作实务", ["dangzhang-yanxi", "ganbu-xuanba"]), ("ganbu-xuanba", ["ganbu-xuanba"]), ("党章学习", None)],
)
def test_teacher_courses_must_exist(data, inbox, cell, expected):
    file = xlsx(inbox / "课程.xlsx", ("名单", [HEAD + ["讲授课程"], teacher("陈明") + [cell]]))
    before = snapshot(data)
    run = import_teachers(data, file)
    if expected is None:
        assert run.code == 1
        assert run.errors() == [(2, "F", "讲授课程", "unknown-ref")]
        assert "“党章学习”" in run.messages("unknown-ref")[0] and "党章研习" in run.messages("unknown-ref")[0]
        assert snapshot(data) == before
    else:
        assert run.code == 0, run.all
        assert new_records(data)["chen-ming"]["courses"] == expected


def test_review_sheet_never_overwrites_a_file_it_did_not_write(data, inbox):
    theirs = inbox / "复核表.xlsx"
    xlsx(theirs, ("名单", [HEAD, teacher("陈明")]))  # someone's own workbook under the same name
    before = theirs.read_bytes()
    for extra in ((), ("--force",)):
        run = peixun("review-sheet", "--year", "2018", "--pool", POOL, "--data", data, "--out", theirs, *extra)
        assert run.code != 0 and "不是 peixun 生成的复核表" in run.all
        assert theirs.read_bytes() == before
    ours = inbox / "本库复核表.xlsx"
    assert peixun("review-sheet", "--year", "2018", "--pool", POOL, "--data", data, "--out", ours).code == 0
    again = peixun("review-sheet", "--year", "2018", "--pool", POOL, "--data", data, "--out", ours)
    assert again.code != 0 and "--force" in again.all  # it may have been filled in since
    assert peixun("review-sheet", "--year", "2018", "--pool", POOL, "--data", data, "--out", ours, "--force").code == 0


def test_a_pool_without_its_department_is_refused_before_anything_is_written(data, inbox):
    file = xlsx(inbox / "北京.xlsx", ("名单", [HEAD, teacher("陈明")]))
    before = snapshot(data)
    run = peixun("import", "teachers", file, "--pool", "110000", "--data", data)
    assert run.code == 1 and [e[3] for e in run.errors()] == ["unowned-pool"]
    assert snapshot(data) == before and not (data / "teachers" / "110000").exists()


def test_padded_names_and_full_width_space_lists(data, inbox):
    # rosters line up two-character names with a full-width space; items split by one too
    rows = [HEAD, ["张　伟", "某市委党校", "专家学者", "党的建设　干部工作", "2015"], ["欧阳 修", "某市委党校", "专家学者", "党史", "2015"]]
    run = import_teachers(data, xlsx(inbox / "对齐.xlsx", ("名单", rows)))
    assert run.code == 0, run.all
    made = new_records(data)
    assert {r["name"]: r["expertise"] for r in made.values()} == {"张伟": ["党的建设", "干部工作"], "欧阳修": ["党史"]}
    assert "ouyang-xiu" in made and any(i.startswith("zhang-wei") for i in made)


@pytest.mark.parametrize("kind, row", [
    ("teachers", {"姓名": "陈明", "工作单位": "某市委党校", "师资来源": "专家学者", "擅长领域": "党的建设", "电话": "057187654321"}),
    ("courses", {"课程名称": "基层党组织建设实务", "课程类别": "组织工作业务", "培训方式": "专题培训", "培训对象层级": "县级",
                 "培训对象": "乡镇组织委员", "学时": 3, "计入组织工作业务培训学时": "是", "授课形式": "面授",
                 "开发部门": "中共浙江省委组织部", "课程简介": "讲解基层党组织建设。"}),
    ("bases", {"名称": "嘉兴南湖党性教育基地", "基地类型": "党性教育基地", "省份": "浙江省", "城市": "嘉兴市", "简介": "依托南湖红船开展党性教育。"}),
])
def test_a_filled_in_template_imports(data, inbox, kind, row):
    from openpyxl import load_workbook

    out = inbox / f"{kind}.xlsx"
    assert peixun("template", kind, "--out", out).code == 0
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    red = {c.value for c in ws[1] if c.font.color is not None and c.font.color.rgb.endswith("C00000")}
    assert set(row) - {"电话", "学时"} <= set(header) and red <= set(row)  # every required column is filled below
    assert ws.freeze_panes == "B2" and wb.worksheets[1].title == "填写说明"
    lists = {str(dv.sqref).split(":")[0][:-1]: dv.formula1 for dv in ws.data_validations.dataValidation}
    vocab = {"teachers": "师资来源", "courses": "课程类别", "bases": "基地类型"}[kind]
    assert "," in lists[ws.cell(1, header.index(vocab) + 1).column_letter]
    for name, value in row.items():
        ws.cell(2, header.index(name) + 1).value = value
    wb.save(out)
    extra = ("--pool", POOL) if kind == "teachers" else ()
    run = peixun("import", kind, out, "--data", data, *extra)
    assert run.code == 0 and "新建 1 条" in run.out, run.all
    assert peixun("template", kind, "--out", out).code != 0  # a filled-in template is never overwritten


def test_a_serial_number_in_the_id_column_never_renames_a_record(data, inbox):
    head = ["编号", "姓名", "工作单位", "师资来源", "擅长领域", "入库年份"]
    first = xlsx(inbox / "一.xlsx", ("名单", [head, ["10", "张甲", "单位一", "专家学者", "党史", 2015], ["11", "李乙", "单位二", "专家学者", "党史", 2015]]))
    assert import_teachers(data, first).code == 0
    before = snapshot(data)
    second = xlsx(inbox / "二.xlsx", ("名单", [head, ["10", "王丙", "单位三", "专家学者", "党史", 2015]]))
    run = import_teachers(data, second)
    assert run.code == 1 and run.errors() == [(2, "A", "编号", "row-mismatch")]
    assert "序号" in run.messages("row-mismatch")[0] and snapshot(data) == before


def test_two_rows_for_one_record_are_a_duplicate_row(data, inbox):
    rows = [["编号", "姓名", "工作单位", "职务"], ["zhang-wei", "张伟", "中共浙江省委组织部", "处长"], ["zhang-wei", "张伟", "新单位", "副处长"]]
    unit = yaml.safe_load((data / "teachers/330000/zhang-wei.yml").read_text(encoding="utf-8"))["unit"]
    rows[1][2] = unit
    before = snapshot(data)
    run = import_teachers(data, xlsx(inbox / "两行.xlsx", ("名单", rows)))
    assert run.code == 1 and (3, None, None, "duplicate-row") in run.errors(), run.all
    assert snapshot(data) == before


def test_an_update_keeps_the_file_mode_and_leaves_read_only_files_and_links_alone(data, inbox, tmp_path):
    import os
    import stat

    record = data / "teachers/330000/zhang-wei.yml"
    unit = yaml.safe_load(record.read_text(encoding="utf-8"))["unit"]
    sheet = xlsx(inbox / "职务.xlsx", ("名单", [["姓名", "工作单位", "职务"], ["张伟", unit, "新职务"]]))
    os.chmod(record, 0o640)
    assert import_teachers(data, sheet).code == 0
    assert stat.S_IMODE(record.stat().st_mode) == 0o640 and "新职务" in record.read_text(encoding="utf-8")
    os.chmod(record, 0o444)
    before = snapshot(data)
    sheet2 = xlsx(inbox / "职务2.xlsx", ("名单", [["姓名", "工作单位", "职务"], ["张伟", unit, "又一职务"]]))
    run = import_teachers(data, sheet2)
    assert run.code == 1 and "只读" in run.all and snapshot(data) == before
    os.chmod(record, 0o644)
    outside = tmp_path / "外面"
    outside.mkdir()
    (data / "teachers" / "360000").rename(tmp_path / "moved")
    (data / "teachers" / "360000").symlink_to(outside, target_is_directory=True)
    run = peixun("import", "teachers", xlsx(inbox / "江西.xlsx", ("名单", [HEAD, teacher("陈明")])), "--pool", "360000", "--data", data)
    assert run.code == 1 and "链接" in run.all and not list(outside.iterdir())


def _broken_xlsx(path: Path) -> bytes:
    import io
    import zipfile

    good = xlsx(path, ("名单", [HEAD, teacher("陈明")])).read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, b"<worksheet><sheetData><row><c" if info.filename.endswith("sheet1.xml") else data)
    return out.getvalue()


@pytest.mark.parametrize(("name", "make", "code"), [
    ("坏.xlsx", _broken_xlsx, "sheet-unreadable"),
    ("旧版.xlsx", lambda p: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "sheet-format"),
    ("其实是表格.csv", lambda p: xlsx(p.with_suffix(".tmp.xlsx"), ("名单", [HEAD])).read_bytes(), "sheet-format"),
    ("长.csv", lambda p: ("姓名,工作单位\r\n陈明," + "单" * 200_000 + "\r\n").encode("utf-8"), None),
    ("半截.csv", lambda p: b"\xff\xfe\x00", "sheet-encoding"),
    ("引号.csv", lambda p: ('姓名,单位\r\n"' + "a" * 200_000 + "\r\n").encode("utf-8"), "sheet-unreadable"),
], ids=["broken-xml", "xls-or-password", "xlsx-named-csv", "long-cell", "broken-utf16", "unclosed-quote"])
def test_damaged_files_are_refused_in_chinese_without_a_traceback(data, inbox, name, make, code):
    path = inbox / name
    path.write_bytes(make(path))
    before = snapshot(data)
    run = import_teachers(data, path)
    assert run.code == 1 and "Traceback" not in run.all
    if code:
        assert [e[3] for e in run.errors()] == [code], run.all
    assert snapshot(data) == before


@pytest.mark.parametrize("item", [":党建", "?党建", "- 党建", "[党建]", "{党建}", "党建: 基层", "#党建", "&a", "*a", "!!str", "'党建'", '"党建"', "%党建", "@党建", "`党建`", "null", "yes", "2015"])
def test_list_items_that_yaml_would_misread_are_written_so_they_read_back(data, inbox, item):
    rows = [HEAD, ["陈明", "某市委党校", "专家学者", f"{item}、干部工作", "2015"]]
    run = import_teachers(data, xlsx(inbox / "特殊.xlsx", ("名单", rows)))
    assert run.code == 0, run.all
    (record,) = new_records(data).values()
    assert record["expertise"] == [item, "干部工作"]
    assert peixun("validate", "--data", data).code == 0


def test_a_contact_value_copied_into_a_public_cell_is_found_at_that_cell(data, inbox):
    rows = [HEAD + ["简介", "通信地址"], teacher("陈明") + ["住杭州市西湖区文三路100号，欢迎来访。", "杭州市西湖区文三路100号"]]
    before = snapshot(data)
    run = import_teachers(data, xlsx(inbox / "地址.xlsx", ("名单", rows)))
    assert run.code == 1 and run.errors() == [(2, "F", "简介", "contact-in-text")], run.all
    assert "文三路" not in run.all and snapshot(data) == before


def test_contact_values_in_file_sheet_and_column_names_are_never_printed(data, inbox):
    rows = [HEAD + ["填表人 13911112222 a@b.org"], teacher("陈明") + ["某某"]]
    file = xlsx(inbox / "王老师13987654323.xlsx", ("名单13911113333", rows), ("说明", [["无"]]))
    run = import_teachers(data, file)
    assert run.code == 0, run.all
    for value in ("13987654323", "13911112222", "a@b.org", "13911113333"):
        assert value not in run.all
    (path,) = [p for p in (data / "teachers" / POOL).glob("*.yml") if "陈明" in p.read_text(encoding="utf-8")]
    assert "13987654323" not in path.read_text(encoding="utf-8")


def test_messages_name_the_sheet_not_the_yaml(data, inbox):
    rows = [["姓名", "工作单位", "擅长领域", "入库年份"], ["김철수", "某市委党校", "党史", "2015"], ["陈明", "某市委党校", "党史", "2015"]]
    run = import_teachers(data, xlsx(inbox / "缺列.xlsx", ("名单", rows)))
    assert run.code == 1
    assert (2, "A", "姓名", "bad-id") in run.errors() and "编号" in run.messages("bad-id")[0]
    missing = run.messages("missing-field")
    assert missing and all("表中没有“师资来源”列" in m for m in missing) and not any(".yml" in m for m in missing)
    bases = [["名称", "基地类型", "省份", "城市", "简介", "容纳人数"], ["某基地", "党校", "浙江省", "杭州市", "简介。", "很多"]]
    run = peixun("import", "bases", xlsx(inbox / "基地.xlsx", ("基地", bases)), "--data", data)
    (message,) = run.messages("bad-value")
    assert message.startswith("“很多”"), message


def test_hidden_rows_are_imported_and_said_so_and_two_names_in_one_cell_are_refused(data, inbox):
    from openpyxl import load_workbook

    file = xlsx(inbox / "隐藏.xlsx", ("名单", [HEAD, teacher("陈明"), teacher("王\u00a0丽")]))
    wb = load_workbook(file)
    wb.active.row_dimensions[3].hidden = True
    wb.save(file)
    run = import_teachers(data, file)
    assert run.code == 0 and "第 3 行在 Excel 中是隐藏的" in run.out, run.all
    assert {r["name"] for r in new_records(data).values()} == {"陈明", "王丽"}
    run = import_teachers(data, xlsx(inbox / "两人.xlsx", ("名单", [HEAD, teacher("李四\n赵五")])))
    assert run.code == 1 and run.errors() == [(2, "A", "姓名", "bad-value")]


def test_a_review_for_a_record_written_at_the_margin_follows_its_layout(data, inbox):
    due_teacher(data, "chen-ming", "陈明", "某市委党校", extra="sharing:\n- year: 2015\n  scope: [all]\n")
    path = next((data / "teachers").rglob("chen-ming.yml"))
    margin = path.read_text(encoding="utf-8")
    file = filled(inbox / "复核.xlsx", [review_row("chen-ming", result="合格", status="暂停", reason="借调")])
    run = peixun("import", "reviews", file, "--data", data)
    assert run.code == 0, run.all
    new = path.read_text(encoding="utf-8")
    assert "\nreviews:\n- year: 2016\n  result: 合格\nstatus_changes:\n- year: 2017\n  status: 暂停\n  reason: 借调\nsharing:\n" in new, new
    kept = iter(new.splitlines())
    assert all(any(line == got for got in kept) for line in margin.splitlines())


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_an_update_changes_only_the_changed_values(data, inbox, newline):
    lines = [
        "# 手写的记录", "id: chen-ming", "name: 陈明", "pool: '330000'", "unit:   某市委党校   # 单位全称待核",
        "position: 主任科员  # 2016 年起", "source: 专家学者", "expertise:", "  - 党的建设   # 主讲", "  - 党史",
        "courses: []", "entry_year: 2015", "bio: 长期从事党建研究，", "  讲课生动。", "# 联系方式（不公开）", "contact:",
        "  phone: \"0571-8888 0000\"", "...",
    ]
    path = data / "teachers" / POOL / "chen-ming.yml"
    path.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    rows = [["姓名", "工作单位", "职务", "擅长领域", "电子邮箱"], ["陈明", "某市委党校", "副院长", "党的建设、党史、干部工作", "c@example.org"]]
    run = import_teachers(data, xlsx(inbox / "更新.xlsx", ("名单", rows)))
    assert run.code == 0 and "~ teachers/330000/chen-ming.yml" in run.out, run.all
    new = path.read_bytes().decode("utf-8").split(newline)
    expected = lines[:5] + ["position: 副院长  # 2016 年起"] + lines[6:10] + ["  - 干部工作"] + lines[10:17] + ["  email: c@example.org", "..."]
    assert new[:-1] == expected and new[-1] == ""


def test_an_update_that_would_lose_a_comment_is_refused(data, inbox):
    path = data / "teachers" / POOL / "chen-ming.yml"
    text = "id: chen-ming\nname: 陈明\npool: \"330000\"\nunit: 某市委党校\nsource: 专家学者\nexpertise:\n  - 党史   # 主讲\n  - 党的建设\nentry_year: 2015\n"
    path.write_text(text, encoding="utf-8")
    rows = [["姓名", "工作单位", "擅长领域"], ["陈明", "某市委党校", "干部工作"]]
    run = import_teachers(data, xlsx(inbox / "换.xlsx", ("名单", rows)))
    assert run.code == 1 and [e[3] for e in run.errors()] == ["layout-kept"], run.all
    assert path.read_text(encoding="utf-8") == text
