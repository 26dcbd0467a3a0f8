"""The editor schemas: generated from the models, current, and true to the shipped records."""
from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

from generator.contrib import schema as S
from generator.records.kinds import KINDS

from .conftest import PROJECT, write

SCHEMAS = PROJECT / "schemas"


def validator(kind: str) -> jsonschema.Draft202012Validator:
    doc = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(doc)
    return jsonschema.Draft202012Validator(doc)


def test_committed_schemas_are_current():
    assert S.stale(SCHEMAS) == [], "运行 peixun schema 重新生成 schemas/ 并提交"
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)


class EditorLoader(yaml.SafeLoader):
    """How an editor's YAML 1.2 reads a file: numbers are numbers, but 2015-04-20 is text
    (YAML 1.2 has no timestamps)."""


EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_shipped_record_matches_its_schema(kind):
    check = validator(kind)
    files = sorted((PROJECT / KINDS[kind].folder).rglob("*.yml"))
    assert files
    for path in files:
        errors = [e.message for e in check.iter_errors(yaml.load(path.read_text(encoding="utf-8"), EditorLoader))]
        assert errors == [], f"{path}: {errors}"


def test_schema_flags_what_validate_flags():
    check = validator("teacher")
    good = yaml.safe_load((PROJECT / "tests/data/small/teachers/national/wang-fang.yml").read_text(encoding="utf-8"))
    assert list(check.iter_errors(good)) == []
    for change in ({"nickname": "x"}, {"source": "路人"}, {"entry_year": 15}, {"pool": "浙江"}, {"id": "Wang Fang"}, {"expertise": []}):
        assert list(check.iter_errors({**good, **change})), change
    bad_review = {**good, "reviews": [{"year": 2015, "result": "合格", "score": 90}]}
    assert list(check.iter_errors(bad_review))
    # what YAML writes either way is accepted either way, as validate does
    assert list(check.iter_errors({**good, "pool": 330000, "entry_year": "2014"})) == []
    # "courses:" with nothing after it, a number-like unit: the editor reads null and a number
    assert list(check.iter_errors({**good, "courses": None, "reviews": None, "unit": 2035})) == []
    assert list(check.iter_errors({**good, "expertise": None}))  # required, at least one item


def test_titles_are_chinese_for_hover_text():
    doc = S.schema_of("course")
    assert doc["properties"]["hours"]["title"] == "学时"
    assert doc["properties"]["category"]["enum"][0]
    assert doc["additionalProperties"] is False
    assert "provider" in doc["required"] and "teachers" not in doc["required"]


def test_schema_command_writes_and_checks(tmp_path):
    out = tmp_path / "schemas"
    run = [sys.executable, "-m", "generator", "schema", "--data", str(PROJECT), "--out", str(out)]
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 1
    done = subprocess.run(run, capture_output=True, text=True)
    assert done.returncode == 0 and "已写出" in done.stdout
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 0
    write(out, "course.schema.json", "{}")
    stale = subprocess.run([*run, "--check"], capture_output=True, text=True)
    assert stale.returncode == 1 and "course.schema.json" in stale.stderr and "过期" in stale.stderr


def test_vscode_maps_every_record_folder_to_its_schema():
    settings = json.loads((PROJECT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == S.vscode_mapping()
    for target, globs in settings["yaml.schemas"].items():
        assert (PROJECT / target).is_file()
        for pattern in globs:
            assert any(PROJECT.glob(pattern)), pattern
