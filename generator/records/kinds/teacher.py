"""Teachers (师资): each belongs to one pool, with a yearly review history, status changes,
moves between pools and a sharing scope. The contact block is private."""
from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .. import vocab as V
from ..fields import Choice, Email, Items, LongText, Name, Phone, Pool, Ref, Scope, Text, Year
from ..kind import Column, Facet, Kind, Link, Model, Record, State, plain
from .teacher_checks import checks


class Review(Model):
    year: Year = Field(title="复核年份")
    result: Choice(V.REVIEW_RESULT) = Field(title="复核结果")
    note: Text | None = Field(None, title="说明")


class StatusChange(Model):
    year: Year = Field(title="年份")
    status: Choice(V.TEACHER_STATUS) = Field(title="状态")
    reason: Text = Field(title="原因")


class Move(Model):
    year: Year = Field(title="调动年份")
    from_pool: Pool = Field(alias="from", title="调出师资库")
    to_pool: Pool = Field(alias="to", title="调入师资库")
    reason: Text | None = Field(None, title="原因")


class Sharing(Model):
    year: Year = Field(title="生效年份")
    scope: Items(Scope) = Field(title="共享范围", description="all、national 或省级代码；空列表表示不再共享")


class Contact(Model):
    phone: Phone | None = Field(None, title="电话")
    email: Email | None = Field(None, title="电子邮箱")
    address: Text | None = Field(None, title="通信地址")


class TeacherPublic(Record):
    KIND: ClassVar[str] = "teacher"
    name: Name = Field(title="姓名")
    pool: Pool = Field(title="所属师资库", description="national 或省级代码，须与所在目录一致")
    unit: Text = Field(title="工作单位")
    position: Text | None = Field(None, title="职务")
    source: Choice(V.SOURCE) = Field(title="师资来源")
    expertise: Items(Text) = Field(title="擅长领域", min_length=1)
    courses: Items(Ref) = Field(default_factory=list, title="讲授课程", description="课程编号")
    entry_year: Year = Field(title="入库年份")
    reviews: Items(Review) = Field(default_factory=list, title="年度复核")
    status_changes: Items(StatusChange) = Field(default_factory=list, title="状态变化")
    moves: Items(Move) = Field(default_factory=list, title="调动")
    sharing: Items(Sharing) = Field(default_factory=list, title="共享范围变化")
    bio: LongText | None = Field(None, title="简介")


class Teacher(TeacherPublic):
    contact: Contact | None = Field(None, title="联系方式（不公开）")


def own_pool(r, standing) -> str:
    """The teacher's pool in the standing's year (the record's pool when there is none)."""
    return standing.pool if standing and standing.pool else r.pool


def _pools(r, standing) -> list[str]:
    """Where a teacher can be chosen in the standing's year: the own pool, and every pool the
    teacher is shared into while listed."""
    own = own_pool(r, standing)
    shared = [p for p in V.POOLS if standing is not None and standing.listed and V.shared_into(standing.scope, own, p)]
    return [V.pool_label(p) for p in V.ordered_pools([own, *shared])]


def _state(r, standing) -> str:
    return standing.state if standing is not None else ""


def _facts(r, standing, title_of) -> list[str]:
    return [f"{r.unit} {r.position}" if r.position else r.unit, V.pool_label(own_pool(r, standing)), "擅长：" + "、".join(r.expertise)]


KIND = Kind(
    "teacher", "师资", "teachers", Teacher, TeacherPublic, "name", (("courses", "course"),),
    page="teacher", listing="teachers", template="record_teacher.html",
    columns=(
        Column("姓名", lambda r, row: Link("teacher", r.id), "name"),
        # a pool's list says where each teacher shared into it comes from
        Column("所属师资库", lambda r, row: "本库" if row.standing.pool == row.pool else V.pool_label(row.standing.pool), "pool",
               when=lambda listing: listing.group.startswith("pool:")),
        plain("工作单位", "unit"),
        Column("职务", lambda r, row: r.position or "", "position", phone=False),
        plain("师资来源", "source", phone=False),
        plain("擅长领域", "expertise", phone=False),
        Column("{year} 年状态", lambda r, row: State(row.standing.state, row.standing.reason)),
    ),
    note=lambda r: r.unit,
    hint="输入姓名、单位、擅长领域等，按拼音也可以",
    noun="教师",
    search_text=lambda r: [r.name, r.unit, r.position or "", r.source, *r.expertise, V.pool_label(r.pool)],
    facts=_facts,
    state=_state,
    facets=(
        Facet("pool", "师资库", _pools, tuple(V.POOLS.values()), listing=False),
        Facet("status", "名录状态", lambda r, s: [_state(r, s)], tuple(V.DIRECTORY_STATE.values[:-1])),
        Facet("source", "师资来源", lambda r, s: [r.source], tuple(V.SOURCE.values)),
        Facet("expertise", "擅长领域", lambda r, s: list(r.expertise)),
    ),
    checks=checks,
)
