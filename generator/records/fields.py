"""Field types of the record models: each converts the string YAML gave (see load.py) and
fails with a stable problem code and a Chinese message that names the wrong value.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from difflib import get_close_matches
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from . import vocab as V
from .privacy import FILLERS, FORMAT_CHARS
from .problems import quote

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
HANDLE_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
YEAR_MIN, YEAR_MAX = 1900, 2100
# YAML lets tabs, CR and NEL through; every format character (zero-width spaces, bidi
# overrides, soft hyphens…) and the blank "letters" such as U+3164 are invisible too
_CONTROL = re.compile(f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029{FORMAT_CHARS}{FILLERS}]")


def fail(code: str, message: str):
    # the template is a fixed placeholder so braces in contributor text are never interpreted
    raise PydanticCustomError(code, "{msg}", {"msg": message})


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射（键: 值）"
    return "空值" if value is None else "文本"


def _scalar_schema(text: dict, *others: str) -> dict:
    """Text as the editor sees it: YAML 1.2 reads `title: 2035` as a number, `id: 123` as an
    integer, while peixun reads every scalar as text; so those forms are accepted too."""
    return {"anyOf": [text, {"type": list(others) or ["number", "boolean"]}]}


def _text(max_len: int, multiline: bool, name: bool = False):
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
            fail("bad-value", f"含有控制字符或不可见字符（U+{ord(bad.group()):04X}，如制表符、零宽空格），请删除。")
        if len(text) > max_len:
            fail("too-long", f"最多 {max_len} 个字符，现在有 {len(text)} 个，请精简。")
        if name and not any(unicodedata.category(c).startswith("L") for c in text):
            fail("bad-value", f"{quote(text)} 中没有一个文字（汉字或字母），名称和标题至少要有一个。")
        return text

    return PlainValidator(check, json_schema_input_type=str)


class Marker:
    """A mark on a field type that other stages read (see models.Kind)."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Marker({self.name})"


FREE_TEXT = Marker("free text")  # what a contributor writes freely: checked for contact data and markup
MARKDOWN = Marker("markdown")  # rendered as Markdown by the site

Text = Annotated[str, _text(120, False), FREE_TEXT, WithJsonSchema(_scalar_schema({"type": "string", "minLength": 1, "maxLength": 120, "pattern": "^[^\\n]*$"}))]
Name = Annotated[str, _text(120, False, name=True), FREE_TEXT, WithJsonSchema(_scalar_schema({"type": "string", "minLength": 1, "maxLength": 120, "pattern": "^[^\\n]*$"}))]  # names and titles: a letter at least
LongText = Annotated[str, _text(5000, True), FREE_TEXT, MARKDOWN, WithJsonSchema(_scalar_schema({"type": "string", "minLength": 1, "maxLength": 5000}))]  # Markdown; rendered then sanitised by the site


def _scalar(value: Any) -> str:
    if value is None:
        fail("empty-value", "不能为空。")
    if not isinstance(value, str):
        fail("bad-type", f"应为单个值，而这里是{_kind_of(value)}。")
    return value.strip()


# JSON Schemas (peixun schema) describe what an editor sees in the YAML: a year may be
# written 2015 or "2015", a code 330000 or "330000"; the validators accept both
_YEAR_SCHEMA = {"anyOf": [{"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}, {"type": "string", "pattern": "^[0-9]{4}$"}]}


def _codes(*extra: str) -> dict:
    return {"enum": [*extra, *V.PROVINCES, *(int(c) for c in V.PROVINCES)]}


def _year(value: Any) -> int:
    text = _scalar(value)
    if not re.fullmatch(r"[0-9]{4}", text):
        fail("bad-year", f"{quote(text)} 不是年份，请写四位数字，例如 2015。")
    year = int(text)
    if not YEAR_MIN <= year <= YEAR_MAX:
        fail("bad-year", f"{year} 不是合理的年份（应在 {YEAR_MIN}–{YEAR_MAX} 之间）。")
    return year


Year = Annotated[int, PlainValidator(_year, json_schema_input_type=int), WithJsonSchema(_YEAR_SCHEMA)]


def _count(value: Any) -> int:
    text = _scalar(value)
    if not re.fullmatch(r"[1-9][0-9]{0,6}", text):
        fail("bad-value", f"{quote(text)} 不是正整数，请只写数字，例如 300。")
    return int(text)


Count = Annotated[int, PlainValidator(_count, json_schema_input_type=int), WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1, "maximum": 9999999}, {"type": "string", "pattern": "^[1-9][0-9]{0,6}$"}]})]


def _hours(value: Any) -> float:
    text = _scalar(value)
    if not re.fullmatch(r"(?:[1-9][0-9]{0,3}|0)(\.[0-9])?", text) or float(text) == 0:
        fail("bad-value", f"{quote(text)} 不是有效的学时数，请写正数，最多一位小数，例如 3 或 1.5。")
    hours = float(text)
    if hours > 1000:
        fail("bad-value", f"{text} 学时过多（上限 1000），请检查。")
    return hours


Hours = Annotated[float, PlainValidator(_hours, json_schema_input_type=float), WithJsonSchema({"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 1000}, {"type": "string", "pattern": "^[0-9]{1,4}(\\.[0-9])?$"}]})]

def _date(value: Any) -> str:
    text = _scalar(value)
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
    if not match:
        fail("bad-value", f"{quote(text)} 不是日期，请按“年-月-日”写，例如 2015-04-20。")
    year, month, day = (int(g) for g in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        fail("bad-value", f"{quote(text)} 不是存在的日期，请检查月份和日期。")
    if not YEAR_MIN <= year <= YEAR_MAX:
        fail("bad-year", f"{year} 不是合理的年份（应在 {YEAR_MIN}–{YEAR_MAX} 之间）。")
    return f"{year:04d}-{month:02d}-{day:02d}"


# written 2015-04-20 (YAML would read an unquoted date as a date: the loader keeps it text)
Date = Annotated[str, PlainValidator(_date, json_schema_input_type=str), WithJsonSchema({"type": "string", "pattern": "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"})]

_TRUE = {"true": True, "false": False, "是": True, "否": False}


def _flag(value: Any) -> bool:
    text = _scalar(value)
    if text.lower() not in _TRUE:
        fail("bad-value", f"{quote(text)} 不是是/否值，请写 true（是）或 false（否）。")
    return _TRUE[text.lower()]


Flag = Annotated[bool, PlainValidator(_flag, json_schema_input_type=bool), WithJsonSchema({"enum": [True, False, "是", "否", "true", "false", "True", "False", "TRUE", "FALSE"]})]


def _id(value: Any) -> str:
    text = _scalar(value)
    if not ID_RE.fullmatch(text):
        fail(
            "bad-id",
            f"{quote(text)} 不是有效的编号：只能用小写字母、数字和连字符“-”，以字母或数字开头，2–63 个字符；"
            "人名用拼音，例如 zhang-wei、zhang-wei-2。",
        )
    return text


Id = Annotated[str, PlainValidator(_id, json_schema_input_type=str), FREE_TEXT, WithJsonSchema(_scalar_schema({"type": "string", "pattern": ID_RE.pattern}, "integer"))]


def _ref(value: Any) -> str:
    # format problems surface as unknown-ref with a suggestion, in the cross-record stage
    text = _scalar(value)
    if not text:
        fail("empty-value", "不能为空。")
    return text


Ref = Annotated[str, PlainValidator(_ref, json_schema_input_type=str), WithJsonSchema(_scalar_schema({"type": "string", "minLength": 1}))]


def fold(text: str) -> str:
    """Case- and width-insensitive form of a name: ＺＨＡＮＧ-Wei -> zhang-wei."""
    return unicodedata.normalize("NFKC", text).casefold()


class Suggester:
    """'Did you mean' over a set of names: exact after case/width folding, then without
    hyphens, then the closest spelling. Large sets (tens of thousands of ids) only compare
    names with the same first letter and a similar length."""

    def __init__(self, names, cutoff: float = 0.6):
        self.names = sorted(str(n) for n in names)
        self.cutoff = cutoff
        self.folded = {fold(n): n for n in self.names}
        self.flat = {fold(n).replace("-", "").replace("_", ""): n for n in self.names}
        self.by_head: dict[str, list[str]] = {}
        for n in self.names:
            self.by_head.setdefault(fold(n)[:1], []).append(n)

    def __call__(self, value: str) -> str | None:
        folded = fold(value)
        if folded in self.folded:
            return self.folded[folded]
        flat = folded.replace("-", "").replace("_", "").replace(" ", "")
        if flat in self.flat:
            return self.flat[flat]
        near = self.names
        if len(near) > 200:
            near = [n for n in self.by_head.get(folded[:1], ()) if abs(len(n) - len(folded)) <= 3]
        found = get_close_matches(folded, near, n=1, cutoff=self.cutoff)
        return found[0] if found else None


def suggest(value: str, names, cutoff: float = 0.6) -> str | None:
    return Suggester(names, cutoff)(value)


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
        fail("bad-vocab", f"{quote(text)} 不是可选的{vocabulary.label}。{hint}可选值：{'、'.join(vocabulary.values)}。")

    return PlainValidator(check, json_schema_input_type=str)


def Choice(vocabulary: V.Vocab):  # noqa: N802 - reads as a type in model fields
    return Annotated[str, _vocab(vocabulary), WithJsonSchema({"enum": list(vocabulary.values)})]


def _province(value: Any) -> str:
    text = _scalar(value)
    if text in V.PROVINCES:
        return text
    guess = next((c for c, (name, short) in V.PROVINCES.items() if text in (name, short)), None)
    hint = f"是否为 {guess}（{V.province_name(guess)}）？" if guess else "例如 330000 表示浙江省。"
    fail("bad-vocab", f"{quote(text)} 不是省级行政区划代码（GB/T 2260 六位代码，兵团为 660000）。{hint}")


Province = Annotated[str, PlainValidator(_province, json_schema_input_type=str), WithJsonSchema(_codes())]


def _pool_guess(text: str) -> str | None:
    """The pool code a contributor meant by a Chinese name (浙江, 浙江省, 全国…)."""
    if text in ("全国", "全国师资库"):
        return V.NATIONAL
    return next((c for c, (name, short) in V.PROVINCES.items() if text in (name, short, f"{short}师资库")), None)


def _pool(value: Any) -> str:
    text = _scalar(value)
    if V.is_pool(text):
        return text
    guess = _pool_guess(text)
    hint = f"是否为 {guess}？" if guess else ""
    fail("bad-vocab", f"{quote(text)} 不是师资库代码：全国师资库写 national，省级师资库写六位行政区划代码（如 330000）。{hint}")


Pool = Annotated[str, PlainValidator(_pool, json_schema_input_type=str), WithJsonSchema(_codes(V.NATIONAL))]


def _scope(value: Any) -> str:
    text = _scalar(value)
    if text == V.ALL_POOLS or V.is_pool(text):
        return text
    guess = _pool_guess(text)
    hint = f"是否为 {guess}？" if guess else ""
    fail("bad-vocab", f"{quote(text)} 不是共享范围：写 all（所有师资库）、national 或省级代码（如 330000）。{hint}")


Scope = Annotated[str, PlainValidator(_scope, json_schema_input_type=str), WithJsonSchema(_codes(V.ALL_POOLS, V.NATIONAL))]


def _handle(value: Any) -> str:
    text = _scalar(value)
    if text.startswith("@"):
        fail("bad-value", f"{quote(text)}：GitHub 用户名前不要加“@”。")
    if not HANDLE_RE.fullmatch(text):
        fail("bad-value", f"{quote(text)} 不是有效的 GitHub 用户名（字母、数字和单个连字符，最多 39 个字符）。")
    return text


Handle = Annotated[str, PlainValidator(_handle, json_schema_input_type=str), FREE_TEXT, WithJsonSchema({"type": "string", "pattern": HANDLE_RE.pattern})]


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
    if not isbn_ok(digits) or not digits.strip("0"):
        fail("bad-isbn", f"{quote(text)} 不是有效的 ISBN：应为 10 位或 13 位，且校验位正确；请对照图书版权页核对。")
    return text


Isbn = Annotated[str, PlainValidator(_isbn, json_schema_input_type=str), WithJsonSchema({"type": ["string", "integer"]})]


def _phone(value: Any) -> str:
    text = _scalar(value)
    if not re.fullmatch(r"\+?[0-9][0-9 ()\-]{5,24}", text):
        fail("bad-value", f"{quote(text)} 不是电话号码，只能包含数字、空格、括号、“+”和“-”。")
    return text


def _email(value: Any) -> str:
    text = _scalar(value)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        fail("bad-value", f"{quote(text)} 不是电子邮箱地址。")
    return text


Phone = Annotated[str, PlainValidator(_phone, json_schema_input_type=str), WithJsonSchema({"type": ["string", "integer"]})]
Email = Annotated[str, PlainValidator(_email, json_schema_input_type=str), WithJsonSchema({"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"})]


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value  # "topics:" with nothing after it means no topics


def Items(item):  # noqa: N802
    return Annotated[list[item], BeforeValidator(_none_as_empty)]
