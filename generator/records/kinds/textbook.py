"""Textbooks and outlines (教材): planned, being written, being revised or published."""
from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .. import vocab as V
from ..fields import Choice, Isbn, Items, LongText, Name, Ref, Text, Year
from ..kind import Column, Facet, Kind, Link, Record, State, plain
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
        Column("状态", lambda r, row: State(r.status), "status"),
        Column("出版年份", lambda r, row: r.year or "", "year", sort="number"),
        Column("计划完成", lambda r, row: r.due or "", "due", sort="number", phone=False),
        Column("负责部门", lambda r, row: Link("department", r.department), "department", phone=False),
    ),
    note=lambda r: r.status,
    hint="输入书名、编者等",
    noun="教材",
    search_text=lambda r: [r.title, r.kind, *r.editors, r.summary],
    facts=lambda r, s, title_of: [r.kind, f"{r.year} 年出版" if r.year else (f"计划 {r.due} 年完成" if r.due else ""), title_of("department", r.department)],
    state=lambda r, s: r.status,
    facets=(
        Facet("kind", "教材类型", lambda r, s: [r.kind], tuple(V.TEXTBOOK_KIND.values)),
        Facet("status", "教材状态", lambda r, s: [r.status], tuple(V.TEXTBOOK_STATUS.values)),
    ),
    checks=_checks,
)
