"""The record kinds, each declared once in its own module (model, public model, folder,
title field, references, and how the site shows it: records/kind.py). Adding a kind is one
module here, its template in publish/website/templates/, and its line below."""
from __future__ import annotations

from ..kind import Kind, Record
from . import course, department, programme, teacher, textbook, training_base

KINDS: dict[str, Kind] = {k.name: k for k in (department.KIND, course.KIND, textbook.KIND, training_base.KIND, programme.KIND, teacher.KIND)}


def public(record: Record) -> Record:
    """The public projection of a record: a *Public model without any private field."""
    kind = KINDS[record.KIND]
    if kind.public is kind.model:
        return record
    fields = kind.public.model_fields
    return kind.public.model_construct(
        _fields_set=record.model_fields_set & fields.keys(), **{name: getattr(record, name) for name in fields}
    )
