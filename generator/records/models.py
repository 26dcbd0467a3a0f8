"""Record models: one pydantic model per kind, with Chinese titles for messages, docs and
editor completion.

Field types (fields.py) convert the strings YAML gave and fail with a stable problem code
and a Chinese message. Personal data lives only in the private
subclasses (``Teacher.contact``, ``Base.contact``); the ``*Public`` models are what every
publishing stage receives (``public()``), so a template cannot reach a phone number.
"""
from __future__ import annotations

import functools
import typing
from dataclasses import dataclass
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from . import vocab as V
from .fields import (
    FREE_TEXT,
    MARKDOWN,
    Choice,
    Email,
    Count,
    Flag,
    Handle,
    Hours,
    Id,
    Isbn,
    Items,
    LongText,
    Name,
    Phone,
    Pool,
    Province,
    Ref,
    Scope,
    Text,
    Year,
)

class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False, hide_input_in_errors=True)


class Record(Model):
    KIND: ClassVar[str] = ""
    id: Id = Field(title="编号", description="与文件名相同；小写字母、数字和连字符，人名用拼音")


# Departments ------------------------------------------------------------------------
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
    maintainers: Items(Handle) = Field(default_factory=list, title="维护人", description="负责审核本部门记录的 GitHub 用户名")
    summary: LongText | None = Field(None, title="简介")


# Courses -----------------------------------------------------------------------------
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


# Textbooks ---------------------------------------------------------------------------
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


# Bases -------------------------------------------------------------------------------
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


# Teachers ----------------------------------------------------------------------------
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


# Kinds -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    name: str  # ASCII name, also the model's KIND
    label: str  # Chinese name
    folder: str  # relative to the data root
    model: type[Record]
    public: type[Record]  # what publishing stages may see
    title_field: str  # the field that names a record
    refs: tuple[tuple[str, str], ...] = ()  # (field, kind it points to)

    @functools.cached_property
    def private_fields(self) -> frozenset[str]:
        return frozenset(self.model.model_fields) - frozenset(self.public.model_fields)

    @functools.cached_property
    def markdown_fields(self) -> frozenset[str]:
        """Fields the site renders as Markdown (the others are shown as plain text)."""
        return frozenset(name for name, info in self.model.model_fields.items() if _marked(info, MARKDOWN))

    @functools.cached_property
    def text_spec(self) -> dict:
        """Where a record holds free text (data key -> True, or the spec of a nested record):
        codes, years, numbers and vocabulary values cannot hold contact data or markup."""
        return text_spec(self.model)


def text_spec(model: type[BaseModel]) -> dict:
    spec: dict = {}
    for name, info in model.model_fields.items():
        if _marked(info, FREE_TEXT):
            spec[info.alias or name] = True
        else:
            inner = _inner_model(info.annotation)
            if inner is not None and (nested := text_spec(inner)):
                spec[info.alias or name] = nested
    return spec


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("department", "部门", "catalog/departments", Department, Department, "name", (("parent", "department"),)),
        Kind(
            "course",
            "课程",
            "catalog/courses",
            Course,
            Course,
            "title",
            (("provider", "department"), ("teachers", "teacher"), ("textbooks", "textbook"), ("bases", "base"), ("related", "course")),
        ),
        Kind("textbook", "教材", "catalog/textbooks", Textbook, Textbook, "title", (("department", "department"),)),
        Kind("base", "培训基地", "catalog/bases", Base, BasePublic, "name", (("department", "department"),)),
        Kind("teacher", "师资", "teachers", Teacher, TeacherPublic, "name", (("courses", "course"),)),
    )
}


def _marked(info, marker) -> bool:
    """The field's type carries the marker (Optional[LongText] keeps it inside the union,
    Items(Text) inside the list)."""

    def inside(annotation) -> bool:
        return any(marker in getattr(arg, "__metadata__", ()) or inside(arg) for arg in typing.get_args(annotation))

    return marker in info.metadata or inside(info.annotation)


def _field_of(model: type[BaseModel] | None, name: str):
    if model is None:
        return None
    for attr, info in model.model_fields.items():
        if (info.alias or attr) == name:
            return info
    return None


def _inner_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None


def describe(model: type[BaseModel], loc: tuple) -> tuple[str, str | None, type[BaseModel] | None]:
    """("reviews[2].year", "复核年份", model owning the last field) for a path into a record."""
    shown = ""
    title = None
    owner: type[BaseModel] | None = model
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            shown += f"[{part}]"
            continue
        shown += ("." if shown else "") + str(part)
        info = _field_of(current, str(part))
        owner = current
        title = info.title if info else None
        current = _inner_model(info.annotation) if info else None
    return shown, title, owner


def public(record: Record) -> Record:
    """The public projection of a record: a *Public model without any private field."""
    kind = KINDS[record.KIND]
    if kind.public is kind.model:
        return record
    fields = kind.public.model_fields
    return kind.public.model_construct(
        _fields_set=record.model_fields_set & fields.keys(), **{name: getattr(record, name) for name in fields}
    )
