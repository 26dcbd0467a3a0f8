"""Textbooks and outlines (教材): planned, being written, being revised or published."""
from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .. import vocab as V
from ..fields import Choice, Isbn, Items, LongText, Name, Ref, Text, Year
from ..kind import Column, Kind, Link, Record, plain
from ..problems import Finding


class Textbook(Record):
    KIND: ClassVar[str] = "textbook"
    title: Name = Field(title="书名", description="不加书名号")
    kind: Choice(V.TEXTBOOK_KIND) = Field(title="类型")
    editors: Items(Text) = Field(default_factory=list, title="编者")
    publisher: Text | None = Field(None, title="出版社")
    year: Year | None = Field(None, title="出版年份")
    isbn: Isbn | None = Field(None, title="ISBN")
    status: Choice(V.TEXTBOOK_STATUS) = Field(title="状态")
    due: Year | None = Field(None, title="计划完成年份")
    department: Ref = Field(title="负责部门", description="部门编号")
    summary: LongText = Field(title="内容简介")


def _checks(book, path) -> list[Finding]:
    if book.status == "已出版" and book.year is None:
        return [Finding(("status",), "missing-field", "状态为“已出版”时须填写出版年份 year。")]
    return []


KIND = Kind(
    "textbook", "教材", "catalog/textbooks", Textbook, Textbook, "title", (("department", "department"),),
    page="textbook", listing="textbooks", template="record_textbook.html",
    columns=(
        Column("书名", lambda r, row: Link("textbook", r.id), "title"),
        plain("类型", "kind", phone=False),
        plain("状态", "status"),
        Column("年份", lambda r, row: r.year or r.due or "", ("year", "due"), sort="number"),  # published, else due
        Column("负责部门", lambda r, row: Link("department", r.department), "department", phone=False),
    ),
    note=lambda r: r.status,
    search_text=lambda r: [r.title, r.kind, *r.editors, r.summary],
    filters=lambda r, state: {"状态": [r.status]},
    info=lambda r, title_of: f"教材 · {r.kind} · {r.status}",
    checks=_checks,
)
