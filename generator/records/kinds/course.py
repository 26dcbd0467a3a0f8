"""Courses (课程): what is taught, by whom, with which textbooks and at which bases."""
from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .. import vocab as V
from ..fields import Choice, Flag, Hours, Items, LongText, Name, Ref, Text, Year
from ..kind import Column, Facet, Group, Kind, Link, Model, Record, State, plain
from ..problems import Finding


class Audience(Model):
    levels: Items(Choice(V.AUDIENCE_LEVEL)) = Field(title="层级", min_length=1)
    roles: Items(Choice(V.AUDIENCE_ROLE)) = Field(title="对象", min_length=1)


class Course(Record):
    KIND: ClassVar[str] = "course"
    title: Name = Field(title="课程名称")
    category: Choice(V.CATEGORY) = Field(title="课程类别")
    topics: Items(Text) = Field(default_factory=list, title="专题")
    methods: Items(Choice(V.METHOD)) = Field(title="培训方式", min_length=1)
    audience: Audience = Field(title="培训对象")
    hours: Hours = Field(title="学时")
    business_training: Flag = Field(title="计入组织工作业务培训学时", description="true 或 false")
    delivery: Items(Choice(V.DELIVERY)) = Field(title="授课形式", min_length=1)
    provider: Ref = Field(title="开发部门", description="部门编号")
    teachers: Items(Ref) = Field(default_factory=list, title="授课教师", description="师资编号")
    textbooks: Items(Ref) = Field(default_factory=list, title="配套教材", description="教材编号")
    bases: Items(Ref) = Field(default_factory=list, title="教学基地", description="培训基地编号")
    related: Items(Ref) = Field(default_factory=list, title="相关课程", description="课程编号")
    summary: LongText = Field(title="课程简介")
    status: Choice(V.COURSE_STATUS) = Field(title="状态")
    since: Year = Field(title="开设年份")


def _checks(course, path) -> list[Finding]:
    if course.id in course.related:
        return [Finding(("related", course.related.index(course.id)), "self-ref", "相关课程中不能包含本课程自己。")]
    return []


KIND = Kind(
    "course", "课程", "catalog/courses", Course, Course, "title",
    (("provider", "department"), ("teachers", "teacher"), ("textbooks", "textbook"), ("bases", "base"), ("related", "course")),
    page="course", listing="courses", template="record_course.html",
    columns=(
        Column("课程名称", lambda r, row: Link("course", r.id), "title"),
        plain("类别", "category"),
        plain("培训方式", "methods", phone=False),
        Column("学时", lambda r, row: V.hours_text(r.hours), "hours", sort="number"),
        Column("开发部门", lambda r, row: Link("department", r.provider), "provider", phone=False),
        Column("状态", lambda r, row: State(r.status), "status"),
    ),
    note=lambda r: r.category,
    hint="输入课程名称、专题等",
    noun="课程",
    search_text=lambda r: [r.title, r.category, *r.topics, *r.methods, r.summary],
    facts=lambda r, s, title_of: [r.category, f"{V.hours_text(r.hours)} 学时", "、".join(r.methods), title_of("department", r.provider)],
    state=lambda r, s: r.status,
    facets=(
        Facet("category", "课程类别", lambda r, s: [r.category], tuple(V.CATEGORY.values)),
        Facet("method", "培训方式", lambda r, s: list(r.methods), tuple(V.METHOD.values)),
        Facet("delivery", "授课形式", lambda r, s: list(r.delivery), tuple(V.DELIVERY.values)),
        Facet("level", "培训对象", lambda r, s: list(r.audience.levels), tuple(V.AUDIENCE_LEVEL.values)),
        Facet("topic", "专题", lambda r, s: list(r.topics), search=False),
        Facet("status", "课程状态", lambda r, s: [r.status], tuple(V.COURSE_STATUS.values)),
    ),
    groups=(
        Group("category", "类别", lambda r: [r.category], V.CATEGORY, title=lambda value: f"{value}类课程"),
        Group("method", "培训方式", lambda r: r.methods, V.METHOD, title=lambda value: f"{value}课程"),
    ),
    checks=_checks,
)
