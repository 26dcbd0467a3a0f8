"""Strict loading: every scalar stays text, bad bytes and risky YAML become located problems."""
from __future__ import annotations

import re
import time
from pathlib import PurePosixPath

import pytest

from generator.records.load import MAX_BYTES, MAX_DEPTH, load_file, parse_text

from .conftest import write

P = PurePosixPath("f.yml")


def codes(loaded):
    return [(p.line, p.col, p.code) for p in loaded.problems]


def test_scalars_stay_text():
    text = (
        "a: NO\nb: 0571\nc: 12:30\nd: 2015-01-01\ne: yes\nf: 1e3\ng: 0x1F\nh: .inf\n"
        "i: 013800000000\nj: 1_000\nk: true\nl: 3.10\n"
    )
    data = parse_text(text, P).data
    assert data == {
        "a": "NO", "b": "0571", "c": "12:30", "d": "2015-01-01", "e": "yes", "f": "1e3", "g": "0x1F",
        "h": ".inf", "i": "013800000000", "j": "1_000", "k": "true", "l": "3.10",
    }


def test_empty_and_null_are_none_but_quoted_null_is_text():
    data = parse_text("a:\nb: ~\nc: null\nd: 'null'\ne: \"\"\n", P).data
    assert data == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_bom_is_accepted(tmp_path):
    write(tmp_path, "f.yml", b"\xef\xbb\xbfid: wang-fang\nname: \xe7\x8e\x8b\xe8\x8a\xb3\n")
    loaded = load_file(tmp_path, P)
    assert loaded.problems == []
    assert loaded.data == {"id": "wang-fang", "name": "王芳"}


def test_gbk_is_recognised(tmp_path):
    write(tmp_path, "f.yml", "id: zhao-qiang\nname: 赵强\nunit: 某市委组织部\n".encode("gbk"))
    loaded = load_file(tmp_path, P)
    assert codes(loaded) == [(2, 7, "not-utf8")]
    assert "GBK" in loaded.problems[0].message


def test_other_bad_bytes_are_not_called_gbk(tmp_path):
    write(tmp_path, "f.yml", b"id: x\nname: \xff\xfe\xfd\n")
    loaded = load_file(tmp_path, P)
    assert codes(loaded) == [(2, 7, "not-utf8")]
    assert "GBK" not in loaded.problems[0].message


def test_utf16_is_recognised(tmp_path):
    write(tmp_path, "f.yml", "id: x\n".encode("utf-16"))
    loaded = load_file(tmp_path, P)
    assert [p.code for p in loaded.problems] == ["not-utf8"]
    assert "UTF-16" in loaded.problems[0].message


def test_size_cap_is_checked_before_parsing(tmp_path):
    write(tmp_path, "f.yml", b"a: [\n" + b"#" * MAX_BYTES)  # also broken YAML: never parsed
    loaded = load_file(tmp_path, P)
    assert [(p.line, p.code) for p in loaded.problems] == [(None, "file-too-large")]
    write(tmp_path, "g.yml", b"a: b\n" + b"#" * (MAX_BYTES - 5))
    assert load_file(tmp_path, PurePosixPath("g.yml")).problems == []


def test_columns_count_characters_not_bytes():
    loaded = parse_text("名称: 中共中央组织部\n简称: 中组部: 部\n", P)
    assert codes(loaded) == [(2, 8, "yaml-syntax")]


def test_crlf_line_endings_keep_line_numbers():
    loaded = parse_text("a: 1\r\nb: 2\r\na: 3\r\n", P)
    assert codes(loaded) == [(3, 1, "duplicate-key")]


def test_every_tab_in_indentation_is_reported():
    loaded = parse_text("a:\n\t- x\nb:\n  \t- y\nc: 值\t含制表符\n", P)
    assert codes(loaded) == [(2, 1, "tab-indent"), (4, 3, "tab-indent")]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 100_000])
def test_deep_nesting_does_not_crash(depth):
    loaded = parse_text("a: " + "[" * depth + "]" * depth + "\n", P)
    assert loaded.data is None
    assert [p.code for p in loaded.problems] == ["too-deep"]


def test_block_nesting_is_limited_too():
    text = "a:\n" + "".join("  " * i + "- \n" for i in range(1, MAX_DEPTH + 3))
    assert [p.code for p in parse_text(text, P).problems] == ["too-deep"]


def test_alias_bomb_is_rejected_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    start = time.perf_counter()
    loaded = parse_text("\n".join(lines) + "\n", P)
    assert time.perf_counter() - start < 1
    assert loaded.data is None
    assert {p.code for p in loaded.problems} == {"yaml-alias"}
    assert (1, 5, "yaml-alias") in codes(loaded)  # the first anchor itself


def test_merge_key_is_an_alias_too():
    loaded = parse_text("base: &b {x: 1}\nother:\n  <<: *b\n", P)
    assert {p.code for p in loaded.problems} == {"yaml-alias"}


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hi']\n",
        "a: !!binary aGk=\n",
        "a: !custom x\n",
        "a: !!set {x}\n",
        "%TAG !e! tag:example.com,2000:\n---\na: !e!thing x\n",
    ],
)
def test_tags_are_rejected(text):
    loaded = parse_text(text, P)
    assert loaded.data is None
    assert [p.code for p in loaded.problems] == ["yaml-tag"]


def test_explicit_str_tag_is_harmless():
    assert parse_text("a: !!str 0571\n", P).data == {"a": "0571"}


def test_second_document_is_reported():
    assert codes(parse_text("a: 1\n---\nb: 2\n", P)) == [(2, 1, "multi-document")]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "'quoted'\n"])
def test_top_level_must_be_a_mapping(text):
    assert [p.code for p in parse_text(text, P).problems] == ["not-mapping"]


def test_control_character_is_located():
    assert codes(parse_text("a: 1\nb: 名字\x07\n", P)) == [(2, 6, "yaml-syntax")]


def test_unclosed_quote_message_is_chinese():
    loaded = parse_text("a: '未闭合\nb: 2\n", P)
    assert [p.code for p in loaded.problems] == ["yaml-syntax"]
    assert "引号" in loaded.problems[0].message


def test_alias_is_reported_where_it_is_used_and_the_anchor_too():
    loaded = parse_text("id: x\nunit: &u 某大学\nposition: *u\n", P)
    assert codes(loaded) == [(2, 7, "yaml-alias"), (3, 11, "yaml-alias")]
    assert "&u" in loaded.problems[0].message and "*u" in loaded.problems[1].message


def test_many_aliases_are_capped():
    loaded = parse_text("a: &x 1\nb: [" + ", ".join(["*x"] * 5000) + "]\n", P)
    assert len(loaded.problems) == 20
    assert "4981" in loaded.problems[-1].message


@pytest.mark.parametrize(
    "text,line,col,fragment",
    [
        ("id: x\nmaintainers: [@zj]\n", 2, 15, "“@”"),
        ("id: x\nname：王芳\nunit: y\n", 2, 5, "全角冒号"),
        ("id:\u3000wang-fang\n", 1, 3, "全角空格"),
        ("id: x\nname:王芳\n", 2, 5, "空格"),
        ('a: "王\\xZZ"\n', 1, 8, "转义"),
        ("bio: | 长期\n", 1, 8, "另起一行"),
        ("%YAML 2.0\n---\na: 1\n", 1, 1, "%YAML"),
        ("a: 'zhe\n---\njiang'\n", 2, 1, "---"),
        ('name: "王芳" 教授\n', 1, 12, "引号后面"),
    ],
)
def test_common_slips_get_a_chinese_explanation(text, line, col, fragment):
    [problem] = parse_text(text, P).problems
    assert (problem.line, problem.col, problem.code) == (line, col, "yaml-syntax")
    assert fragment in problem.message
    assert not re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", problem.message)  # no English sentence from libyaml


def test_cr_only_line_endings_count_lines():
    assert codes(parse_text("a: 1\r\rb: 2\r\x00\r", P)) == [(4, 1, "yaml-syntax")]


def test_a_document_marker_alone_is_an_empty_file():
    assert [p.code for p in parse_text("---\n", P).problems] == ["empty-file"]


@pytest.mark.parametrize("encoding,name", [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")])
def test_wide_encodings_without_bom_are_named(tmp_path, encoding, name):
    write(tmp_path, "f.yml", "id: zhao-qiang\nname: zhao\n".encode(encoding))
    [problem] = load_file(tmp_path, P).problems
    assert problem.code == "not-utf8" and name in problem.message
