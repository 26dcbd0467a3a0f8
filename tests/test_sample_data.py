"""The data shipped with the project is valid and rich enough to make the site worth browsing."""
from __future__ import annotations

from collections import Counter

import pytest

from generator.records import vocab as V
from generator.records.catalog import load_catalog

from .conftest import PROJECT


@pytest.fixture(scope="module")
def catalog():
    result = load_catalog(PROJECT)
    assert result.problems == []
    return result.catalog


def test_departments_cover_centre_provinces_bingtuan_and_central_units(catalog):
    provinces = {d.province for d in catalog.departments.values() if d.level == "省"}
    assert provinces == set(V.PROVINCES)
    assert catalog.departments["zzb"].pool == V.NATIONAL
    assert {d.type for d in catalog.departments.values()} == set(V.DEPT_TYPE.values)


def test_courses_cover_every_category_and_method(catalog):
    assert len(catalog.courses) >= 40
    assert {c.category for c in catalog.courses.values()} == set(V.CATEGORY.values)
    assert {m for c in catalog.courses.values() for m in c.methods} == set(V.METHOD.values)
    assert {d for c in catalog.courses.values() for d in c.delivery} == set(V.DELIVERY.values)


def test_textbooks_include_the_outline_and_the_two_named_textbooks(catalog):
    assert len(catalog.textbooks) >= 8
    titles = {t.title for t in catalog.textbooks.values()}
    assert {"中国共产党组织工作教程", "中国共产党组织工作史教程"} <= titles
    assert any(t.kind == "大纲" for t in catalog.textbooks.values())
    assert {t.status for t in catalog.textbooks.values()} == set(V.TEXTBOOK_STATUS.values)


def test_bases_of_every_type_in_eight_provinces(catalog):
    assert len(catalog.bases) >= 15
    assert {b.type for b in catalog.bases.values()} == set(V.BASE_TYPE.values)
    assert len({b.province for b in catalog.bases.values()}) >= 8


def test_teacher_pools(catalog):
    pools = Counter(t.pool for t in catalog.teachers.values())
    assert pools[V.NATIONAL] >= 150
    provincial = [p for p in pools if p != V.NATIONAL]
    assert len(provincial) >= 6
    for pool in [V.NATIONAL, *provincial]:
        sources = {t.source for t in catalog.teachers.values() if t.pool == pool}
        assert sources == set(V.SOURCE.values), pool


def test_teacher_histories_are_dynamic(catalog):
    teachers = list(catalog.teachers.values())
    years = {r.year for t in teachers for r in t.reviews}
    assert {2014, 2015, 2016, 2017} <= years
    statuses = Counter(s.status for t in teachers for s in t.status_changes)
    assert statuses["暂停"] >= 5 and statuses["退出"] >= 5 and statuses["在库"] >= 2
    assert sum(1 for t in teachers if t.moves) >= 5
    assert sum(1 for t in teachers if t.sharing) >= 20
    assert {r.result for t in teachers for r in t.reviews} == set(V.REVIEW_RESULT.values)
