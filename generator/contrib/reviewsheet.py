"""`peixun review-sheet`: the workbook a department fills in for its yearly review.

One row per teacher whose review is due (the rules of `peixun review-due`: in year Y, the
teachers of the pool who were 在库 in Y−1 and have no Y−1 review). The columns peixun
fills are locked (sheet protection without a password: it prevents slips, not intent);
the four to fill in are open, with drop-down lists of the allowed values. A second sheet
says how to fill it in. Names and units that begin like a formula are stored as text.
"""
from __future__ import annotations

import datetime
from pathlib import Path

from ..records import vocab as V
from ..yearly.directory import review_due
from ..yearly.reports import FORMULA_START

SHEET = "年度复核"
GUIDE = "填写说明"
# (header, width, filled by peixun)
COLUMNS = (
    ("编号", 22, True), ("姓名", 12, True), ("工作单位", 30, True), ("所属师资库", 14, True),
    ("上次复核", 18, True), ("复核年份", 10, True),
    ("复核结果", 12, False), ("说明", 30, False), ("状态变化", 12, False), ("原因", 30, False),
)
GUIDE_WIDTH = 80  # characters of the instructions column
STATUS_CHOICES = ("暂停", "退出")  # a due teacher is 在库; resuming is not a change here


def last_review(t, before: int) -> str:
    past = [r for r in t.reviews if r.year < before]
    return f"{past[-1].year} 年{past[-1].result}" if past else "入库以来未复核"


def rows_for(teachers: dict, year: int, pool: str, rules) -> list[list]:
    due = review_due(teachers, year, rules).get(pool, [])
    rows = []
    # grouped by unit: the sheet is often sent round unit by unit
    for d in sorted(due, key=lambda d: (teachers[d.teacher].unit, d.teacher)):
        t = teachers[d.teacher]
        rows.append([d.teacher, t.name, t.unit, V.pool_label(pool), last_review(t, year - 1), year - 1, None, None, None, None])
    return rows


def _text_cell(cell, value) -> None:
    """A value as typed: text that begins like a formula stays text (quote prefix)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True


def _validation(ws, col: str, values, last: int, title: str):
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    dv.showErrorMessage = True
    dv.errorTitle = "请从列表中选择"
    dv.error = f"{title}只能是：{'、'.join(values)}。"
    dv.showInputMessage = True
    dv.promptTitle = title
    dv.prompt = "从下拉列表中选择；不需要填写的留空。"
    ws.add_data_validation(dv)
    dv.add(f"{col}2:{col}{max(last, 2)}")


def guide_lines(year: int, pool: str, count: int) -> list[str]:
    results = "、".join(V.REVIEW_RESULT.values)
    return [
        f"{V.pool_label(pool)} {year - 1} 年度复核表（用于 {year} 年名录）",
        "",
        f"1. “{SHEET}”表中每行是一名需要复核 {year - 1} 年度的教师，共 {count} 人。灰色的列由系统填写，已锁定，请不要修改。",
        f"2. “复核结果”从下拉列表中选择：{results}。“说明”可写复核意见，会随复核结果公开，请不要写电话、邮箱等个人信息。",
        f"3. 需要暂停或退出的教师，在“状态变化”中选择“暂停”或“退出”，并在“原因”中写明原因（必填）；状态变化自 {year} 年起生效。",
        "4. 不需要改动的行留空即可，导入时留空的行不会改变任何记录。请不要修改第一行的列名。",
        "5. 填好后保存为 .xlsx，交给负责数据的同事运行 peixun import reviews 导入；表中有问题时，会列出行号和列，改正后再导入即可。",
        "6. 暂停后恢复、调动和共享范围的变化不在本表中填写，请在教师记录中修改。",
    ]


def ours(path: Path) -> bool:
    """Whether path is a review sheet peixun wrote (the only kind of file --force replaces)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False
    try:
        return wb.properties.creator == "peixun" and SHEET in wb.sheetnames and GUIDE in wb.sheetnames
    finally:
        wb.close()


def write_sheet(rows: list[list], year: int, pool: str, out: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _fill_table(ws, rows)
    last = len(rows) + 1
    _validation(ws, "G", V.REVIEW_RESULT.values, last, "复核结果")
    _validation(ws, "I", STATUS_CHOICES, last, "状态变化")
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:J{last}"
    # printed for a meeting: landscape, one page wide, the header on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = f"{V.pool_label(pool)} {year - 1} 年度复核表"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.protection.sheet = True
    for allowed in ("autoFilter", "sort", "formatColumns", "formatRows", "formatCells"):
        setattr(ws.protection, allowed, False)  # False: the user may still do it
    _guide(wb.create_sheet(GUIDE), guide_lines(year, pool, len(rows)))
    stamp = datetime.datetime(year, 1, 1)
    wb.properties.creator = "peixun"
    wb.properties.created = wb.properties.modified = stamp
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)


def _fill_table(ws, rows: list[list]) -> None:
    """Header and rows; peixun's columns grey and locked, the ones to fill open and boxed."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    grey = PatternFill("solid", fgColor="EDEDED")
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)  # the empty cells to fill show when printed
    for c, (header, width, filled) in enumerate(COLUMNS, start=1):
        cell = ws.cell(1, c, header)
        cell.font = Font(bold=True)
        cell.border = box
        if filled:
            cell.fill = grey
        ws.column_dimensions[cell.column_letter].width = width
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            _text_cell(cell, value)
            cell.border = box
            cell.alignment = Alignment(vertical="top", horizontal="center" if c == 6 else None)
            if COLUMNS[c - 1][2]:
                cell.fill = grey
            else:
                cell.protection = Protection(locked=False)
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _guide(guide, lines: list[str]) -> None:
    from openpyxl.styles import Alignment, Font

    guide.column_dimensions["A"].width = GUIDE_WIDTH
    guide.sheet_properties.pageSetUpPr.fitToPage = True
    guide.page_setup.fitToWidth, guide.page_setup.fitToHeight = 1, 0
    for r, line in enumerate(lines, start=1):
        cell = guide.cell(r, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # spreadsheets do not size rows to wrapped text on opening: a Chinese character is two units wide
        guide.row_dimensions[r].height = 18 * max(1, -(-len(line) * 2 // GUIDE_WIDTH))
        if r == 1:
            cell.font = Font(bold=True, size=14)
            guide.row_dimensions[r].height = 24
