"""The open data (数据下载) as tables, worked out from the record kinds' public models: one
table per kind (a column per public field), a link table per list of references
(`course_teachers`), a child table per list of nested records (`teacher_reviews`). Every
format (formats.py, sqlite.py) writes these same tables.

Only `kind.public` fields are read, so private fields (contact) cannot reach a table. A
reference to a record this export does not hold (a teacher who entered after the year, or
of another pool in a provincial cut) is left out: the link row is dropped, a single
reference is empty; so no foreign key points at a missing row.
"""
from __future__ import annotations

import types
import typing
from dataclasses import dataclass, replace
from typing import Callable

from pydantic import BaseModel

from ...records import vocab as V
from ...records.kinds import KINDS

# what a column holds; lists of text are one cell (、-joined), an array in JSON
TYPE_LABELS = {"text": "文本", "integer": "整数", "number": "数值", "flag": "是/否", "list": "文本列表（以“、”分隔）"}
SEP = "、"
MAX_CHOICES = 16  # longer vocabularies (province codes) are not spelt out in the dictionary


@dataclass(frozen=True)
class Column:
    name: str  # ASCII: the field's alias or name
    title: str  # Chinese header
    type: str  # a key of TYPE_LABELS
    description: str = ""
    ref: str | None = None  # the table whose id it holds (a foreign key)
    required: bool = False  # never empty (keys and link columns)
    get: Callable | None = None  # (item, views) -> value; None for key columns filled by the table


@dataclass(frozen=True)
class Table:
    name: str  # ASCII table name: course, course_teachers
    label: str  # Chinese name (sheet name): 课程, 课程_授课教师
    about: str  # what one row is
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # primary key columns
    rows: tuple[tuple, ...] = ()


@dataclass(frozen=True)
class _Plan:
    table: Table
    fill: Callable  # (views) -> rows


# -- the shape of a model field ----------------------------------------------------------------
def _bare(annotation):
    """The type under Annotated and Optional (Text | None -> str)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _bare(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _bare(inner[0]) if len(inner) == 1 else str
    return annotation


def _shape(annotation) -> tuple[str, object]:
    """("list", item type), ("model", model) or ("scalar", type)."""
    bare = _bare(annotation)
    if typing.get_origin(bare) in (list, tuple):
        return "list", _bare(typing.get_args(bare)[0])
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return "model", bare
    return "scalar", bare


def _scalar_type(python_type) -> str:
    if python_type is bool:  # before int: bool is an int
        return "flag"
    return {int: "integer", float: "number"}.get(python_type, "text")


def _choices(info) -> list[str]:
    """The vocabulary of a choice field (from its JSON Schema enum), if short and textual."""

    def find(items) -> list:
        for item in items:
            schema = getattr(item, "json_schema", None)
            if isinstance(schema, dict) and "enum" in schema:
                return schema["enum"]
            nested = find(typing.get_args(item)) or find(getattr(item, "__metadata__", ()))
            if nested:
                return nested
        return []

    values = find([*info.metadata, info.annotation])
    return values if values and len(values) <= MAX_CHOICES and all(isinstance(v, str) for v in values) else []


def _describe(info, extra: str = "") -> str:
    parts = [info.description or "", extra]
    if choices := _choices(info):
        parts.append("可选值：" + SEP.join(choices))
    return "；".join(p for p in parts if p)


def _pick(path: tuple[str, ...]) -> Callable:
    def get(item, views):
        for attr in path:
            item = getattr(item, attr, None) if item is not None else None
        return item

    return get


def _ref_text(target: str) -> str:
    return f"{KINDS[target].label}编号，对应 {target} 表的 id"


# -- columns of one model --------------------------------------------------------------------
def _columns(model: type[BaseModel], refs: dict, prefix=("", ""), path=()) -> list[Column]:
    """A column per field: scalars and lists of text as they are, references as foreign
    keys, a nested single model flattened (audience -> audience_levels, 培训对象（层级）).
    Lists of references or records are not columns (they become tables: _kind_plans)."""
    out = []
    for attr, info in model.model_fields.items():
        name, title = info.alias or attr, info.title or info.alias or attr
        col, head = prefix[0] + name, f"{prefix[1]}（{title}）" if prefix[1] else title
        shape, inner = _shape(info.annotation)
        get = _pick((*path, attr))
        if shape == "model":
            out += _columns(inner, {}, (col + "_", head), (*path, attr))
        elif shape == "list" and isinstance(inner, type) and issubclass(inner, BaseModel):
            if prefix[0]:
                raise TypeError(f"{model.__name__}.{attr}: 嵌套记录中的记录列表无法导出为表")
        elif shape == "list" and attr not in refs:
            out.append(Column(col, head, "list", _describe(info), get=get))
        elif shape == "scalar" and attr in refs:
            out.append(Column(col, head, "text", _describe(info, _ref_text(refs[attr])), refs[attr], get=get))
        elif shape == "scalar":
            out.append(Column(col, head, _scalar_type(inner), _describe(info), get=get))
    return out


def _yearly(what: Callable) -> Callable:
    """A getter from the teacher's standing in the export year (None when it has none)."""

    def get(r, views):
        standing = views.directory.standings.get(r.id)
        return what(standing) if standing is not None else None

    return get


def _year_columns() -> list[Column]:
    """A teacher's standing in the export year (yearly.directory): the directory the site shows."""
    states = SEP.join(V.DIRECTORY_STATE.values)
    return [
        Column("year_state", "名录状态", "text", f"导出年份（版次）的名录状态：{states}", get=_yearly(lambda s: s.state)),
        Column("year_reason", "状态说明", "text", "待复核、暂停、暂不列入、退出的原因", get=_yearly(lambda s: s.reason or None)),
        Column("year_pool", "当年所属师资库", "text", "导出年份所在的师资库：national 或省级代码", get=_yearly(lambda s: s.pool)),
        Column("year_scope", "共享范围", "text", "导出年份的共享范围：不共享、所有师资库或各师资库的名称", get=_yearly(lambda s: V.scope_text(s.scope))),
        Column("listed", "是否列入名录", "flag", "导出年份是否列入师资库名录（在库、待复核）", get=_yearly(lambda s: s.listed)),
    ]


# -- the tables of one kind ------------------------------------------------------------------
def _owner(kind) -> Column:
    return Column(f"{kind.name}_id", f"{kind.label}编号", "text", _ref_text(kind.name), kind.name, required=True)


POSITION = Column("position", "序号", "integer", "在记录中列出的顺序，从 1 起", required=True)


def _main_plan(kind) -> _Plan:
    refs = dict(kind.refs)
    columns = _columns(kind.public, refs)
    if kind.name == "teacher":  # the one kind with a yearly directory
        columns += _year_columns()
    table = Table(kind.name, kind.label, f"{kind.label}：每行一条记录（{kind.folder}/ 中的一个文件）", tuple(columns), ("id",))

    def fill(views):
        known = views.catalog
        rows = []
        for rid in sorted(views.catalog[kind.name]):
            record = views.catalog[kind.name][rid]
            row = []
            for c in columns:
                value = c.get(record, views)
                # a record cut from this export (a later year) is not pointed at
                row.append(None if c.ref and value is not None and value not in known[c.ref] else value)
            rows.append(tuple(row))
        return rows

    return _Plan(table, fill)


def _link_plan(kind, attr: str, info, target: str) -> _Plan:
    name, title = info.alias or attr, info.title or attr
    other = f"{target}_id" if target != kind.name else f"{name}_id"  # course_related: course_id, related_id
    label = KINDS[target].label if target != kind.name else title
    columns = (_owner(kind), Column(other, f"{label}编号", "text", _ref_text(target), target, required=True), POSITION)
    about = f"{kind.label}的{title}：每行一对（{kind.label}，{KINDS[target].label}），按记录中的顺序"
    table = Table(f"{kind.name}_{name}", f"{kind.label}_{title}", about, columns, (columns[0].name, "position"))

    def fill(views):
        rows, present = [], views.catalog[target]
        for rid in sorted(views.catalog[kind.name]):
            ids = [x for x in getattr(views.catalog[kind.name][rid], attr) if x in present]
            rows += [(rid, x, i) for i, x in enumerate(ids, start=1)]
        return rows

    return _Plan(table, fill)


def _child_plan(kind, attr: str, info, model: type[BaseModel]) -> _Plan:
    name, title = info.alias or attr, info.title or attr
    inner = _columns(model, {})
    columns = (_owner(kind), POSITION, *inner)
    table = Table(f"{kind.name}_{name}", f"{kind.label}_{title}", f"{kind.label}的{title}：每行一项，按记录中的顺序", columns, (columns[0].name, "position"))

    def fill(views):
        rows = []
        for rid in sorted(views.catalog[kind.name]):
            for i, item in enumerate(getattr(views.catalog[kind.name][rid], attr), start=1):
                rows.append((rid, i, *(c.get(item, views) for c in inner)))
        return rows

    return _Plan(table, fill)


def _kind_plans(kind) -> list[_Plan]:
    plans = [_main_plan(kind)]
    refs = dict(kind.refs)
    for attr, info in kind.public.model_fields.items():
        shape, inner = _shape(info.annotation)
        if shape != "list":
            continue
        if attr in refs:
            plans.append(_link_plan(kind, attr, info, refs[attr]))
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            plans.append(_child_plan(kind, attr, info, inner))
    return plans


def _plans() -> list[_Plan]:
    return [plan for kind in KINDS.values() for plan in _kind_plans(kind)]


def _sheet_names(labels: list[str]) -> list[str]:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique (case-insensitively)."""
    out, seen = [], set()
    for label in labels:
        name = "".join("_" if ch in "[]:*?/\\" else ch for ch in label)[:31]
        base, n = name, 2
        while name.casefold() in seen or name == "说明":
            name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
            n += 1
        seen.add(name.casefold())
        out.append(name)
    return out


def schema() -> list[Table]:
    """Every table without rows, in a fixed order: the kinds' order, each kind's main table
    first, then its link and child tables in field order."""
    plans = _plans()
    return [replace(p.table, label=n) for p, n in zip(plans, _sheet_names([p.table.label for p in plans]))]


def tables(views) -> list[Table]:
    """Every table with its rows for these views (rows ordered by id, then position)."""
    plans = _plans()
    names = _sheet_names([p.table.label for p in plans])
    return [replace(p.table, label=n, rows=tuple(p.fill(views))) for p, n in zip(plans, names)]


def field_dictionary() -> list[tuple[str, str, str, str, str]]:
    """(table, column, 中文名, 说明, 类型) of every column of every table, for the download
    page and the files' own field lists."""
    out = []
    for table in schema():
        for c in table.columns:
            kind = f"编号（{KINDS[c.ref].label}）" if c.ref else TYPE_LABELS[c.type]
            out.append((table.name, c.name, c.title, c.description, kind))
    return out
