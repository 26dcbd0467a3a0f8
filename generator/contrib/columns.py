"""Which spreadsheet column is which field, and how a cell becomes the text a record holds.

Headers are matched after sheets.header_key (spaces, * and （必填） ignored). Each field
has its own header first (the model's title, as README documents it) and the variants
departments use. A cell becomes what YAML would have given the model (text, or a list of
texts), so the record's own validators judge it and their codes and messages apply.
Excel's habits are undone here: numbers that were phone numbers, years stored as dates or
serial numbers, 2015.0 for 2015, lost leading zeros.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from ..records import vocab as V
from .sheets import Cell, cell_date, clean_text, header_key


@dataclass(frozen=True)
class Col:
    path: str  # where in the record: "name", "contact.phone", "audience.levels"
    headers: tuple[str, ...]  # the first is what peixun writes
    type: str = "text"  # text, person, long, list, year, count, hours, flag, phone, email, province, pool, id, ref, refs
    ref: str | None = None  # the kind a ref/refs column names

    @property
    def private(self) -> bool:
        return self.path.startswith("contact.")

    @property
    def header(self) -> str:
        return self.headers[0]


def _c(path, *headers, type="text", ref=None) -> Col:  # noqa: A002 - reads as the table below
    return Col(path, headers, type, ref)


COLUMNS: dict[str, tuple[Col, ...]] = {
    "teacher": (
        _c("id", "编号", "教师编号", "ID", type="id"),
        _c("name", "姓名", "教师姓名", "名字", type="person"),
        _c("pool", "所属师资库", "师资库", type="pool"),
        _c("unit", "工作单位", "单位", "所在单位", "单位名称", "工作单位（全称）"),
        _c("position", "职务", "现任职务", "职务职称", "职称", "职位"),
        _c("source", "师资来源", "来源", "师资类别"),
        _c("expertise", "擅长领域", "擅长", "专长", "研究领域", "擅长专题", "授课专长", type="list"),
        _c("courses", "讲授课程", "主讲课程", "授课课程", "课程", type="refs", ref="course"),
        _c("entry_year", "入库年份", "入库时间", "入库年度", "入选年份", type="year"),
        _c("bio", "简介", "个人简介", "教师简介", "简历", type="long"),
        _c("contact.phone", "电话", "手机", "联系电话", "手机号", "手机号码", "电话号码", "办公电话", type="phone"),
        _c("contact.email", "电子邮箱", "邮箱", "电子邮件", "邮件", "email", "e-mail", type="email"),
        _c("contact.address", "通信地址", "通讯地址", "联系地址", "地址"),
    ),
    "course": (
        _c("id", "编号", "课程编号", "ID", type="id"),
        _c("title", "课程名称", "课程", "课程题目", "题目", "名称"),
        _c("category", "课程类别", "类别"),
        _c("topics", "专题", "课程专题", type="list"),
        _c("methods", "培训方式", type="list"),
        _c("audience.levels", "培训对象层级", "对象层级", "层级", type="list"),
        _c("audience.roles", "培训对象", "对象", "培训对象类别", type="list"),
        _c("hours", "学时", "课时", type="hours"),
        _c("business_training", "计入组织工作业务培训学时", "业务培训", "是否业务培训", "计入业务培训学时", type="flag"),
        _c("delivery", "授课形式", "形式", type="list"),
        _c("provider", "开发部门", "开发单位", "提供部门", type="ref", ref="department"),
        _c("teachers", "授课教师", "主讲教师", "教师", "主讲人", type="refs", ref="teacher"),
        _c("textbooks", "配套教材", "教材", type="refs", ref="textbook"),
        _c("bases", "教学基地", "基地", type="refs", ref="base"),
        _c("related", "相关课程", type="refs", ref="course"),
        _c("summary", "课程简介", "简介", "内容简介", "课程内容", type="long"),
        _c("status", "状态", "课程状态"),
        _c("since", "开设年份", "开设时间", "开课年份", type="year"),
    ),
    "base": (
        _c("id", "编号", "基地编号", "ID", type="id"),
        _c("name", "名称", "基地名称", "基地"),
        _c("type", "基地类型", "类型"),
        _c("province", "省份", "所在省份", "省", "省（区、市）", type="province"),
        _c("city", "城市", "所在城市", "地市", "市"),
        _c("address", "地址", "详细地址"),
        _c("themes", "教学主题", "主题", "教学专题", type="list"),
        _c("capacity", "可容纳学员（人）", "可容纳学员", "容纳人数", "接待能力", type="count"),
        _c("department", "主管部门", "负责部门", "管理部门", type="ref", ref="department"),
        _c("since", "设立年份", "建立年份", "成立年份", "设立时间", type="year"),
        _c("summary", "简介", "基地简介", type="long"),
        _c("contact.person", "联系人"),
        _c("contact.phone", "联系电话", "电话", type="phone"),
        _c("contact.email", "电子邮箱", "邮箱", type="email"),
    ),
}
# columns a roster has that no record holds, skipped without a warning
IGNORED = frozenset(header_key(h) for h in ("序号", "序 号", "No.", "NO"))
REQUIRED = {"teacher": ("name", "unit"), "course": ("title",), "base": ("name",)}


def known_headers(kind: str) -> dict[str, str]:
    """header_key -> the field's own header, for finding the header row."""
    out = {}
    for col in COLUMNS[kind]:
        for h in col.headers:
            out.setdefault(header_key(h).lower(), col.header)
    return out


def match_columns(kind: str, columns: dict[int, str]) -> tuple[dict[int, Col], list[int], list[tuple[int, int, str]]]:
    """(column -> Col, unknown columns, duplicates as (first, second, header))."""
    by_key = {}
    for col in COLUMNS[kind]:
        for h in col.headers:
            by_key.setdefault(header_key(h).lower(), col)
    found: dict[int, Col] = {}
    unknown, twice = [], []
    seen: dict[str, int] = {}
    for c, text in sorted(columns.items()):
        key = header_key(text).lower()
        col = by_key.get(key)
        if col is None:
            if key not in IGNORED:
                unknown.append(c)
            continue
        if col.path in seen:
            twice.append((seen[col.path], c, text))
            continue
        seen[col.path] = c
        found[c] = col
    return found, unknown, twice


class CellError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# -- cells to text --------------------------------------------------------------------------
def _number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.10g}" if isinstance(value, float) else str(value)


def plain(cell: Cell | None) -> str | None:
    """A cell as one line of text (None when empty). Formulas without a saved value fail."""
    if cell is None:
        return None
    if cell.error is not None:
        raise CellError("formula-no-value", f"公式（{(cell.formula or '')[:40]}）的结果是错误值 {cell.error}，没有可导入的内容。请在 Excel 中改正公式或它引用的数据，保存后再导入。")
    if cell.formula is not None and cell.value is None:
        raise CellError("formula-no-value", f"这是公式（{cell.formula[:40]}），但文件中没有保存计算结果。请在 Excel 中打开并保存一次，或把公式换成数值（选择性粘贴为数值）。")
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = clean_text(str(value).replace("\r\n", "\n").replace("\r", "\n"))
    return text or None


SEPARATORS = r"[、，,；;\n/／|｜\u3000]+"  # a full-width space separates items too
_SPLIT = re.compile(SEPARATORS)
_PADDED = re.compile(r"[\u4e00-\u9fff]{1,2}(?:[ \u3000\u00a0]+[\u4e00-\u9fff]{1,2})+")
_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?[eE]\+?[0-9]+")


def convert(col: Col, cell: Cell | None):
    """What the record gets from this cell: text, a list of texts, or None (empty)."""
    if col.type == "year":
        return _year(cell)
    if col.type == "phone":
        return _phone(cell)
    text = plain(cell)
    if text is None:
        return None
    if col.type == "refs":
        return text  # split by the store, which knows titles that contain 、 themselves
    if col.type == "list":
        items = [clean_text(x) for x in _SPLIT.split(text)]
        return list(dict.fromkeys(x for x in items if x)) or None
    if col.type in ("count", "hours"):
        return re.sub(r"\s*(学时|课时|小时|人|名|个)$", "", unicodedata.normalize("NFKC", text))
    if col.type == "flag":
        folded = unicodedata.normalize("NFKC", text).lower()
        return {"是": "是", "否": "否", "√": "是", "×": "否", "y": "是", "n": "否", "yes": "是", "no": "否", "true": "是", "false": "否", "1": "是", "0": "否", "计入": "是", "不计入": "否"}.get(folded, text)
    if col.type == "province":
        return next((code for code, (name, short) in V.PROVINCES.items() if text in (name, short)), text)
    if col.type == "pool":
        from ..records.fields import _pool_guess

        return text if V.is_pool(text) else _pool_guess(text) or text
    if col.type == "person" and "\n" in text:
        raise CellError("bad-value", "一格只能写一位教师的姓名，这一格有好几行；请每人一行。")
    if col.type == "person" and _PADDED.fullmatch(text):
        return re.sub(r"[\s\u3000\u00a0]+", "", text)  # 张　伟: two-character names padded to line up
    if col.type == "id":
        return text.lower()
    if col.type == "long":
        return text
    return " ".join(text.split("\n")) if "\n" in text else text  # a one-line field: Alt+Enter breaks become spaces


def _year(cell: Cell | None) -> str | None:
    """2015, 2015.0, "2015年", a date cell, a written date or an Excel serial number -> "2015"."""
    if cell is None or (cell.value is None and cell.formula is None):
        return None
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1900 <= value <= 2100 and float(value).is_integer():
        return str(int(value))
    day = cell_date(value)
    if day is not None:
        return str(day.year)
    text = plain(cell)
    m = re.fullmatch(r"(\d{4})(?:\.0+)?\s*(?:年(?:度)?|年\s*\d{1,2}\s*月(?:份)?|[-/.]\d{1,2})?", unicodedata.normalize("NFKC", text or ""))
    return m.group(1) if m else text


def _phone(cell: Cell | None) -> str | None:
    """Digits as written. A number cell lost its leading zero (0571… became 571…) and shows
    as 1.39E+10 when too wide: the zero is put back; a number already cut to 1.39E+10 in a
    CSV cannot be recovered and is an error."""
    if cell is None:
        return None
    value = cell.value
    if isinstance(value, float) and not value.is_integer():
        raise CellError("number-lost", "电话号码被存成了带小数的数字，原来的号码已无法还原。请把该列设为“文本”格式后重新填写。")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = str(int(value))
        mobile = len(digits) == 11 and digits.startswith("1")  # 010 (Beijing) lost its zero too
        return "0" + digits if 9 <= len(digits) <= 11 and not digits.startswith("0") and not mobile else digits
    text = plain(cell)
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text)
    if _SCIENTIFIC.fullmatch(text):
        raise CellError("number-lost", "电话号码被 Excel 显示成了科学计数法（如 1.39E+10），保存时后几位已丢失。请把该列设为“文本”格式，重新填写号码后再导入。")
    return re.sub(r"\.0+$", "", text)
