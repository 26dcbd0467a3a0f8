"""Training bases (培训基地): party-spirit bases, on-site teaching bases, party schools,
administration institutes and cadre colleges. The contact block is private."""
from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .. import vocab as V
from ..fields import Choice, Count, Email, Items, LongText, Name, Phone, Province, Ref, Text, Year
from ..kind import Column, Facet, Group, Kind, Link, Model, Record, plain


class BaseContact(Model):
    person: Text | None = Field(None, title="联系人")
    phone: Phone | None = Field(None, title="电话")
    email: Email | None = Field(None, title="电子邮箱")


class BasePublic(Record):
    KIND: ClassVar[str] = "base"
    name: Name = Field(title="名称")
    type: Choice(V.BASE_TYPE) = Field(title="基地类型")
    province: Province = Field(title="省份", description="省级行政区划代码")
    city: Text = Field(title="城市")
    address: Text | None = Field(None, title="地址", description="机构地址（公开）")
    themes: Items(Text) = Field(default_factory=list, title="教学主题")
    capacity: Count | None = Field(None, title="可容纳学员（人）")
    department: Ref | None = Field(None, title="主管部门", description="部门编号")
    since: Year | None = Field(None, title="设立年份")
    summary: LongText = Field(title="简介")


class Base(BasePublic):
    contact: BaseContact | None = Field(None, title="联系方式（不公开）")


KIND = Kind(
    "base", "培训基地", "catalog/bases", Base, BasePublic, "name", (("department", "department"),),
    page="base", listing="bases", template="record_training_base.html",
    columns=(
        Column("名称", lambda r, row: Link("base", r.id), "name"),
        plain("类型", "type"),
        Column("所在地", lambda r, row: V.place_text(r.province, r.city), "city"),
        Column("主管部门", lambda r, row: Link("department", r.department) if r.department else "", "department", phone=False),
    ),
    note=lambda r: f"{r.type} · {V.province_name(r.province)}",
    hint="输入名称、城市、教学主题等",
    noun="培训基地",
    search_text=lambda r: [r.name, r.type, r.city, *r.themes, r.summary],
    facts=lambda r, s, title_of: [r.type, V.place_text(r.province, r.city), title_of("department", r.department) if r.department else ""],
    facets=(
        Facet("type", "基地类型", lambda r, s: [r.type], tuple(V.BASE_TYPE.values)),
        Facet("province", "所在省份", lambda r, s: [V.province_name(r.province)], tuple(n for n, _ in V.PROVINCES.values())),
        Facet("theme", "教学主题", lambda r, s: list(r.themes), search=False),
    ),
    groups=(
        Group("type", "类型", lambda r: [r.type], V.BASE_TYPE),
        Group("province", "省份", lambda r: [r.province], title=lambda code: f"{V.province_name(code)}的培训基地", name=V.province_name),
    ),
)
