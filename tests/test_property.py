"""`peixun validate` passes ⇒ `peixun build` and `peixun offline` succeed, for records that
hypothesis generates from the models' own field types: every free-text field (one-line
names and titles, Markdown summaries and bios) gets odd Unicode and deep or hostile
Markdown, every vocabulary field one of its choices. Records validation rejects are
dropped (that is validation doing its job); everything left must build, page by page."""
from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.records.catalog import load_catalog
from generator.records.fields import FREE_TEXT, MARKDOWN
from generator.records.kinds import KINDS

from .conftest import PROJECT, SMALL, build

# a valid record of each kind from tests/data/small: the fields hypothesis leaves alone
TEMPLATES = {
    "department": "catalog/departments/zhejiang.yml",
    "course": "catalog/courses/ganbu-xuanba.yml",
    "textbook": "catalog/textbooks/zuzhi-gongzuo-jiaocheng.yml",
    "base": "catalog/bases/jinggangshan.yml",
    "teacher": "teachers/330000/zhang-wei.yml",
}

# text people really write, and text that tries to break things
PLAIN = st.text(st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")), min_size=1, max_size=40)
# control and format characters are always refused (bad-value): the rest of Unicode is fair game
WILD = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=40)
PIECES = st.sampled_from(
    ["组织工作", "党性教育", "Ｆｕｌｌ", "①②③", "𝐀𝐁", "🇨🇳👩‍🏫", "e\u0301", "שלום", "{{ config }}", "{% raw %}", "<b>", "&#64;", "&amp;",
     "\\", "`", "*", "_", "[", "]", "(", ")", "#", "|", "~", "'", '"', "  ", "\u3000", "\u00a0", "ǅ", "ﬁ", "Ⅻ", "㍿"]
)
ONE_LINE = st.one_of(PLAIN, WILD, st.lists(PIECES | PLAIN, min_size=1, max_size=6).map("".join))
HREF = st.sampled_from(
    ["https://example.org/a", "http:evil.example", "https:/evil.example", "\\\\evil.example\\x", "//evil.example", "../course/x.html",
     "#top", "javascript:alert(1)", "mailto:x", "data:text/html,x", "https://例子.中国/路径?q=一&r=二", "", " "]
)


@st.composite
def markdown(draw) -> str:
    """Blocks of Markdown: nested lists and quotes (deeper than the renderer allows too),
    emphasis, links with odd targets, code, headings, rules, entities, raw HTML."""
    blocks = []
    hostile = draw(st.sampled_from([False, False, False, True]))  # past the renderer's limits: must be refused
    for _ in range(draw(st.integers(1, 5))):
        shape = draw(st.sampled_from(["text", "list", "quote", "mixed", "link", "code", "heading", "rule", "brackets", "ordered"]))
        text = draw(ONE_LINE)
        depth = draw(st.integers(300, 900) if hostile else st.integers(0, 12))  # the limit is 12
        if shape == "list":
            blocks.append("\n".join("    " * i + "- " + text for i in range(min(depth, 20))) or text)
        elif shape == "quote":
            blocks.append("> " * depth + text)
        elif shape == "mixed":
            blocks.append("> - " * depth + text)
        elif shape == "ordered":
            blocks.append("1. " * depth + text)
        elif shape == "link":
            blocks.append(f"[{text}]({draw(HREF)}) **{draw(ONE_LINE)}** _{draw(ONE_LINE)}_")
        elif shape == "code":
            blocks.append(f"`{text}`\n\n    {draw(ONE_LINE)}")
        elif shape == "heading":
            blocks.append("#" * draw(st.integers(1, 6)) + " " + text)
        elif shape == "rule":
            blocks.append(f"{text}\n\n---\n\n***")
        elif shape == "brackets":
            blocks.append("[" * draw(st.integers(0, 600) if hostile else st.integers(0, 60)) + text)  # the limit is 300
        else:
            blocks.append(text)
    if hostile:  # list markers inside each other on one line: Python-Markdown recurses once per marker
        blocks.insert(draw(st.integers(0, len(blocks))), draw(st.sampled_from(["- ", "1. ", "* ", "+ ", "> - ", "2) "])) * draw(st.integers(500, 1500)))
    return draw(st.sampled_from(["\n\n", "\n"])).join(blocks)[:5000]


def _marked(info, marker) -> bool:
    from generator.records.kind import marked

    return marked(info, marker)


def _choices(info) -> list | None:
    """The vocabulary of a Choice field (from its JSON Schema), else None."""
    import typing

    for annotation in [info, *typing.get_args(info.annotation)]:
        for meta in getattr(annotation, "metadata", None) or getattr(annotation, "__metadata__", ()):
            schema = getattr(meta, "json_schema", None)
            if isinstance(schema, dict) and "enum" in schema and all(isinstance(v, str) for v in schema["enum"]):
                return schema["enum"]
    return None


@st.composite
def record(draw, kind_name: str, rid: str) -> dict:
    kind = KINDS[kind_name]
    data = yaml.safe_load((SMALL / TEMPLATES[kind_name]).read_text(encoding="utf-8"))
    data["id"] = rid
    data.pop("pool", None) if kind_name == "department" else None  # a pool has one department
    for name, info in kind.model.model_fields.items():
        key = info.alias or name
        if key in ("id", "maintainers") or key in kind.private_fields:
            continue
        many = "list" in str(info.annotation)
        if _marked(info, MARKDOWN):
            data[key] = draw(markdown())
        elif _marked(info, FREE_TEXT):
            data[key] = draw(st.lists(ONE_LINE, min_size=1, max_size=3)) if many else draw(ONE_LINE)
        elif (choices := _choices(info)) and key not in ("pool", "province"):
            data[key] = draw(st.lists(st.sampled_from(choices), min_size=1, max_size=2, unique=True)) if many else draw(st.sampled_from(choices))
    if kind.private_fields:
        data["contact"] = {"phone": "0571-8" + draw(st.text("0123456789", min_size=7, max_size=7))}
        if kind_name == "teacher":
            data["contact"]["address"] = draw(ONE_LINE)
    return data


@st.composite
def data_sets(draw) -> dict[str, dict]:
    """One generated record of every kind, at its path."""
    out = {}
    for kind_name, template in TEMPLATES.items():
        rid = f"gen-{kind_name}"
        folder = str(Path(template).parent)
        out[f"{folder}/{rid}.yml"] = draw(record(kind_name, rid))
    return out


def _write(root: Path, records: dict[str, dict]) -> None:
    for rel, data in records.items():
        (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def _validated(root: Path, records: dict[str, dict]) -> list[str]:
    """The generated files left once validation has rejected what it rejects."""
    kept = list(records)
    for _ in range(4):
        problems = load_catalog(root).problems
        bad = {str(p.path) for p in problems}
        if not bad:
            return kept
        assert bad <= set(kept), f"生成的记录让随附的记录出错：{sorted(bad - set(kept))}"
        for rel in bad:
            (root / rel).unlink()
        kept = [rel for rel in kept if rel not in bad]
    raise AssertionError("校验结果不收敛")


def _page(site: Path, rel: str) -> Path:
    kind = next(k for k, t in TEMPLATES.items() if str(Path(t).parent) == str(Path(rel).parent) or (k == "teacher" and rel.startswith("teachers/")))
    return site / kind / f"{Path(rel).stem}.html"


# each example is a real build: no shrinking or explaining (minutes each), the failing
# example is printed as drawn
SETTINGS = settings(
    max_examples=30, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)


def _generated(tmp_path_factory, records, seen) -> tuple[Path, list[str]]:
    """tests/data/small plus the generated records, less those validation refuses."""
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(SMALL, root, dirs_exist_ok=True)
    _write(root, records)
    kept = _validated(root, records)
    seen["cases"] += 1
    seen["records"] += len(records)
    seen["valid"] += len(kept)
    return root, kept


def test_what_validates_builds(tmp_path_factory, capsys):
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    seen = Counter()

    @SETTINGS
    @given(data_sets())
    def check(records):
        root, kept = _generated(tmp_path_factory, records, seen)
        site = build(root, tmp_path_factory.mktemp("out") / "site")  # must not raise
        for rel in kept:
            assert _page(site, rel).is_file(), rel

    check()
    with capsys.disabled():
        print(f"\n性质测试（生成→校验→生成网站）：{seen['cases']} 组，生成 {seen['records']} 条记录，其中 {seen['valid']} 条通过校验并成功生成页面")
    assert seen["cases"] == 30 and seen["valid"] >= 25  # enough generated records pass that the builds prove something


def test_what_validates_goes_offline(tmp_path_factory, capsys):
    from generator.publish.offline.copy import build_offline

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    seen = Counter()

    @settings(SETTINGS, max_examples=4)
    @given(data_sets())
    def check(records):
        root, _ = _generated(tmp_path_factory, records, seen)
        report = build_offline(config_file=PROJECT / "mkdocs.yml", data=root, out=tmp_path_factory.mktemp("dist"), progress=lambda line: None)
        assert report.zip.is_file()

    check()
    with capsys.disabled():
        print(f"\n性质测试（生成→校验→离线副本）：{seen['cases']} 组，{seen['valid']} 条生成的记录通过校验并打包")
    assert seen["cases"] == 4
