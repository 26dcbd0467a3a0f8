"""Departments (部门): the organisation departments that contribute records and own pools."""
from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .. import vocab as V
from ..fields import Choice, Handle, Items, LongText, Name, Pool, Province, Ref, Text, Year
from ..kind import Column, Facet, Kind, Link, PoolLink, Record, plain
from ..problems import Finding


class Department(Record):
    KIND: ClassVar[str] = "department"
    name: Name = Field(title="全称", description="如：中共浙江省委组织部")
    short_name: Name | None = Field(None, title="简称", description="如：浙江省委组织部")
    level: Choice(V.DEPT_LEVEL) = Field(title="层级")
    type: Choice(V.DEPT_TYPE) = Field(title="类型")
    province: Province | None = Field(None, title="省份", description="省级行政区划代码；中央层级可不填")
    city: Text | None = Field(None, title="城市")
    parent: Ref | None = Field(None, title="上级部门", description="上级部门的编号")
    pool: Pool | None = Field(None, title="负责的师资库", description="national 或省级代码；不负责师资库可不填")
    pool_since: Year | None = Field(None, title="师资库建立年份", description="负责的师资库建立的年份")
    maintainers: Items(Handle) = Field(default_factory=list, title="维护人", description="负责审核本部门记录的 GitHub 用户名")
    summary: LongText | None = Field(None, title="简介")


def _checks(dept, path) -> list[Finding]:
    out = []
    if dept.parent == dept.id:
        out.append(Finding(("parent",), "self-ref", "上级部门不能是本部门自己。"))
    if dept.level in ("省", "市", "县") and dept.province is None:
        out.append(Finding(("level",), "missing-field", f"层级为“{dept.level}”的部门须填写所在省份 province（省级行政区划代码）。"))
    if dept.level != "中央" and dept.parent is None:
        out.append(Finding(("level",), "missing-field", f"层级为“{dept.level}”的部门须填写上级部门 parent。"))
    if dept.pool_since is not None and dept.pool is None:
        out.append(Finding(("pool_since",), "missing-field", "填写了师资库建立年份 pool_since，却没有填写负责的师资库 pool。"))
    if dept.pool == V.NATIONAL and dept.level != "中央":
        out.append(Finding(("pool",), "pool-mismatch", "全国师资库（national）只能由中央层级的部门负责。"))
    elif dept.pool not in (None, V.NATIONAL) and dept.province not in (None, dept.pool):
        out.append(
            Finding(
                ("pool",),
                "pool-mismatch",
                f"本部门在 {V.province_name(dept.province)}（{dept.province}），却负责 {V.pool_label(dept.pool)}（{dept.pool}）；"
                "省级师资库应由本省的部门负责。",
            )
        )
    return out


def _count(backrefs: str):
    return lambda r, row: len(getattr(row.views, backrefs).get(r.id, []))


KIND = Kind(
    "department", "部门", "catalog/departments", Department, Department, "name", (("parent", "department"),),
    page="department", listing="departments", template="record_department.html",
    columns=(
        Column("名称", lambda r, row: Link("department", r.id), "name"),
        Column("层级", lambda r, row: V.level_text(r.level), "level"),
        plain("类型", "type", phone=False),
        Column("所在地", lambda r, row: V.province_name(r.province) if r.province else "", "province", phone=False),
        Column("课程", _count("department_courses"), sort="number", phone=False),
        Column("教材", _count("department_textbooks"), sort="number", phone=False),
        Column("基地", _count("department_bases"), sort="number", phone=False),
        Column("师资库", lambda r, row: PoolLink(r.pool) if r.pool else "", "pool"),
    ),
    note=lambda r: V.level_text(r.level),
    hint="输入部门名称",
    noun="部门",
    search_text=lambda r: [r.name, r.short_name or "", r.summary or ""],
    facts=lambda r, s, title_of: [V.level_text(r.level), r.type, V.place_text(r.province, r.city) if r.province else ""],
    facets=(
        Facet("level", "部门层级", lambda r, s: [V.level_text(r.level)], tuple(V.level_text(v) for v in V.DEPT_LEVEL.values)),
        Facet("type", "部门类型", lambda r, s: [r.type], tuple(V.DEPT_TYPE.values)),
        Facet("province", "所在省份", lambda r, s: [V.province_name(r.province)] if r.province else [], tuple(n for n, _ in V.PROVINCES.values())),
    ),
    checks=_checks,
)
