"""The README documents every problem code, command, record field and vocabulary value."""
from __future__ import annotations

import re

import pytest

from generator import vocab as V
from generator.cli import main
from generator.models import KINDS
from generator.problems import CODES

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
