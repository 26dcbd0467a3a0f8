"""One bad input per problem code (tests/cases/<code>/), each with the exact lines expected.

A case folder holds files laid over a copy of tests/data/small, an optional DELETE list,
and expected.txt: one "path:line:col code" (or "path code") per problem, all of them.
"""
from __future__ import annotations

import re
import shutil

import pytest

from generator.contrib.owners import validate
from generator.records.catalog import load_catalog
from generator.records.problems import CODES

from .conftest import CASES, copy_small

CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def test_every_code_has_a_case():
    assert sorted(CODES) == CASE_NAMES


def test_small_data_is_clean(data_dir):
    result = load_catalog(data_dir)
    assert result.problems == []
    assert result.files == 10


@pytest.mark.parametrize("code", CASE_NAMES)
def test_case(code, tmp_path):
    case = CASES / code
    root = copy_small(tmp_path / "data")
    for src in case.rglob("*"):
        if (src.is_file() or src.is_symlink()) and src.parent != case:
            dest = root / src.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dest, follow_symlinks=False)  # a case may be a broken link
    delete = case / "DELETE"
    if delete.exists():
        for rel in delete.read_text().split():
            (root / rel).unlink()
    expected = sorted(line for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines() if line)
    result = validate(root, jobs=1)  # what peixun validate reports, the repository's CODEOWNERS too
    got = sorted(f"{p.where} {p.code}" for p in result.problems)
    assert got == expected
    assert any(p.code == code for p in result.problems)
    for p in result.problems:
        assert re.search(r"[\u4e00-\u9fff]", p.message), p  # every message speaks Chinese
