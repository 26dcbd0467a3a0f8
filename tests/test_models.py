"""Record schemas, vocabularies and the public projection."""
from __future__ import annotations

import json
import re
import typing

import pytest
from pydantic import BaseModel

from generator.records import vocab as V
from generator.records.catalog import load_catalog
from generator.records.fields import isbn_ok
from generator.records.kinds import KINDS, public
from generator.records.kinds.teacher import Contact, Teacher
from generator.records.kinds.training_base import BaseContact

from .conftest import PROJECT, write

PRIVATE_MODELS = (Contact, BaseContact)


def _models_in(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _all_models(model, seen=None):
    seen = seen if seen is not None else set()
    if model in seen:
        return seen
    seen.add(model)
    for info in model.model_fields.values():
        for inner in _models_in(info.annotation):
            _all_models(inner, seen)
    return seen


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_public_models_cannot_hold_contact_data(kind):
    reachable = _all_models(KINDS[kind].public)
    assert not reachable.intersection(PRIVATE_MODELS)
    assert "contact" not in KINDS[kind].public.model_fields


def test_private_fields_are_exactly_contact():
    assert {k: set(kind.private_fields) for k, kind in KINDS.items()} == {
        "department": set(), "course": set(), "textbook": set(), "base": {"contact"}, "programme": set(), "teacher": {"contact"},
    }


def _contact_values(catalog):
    values = set()
    for kind in ("teacher", "base"):
        for record in catalog[kind].values():
            if record.contact is not None:
                values.update(v for v in record.contact.model_dump().values() if v)
    return values


def test_public_catalog_of_shipped_data_holds_no_contact_value():
    result = load_catalog(PROJECT)
    assert result.ok
    secrets = _contact_values(result.catalog)
    assert len(secrets) > 50  # the sample data really has contact details to hide
    pub = result.catalog.public()
    dump = json.dumps(
        {kind: [r.model_dump(mode="json") for r in recs.values()] for kind, recs in pub.records.items()}, ensure_ascii=False
    )
    leaked = [s for s in secrets if s in dump]
    assert leaked == []
    assert all(type(t) is KINDS["teacher"].public for t in pub.teachers.values())
    assert pub.public() is pub


def test_projection_keeps_every_public_field(data_dir):
    teacher = load_catalog(data_dir).catalog.teachers["wang-fang"]
    assert isinstance(teacher, Teacher) and teacher.contact is not None
    projected = public(teacher)
    assert not hasattr(projected, "contact")
    full = teacher.model_dump()
    del full["contact"]
    assert projected.model_dump() == full


@pytest.mark.parametrize(
    "isbn,ok",
    [("9787010000000", False), ("9787501234560", False), ("9780306406157", True), ("0306406152", True),
     ("080442957X", True), ("0804429570", False), ("978030640615", False), ("97803064061577", False)],
)
def test_isbn_checksum(isbn, ok):
    assert isbn_ok(isbn) is ok


def test_vocabularies_have_ascii_slugs_and_chinese_values():
    for vocab in V.ALL:
        for term in vocab.terms:
            assert re.fullmatch(r"[a-z][a-z-]*", term.slug), term
            assert re.search(r"[\u4e00-\u9fff]", term.value), term
            assert vocab.slug(term.value) == term.slug


def test_provinces_are_the_31_divisions_plus_bingtuan():
    assert len(V.PROVINCES) == 32
    assert all(re.fullmatch(r"[1-6][0-9]0000", code) for code in V.PROVINCES)
    assert V.province_name("330000") == "浙江省"


def _teacher(extra=""):
    return (
        "id: zhao-qiang\nname: 赵强\npool: national\nunit: 某市委组织部\nsource: 组织部部长\n"
        "expertise: [基层党建]\nentry_year: 2016\n" + extra
    )


def problems_of(data_dir, rel, text):
    write(data_dir, rel, text)
    return [p for p in load_catalog(data_dir, jobs=1).problems if str(p.path) == rel]


def test_chinese_field_name_suggests_the_english_key(data_dir):
    [p] = problems_of(data_dir, "teachers/national/zhao-qiang.yml", _teacher("简介: 长期从事基层党建工作。\n"))
    assert (p.code, p.line, p.col) == ("unknown-field", 8, 1)
    assert "是否为 bio" in p.message


def test_vocabulary_slug_suggests_the_chinese_value(data_dir):
    [p] = problems_of(data_dir, "teachers/national/zhao-qiang.yml", _teacher().replace("组织部部长", "scholar"))
    assert p.code == "bad-vocab" and "是否为“专家学者”" in p.message


def test_province_name_suggests_the_code(data_dir):
    [p] = problems_of(data_dir, "teachers/national/zhao-qiang.yml", _teacher().replace("pool: national", "pool: 浙江"))
    assert p.code == "bad-vocab" and "330000" in p.message


def test_braces_in_values_are_not_templates(data_dir):
    [p] = problems_of(data_dir, "teachers/national/zhao-qiang.yml", _teacher().replace("组织部部长", "'{msg}{0}{{config}}'"))
    assert "{msg}{0}{{config}}" in p.message


def test_text_with_a_tab_inside_is_rejected(data_dir):
    [p] = problems_of(data_dir, "teachers/national/zhao-qiang.yml", _teacher().replace("name: 赵强", 'name: "赵\\t强"'))
    assert (p.code, p.line) == ("bad-value", 2)


def test_single_line_fields_refuse_newlines(data_dir):
    [p] = problems_of(data_dir, "teachers/national/zhao-qiang.yml", _teacher().replace("unit: 某市委组织部", "unit: |\n  某市委\n  组织部"))
    assert (p.code, p.line, p.col) == ("bad-value", 4, 7)


def test_all_schema_problems_of_a_file_are_reported_together(data_dir):
    text = _teacher().replace("赵强", "[赵强]").replace("2016", "二〇一六") + "reviews:\n  - year: 2016\n    result: 很好\n"
    found = [(p.line, p.code) for p in problems_of(data_dir, "teachers/national/zhao-qiang.yml", text)]
    assert found == [(2, "bad-type"), (7, "bad-year"), (10, "bad-vocab")]


def _course(extra=""):
    return (
        "id: shiyan\ntitle: 试验课程\ncategory: 理论武装\nmethods: [集中培训]\naudience:\n  levels: [省级]\n  roles: [业务骨干]\n"
        "hours: 4\nbusiness_training: false\ndelivery: [面授]\nprovider: zzb\nsummary: 试验。\nstatus: 开设中\nsince: 2016\n" + extra
    )


@pytest.mark.parametrize(
    "old,new,line,code",
    [
        ("  roles: [业务骨干]\n", "  roles: []\n", 7, "empty-value"),
        ("provider: zzb", 'provider: ""', 11, "empty-value"),
        ("hours: 4", "hours: 0004", 8, "bad-value"),
        ("title: 试验课程", 'title: "\\u200b"', 2, "bad-value"),
        ("title: 试验课程", 'title: "试验\\u202e课程"', 2, "bad-value"),
    ],
)
def test_course_field_slips(data_dir, old, new, line, code):
    [p] = problems_of(data_dir, "catalog/courses/shiyan.yml", _course().replace(old, new))
    assert (p.line, p.code) == (line, code)


def test_move_fields_are_from_and_to_only(data_dir):
    text = _teacher('moves:\n  - {year: 2017, from_pool: "330000", to_pool: national}\n')
    found = sorted((p.line, p.col, p.code) for p in problems_of(data_dir, "teachers/national/zhao-qiang.yml", text))
    assert found == [(9, 5, "missing-field"), (9, 5, "missing-field"), (9, 18, "unknown-field"), (9, 39, "unknown-field")]


def test_an_all_zero_isbn_is_not_valid():
    assert isbn_ok("0000000000") is True  # the checksum alone accepts it…
    from generator.records.fields import _isbn
    from pydantic_core import PydanticCustomError

    with pytest.raises(PydanticCustomError):  # …the field does not
        _isbn("0000000000")
