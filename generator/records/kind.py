"""What every stage knows about a record kind, declared once (records/kinds/<kind>.py):
where its files live, its model and public model, what names it, what it points to, and
how the site shows it — page and listing folders, listing columns, search filters, the
note after a link to it, the text searched in every spelling.

The display part is data and small functions over a record's public fields: they return
plain values (text, a link to a record, a pool, a directory state) that publish/ turns
into HTML, so nothing here knows HTML, templates or URLs beyond folder names.
"""
from __future__ import annotations

import functools
import typing
from dataclasses import dataclass, field
from typing import Callable, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from .fields import FREE_TEXT, MARKDOWN, Id


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False, hide_input_in_errors=True)


class Record(Model):
    KIND: ClassVar[str] = ""
    id: Id = Field(title="编号", description="与文件名相同；小写字母、数字和连字符，人名用拼音")


# -- what a listing cell holds ---------------------------------------------------------------
@dataclass(frozen=True)
class Link:
    """A link to a record, shown by its title."""

    kind: str
    id: str


@dataclass(frozen=True)
class PoolLink:
    """A teacher pool, linked to its listing where the site has one."""

    pool: str


@dataclass(frozen=True)
class State:
    """A teacher's state in a year's directory (与 yearly.directory 的状态对应)."""

    state: str
    reason: str = ""


Cell = str | int | Link | PoolLink | State | None


@dataclass(frozen=True)
class Column:
    """One column of a listing: header, where its cells come from, how it sorts, and
    whether a phone shows it (narrow screens keep the columns people choose by)."""

    header: str  # may hold {year}: the year the listing shows
    cell: Callable  # (public record, row context) -> Cell
    field: str | tuple | None = None  # the record field it shows (several: the first that is set; None: worked out)
    sort: str = "text"  # or "number"
    phone: bool = True
    when: Callable | None = None  # (listing) -> bool: the column exists only on such listings

    def shown_on(self, listing) -> bool:
        return self.when is None or self.when(listing)

    def title(self, listing) -> str:
        return self.header.format(year=getattr(listing, "year", ""))


def plain(header: str, name: str, **options) -> Column:
    """A column that shows a field as it is (a list joined with 、, nothing for none)."""
    return Column(header, lambda r, row: joined(getattr(r, name)), name, **options)


def joined(value) -> str:
    if value is None:
        return ""
    return "、".join(value) if isinstance(value, (list, tuple)) else str(value)


@dataclass(frozen=True)
class Facet:
    """A property people narrow a list by: a search filter (Pagefind) and a facet of the
    kind's listings, with its values in a meaningful order."""

    key: str  # ASCII: the URL parameter of listings (?source=专家学者)
    label: str  # Chinese: the filter's name in search and listings
    values: Callable  # (record, standing) -> the values it has (standing: teachers' year, else None)
    order: tuple[str, ...] | None = None  # every value in display order; None: by how many records have it
    search: bool = True  # offered in search
    listing: bool = True  # offered on listings

    def of(self, record, standing=None) -> list[str]:
        return [v for v in self.values(record, standing) if v]


@dataclass(frozen=True)
class Group:
    """Listings of one kind by one facet: a page for each value (courses by category…)."""

    facet: str  # site folder below the kind's listing folder: courses/<facet>/<slug>/
    label: str  # "类别": the row of links on the kind's listing says 按类别
    values: Callable  # (record) -> the values it is listed under
    vocab: object = None  # a records.vocab.Vocab: a page for every term, in its order; else the values that occur
    title: Callable = str  # (value) -> the page's title
    name: Callable = str  # (value) -> how a link to the page reads


# -- a kind ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    name: str  # ASCII name, also the model's KIND
    label: str  # Chinese name
    folder: str  # relative to the data root
    model: type[Record]
    public: type[Record]  # what publishing stages may see
    title_field: str  # the field that names a record
    refs: tuple[tuple[str, str], ...] = ()  # (field, kind it points to)
    page: str = ""  # site folder of its record pages (singular: no id can clash with a listing)
    listing: str = ""  # site folder of its listings (plural)
    template: str = ""  # page template in publish/website/templates/
    columns: tuple[Column, ...] = ()
    note: Callable = str  # (record) -> what a list of links says after each one
    order: Callable = lambda r: ()  # sort key before the title's pinyin (programmes: newest year first)
    hint: str = ""  # the placeholder of its listings' text box: what people can type
    noun: str = ""  # what one record is called in search results and filters (教师, 课程…)
    search_text: Callable = lambda r: []  # (record) -> texts searched in every spelling
    facts: Callable = lambda r, standing, title_of: []  # the few fields people choose by, for results
    state: Callable = lambda r, standing: ""  # the record's standing, shown as a mark where people choose
    facets: tuple[Facet, ...] = ()  # search filters and listing facets
    groups: tuple[Group, ...] = field(default=())  # listing pages by facet
    checks: Callable = lambda r, path: []  # (record, file path) -> findings about it alone

    @functools.cached_property
    def private_fields(self) -> frozenset[str]:
        return frozenset(self.model.model_fields) - frozenset(self.public.model_fields)

    @functools.cached_property
    def markdown_fields(self) -> frozenset[str]:
        """Fields the site renders as Markdown (the others are shown as plain text)."""
        return frozenset(name for name, info in self.model.model_fields.items() if marked(info, MARKDOWN))

    @functools.cached_property
    def text_spec(self) -> dict:
        """Where a record holds free text (data key -> True, or the spec of a nested record):
        codes, years, numbers and vocabulary values cannot hold contact data or markup."""
        return text_spec(self.model)

    def title_of(self, record) -> str:
        return getattr(record, self.title_field)


def text_spec(model: type[BaseModel]) -> dict:
    spec: dict = {}
    for name, info in model.model_fields.items():
        if marked(info, FREE_TEXT):
            spec[info.alias or name] = True
        else:
            inner = inner_model(info.annotation)
            if inner is not None and (nested := text_spec(inner)):
                spec[info.alias or name] = nested
    return spec


def marked(info, marker) -> bool:
    """The field's type carries the marker (Optional[LongText] keeps it inside the union,
    Items(Text) inside the list)."""

    def inside(annotation) -> bool:
        return any(marker in getattr(arg, "__metadata__", ()) or inside(arg) for arg in typing.get_args(annotation))

    return marker in info.metadata or inside(info.annotation)


def field_of(model: type[BaseModel] | None, name: str):
    if model is None:
        return None
    for attr, info in model.model_fields.items():
        if (info.alias or attr) == name:
            return info
    return None


def inner_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = inner_model(arg)
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
        info = field_of(current, str(part))
        owner = current
        title = info.title if info else None
        current = inner_model(info.annotation) if info else None
    return shown, title, owner
