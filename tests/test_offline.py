"""Offline copies: `peixun offline` on the shipped data, unzipped and opened from file://
in real Chromium with every request that is not a file blocked."""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.publish.website.build import BuildFailed
from generator.publish.offline.copy import build_offline

from .browser import material_search, watched_page
from .conftest import PROJECT, copy_small
from .sitecheck import check_links, parse, readable_texts

PROVINCE = "330000"


@dataclass
class Copy:
    zip: Path
    checksum: Path
    root: Path  # the unzipped folder with index.html


def make_copy(out: Path, scope: str, data: Path = PROJECT, **kwargs) -> Copy:
    report = build_offline(config_file=PROJECT / "mkdocs.yml", data=data, out=out, scope=scope, progress=lambda line: None, **kwargs)
    unzipped = out / "unzipped"
    with zipfile.ZipFile(report.zip) as archive:
        archive.extractall(unzipped)
    return Copy(report.zip, report.checksum, unzipped / report.zip.stem)


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> dict[str, Copy]:
    return {scope: make_copy(tmp_path_factory.mktemp(f"offline-{scope}"), scope) for scope in ("national", PROVINCE)}


def raw_records(folder: str) -> dict[str, dict]:
    """The shipped YAML records of a folder, read without the project's loader."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((PROJECT / folder).rglob("*.yml"))}


# -- the zip and its checksum ------------------------------------------------------------------
def test_names_checksum_and_layout(copies):
    for scope, copy in copies.items():
        assert copy.zip.name == f"peixun-2017-{scope}.zip"
        assert copy.checksum.name == f"peixun-2017-{scope}.zip.sha256"
        digest = hashlib.sha256(copy.zip.read_bytes()).hexdigest()
        assert copy.checksum.read_text(encoding="utf-8") == f"{digest}  {copy.zip.name}\n"
        check = subprocess.run(["sha256sum", "-c", copy.checksum.name], cwd=copy.zip.parent, capture_output=True, text=True)
        assert check.returncode == 0 and check.stdout.strip() == f"{copy.zip.name}: OK"
        with zipfile.ZipFile(copy.zip) as archive:
            names = archive.namelist()
        assert names == sorted(names)
        assert {name.split("/")[0] for name in names} == {copy.zip.stem}  # one folder, named like the zip
        for needed in ("index.html", "edition.html", "search/search_index.js", "assets/peixun/iframe-worker-shim.js",
                       "progress/index.html", "stats/index.html", "data/index.html", "data/peixun-2017.xlsx"):
            assert f"{copy.zip.stem}/{needed}" in names
        for dropped in ("sitemap.xml", "search/search_index.json"):
            assert f"{copy.zip.stem}/{dropped}" not in names


def test_a_changed_zip_fails_the_check(copies, tmp_path):
    copy = copies[PROVINCE]
    (tmp_path / copy.checksum.name).write_bytes(copy.checksum.read_bytes())
    data = bytearray(copy.zip.read_bytes())
    data[len(data) // 2] ^= 1
    (tmp_path / copy.zip.name).write_bytes(bytes(data))
    check = subprocess.run(["sha256sum", "-c", copy.checksum.name], cwd=tmp_path, capture_output=True, text=True)
    assert check.returncode != 0


def test_same_data_gives_the_same_bytes(copies, tmp_path):
    again = make_copy(tmp_path, PROVINCE)
    assert again.zip.read_bytes() == copies[PROVINCE].zip.read_bytes()
    with zipfile.ZipFile(again.zip) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2017, 12, 31, 0, 0, 0)}


def test_an_older_edition_gets_its_own_date(tmp_path):
    copy = make_copy(tmp_path, PROVINCE, year=2016)
    assert copy.zip.name == f"peixun-2016-{PROVINCE}.zip"
    page = (copy.root / "edition.html").read_text(encoding="utf-8")
    assert "<td>2016 年</td>" in page and "2016 年 12 月 31 日" in page


def test_a_bad_scope_or_bad_records_stop_with_a_chinese_message(tmp_path):
    with pytest.raises(BuildFailed, match="范围“999999”不对"):
        build_offline(config_file=PROJECT / "mkdocs.yml", data=PROJECT, out=tmp_path, scope="999999", progress=lambda line: None)
    data = copy_small(tmp_path / "data")
    (data / "catalog" / "courses" / "broken.yml").write_text("id: broken\ntitle: [\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="记录校验未通过") as failure:
        build_offline(config_file=PROJECT / "mkdocs.yml", data=data, out=tmp_path / "out", scope="national", progress=lambda line: None)
    assert "catalog/courses/broken.yml:" in str(failure.value)
    assert not list((tmp_path / "out").glob("*.zip"))


# -- what is inside ----------------------------------------------------------------------------
def edition_counts(copy: Copy) -> dict[str, int]:
    text = re.sub(r"<[^>]+>", "", (copy.root / "edition.html").read_text(encoding="utf-8"))
    return {label: int(n) for label, n in re.findall(r"(课程|教材|培训基地|教师|部门) (\d+)", text)}


def test_edition_page_states_year_scope_date_and_counts(copies):
    expected = {label: len(list((PROJECT / folder).glob("*.yml"))) for label, folder in (
        ("课程", "catalog/courses"), ("教材", "catalog/textbooks"), ("培训基地", "catalog/bases"), ("部门", "catalog/departments"))}
    national, province = copies["national"], copies[PROVINCE]
    assert edition_counts(national) == {**expected, "教师": len(list((PROJECT / "teachers").rglob("*.yml")))}
    assert edition_counts(province) == {**expected, "教师": len(list((province.root / "teacher").glob("*.html")))}
    for copy, scope in ((national, "全国"), (province, "浙江")):
        page = (copy.root / "edition.html").read_text(encoding="utf-8")
        assert "<td>2017 年</td>" in page and "2017 年 12 月 31 日" in page and scope in page
        assert f"sha256sum -c {copy.zip.name}.sha256" in page
    home = (national.root / "index.html").read_text(encoding="utf-8")
    assert 'href="edition.html"' in home


def test_a_province_keeps_its_teachers_and_those_shared_with_it(copies):
    teachers = raw_records("teachers")
    pages = {path.stem for path in (copies[PROVINCE].root / "teacher").glob("*.html")}
    own = {tid for tid, t in teachers.items() if t["pool"] == PROVINCE}
    assert own and own <= pages
    shared_in = {tid for tid, t in teachers.items() if t["pool"] != PROVINCE and any(PROVINCE in s.get("scope", []) for s in t.get("sharing", []))}
    assert shared_in and shared_in <= pages
    # a teacher whose record never names the province nor shares with every pool
    unrelated = {tid for tid, t in teachers.items() if PROVINCE not in json.dumps(t) and "all" not in json.dumps(t.get("sharing", []))}
    assert unrelated and not unrelated & pages
    national = {path.stem for path in (copies["national"].root / "teacher").glob("*.html")}
    assert national == set(teachers) and pages < national
    for kind in ("course", "textbook", "base", "department"):
        assert sorted(p.name for p in (copies[PROVINCE].root / kind).glob("*.html")) == sorted(
            p.name for p in (copies["national"].root / kind).glob("*.html"))


def test_every_link_resolves_to_a_file_inside_the_copy(copies):
    for copy in copies.values():
        broken, external, checked = check_links(copy.root)
        assert broken == [] and external == []
        assert checked > 1000
        # file:// opens no index.html for a folder: every link names its file
        for page in copy.root.rglob("*.html"):
            for _, url in parse(page).refs:
                path = url.split("#")[0].split("?")[0]
                assert not path.endswith("/"), f"{page.relative_to(copy.root)}: {url}"


class _Attributes(HTMLParser):
    """Every attribute value, and the text of <script> and <style> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: list[tuple[str, str]] = []
        self.code: list[str] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        self._in = tag if tag in ("script", "style") else None
        self.values += [(f"<{tag} {name}>", value) for name, value in attrs if value]

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in:
            self.code.append(data)


URL = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.I)
# Addresses that are in the bundle but never fetched: the SVG namespace, licence notes in
# comments, and Material's repository statistics, which it asks for only for a configured
# repository (there is none: test_no_repository_or_social_links).
INERT = (
    "http://www.w3.org/",
    "https://fontawesome.com",
    "https://clipboardjs.com",
    "https://bit.ly/",
    "http://lunrjs.com",
    "http://tartarus.org/",
    "https://api.github.com/",
    "https://${",
)


def test_no_address_of_another_host_outside_plain_text(copies):
    found = []
    for copy in copies.values():
        for path in sorted(copy.root.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(copy.root)
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".html":
                parser = _Attributes()
                parser.feed(text)
                for where, value in parser.values:
                    for match in URL.finditer(value):
                        if not value[match.start():].startswith("http://www.w3.org/"):
                            found.append(f"{rel}: {where} {value[:80]}")
                code = "\n".join(parser.code)
            elif path.suffix == ".js" and rel.as_posix() == "search/search_index.js":
                # the index holds page text (plain text may mention an address) and markup
                docs = json.loads(text[text.index("{"):])["docs"]
                code = "\n".join(re.findall(r"<[^>]*>", "".join(d.get("text", "") + d.get("title", "") for d in docs)))
            elif path.suffix in (".js", ".css", ".json", ".svg", ".xml", ".webmanifest", ".txt"):
                code = text
            else:
                continue
            for match in re.finditer(r"https?://[^\s\"'`)<>]*", code):
                if not match.group().startswith(INERT):
                    found.append(f"{rel}: {match.group()[:80]}")
    assert found == []


def test_no_repository_or_social_links(tmp_path):
    # a project that names its repository and social accounts still gets a copy without them
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {PROJECT / 'mkdocs.yml'}\ndocs_dir: {tmp_path / 'content'}\n"
        "repo_url: https://github.com/example/peixun\n"
        "extra:\n  social:\n    - icon: fontawesome/brands/github\n      link: https://github.com/example\n",
        encoding="utf-8",
    )
    content = tmp_path / "content"
    for page in (PROJECT / "content").glob("*.md"):
        (content / page.name).parent.mkdir(exist_ok=True)
        (content / page.name).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    (content / "about.md").write_text("# 关于规划\n\n详见[规划原文](https://www.example.gov.cn/plan.html)。\n", encoding="utf-8")
    report = build_offline(config_file=config, data=copy_small(tmp_path / "data"), out=tmp_path / "out", scope="national", progress=lambda line: None)
    with zipfile.ZipFile(report.zip) as archive:
        pages = {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".html")}
    about = pages[f"{report.zip.stem}/about.html"]
    assert "规划原文（https://www.example.gov.cn/plan.html）" in about
    for name, page in pages.items():
        assert "github.com" not in page and 'href="https://' not in page and "md-source" not in page, name


def contact_values() -> set[str]:
    values = set()
    for folder in ("teachers", "catalog/bases"):
        for record in raw_records(folder).values():
            for value in (record.get("contact") or {}).values():
                values |= {str(v) for v in (value if isinstance(value, list) else [value])}
    return values


def test_no_contact_value_in_any_file(copies):
    secrets = contact_values()
    assert len(secrets) > 100
    # phone numbers also with spaces, dashes or the zero-width spaces of the search index
    phones = [re.compile(r"[\s\u200b\-()]*".join(map(re.escape, re.sub(r"\D", "", s)))) for s in secrets if len(re.sub(r"\D", "", s)) >= 7]
    others = {s for s in secrets if len(re.sub(r"\D", "", s)) < 7}
    assert phones and others
    for copy in copies.values():
        with zipfile.ZipFile(copy.zip) as archive:
            for name, text in ((n, t) for n in archive.namelist() for t in readable_texts(n, archive.read(n))):
                text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)  # JSON escapes
                plain = text.replace("\u200b", "")
                assert "example.org" not in plain, name
                assert [s for s in others if s in plain] == [], name
                assert [p.pattern for p in phones if p.search(text)] == [], name


# -- in the browser, from file:// ----------------------------------------------------------------
@pytest.fixture
def offline(chromium):
    """A fresh page that may load files only; console errors and other requests are kept."""
    with watched_page(chromium, "file") as (page, watch):
        yield page, watch
    assert watch.blocked == [], "请求了文件以外的地址"
    assert watch.errors == [], "控制台有错误"


def search(page, query: str, how: str = "type") -> list[str]:
    """Enter a query into Material's search (as a person types it, unless told) and return
    the result links, best first."""
    return material_search(page, query, how)


def test_browse_home_listing_record(offline, copies):
    page, watch = offline
    root = copies[PROVINCE].root
    page.goto((root / "index.html").as_uri())
    assert page.locator("h1").first.inner_text() != ""
    page.locator(".md-tabs a", has_text="课程").first.click()
    page.wait_for_url(re.compile(r"/courses/index\.html$"))
    page.locator("a", has_text="网络舆情应对").first.click()
    page.wait_for_url(re.compile(r"/course/wangluo-yuqing\.html$"))
    assert "网络舆情应对" in page.locator("h1").inner_text()
    page.locator(".md-tabs a", has_text="师资库").first.click()
    page.wait_for_url(re.compile(r"/teachers/index\.html$"))
    page.locator("article a", has_text="浙江省师资库").first.click()
    page.wait_for_url(re.compile(r"/teachers/330000/index\.html$"))
    page.locator("a", has_text="黄霞").first.click()
    page.wait_for_url(re.compile(r"/teacher/huang-xia\.html$"))
    assert "中共浙江省委党校" in page.locator("article").inner_text()
    page.goto((root / "index.html").as_uri())
    page.locator("a", has_text="本副本说明").click()
    page.wait_for_url(re.compile(r"/edition\.html$"))
    assert "浙江" in page.locator("article").inner_text()
    # the theme's styles loaded from the copy
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"


# (query, the page that must be among the first five results): names of two and three
# characters, a teacher shared with the province, course and base titles, topic words
QUERIES = [
    ("黄霞", "teacher/huang-xia.html"),
    ("邵建平", "teacher/shao-jianping.html"),
    ("姚晓峰", "teacher/yao-xiaofeng.html"),
    ("干部选拔任用工作实务", "course/ganbu-xuanba-renyong.html"),
    ("网络舆情应对", "course/wangluo-yuqing.html"),
    ("中国井冈山干部学院", "base/jinggangshan.html"),
    ("舆情", "course/wangluo-yuqing.html"),
    ("党性", "course/dangxing-duanlian.html"),
    ("党章", "course/dangzhang-yanxi.html"),
    ("档案", "course/ganbu-dangan.html"),
]


@pytest.mark.parametrize("query,expected", QUERIES)
def test_search_from_file_in_chinese(offline, copies, query, expected):
    page, _ = offline
    root = copies[PROVINCE].root
    page.goto((root / "index.html").as_uri())
    results = search(page, query)
    assert (root / expected).as_uri() in results[:5], results[:5]


@pytest.mark.parametrize("how", ["insert", "fill", "ime"])
@pytest.mark.parametrize("query", ["党性", "黄霞"])
def test_text_entered_without_keys_is_searched_like_typed_text(offline, copies, query, how):
    """Pasted, dropped, dictated or input-method text has no key events; Material's search
    reads only keys, so the copy passes every change of the box on (search-input.js)."""
    page, _ = offline
    index = (copies[PROVINCE].root / "index.html").as_uri()
    page.goto(index)
    typed = search(page, query)
    page.goto(index)
    page.evaluate("""() => {
        const send = window.Worker.prototype.postMessage;
        window.__queries = [];
        window.Worker.prototype.postMessage = function (message, transfer) {
            if (message && message.type === 2) window.__queries.push(message.data);
            return send.call(this, message, transfer);
        };
    }""")
    entered = search(page, query, how)
    assert entered[:5] == typed[:5] and entered
    # each change is searched once, and pinyin still being composed is never searched
    assert [q for q in page.evaluate("window.__queries") if q] == [query]


def test_search_from_a_record_page_of_the_national_copy(offline, copies):
    page, _ = offline
    root = copies["national"].root
    page.goto((root / "teacher" / "huang-xia.html").as_uri())  # one folder down: the worker's files must still load
    results = search(page, "白刚")
    assert (root / "teacher" / "bai-gang.html").as_uri() in results[:5]
    page.goto((root / "course" / "wangluo-yuqing.html").as_uri())
    results = search(page, "党性")
    assert (root / "course" / "dangxing-duanlian.html").as_uri() in results[:5]
    # a result opens the record
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_url(re.compile(r"/course/dangxing-duanlian\.html$"))


def test_the_secret_finder_sees_through_spellings():
    from generator.records.secrets import Secrets

    a, b = ("teacher", "a"), ("base", "b")
    values = [(a, "contact.phone", "0571-87000000"), (a, "contact.email", "wang@example.net"), (a, "contact.address", "杭州市西湖区某路 1 号"), (b, "contact.person", "王五"), (b, "contact.phone", "12")]
    finder = Secrets.of((owner, field, value, []) for owner, field, value in values)
    assert finder.find("电话 0571 8700 0000。") == (a, "contact.phone")
    assert finder.find("电话\u200b0571\u200b-\u200b87000000") == (a, "contact.phone")  # the index's word breaks
    assert finder.find("年份 2017，页数 1380000000000") is None
    assert finder.find('{"text": "\\u676d\\u5dde\\u5e02\\u897f\\u6e56\\u533a\\u67d0\\u8def 1 \\u53f7"}', escaped=True) == (a, "contact.address")
    assert finder.find("写信给 WANG@example.net 。") == (a, "contact.email")
    assert finder.find("<p>地址：杭州市<strong>西湖区</strong>某路&#49;号</p>", html_text=True) == (a, "contact.address")
    assert finder.find("王五讲授党史，共 12 学时") is None  # too short to tell from public text

def test_each_copy_carries_the_print_edition_of_its_scope(copies):
    for scope, copy in copies.items():
        with zipfile.ZipFile(copy.zip) as archive:
            names = set(archive.namelist())
            home = archive.read(f"{copy.zip.stem}/index.html").decode("utf-8")
        book = f"{copy.zip.stem}/print/directory-2017-{scope}.pdf"
        assert book in names and f"{copy.zip.stem}/print/catalog-2017.pdf" in names
        assert f'href="print/directory-2017-{scope}.pdf"' in home  # relative: it opens from file://
        assert not [n for n in names if "/print/directory-" in n and n != book]
