"""`peixun template teachers|courses|bases`: a blank workbook with the columns an import
reads, drop-down lists where a field has a fixed set of values, and a second sheet saying
what each column holds. Filled in and saved, it imports as it is.
"""
from __future__ import annotations

import datetime
from pathlib import Path

from ..records import vocab as V
from ..records.kind import field_of, inner_model
from ..records.kinds import KINDS
from .columns import COLUMNS, Col
from .scaffold import FIELDS, YEAR_FIELDS

SHEETS = {"teacher": "师资名单", "course": "课程", "base": "培训基地"}
FILES = {"teacher": "师资名单模板.xlsx", "course": "课程模板.xlsx", "base": "培训基地模板.xlsx"}
LEFT_OUT = {"id", "pool"}  # made by the import (--pool, pinyin ids)
ROWS = 1000  # rows the drop-down lists cover
# fields with one value from a fixed list get a drop-down; lists of them are explained instead
CHOICES = {("teacher", "source"): V.SOURCE, ("course", "category"): V.CATEGORY, ("course", "status"): V.COURSE_STATUS, ("base", "type"): V.BASE_TYPE}
LIST_CHOICES = {("course", "methods"): V.METHOD, ("course", "delivery"): V.DELIVERY, ("course", "audience.levels"): V.AUDIENCE_LEVEL, ("course", "audience.roles"): V.AUDIENCE_ROLE}
NOTES = {
    "list": "可填多项，用顿号隔开", "refs": "填名称或编号，多项用顿号隔开", "ref": "填部门名称或编号", "year": "四位年份，如 2016",
    "phone": "不公开；请把这一列设为“文本”格式", "email": "不公开", "flag": "填“是”或“否”", "province": "省名或六位代码",
}


def columns(kind: str) -> list[Col]:
    return [c for c in COLUMNS[kind] if c.path not in LEFT_OUT]


def default(kind: str, col: Col) -> str | None:
    """What an import writes when the cell is empty (the defaults of `peixun new`)."""
    opt = next((o for o in FIELDS[kind] if o.path == col.path), None)
    if opt is None:
        return None
    if opt.path in YEAR_FIELDS and not (kind == "base" and opt.path == "since"):
        return "当前版次年份"
    return f"“{opt.default}”" if opt.default else None


def required(kind: str, col: Col) -> bool:
    """Required and without a default: the header is red."""
    if default(kind, col):
        return False
    model = KINDS[kind].model
    head, _, rest = col.path.partition(".")
    info = field_of(model, head)
    if rest:
        inner = inner_model(info.annotation) if info else None
        info = field_of(inner, rest) if inner else None
        return bool(info and info.is_required() and field_of(model, head).is_required())
    return bool(info and info.is_required()) and not col.private


def describe(kind: str, col: Col) -> str:
    parts = []
    vocab = CHOICES.get((kind, col.path)) or LIST_CHOICES.get((kind, col.path))
    if vocab:
        parts.append("可选：" + "、".join(vocab.values))
    if (kind, col.path) in LIST_CHOICES:
        parts.append("可填多项，用顿号隔开")
    elif col.type in NOTES:
        parts.append(NOTES[col.type])
    if col.private and col.type not in NOTES:
        parts.append("不公开")
    if default(kind, col):
        parts.append(f"不填时为{default(kind, col)}")
    return "；".join(parts)


def write_template(kind: str, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEETS[kind]
    cols = columns(kind)
    for c, col in enumerate(cols, start=1):
        cell = ws.cell(1, c, col.header)
        cell.font = Font(bold=True, color="C00000" if required(kind, col) else None)
        ws.column_dimensions[cell.column_letter].width = max(12, 2 * len(col.header) + 4) if col.type != "long" else 40
        vocab = CHOICES.get((kind, col.path))
        if vocab:
            dv = DataValidation(type="list", formula1='"' + ",".join(vocab.values) + '"', allow_blank=True, showErrorMessage=True)
            dv.error = f"{col.header}只能是：{'、'.join(vocab.values)}。"
            ws.add_data_validation(dv)
            dv.add(f"{cell.column_letter}2:{cell.column_letter}{ROWS + 1}")
        if col.type == "phone":  # typed as text, a number keeps its leading zero
            ws.column_dimensions[cell.column_letter].number_format = "@"
    ws.freeze_panes = "B2"
    guide = wb.create_sheet("填写说明")
    guide.append([f"每行一条{KINDS[kind].label}记录。红色列名为必填；列的先后可以调整，不认识的列导入时会列出来。"])
    guide.merge_cells("A1:C1")
    guide.row_dimensions[1].height = 36
    guide["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    guide.append(["列名", "必填", "说明"])
    for cell in guide[2]:
        cell.font = Font(bold=True)
    for col in cols:
        guide.append([col.header, "是" if required(kind, col) else "", describe(kind, col)])
    guide.column_dimensions["A"].width, guide.column_dimensions["B"].width, guide.column_dimensions["C"].width = 24, 6, 60
    for row in guide.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        # rows are not sized to wrapped text on opening; a Chinese character is two units wide
        guide.row_dimensions[row[0].row].height = 16 * max(1, -(-len(str(row[-1].value or "")) * 2 // 60))
    for sheet in (ws, guide):  # printed, each sheet one page wide
        sheet.page_setup.orientation = "landscape" if sheet is ws else "portrait"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    wb.properties.creator = "peixun"
    wb.properties.created = wb.properties.modified = datetime.datetime(2013, 1, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
