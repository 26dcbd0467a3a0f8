"""The print edition on the shipped data: real PDFs set by Typst, read back with poppler
(pdftotext, pdffonts, pdfinfo), as a reader and a printer would see them."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import PROJECT

YEAR = 2017


def peixun(*args, env=None, cwd=PROJECT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def poppler(tool: str, *args) -> str:
    assert shutil.which(tool), f"{tool} 未安装（poppler-utils，make test 会安装）"
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True, timeout=120, check=True).stdout


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("print")
    done = peixun("print", "--out", out)
    assert done.returncode == 0, done.stderr
    return out


def text(pdf: Path, *pages: int) -> str:
    first_last = ("-f", pages[0], "-l", pages[-1]) if pages else ()
    return poppler("pdftotext", "-layout", *first_last, pdf, "-")


def squash(s: str) -> str:
    """Text without its spacing: pdftotext spaces CJK and Latin runs as the layout placed them."""
    return re.sub(r"\s+", "", s)


def pages(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", pdf), re.M).group(1))


def test_the_directory_has_its_cover_contents_rules_and_pools(printed):
    pdf = printed / f"directory-{YEAR}-national.pdf"
    cover = text(pdf, 1)
    assert f"{YEAR} 年度组工干部教育培训师资库名录" in cover and f"{YEAR} 年版" in cover and "全国各师资库" in cover
    assert f"生成日期：{YEAR}年12月31日" in squash(cover)
    assert "目录" in squash(text(pdf, 2)) and "浙江省师资库" in text(pdf, 2)
    whole = text(pdf)
    assert "师资库动态管理规则" in whole and "连续 1 年没有复核结果的" in whole
    zhejiang = whole[whole.index("\n浙江省师资库\n"):]  # the section, not its line in the contents
    assert "负责部门：中共浙江省委组织部" in zhejiang[:400]
    assert re.search(r"列入名录 \d+ 人", zhejiang[:400])


def test_a_listed_teacher_has_a_row_with_unit_source_and_state(printed):
    t = yaml.safe_load((PROJECT / "teachers/330000/cai-ming.yml").read_text(encoding="utf-8"))
    whole = text(printed / f"directory-{YEAR}-national.pdf")
    row = next(line for line in whole.splitlines() if line.strip().startswith(t["name"]))
    assert t["unit"] in row and t["source"] in row and "在库" in row


def test_every_page_after_the_cover_is_numbered_of_the_total(printed):
    for pdf in printed.glob("*.pdf"):
        total = pages(pdf)
        assert total > 3
        for n in (2, total):
            assert f"第{n}页共{total}页" in squash(text(pdf, n)), (pdf.name, n)


def test_fonts_are_embedded_subsets_of_the_serif_cjk_face(printed):
    for pdf in printed.glob("*.pdf"):
        rows = [line.split() for line in poppler("pdffonts", pdf).splitlines()[2:] if line.strip()]
        assert rows and any("NotoSerifCJK" in r[0] for r in rows)
        for r in rows:
            emb, sub = r[-5], r[-4]
            assert (emb, sub) == ("yes", "yes"), r


def test_no_contact_value_reaches_a_pdf(printed):
    values = []
    for path in [*(PROJECT / "teachers").rglob("*.yml"), *(PROJECT / "catalog/bases").glob("*.yml")]:
        contact = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("contact") or {}
        values += [str(v) for v in contact.values() if v and len(str(v)) >= 6]
    assert len(values) > 50
    for pdf in printed.glob("*.pdf"):
        body = poppler("pdftotext", pdf, "-")
        lines = [re.sub(r"\D", "", line) for line in body.splitlines()]  # digits as a line shows them, any separators
        for v in values:
            assert v not in body, (pdf.name, "contact value")
            if sum(ch.isdigit() for ch in v) >= 10:
                assert not any(re.sub(r"\D", "", v) in line for line in lines), (pdf.name, "contact number")


def test_the_same_records_give_the_same_bytes_and_the_date_follows_source_date_epoch(printed, tmp_path):
    again = tmp_path / "again"
    assert peixun("print", "--out", again).returncode == 0
    for pdf in printed.glob("*.pdf"):
        assert (again / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name
    import os

    dated = tmp_path / "dated"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1514764800"}  # 2018-01-01
    assert peixun("print", "--what", "directory", "--out", dated, env=env).returncode == 0
    assert "生成日期：2018年1月1日" in squash(text(dated / f"directory-{YEAR}-national.pdf", 1))


def test_a_pool_scope_prints_only_that_pool(tmp_path):
    done = peixun("print", "--scope", "330000", "--what", "directory", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    whole = text(tmp_path / f"directory-{YEAR}-330000.pdf")
    headings = {line.strip() for line in whole.splitlines()}
    assert "浙江省师资库" in headings and not headings & {"江苏省师资库", "全国师资库"}


def test_the_catalog_has_courses_textbooks_bases_programmes_and_charts(printed):
    whole = text(printed / f"catalog-{YEAR}.pdf")
    for heading in ("课程", "教材", "培训基地", f"{YEAR} 年培训项目", "统计", "理论武装", "浙江省"):
        assert heading in whole, heading
    course = yaml.safe_load(next((PROJECT / "catalog/courses").glob("*.yml")).read_text(encoding="utf-8"))
    assert course["title"][:8] in whole
    assert "师资库每年的进出" in whole


def test_print_never_overwrites_a_file_it_did_not_write(tmp_path):
    theirs = tmp_path / f"catalog-{YEAR}.pdf"
    theirs.write_bytes(b"%PDF-1.4 someone's own file")
    done = peixun("print", "--what", "catalog", "--out", tmp_path)
    assert done.returncode == 2 and "不是 peixun 写的" in done.stderr
    assert theirs.read_bytes() == b"%PDF-1.4 someone's own file"


def test_the_site_links_the_pdfs_with_size_checksum_and_each_pools_page(shipped_site):
    import hashlib

    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    for name in (f"directory-{YEAR}-national.pdf", f"catalog-{YEAR}.pdf"):
        pdf = shipped_site / "print" / name
        assert f'href="print/{name}"' in home and hashlib.sha256(pdf.read_bytes()).hexdigest() in home
    book = shipped_site / "print" / f"directory-{YEAR}-national.pdf"
    for pool, label in (("330000", "浙江省师资库"), ("national", "全国师资库")):
        page = (shipped_site / "teachers" / pool / "index.html").read_text(encoding="utf-8")
        n = int(re.search(rf'href="\.\./\.\./print/directory-{YEAR}-national\.pdf#page=(\d+)"', page).group(1))
        assert label in [line.strip() for line in text(book, n).splitlines()][:8], (pool, n)


def test_many_teachers_shared_into_a_pool_are_counted_by_their_pool(monkeypatch):
    import datetime

    from generator.publish.print import contents, typeset
    from generator.publish.settings import read_settings
    from generator.publish.views import build_views
    from generator.records.catalog import load_catalog

    monkeypatch.setattr(contents, "SHARED_NAMED", 0)
    settings = read_settings(PROJECT / "mkdocs.yml")
    views = build_views(load_catalog(PROJECT).catalog.public(), settings.edition, settings.rules, targets=None)
    data = contents.directory(views, "national", "2017 年 12 月 31 日")
    national = next(s for s in data["sections"] if s["pool"] == "national")
    assert national["shared"] == [] and national["shared_in"] == sum(n for _, n in national["shared_from"]) > 0
    pdf = typeset.typeset("directory.typ", data, datetime.datetime(2017, 12, 31, tzinfo=datetime.timezone.utc))
    body = squash(typeset.pdf_text(pdf))
    assert f"共{national['shared_in']}人，各列在所属师资库的名录中" in body


def test_the_privacy_check_reads_cells_apart_and_still_finds_a_number_in_one():
    from generator.publish.print.typeset import checked_text
    from generator.records.secrets import Secrets

    secrets = Secrets([("t", "phone", "number", "00000000000")])
    counts = "2015 年     0     0     0     0\n2016 年     0     0     0     0     0     0     0\n"
    assert not secrets.find(checked_text(counts, {"rows": [[0.0, 0.0, 0.0]]}))
    assert secrets.find(checked_text("张伟     电话 000 0000 0000     在库\n", {}))
    assert secrets.find(checked_text("", {"bio": "联系 000-0000-0000"}))


def test_a_large_directory_set_in_parts_reads_like_one_document(tmp_path, monkeypatch):
    """A directory of more than typeset.PART_ROWS rows is set in parts, each Typst run in a
    process of its own (its memory freed), and joined: the same pages, numbers, contents
    and text as one run, the same bytes every time."""
    import datetime

    from generator.cli.common import load_project
    from generator.publish.print import contents, typeset
    from generator.publish.views import build_views

    _, _, settings, result = load_project(PROJECT, None, "x")
    views = build_views(result.catalog.public(), YEAR, settings.rules, targets=None)
    data = contents.directory(views, "national", "2017 年 12 月 31 日")
    when = datetime.datetime(YEAR, 12, 31, tzinfo=datetime.timezone.utc)
    whole = tmp_path / "whole.pdf"
    whole.write_bytes(typeset.typeset("directory.typ", data, when))
    runs = []
    real_run = typeset._run
    monkeypatch.setattr(typeset, "_run", lambda jobs, when: runs.append(len(jobs)) or real_run(jobs, when))
    monkeypatch.setattr(typeset, "PART_ROWS", 40)
    parted = tmp_path / "parts.pdf"
    parted.write_bytes(typeset.typeset("directory.typ", data, when))
    assert len(runs) == 2 and runs[0] >= 4  # a query pass and a setting pass, a front and three parts or more
    assert parted.read_bytes() == typeset.typeset("directory.typ", data, when)
    total = pages(whole)
    assert pages(parted) == total

    def contents_of(pdf):
        return [(t, n) for t, n in re.findall(r"^\s*(\S+?)\s*(?:\.\s*){3,}(\d+)\s*$", text(pdf, 2, 3).replace("\u2060", ""), re.M)]

    assert contents_of(parted) == contents_of(whole) and len(contents_of(whole)) == len(data["sections"]) + 1
    for n in range(2, total + 1):  # every page numbered of the total, and the same text
        assert squash(text(parted, n)) == squash(text(whole, n).replace("\u2060", "")), n  # Typst's outline joins its numbers
    assert f"第{total}页共{total}页" in squash(text(parted, total))
    fonts = [line.split() for line in poppler("pdffonts", parted).splitlines()[2:] if line.strip()]
    assert fonts and all((r[-5], r[-4]) == ("yes", "yes") for r in fonts)
    import pypdf

    bookmarks = [b.title for b in pypdf.PdfReader(parted).outline if not isinstance(b, list)]
    assert [s["title"] for s in data["sections"]] == [b for b in bookmarks if b.endswith("师资库")]
