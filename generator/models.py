"""Record models: one pydantic model per kind, with Chinese titles for messages, docs and
editor completion.

Scalars arrive as strings (see load.py); the types below convert them and fail with a
stable problem code and a Chinese message. Personal data lives only in the private
subclasses (``Teacher.contact``, ``Base.contact``); the ``*Public`` models are what every
publishing stage receives (``public()``), so a template cannot reach a phone number.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator
from pydantic_core import PydanticCustomError

from . import vocab as V

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
HANDLE_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
YEAR_MIN, YEAR_MAX = 1900, 2100
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # YAML lets tabs, CR and NEL through


def fail(code: str, message: str):
    # the template is a fixed placeholder so braces in contributor text are never interpreted
    raise PydanticCustomError(code, "{msg}", {"msg": message})


def shown(value: Any, limit: int = 30) -> str:
    text = str(value)
    text = text if len(text) <= limit else text[:limit] + "…"
    return "“" + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + "”"


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射（键: 值）"
    return "空值" if value is None else "文本"


def _text(max_len: int, multiline: bool):
    def check(value: Any) -> str:
        if value is None:
            fail("empty-value", "不能为空。")
        if not isinstance(value, str):
            fail("bad-type", f"应为一段文本，而这里是{_kind_of(value)}。")
        text = value.strip()
        if not text:
            fail("empty-value", "不能为空。")
        if not multiline and "\n" in text:
            fail("bad-value", "应为一行文本，不能换行。")
        bad = _CONTROL.search(text)
        if bad:
            fail("bad-value", f"含有控制字符（U+{ord(bad.group()):04X}，如制表符），请删除或换成空格。")
        if len(text) > max_len:
            fail("too-long", f"最多 {max_len} 个字符，现在有 {len(text)} 个，请精简。")
        return text

    return PlainValidator(check, json_schema_input_type=str)


Text = Annotated[str, _text(120, False)]
LongText = Annotated[str, _text(5000, True)]  # Markdown; rendered then sanitised by the site


def _scalar(value: Any) -> str:
    if value is None:
        fail("empty-value", "不能为空。")
    if not isinstance(value, str):
        fail("bad-type", f"应为单个值，而这里是{_kind_of(value)}。")
    return value.strip()


def _year(value: Any) -> int:
    text = _scalar(value)
    if not re.fullmatch(r"[0-9]{4}", text):
        fail("bad-year", f"{shown(text)} 不是年份，请写四位数字，例如 2015。")
    year = int(text)
    if not YEAR_MIN <= year <= YEAR_MAX:
        fail("bad-year", f"{year} 不是合理的年份（应在 {YEAR_MIN}–{YEAR_MAX} 之间）。")
    return year


Year = Annotated[int, PlainValidator(_year, json_schema_input_type=int)]


def _count(value: Any) -> int:
    text = _scalar(value)
    if not re.fullmatch(r"[0-9]{1,7}", text) or int(text) == 0:
        fail("bad-value", f"{shown(text)} 不是正整数，请只写数字，例如 300。")
    return int(text)


Count = Annotated[int, PlainValidator(_count, json_schema_input_type=int)]


def _hours(value: Any) -> float:
    text = _scalar(value)
    if not re.fullmatch(r"[0-9]{1,4}(\.[0-9])?", text) or float(text) == 0:
        fail("bad-value", f"{shown(text)} 不是有效的学时数，请写正数，最多一位小数，例如 3 或 1.5。")
    hours = float(text)
    if hours > 1000:
        fail("bad-value", f"{text} 学时过多（上限 1000），请检查。")
    return hours


Hours = Annotated[float, PlainValidator(_hours, json_schema_input_type=float)]

_TRUE = {"true": True, "false": False, "是": True, "否": False}


def _flag(value: Any) -> bool:
    text = _scalar(value)
    if text.lower() not in _TRUE:
        fail("bad-value", f"{shown(text)} 不是是/否值，请写 true（是）或 false（否）。")
    return _TRUE[text.lower()]


Flag = Annotated[bool, PlainValidator(_flag, json_schema_input_type=bool)]


def _id(value: Any) -> str:
    text = _scalar(value)
    if not ID_RE.fullmatch(text):
        fail(
            "bad-id",
            f"{shown(text)} 不是有效的编号：只能用小写字母、数字和连字符“-”，以字母或数字开头，2–63 个字符；"
            "人名用拼音，例如 zhang-wei、zhang-wei-2。",
        )
    return text


Id = Annotated[str, PlainValidator(_id, json_schema_input_type=str)]


def _ref(value: Any) -> str:
    # format problems surface as unknown-ref with a suggestion, in the cross-record stage
    return _scalar(value)


Ref = Annotated[str, PlainValidator(_ref, json_schema_input_type=str)]


def suggest(value: str, candidates, cutoff: float = 0.6) -> str | None:
    """The closest candidate for a misspelt value, or None."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    pool = list(candidates)
    for cand in pool:
        if unicodedata.normalize("NFKC", str(cand)).casefold() == folded:
            return cand
    flat = folded.replace("-", "").replace("_", "").replace(" ", "")
    for cand in pool:
        if str(cand).replace("-", "").replace("_", "") == flat:
            return cand
    found = get_close_matches(folded, [str(c) for c in pool], n=1, cutoff=cutoff)
    return found[0] if found else None


def _vocab(vocabulary: V.Vocab):
    def check(value: Any) -> str:
        text = _scalar(value)
        if text in vocabulary:
            return text
        guess = None
        if text in vocabulary.by_slug:
            guess = vocabulary.by_slug[text].value
        else:
            guess = next((v for v in vocabulary.values if text and (text in v or v in text)), None)
            guess = guess or suggest(text, vocabulary.values, cutoff=0.5)
        hint = f"是否为“{guess}”？" if guess else ""
        fail("bad-vocab", f"{shown(text)} 不是可选的{vocabulary.label}。{hint}可选值：{'、'.join(vocabulary.values)}。")

    return PlainValidator(check, json_schema_input_type=str)


def Choice(vocabulary: V.Vocab):  # noqa: N802 - reads as a type in model fields
    return Annotated[str, _vocab(vocabulary), Field(json_schema_extra={"enum": vocabulary.values})]


def _province(value: Any) -> str:
    text = _scalar(value)
    if text in V.PROVINCES:
        return text
    guess = next((c for c, (name, short) in V.PROVINCES.items() if text in (name, short)), None)
    hint = f"是否为 {guess}（{V.province_name(guess)}）？" if guess else "例如 330000 表示浙江省。"
    fail("bad-vocab", f"{shown(text)} 不是省级行政区划代码（GB/T 2260 六位代码，兵团为 660000）。{hint}")


Province = Annotated[str, PlainValidator(_province, json_schema_input_type=str), Field(json_schema_extra={"enum": list(V.PROVINCES)})]


def _pool(value: Any) -> str:
    text = _scalar(value)
    if text == V.NATIONAL or text in V.PROVINCES:
        return text
    guess = next((c for c, (name, short) in V.PROVINCES.items() if text in (name, short)), None)
    if text in ("全国", "全国师资库"):
        guess = V.NATIONAL
    hint = f"是否为 {guess}？" if guess else ""
    fail("bad-vocab", f"{shown(text)} 不是师资库代码：全国师资库写 national，省级师资库写六位行政区划代码（如 330000）。{hint}")


Pool = Annotated[str, PlainValidator(_pool, json_schema_input_type=str), Field(json_schema_extra={"enum": [V.NATIONAL, *V.PROVINCES]})]


def _scope(value: Any) -> str:
    text = _scalar(value)
    if text == V.ALL_POOLS:
        return text
    try:
        return _pool(text)
    except PydanticCustomError:
        fail("bad-vocab", f"{shown(text)} 不是共享范围：写 all（所有师资库）、national 或省级代码（如 330000）。")


Scope = Annotated[str, PlainValidator(_scope, json_schema_input_type=str)]


def _handle(value: Any) -> str:
    text = _scalar(value)
    if text.startswith("@"):
        fail("bad-value", f"{shown(text)}：GitHub 用户名前不要加“@”。")
    if not HANDLE_RE.fullmatch(text):
        fail("bad-value", f"{shown(text)} 不是有效的 GitHub 用户名（字母、数字和单个连字符，最多 39 个字符）。")
    return text


Handle = Annotated[str, PlainValidator(_handle, json_schema_input_type=str)]


def isbn_ok(digits: str) -> bool:
    if len(digits) == 13 and digits.isdigit():
        return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        return total % 11 == 0
    return False


def _isbn(value: Any) -> str:
    text = _scalar(value)
    digits = re.sub(r"[- ]", "", text.upper().removeprefix("ISBN").strip())
    if not isbn_ok(digits):
        fail("bad-isbn", f"{shown(text)} 不是有效的 ISBN：应为 10 位或 13 位，且校验位正确；请对照图书版权页核对。")
    return text


Isbn = Annotated[str, PlainValidator(_isbn, json_schema_input_type=str)]


def _phone(value: Any) -> str:
    text = _scalar(value)
    if not re.fullmatch(r"\+?[0-9][0-9 ()\-]{5,24}", text):
        fail("bad-value", f"{shown(text)} 不是电话号码，只能包含数字、空格、括号、“+”和“-”。")
    return text


def _email(value: Any) -> str:
    text = _scalar(value)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        fail("bad-value", f"{shown(text)} 不是电子邮箱地址。")
    return text


Phone = Annotated[str, PlainValidator(_phone, json_schema_input_type=str)]
Email = Annotated[str, PlainValidator(_email, json_schema_input_type=str)]


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value  # "topics:" with nothing after it means no topics


def Items(item):  # noqa: N802
    return Annotated[list[item], BeforeValidator(_none_as_empty)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False, hide_input_in_errors=True)


class Record(Model):
    KIND: ClassVar[str] = ""
    id: Id = Field(title="编号", description="与文件名相同；小写字母、数字和连字符，人名用拼音")


# Departments ------------------------------------------------------------------------
class Department(Record):
    KIND: ClassVar[str] = "department"
    name: Text = Field(title="全称", description="如：中共浙江省委组织部")
    short_name: Text | None = Field(None, title="简称", description="如：浙江省委组织部")
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
    levels: Items(Choice(V.AUDIENCE_LEVEL)) = Field(default_factory=list, title="层级")
    roles: Items(Choice(V.AUDIENCE_ROLE)) = Field(default_factory=list, title="对象")


class Course(Record):
    KIND: ClassVar[str] = "course"
    title: Text = Field(title="课程名称")
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
    title: Text = Field(title="书名", description="不加书名号")
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
    name: Text = Field(title="名称")
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
    model_config = ConfigDict(populate_by_name=True)
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
    name: Text = Field(title="姓名")
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


def public(record: Record) -> Record:
    """The public projection of a record: a *Public model without any private field."""
    kind = KINDS[record.KIND]
    if kind.public is kind.model:
        return record
    fields = kind.public.model_fields
    return kind.public.model_construct(
        _fields_set=record.model_fields_set & fields.keys(), **{name: getattr(record, name) for name in fields}
    )
