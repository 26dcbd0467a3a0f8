"""Reading a spreadsheet a department already has: .xlsx (openpyxl) or .csv in whatever
encoding Excel wrote it, into rows of cells that remember where they came from.

What real rosters do, and what happens here:
- a title row above the header, merged header cells, two header rows (联系方式 over 电话 /
  邮箱): the header row is found by its known column names; merged cells fill their range;
- formulas: the value Excel saved with them is read; a formula without one is an error;
- trailing empty rows and columns, full-width spaces around values: dropped;
- several sheets: the one whose header matches, or --sheet; two that match are an error;
- CSV as Chinese Windows Excel saves it (GBK, CRLF), UTF-8 with or without BOM, UTF-16
  ("Unicode 文本", tab-separated).
Values keep their type (numbers, dates) for columns.py, which knows what each column holds.
"""
from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..yearly.reports import FORMULA_START

HEADER_SCAN = 12  # rows looked at for the header (a title and notes may come first)
MAX_CELLS = 2_000_000  # a sheet larger than this is not a roster


class SheetError(Exception):
    """The file as a whole cannot be read as a table; code is stable (SHEET_CODES)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Cell:
    value: object  # str, int, float, bool, datetime, or None
    row: int  # 1-based, as the spreadsheet shows it
    col: int  # 1-based
    formula: str | None = None  # the formula text when the cell had one and no saved value
    error: str | None = None  # the error value Excel saved as a formula's result (#N/A)


@dataclass
class Table:
    file: str  # as shown in messages
    sheet: str | None  # the sheet's name (None for CSV)
    header_rows: tuple[int, ...]
    columns: dict[int, str]  # column -> header text, as written (normalised spacing)
    rows: list[dict[int, Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader decided, for the user


def letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


def clean_text(text: str) -> str:
    """A cell's text without the spaces around it (full-width and no-break ones too)."""
    return text.strip(" \t\r\n\u3000\u00a0\u200b\ufeff")


def header_key(text: object) -> str:
    """A header as compared: no spaces, full-width letters folded, marks such as * and
    （必填） dropped, so “姓 名”, “姓名*” and “姓名（必填）” are one column."""
    if text is None:
        return ""
    key = unicodedata.normalize("NFKC", str(text))
    key = _SPACE.sub("", key)
    key = re.sub(r"[（(](必填|选填|可选|必须填写|多项用顿号分隔|[^)）]*分隔)[)）]$", "", key)
    return key.strip("*＊:：")


# -- opening ----------------------------------------------------------------------------------
def read_table(path: Path, known, sheet: str | None = None) -> Table:
    """The table in path whose header has the most known column names (known: header_key ->
    anything). SheetError when the file cannot be used as a whole."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _from_workbook(path, known, sheet)
    if suffix in (".csv", ".txt"):
        if sheet:
            raise SheetError("sheet-choice", "CSV 文件只有一张表，不需要 --sheet。")
        return _from_csv(path, known)
    if suffix in (".xls", ".et", ".ods", ".numbers"):
        raise SheetError("sheet-format", f"不能直接读取 {suffix} 文件：请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）或 CSV（逗号分隔），再导入。")
    raise SheetError("sheet-format", f"不认识的文件类型 {suffix or '（无扩展名）'}：请提供 .xlsx 或 .csv 文件。")


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030
    (a superset of GBK and GB2312, which Chinese Windows Excel writes)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "UTF-8（带 BOM）"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise SheetError("sheet-encoding", "文件像是 UTF-16（“Unicode 文本”）编码，但内容不完整或已损坏：请重新另存为“CSV UTF-8（逗号分隔）”后再导入。") from exc
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GBK/GB18030"
    except UnicodeDecodeError as exc:
        raise SheetError("sheet-encoding", f"无法识别文件的编码（第 {exc.start + 1} 个字节附近）：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入。") from exc


def _from_csv(path: Path, known) -> Table:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SheetError("sheet-unreadable", f"无法读取文件：{exc.strerror or exc}") from exc
    _not_text(raw)
    text, encoding = decode(raw)
    head = text.split("\n", HEADER_SCAN)[:HEADER_SCAN]  # a title line may come first
    delimiter = max((",", "\t", ";"), key=lambda d: max(line.count(d) for line in head))
    grid: dict[tuple[int, int], Cell] = {}
    r = 0
    try:
        for r, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            _csv_row(grid, r, values)
    except csv.Error as exc:
        raise SheetError("sheet-unreadable", f"CSV 文件第 {r + 1} 行附近无法读取（某一格过长，或引号不成对）。") from exc
    table = _table(path.name, None, grid, {}, known)
    if table is None:
        raise SheetError("sheet-no-header", _no_header(path.name, known))
    table.notes.insert(0, f"编码：{encoding}")
    return table


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and workbooks with a password to open


def _not_text(raw: bytes) -> None:
    if raw.startswith(b"PK\x03\x04"):
        raise SheetError("sheet-format", "这是 Excel 工作簿（.xlsx），不是 CSV：请把文件的扩展名改为 .xlsx 后再导入。")
    if raw.startswith(OLE):
        raise SheetError("sheet-format", "这是旧版 Excel（.xls）文件或加了打开密码的工作簿：请在 Excel 或 WPS 中去掉密码、另存为 .xlsx 后再导入。")


def _csv_row(grid: dict, r: int, values: list[str]) -> None:
    for c, value in enumerate(values, start=1):
        # peixun's own CSV marks formula-like text with an apostrophe (reports.safe_cell)
        if value.startswith("'") and value[1:].startswith(FORMULA_START + ("'",)):
            value = value[1:]
        if clean_text(value):
            grid[(r, c)] = Cell(value, r, c)


def _from_workbook(path: Path, known, wanted: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        with open(path, "rb") as f:
            magic = f.read(8)
    except OSError as exc:
        raise SheetError("sheet-unreadable", f"无法读取文件：{exc.strerror or exc}") from exc
    if magic.startswith(OLE):
        raise SheetError("sheet-format", "这是旧版 Excel（.xls）文件或加了打开密码的工作簿：请在 Excel 或 WPS 中去掉密码、另存为 .xlsx 后再导入。")
    try:
        values = load_workbook(path, data_only=True)  # what Excel saved beside each formula
        formulas = load_workbook(path, data_only=False)
    except Exception as exc:  # noqa: BLE001 - a damaged file fails in many ways inside the parser
        what = "不是 zip 格式的 .xlsx" if isinstance(exc, zipfile.BadZipFile) else "内容已损坏"
        raise SheetError("sheet-unreadable", f"无法作为 Excel 工作簿（.xlsx）打开（{what}）：文件可能已损坏，或是改了扩展名的其他文件（如 CSV）。请在 Excel 或 WPS 中打开后重新另存为 .xlsx。") from exc
    names = values.sheetnames
    if wanted is not None and wanted not in names:
        raise SheetError("sheet-choice", f"工作簿中没有名为“{wanted}”的工作表；现有：{'、'.join(names)}。")
    found = []
    for name in [wanted] if wanted else names:
        ws = values[name]
        if ws.max_row * ws.max_column > MAX_CELLS:
            raise SheetError("sheet-too-large", f"工作表“{name}”有 {ws.max_row} 行 × {ws.max_column} 列，超出名单的合理大小；请删去多余的行和列。")
        grid = _grid(ws, formulas[name])
        table = _table(path.name, name, grid, _merged(ws), known)
        if table is not None:
            found.append(table)
    if not found:
        raise SheetError("sheet-no-header", _no_header(path.name, known, wanted))
    shown_only = [t for t in found if values[t.sheet].sheet_state == "visible"]
    hidden = len(found) > 1 and len(shown_only) == 1
    if hidden:
        found = shown_only  # a hidden sheet is a template's list of choices, not a roster
    if len(found) > 1:
        best = max(len(t.columns) for t in found)
        shown = "、".join(f"“{t.sheet}”" for t in found)
        raise SheetError("sheet-choice", f"有 {len(found)} 个工作表都像名单：{shown}（最多 {best} 个可识别的列）。请用 --sheet 指定导入哪一个。")
    table = found[0]
    hidden_rows = sorted({min(c.row for c in row.values()) for row in table.rows} & {r for r, d in values[table.sheet].row_dimensions.items() if d.hidden})
    if hidden_rows:
        shown_rows = "、".join(map(str, hidden_rows[:10])) + (f" 等 {len(hidden_rows)} 行" if len(hidden_rows) > 10 else " 行")
        table.notes.append(f"注意：第 {shown_rows}在 Excel 中是隐藏的（或被筛选掉了），也一并导入；不想导入的行请删除。")
    if len(names) > 1:
        rest = "其余的是隐藏的工作表或不含可识别的列名" if hidden else "其余的不含可识别的列名"
        table.notes.insert(0, f"工作表：{table.sheet}（工作簿共 {len(names)} 个工作表，{rest}）")
    return table


def _grid(ws, formula_ws) -> dict[tuple[int, int], Cell]:
    grid = {}
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if cell.data_type == "e":  # Excel saved an error (#N/A, #REF!) as the result
                formula = _formula_of(formula_ws.cell(cell.row, cell.column).value) or str(value)
                grid[(cell.row, cell.column)] = Cell(None, cell.row, cell.column, formula, str(value))
                continue
            if isinstance(value, str) and not clean_text(value):
                value = None
            formula = None
            if value is None:
                if cell.data_type == "str":
                    continue  # a formula whose saved result is "" (=IF(B2="","",…) down a template)
                formula = _formula_of(formula_ws.cell(cell.row, cell.column).value)
                if formula is None:
                    continue
            grid[(cell.row, cell.column)] = Cell(value, cell.row, cell.column, formula)
    return grid


def _formula_of(source) -> str | None:
    if isinstance(source, str) and source.startswith("="):
        return source
    if hasattr(source, "text"):  # array formulas
        return "=" + str(source.text)
    return None


def _merged(ws) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of each cell inside a merged range -> the range's top-left cell."""
    out = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    out[(r, c)] = (rng.min_row, rng.min_col)
    return out


def _no_header(file: str, known, sheet: str | None = None) -> str:
    where = f"工作表“{sheet}”" if sheet else file
    examples = "、".join(list(dict.fromkeys(known.values()))[:6]) if isinstance(known, dict) else ""
    return f"{where}的前 {HEADER_SCAN} 行中找不到列名行（至少要有两个可识别的列名，如 {examples}）。请确认第一张表是名单，列名写在数据上方的一行中。"


# -- the header ---------------------------------------------------------------------------------
def _text_at(grid, merged, r: int, c: int) -> str:
    cell = grid.get(merged.get((r, c), (r, c)))
    return clean_text(str(cell.value)) if cell is not None and cell.value is not None else ""


def _table(file: str, sheet: str | None, grid, merged, known) -> Table | None:
    """The header row (the first with two known names), a second header row under merged
    group headers, and the data rows below them."""
    if not grid:
        return None
    last_row = max(r for r, _ in grid)
    last_col = max(c for _, c in grid)
    for r in range(1, min(HEADER_SCAN, last_row) + 1):
        names = {c: _text_at(grid, merged, r, c) for c in range(1, last_col + 1)}
        if sum(1 for n in names.values() if header_key(n) in known) < 2:
            continue
        rows = (r,)
        below = {c: _text_at(grid, merged, r + 1, c) for c in range(1, last_col + 1)}
        grouped = [c for c in names if merged.get((r, c)) or any(merged.get((r, k)) == (r, c) for k in names)]
        if any(header_key(below[c]) in known and below[c] != names[c] for c in grouped):
            rows = (r, r + 1)
            names = {c: below[c] if below[c] and below[c] != names[c] else names[c] for c in names}
        columns = {c: n for c, n in names.items() if n}
        data = [_data_row(grid, merged, rr, last_col, rows[-1]) for rr in range(rows[-1] + 1, last_row + 1)]
        return Table(file, sheet, rows, columns, [d for d in data if d])
    return None


def _data_row(grid, merged, rr: int, last_col: int, head: int) -> dict[int, Cell]:
    """One data row; a cell merged down from a data row above (one unit for several
    people) holds that value, at its own row. Merges across columns are not filled."""
    out = {}
    for c in range(1, last_col + 1):
        top = merged.get((rr, c))
        if (rr, c) in grid:
            out[c] = grid[(rr, c)]
        elif top is not None and top[1] == c and top[0] > head and top in grid:
            out[c] = replace(grid[top], row=rr, col=c)
    return out


def cell_date(value: object) -> datetime.date | None:
    """A date from a date cell, an Excel serial number or a written date (2015-03-01,
    2015/3/1, 2015年3月1日, 2015.3.1)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    if isinstance(value, str):
        m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", clean_text(value))
        if m:
            try:
                return datetime.date(*map(int, m.groups()))
            except ValueError:
                return None
        if re.fullmatch(r"\d{5}(\.0+)?", clean_text(value)):
            return cell_date(float(value))
    return None
