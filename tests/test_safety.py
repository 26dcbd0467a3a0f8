"""What validates must build; files and links that lead elsewhere; markup that publishing
would drop; invisible names; formulas in exports (issue 11, classes 3–5)."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.records.catalog import load_catalog
from generator.records.markup import leaves_the_copy, to_html, unlink_external

from .conftest import PROJECT, build, copy_small, write

WANG = "teachers/national/wang-fang.yml"
COURSE = "catalog/courses/ganbu-xuanba.yml"


def set_field(root, rel: str, key: str, value_yaml: str) -> None:
    """Replace the line `key: …` (and a block under it) of a record with `key: value`."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines()
    out, skipping = [], False
    for line in lines:
        if skipping and (line.startswith("  ") or not line.strip()):
            continue
        skipping = False
        if line.startswith(f"{key}:"):
            out.append(f"{key}: {value_yaml}")
            skipping = True
            continue
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def codes(result) -> list[tuple[str, str]]:
    return sorted((str(p.path), p.code) for p in result.problems)


# -- class 3: what validates must build --------------------------------------------------------
@pytest.mark.parametrize(
    "bio",
    [
        "|\n  " + "- " * 40 + "深",  # list markers inside each other
        "|\n  " + "> " * 40 + "深",  # quotes
        "|\n  " + "1. " * 40 + "深",
        "|\n" + "\n".join("  " + "    " * i + "- 层" for i in range(20)),  # indented lists
        "|\n  " + "> - " * 20 + "深",
        '"' + "[" * 400 + '"',  # link brackets that make rendering quadratic
    ],
)
def test_markdown_too_deep_for_the_renderer_is_a_located_error(data_dir, bio):
    set_field(data_dir, WANG, "bio", bio)
    result = load_catalog(data_dir)
    assert codes(result) == [(WANG, "too-deep")], result.problems
    assert result.problems[0].line == 18


def test_nesting_the_renderer_handles_still_builds(data_dir, tmp_path):
    set_field(data_dir, WANG, "bio", "|\n  " + "> " * 6 + "- 引用中的列表\n  " + "[链接](https://example.org) " * 20)
    assert load_catalog(data_dir).problems == []
    page = (build(data_dir, tmp_path / "site") / "teacher" / "wang-fang.html").read_text(encoding="utf-8")
    assert "引用中的列表" in page


def test_a_render_failure_names_the_record_file(data_dir, tmp_path, monkeypatch):
    from generator.publish.website import render
    from generator.publish.website.build import BuildFailed

    original = render.Renderer._record

    def broken(self, kind, rid):
        if rid == "li-na":
            raise RecursionError("maximum recursion depth exceeded")
        return original(self, kind, rid)

    monkeypatch.setattr(render.Renderer, "_record", broken)
    with pytest.raises(BuildFailed) as failure:
        build(data_dir, tmp_path / "site")
    assert "teachers/360000/li-na.yml" in str(failure.value) and not (tmp_path / "site").exists()


# -- class 4: files and links ------------------------------------------------------------------
def test_links_out_of_the_data_root_are_refused_and_not_published(tmp_path):
    outside = tmp_path / "elsewhere"
    write(outside, "secret.yml", (PROJECT / "tests/data/small" / WANG).read_text(encoding="utf-8").replace("wang-fang", "mi-mi"))
    write(outside, "catalog-copy/courses/x.yml", "id: x\n")
    root = copy_small(tmp_path / "data")
    (root / "teachers/national/mi-mi.yml").symlink_to(outside / "secret.yml")  # a record file
    (root / "catalog/extra").symlink_to(outside / "catalog-copy")  # a record folder
    result = load_catalog(root)
    assert codes(result) == [("catalog/extra", "link-outside"), ("teachers/national/mi-mi.yml", "link-outside")]
    assert "mi-mi" not in result.catalog.teachers
    # the whole teachers/ folder a link out of the root
    root2 = copy_small(tmp_path / "data2")
    import shutil

    shutil.move(root2 / "teachers", outside / "teachers")
    (root2 / "teachers").symlink_to(outside / "teachers")
    assert ("teachers", "link-outside") in codes(load_catalog(root2))
    # a link that stays inside the root is still read
    root3 = copy_small(tmp_path / "data3")
    (root3 / "teachers/national/wang-fang.yml").rename(root3 / "wang-fang.yml")
    (root3 / "teachers/national/wang-fang.yml").symlink_to(root3 / "wang-fang.yml")
    assert load_catalog(root3).problems == []


@pytest.mark.parametrize(
    "href",
    ["http:evil.example", "https:/evil.example", "\\\\evil.example\\x", "//evil.example/x", "HTTPS://evil.example", " https://evil.example",
     "https:\\\\evil.example", "ftp://evil.example/a", "mailto:someone"],
)
def test_links_that_leave_an_offline_copy_are_decided_as_browsers_do(href):
    assert leaves_the_copy(href)
    html = unlink_external(f'<p><a href="{href}">文字</a></p>')
    assert "<a " not in html and "文字" in html


@pytest.mark.parametrize("href", ["../course/x.html", "x.html#a", "#top", "teacher/a.html?x=1&amp;y=2", "./"])
def test_links_inside_the_copy_stay(href):
    assert not leaves_the_copy(href)
    assert "<a " in unlink_external(f'<a href="{href}">文字</a>')


def test_the_offline_check_sees_links_without_slashes(tmp_path):
    from generator.publish.offline.checks import foreign_references

    write(tmp_path, "index.html", '<p><a href="https:/evil.example">x</a><img src="\\\\evil.example\\i.png"><a href="course/a.html">y</a></p>')
    write(tmp_path, "ok.html", '<a href="index.html">home</a><img src="data:image/png;base64,AA==">')
    found = foreign_references(tmp_path)
    assert len(found) == 2 and all(f.startswith("index.html:1:") for f in found)


def test_an_offline_copy_has_no_link_out_in_any_spelling(data_dir, tmp_path):
    from generator.publish.offline.copy import build_offline

    set_field(data_dir, COURSE, "summary", "|\n  见 [甲](http:evil.example)、[乙](https:/evil.example)、[丙](\\\\evil.example\\x)。")
    assert load_catalog(data_dir).problems == []
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    report = build_offline(config_file=PROJECT / "mkdocs.yml", data=data_dir, out=tmp_path / "dist", progress=lambda line: None)
    with zipfile.ZipFile(report.zip) as archive:
        page = archive.read(f"{report.zip.stem}/course/ganbu-xuanba.html").decode("utf-8")
    assert "甲（http:evil.example）" in page and "evil.example" not in page.split("甲")[0]
    assert 'href="http:evil' not in page and 'href="https:/evil' not in page and "href=\"\\\\evil" not in page


@pytest.mark.parametrize(
    "bio",
    [
        "<image src=x onerror=alert(1)>",  # a browser reads it as <img>
        "<isindex>",
        "<x-card onclick=alert(1)>卡片</x-card>",  # a custom element
        "[点我](java&#x09;script:alert(1))",  # entity-encoded white space in the scheme
        "[点我](&#106;avascript:alert(1))",
        "泛型 List<T> 的用法",  # would be shown as "泛型 List 的用法"
        "![照片](photo.jpg)",  # images are not published
        "<!-- 备注 -->",
        "[点我][1]\n\n  [1]: vbscript:x",
    ],
)
def test_markdown_that_publishing_would_change_is_raw_html(data_dir, bio):
    set_field(data_dir, WANG, "bio", '"' + bio.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"')
    result = load_catalog(data_dir)
    assert codes(result) == [(WANG, "raw-html")], result.problems


@pytest.mark.parametrize(
    "bio",
    ["讲解 `<div>` 与 `List<T>`", "a < b 且 c > d", "见 <https://example.org/a>", "**加粗** 与 [链接](https://example.org)", "3. 第三条\n4. 第四条", "《党章》 & 《准则》"],
)
def test_markdown_that_publishing_keeps_is_fine(data_dir, tmp_path, bio):
    set_field(data_dir, WANG, "bio", '"' + bio.replace('"', '\\"').replace("\n", "\\n") + '"')
    assert load_catalog(data_dir).problems == []
    assert to_html(bio)  # and renders


@pytest.mark.parametrize(
    "field,value",
    [
        ("name", '"王\u200b芳"'),  # zero-width space
        ("name", '"\u3164"'),  # Hangul filler only
        ("name", '"王芳\u00ad"'),  # soft hyphen
        ("name", '"王\u2066芳"'),  # bidi isolate
        ("name", '"\U000e0041王芳"'),  # tag character
        ("name", '"123"'),  # no letter at all
        ("name", '"···"'),
        ("unit", '"某大学\u2060学院"'),  # word joiner
        ("bio", '"研究\u180e党建"'),  # Mongolian vowel separator
    ],
)
def test_invisible_characters_and_names_without_letters_are_bad_values(data_dir, field, value):
    set_field(data_dir, WANG, field, value)
    result = load_catalog(data_dir)
    assert codes(result) == [(WANG, "bad-value")], result.problems


def test_titles_of_every_kind_need_a_letter(data_dir):
    set_field(data_dir, COURSE, "title", '"2035"')
    set_field(data_dir, "catalog/bases/jinggangshan.yml", "name", '"\u3164\u3164"')
    assert codes(load_catalog(data_dir)) == [("catalog/bases/jinggangshan.yml", "bad-value"), (COURSE, "bad-value")]


# -- class 5: formulas in exports ----------------------------------------------------------------
@pytest.mark.parametrize("reason", ['=HYPERLINK("http://x","点")', "+1+2", "-2+3", "@SUM(A1)", "＝1+1", "－cmd"])
def test_csv_exports_never_start_a_cell_with_a_formula(reason, tmp_path):
    data = copy_small(tmp_path / "data")
    path = data / "teachers/330000/zhang-wei.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("reason: 挂职锻炼", "reason: " + json.dumps(reason, ensure_ascii=False)), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "changelog", "--year", "2017", "--format", "csv", "--data", str(data), "--config", str(PROJECT / "mkdocs.yml")],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout.lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")) for cell in cells)
    # the text itself is kept, behind the apostrophe that spreadsheets hide, and comes back whole
    from generator.yearly.reports import read_csv

    assert reason in [cell for row in read_csv(run.stdout) for cell in row]


def test_safe_cell_rules():
    from generator.yearly.reports import csv_text

    text = csv_text(["a", "b"], [["=1+1", "普通"], ["中间=号", 5], ["-", "@x"], ["\t=1", "\r=1"], ['a,"b"\n', -3], ["'=x", "'"]])
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))) == [
        ["a", "b"], ["'=1+1", "普通"], ["中间=号", "5"], ["'-", "'@x"], ["'\t=1", "'\r=1"], ['a,"b"\n', "-3"], ["''=x", "''"]
    ]


# cells from the characters that matter to CSV and spreadsheets, and from any text
_CELL = st.text(alphabet=st.sampled_from(list("'=+-@\t\r\n,\" a中＝＠")), max_size=6) | st.text()


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=1, max_size=4), max_size=5))
def test_csv_reads_back_as_written(rows):
    from generator.yearly.reports import FORMULA_START, csv_text, read_csv

    width = max((len(r) for r in rows), default=1)
    rows = [r + [""] * (width - len(r)) for r in rows]
    text = csv_text(["列"] * width, rows)
    cells = [cell for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")) for cell in row]
    assert not any(cell.startswith(FORMULA_START) for cell in cells)
    assert read_csv(text) == [["列"] * width] + rows
