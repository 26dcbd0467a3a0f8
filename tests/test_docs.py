"""The README documents every problem code, command, record field and vocabulary value."""
from __future__ import annotations

import re

import pytest

from generator.records import vocab as V
from generator.cli import main
from generator.records.kinds import KINDS
from generator.records.problems import CODES
from generator.contrib.columns import COLUMNS
from generator.contrib.importer import SHEET_CODES

from .conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def section(heading: str) -> str:
    """The text under the first heading line containing `heading`, up to the next heading
    of the same or a higher level."""
    match = re.search(rf"^(#+) .*{re.escape(heading)}.*$", README, flags=re.M)
    assert match, heading
    level = len(match.group(1))
    following = re.compile(rf"^#{{1,{level}}} ", flags=re.M).search(README, match.end())
    return README[match.end() : following.start() if following else len(README)]


def test_every_problem_code_is_documented():
    table = section("错误代码")
    documented = re.findall(r"^\| `([a-z0-9-]+)` \|", table, flags=re.M)
    assert documented == list(CODES)


def test_every_command_is_documented():
    for name in main.commands:
        assert f"peixun {name}" in README


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_field_is_documented_under_its_kind(kind):
    text = section(f"`{KINDS[kind].folder}/")
    for name, info in KINDS[kind].model.model_fields.items():
        assert f"`{info.alias or name}`" in text, (kind, name)


def test_every_vocabulary_value_is_documented():
    fields = section("记录格式")
    for vocab in V.ALL:
        for value in vocab.values:
            assert value in fields, (vocab.name, value)


CONTRIBUTING = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_contributing_covers_what_a_department_needs():
    for topic in ("记录放在哪里", "GitHub 网页上新增一位教师", "读懂错误信息", "谁来审核", "每年的更新", "用表格工作的部门"):
        assert topic in CONTRIBUTING, topic
    for kind in KINDS.values():
        assert f"`{kind.folder}/" in CONTRIBUTING, kind.folder
    for command in ("peixun new", "peixun validate", "peixun diff", "peixun codeowners", "pre-commit install",
                    "peixun import teachers", "peixun import courses", "peixun import bases", "peixun review-sheet", "peixun import reviews", "peixun template"):
        assert command in CONTRIBUTING, command
    # the codes it explains exist
    for code in re.findall(r"^\| `([a-z0-9-]+)`", CONTRIBUTING, flags=re.M):
        assert code in CODES or code in SHEET_CODES, code


def test_contributing_explains_every_spreadsheet_code_and_header():
    """The spreadsheet chapter lists each code an import can give and every column header it reads."""
    chapter = CONTRIBUTING[CONTRIBUTING.index("用表格工作的部门"):]
    explained = re.findall(r"^\| `([a-z0-9-]+)` \|", chapter, flags=re.M)
    assert explained == list(SHEET_CODES)
    for kind, cols in COLUMNS.items():
        for col in cols:
            for header in col.headers:
                assert header in chapter, (kind, header)


def test_contributing_has_no_links_that_break_on_the_site():
    # the same file is shown on the site: relative links to repository files would not resolve there
    assert not re.search(r"\]\((?!https?://)[^)]+\)", CONTRIBUTING)


def test_the_template_in_contributing_is_a_valid_record(tmp_path):
    from generator.records.catalog import load_catalog

    from .conftest import copy_small

    block = re.search(r"```yaml\n(.*?)```", CONTRIBUTING, flags=re.S).group(1)
    text = "\n".join(line[3:] if line.startswith("   ") else line for line in block.splitlines())
    root = copy_small(tmp_path / "data")
    (root / "teachers/330000/zhang-wei.yml").unlink()
    (root / "teachers/330000/zhang-wei.yml").write_text(text.replace("dangxing-duanlian", "dangzhang-yanxi"), encoding="utf-8")
    result = load_catalog(root)
    assert result.ok, result.problems
