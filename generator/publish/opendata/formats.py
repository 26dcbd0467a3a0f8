"""The open-data tables (tables.py) as JSON, a zip of CSV files and an Excel workbook.
Every function returns bytes that depend only on the tables and the edition year: no clock,
no file system, fixed zip dates and permissions.

Spreadsheet formulas (OWASP "CSV injection"): a text cell that begins with =, +, -, @, a
tab or a carriage return (or their full-width forms, see yearly.reports.FORMULA_START) could
run as a formula when a spreadsheet opens the file. In CSV such a cell gets a leading
apostrophe, which spreadsheets hide and read as "this is text" (a text that itself begins
with an apostrophe gets one too, so yearly.reports.read_csv gives back every cell exactly).
In the workbook the text is kept as written, stored as a string cell (never a formula) and
marked "quote prefix", Excel's own way of saying the same. Numbers are not text: -3 stays -3.
"""
from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from datetime import datetime

from ...yearly.reports import FORMULA_START, csv_text
from .tables import SEP, TYPE_LABELS, Table, field_dictionary

TITLE = "组工干部教育培训资源库开放数据"
GENERATOR = "peixun"
DICTIONARY_HEADER = ("表名", "列名", "中文名", "说明", "类型")
DICTIONARY_FILE = "字段说明.csv"
MODE = 0o644  # every zip member: a plain readable file


def stamp(edition: int) -> tuple[int, int, int, int, int, int]:
    """The one date in every file: the last day of the edition year (as the site and offline copies)."""
    return (edition, 12, 31, 0, 0, 0)


def plain(column, value):
    """A cell for CSV and spreadsheets: lists joined with 、, flags as 是/否, none as empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return SEP.join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


# -- JSON ------------------------------------------------------------------------------------
def json_bytes(tables: list[Table], edition: int) -> bytes:
    """One document: the edition, every table's rows (objects keyed by column name; lists of
    text as arrays) and every table's columns with their Chinese names and types."""
    doc = {
        "title": TITLE,
        "edition": edition,
        "generator": GENERATOR,
        "tables": {
            t.name: {"label": t.label, "about": t.about, "key": list(t.key), "rows": [_json_row(t, row) for row in t.rows]}
            for t in tables
        },
        "fields": {
            t.name: [
                {"column": c.name, "title": c.title, "type": c.type, "type_label": TYPE_LABELS[c.type], "description": c.description, "references": c.ref}
                for c in t.columns
            ]
            for t in tables
        },
    }
    # compact: a national file is tens of MB, and people read it with programs
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def _json_row(table: Table, row: tuple) -> dict:
    return {c.name: list(v) if isinstance(v, tuple) else v for c, v in zip(table.columns, row)}


# -- CSV -------------------------------------------------------------------------------------
def csv_zip_bytes(tables: list[Table], edition: int, folder: str) -> bytes:
    """A zip holding one folder: a CSV per table (<table>.csv: UTF-8 with BOM, CRLF, a
    Chinese header row) and 字段说明.csv, the field dictionary."""
    members = {f"{folder}/{t.name}.csv": csv_text([c.title for c in t.columns], _plain_rows(t)).encode("utf-8") for t in tables}
    members[f"{folder}/{DICTIONARY_FILE}"] = csv_text(list(DICTIONARY_HEADER), field_dictionary()).encode("utf-8")
    return deterministic_zip(sorted(members.items()), edition)


def _plain_rows(table: Table) -> list[list]:
    return [[plain(c, v) for c, v in zip(table.columns, row)] for row in table.rows]


def deterministic_zip(members, edition: int) -> bytes:
    """A zip of (name, bytes) in the given order, its bytes depending on nothing else."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp(edition))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so that the mode below means the same everywhere
            info.external_attr = MODE << 16
            archive.writestr(info, data, compresslevel=6)
    return out.getvalue()


# -- Excel -----------------------------------------------------------------------------------
MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths, in characters (a Han character counts two)


def xlsx_bytes(tables: list[Table], edition: int) -> bytes:
    """A workbook: 说明 first (edition, what each sheet holds, the field dictionary), then a
    sheet per table with a bold, frozen Chinese header row and filters. Written with
    XlsxWriter in its constant-memory mode (rows streamed to the file as they come): the
    national workbook takes about 10 s, where openpyxl's write-only mode took 17–22 s."""
    import xlsxwriter

    raw = io.BytesIO()
    # texts stay texts: never read as formulas, links or numbers
    wb = xlsxwriter.Workbook(raw, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    wb.set_properties({"title": f"{TITLE}（{edition} 年）", "author": GENERATOR, "created": datetime(*stamp(edition))})
    styles = {(bold, quoted): wb.add_format({"bold": bold, "quote_prefix": quoted}) for bold in (False, True) for quoted in (False, True)}
    _write(wb.add_worksheet("说明"), _about_blocks(tables, edition), styles)
    for t in tables:
        ws = wb.add_worksheet(t.label)
        rows = _plain_rows(t)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(rows), len(t.columns) - 1)
        _write(ws, [(True, [[c.title for c in t.columns]]), (False, rows)], styles)
    wb.close()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as written:  # the zip entries carry the clock
        members = [(info.filename, written.read(info)) for info in written.infolist()]
    return deterministic_zip(members, edition)


def _write(ws, blocks, styles) -> None:
    """Column widths first, then the rows; blocks are (bold?, rows). A text that begins like a
    formula is stored as text and marked "quote prefix" (shown as typed); empty cells stay empty."""
    widest: dict[int, int] = {}
    for _, rows in blocks:
        for row in rows:
            for i, v in enumerate(row):
                if v is not None and v != "":
                    widest[i] = max(widest.get(i, 0), _display_width(v))
    for column, width in widest.items():
        ws.set_column(column, column, min(MAX_WIDTH, max(MIN_WIDTH, width + 2)))
    r = 0
    for bold, rows in blocks:
        plain_style = styles[(True, False)] if bold else None
        for row in rows:
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, str):
                    ws.write_string(r, c, v, styles[(bold, True)] if v.startswith(FORMULA_START) else plain_style)
                else:
                    ws.write_number(r, c, v, plain_style)
            r += 1


def _about_blocks(tables: list[Table], edition: int) -> list:
    return [
        (True, [[TITLE]]),
        (False, [
            ["数据版次", edition],
            ["生成", f"{GENERATOR}（由 YAML 记录生成；只含公开字段，不含联系方式）"],
            ["用法", "每个工作表是一张表，第一行是中文列名；各表以编号（id）相互关联，文本列表以“、”分隔；列名、类型和说明见下面的字段说明。"],
            [],
        ]),
        (True, [["工作表", "表名", "行数", "内容"]]),
        (False, [[t.label, t.name, len(t.rows), t.about] for t in tables] + [[]]),
        (True, [list(DICTIONARY_HEADER)]),
        (False, field_dictionary()),
    ]


def _display_width(value) -> int:
    text = str(value).split("\n", 1)[0]
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[:MAX_WIDTH])


