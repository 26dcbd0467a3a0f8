"""Contact details must not hide in public text, whatever YAML spelling is used."""
from __future__ import annotations

import time

import pytest

from generator.catalog import load_catalog
from generator.privacy import find as contact_match

from .conftest import write

WANG = "teachers/national/wang-fang.yml"


def with_bio(data_dir, bio_yaml: str):
    path = data_dir / WANG
    text = path.read_text(encoding="utf-8").replace("bio: 长期从事党的建设研究。", bio_yaml)
    path.write_text(text, encoding="utf-8")
    return load_catalog(data_dir)


@pytest.mark.parametrize(
    "bio",
    [
        'bio: "手机 1380000000\\u0030"',  # escape hides the last digit from the raw text
        'bio: "邮箱 wang\\x40example.org"',
        'bio: "手机 138\\\n  00000000"',  # escaped line break joins the digits
        'bio: "简介\ncontact: 13800000000"',  # looks like the private block, is the bio
        "bio: 手机 １３８００００００００",  # full-width digits
        "bio: 电话 +86 138 0000 0000",
        "bio: 电话 (0571)87000000",
        "bio: 邮箱 wang＠example.org",
    ],
)
def test_contact_in_public_text_is_caught(data_dir, bio):
    result = with_bio(data_dir, bio)
    assert [(str(p.path), p.line, p.code) for p in result.problems] == [(WANG, 18, "contact-in-text")]
    assert "wang-fang" in result.catalog.teachers  # reported, but the record still counts


def test_the_line_inside_a_block_text_is_given(data_dir):
    result = with_bio(data_dir, "bio: |\n  长期从事党建研究。\n\n    办公电话 0571-87000000。\n  主讲党史。")
    assert [(p.line, p.col, p.code) for p in result.problems] == [(21, 5, "contact-in-text")]


def test_isbn_and_years_are_not_phone_numbers(data_dir):
    write(
        data_dir,
        "catalog/textbooks/shiyan.yml",
        "id: shiyan\ntitle: 试验教材\nkind: 读本\nyear: 2016\nisbn: 0306406152\nstatus: 已出版\ndepartment: zzb\n"
        "summary: 2013-2017 年使用，共 1380 页，学时 12.5。\n",
    )
    assert load_catalog(data_dir).problems == []


def test_private_values_are_not_echoed_in_messages(data_dir):
    path = data_dir / WANG
    path.write_text(path.read_text(encoding="utf-8").replace("13800000000", "138000 张三私人手机"), encoding="utf-8")
    [problem] = load_catalog(data_dir).problems
    assert problem.code == "bad-value" and problem.line == 20
    assert "张三" not in problem.message and "138000" not in problem.message


def test_email_scan_is_linear():
    start = time.perf_counter()
    assert contact_match("a" * 250_000 + "@a") is None
    assert contact_match("甲" * 250_000 + "@" + "乙" * 1000) is None
    assert time.perf_counter() - start < 1


def test_huge_comment_with_at_sign_does_not_stall(data_dir):
    path = data_dir / WANG
    path.write_text("# " + "a" * 250_000 + "@a\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    start = time.perf_counter()
    assert load_catalog(data_dir).problems == []
    assert time.perf_counter() - start < 5
