"""Real builds: MkDocs with the plugin, Pagefind, the output swap, and what the site holds."""
from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from generator.publish.website.build import BuildFailed
from generator.records.catalog import load_catalog
from generator.records.kinds import KINDS

from .conftest import PROJECT, build, copy_small, write
from .sitecheck import check_links, readable_texts


def html_files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_every_record_has_a_page_outside_the_nav(shipped_site):
    catalog = load_catalog(PROJECT).catalog
    for kind, recs in catalog.records.items():
        for rid in recs:
            page = shipped_site / KINDS[kind].page / f"{rid}.html"
            assert page.is_file(), page
    listing = (shipped_site / "courses" / "index.html").read_text(encoding="utf-8")
    start = listing.index('<nav class="md-nav md-nav--primary')
    nav = listing[start : listing.index('<div class="md-content"', start)]
    assert "courses/" in nav or "../" in nav
    assert "teacher/" not in nav and "course/" not in nav  # record pages are reached from listings


def test_every_internal_link_and_anchor_resolves(shipped_site):
    broken, external, checked = check_links(shipped_site)
    assert broken == []
    assert external == []  # nothing on the site points at another host
    assert checked > 5000


def test_pages_are_chinese_and_accessible(shipped_site):
    page = (shipped_site / "teacher" / "zou-deming.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in page
    assert page.count("<h1") == 1
    assert '<th scope="row">所属师资库</th>' in page
    assert "fonts.googleapis" not in page and "https://" not in page.replace("https://example.org", "")


def test_no_contact_value_anywhere_in_the_output(shipped_site):
    catalog = load_catalog(PROJECT).catalog
    secrets = set()
    for kind in ("teacher", "base"):
        for record in catalog[kind].values():
            if record.contact:
                secrets |= {v for v in record.contact.model_dump().values() if v}
    assert len(secrets) > 100
    blobs = []
    for path in shipped_site.rglob("*"):
        if path.is_file():  # gzipped Pagefind fragments, the open-data zips and database too
            blobs += readable_texts(path.name, path.read_bytes())
    assert any("peixun-2017.db" in b for b in blobs) and len(blobs) > 1000
    everything = "\n".join(blobs)
    assert "example.org" not in everything
    assert [s for s in secrets if s in everything] == []


def test_two_builds_give_identical_html(tmp_path):
    data = copy_small(tmp_path / "data")
    first = html_files(build(data, tmp_path / "a"))
    second = html_files(build(data, tmp_path / "b"))
    assert first == second
    # the open-data files too (the workbook and database carry no build time)
    downloads = lambda site: {p.name: p.read_bytes() for p in (site / "data").iterdir()}  # noqa: E731
    assert sorted(downloads(tmp_path / "a")) == ["index.html", "peixun-2017-csv.zip", "peixun-2017.db", "peixun-2017.json", "peixun-2017.xlsx"]
    assert downloads(tmp_path / "a") == downloads(tmp_path / "b")


def test_fast_record_pages_equal_mkdocs_rendered_ones(tmp_path):
    data = copy_small(tmp_path / "data")
    fast = html_files(build(data, tmp_path / "fast", record_pages="fast"))
    slow = html_files(build(data, tmp_path / "slow", record_pages="mkdocs"))
    records = [name for name in fast if name.split("/")[0] in {k.page for k in KINDS.values()}]
    assert len(records) == 10
    assert {name: fast[name] for name in records} == {name: slow[name] for name in records}
    assert fast.keys() == slow.keys()


def test_a_failed_build_leaves_the_previous_site(tmp_path):
    data = copy_small(tmp_path / "data")
    out = build(data, tmp_path / "site")
    before = html_files(out)
    write(data, "teachers/national/broken.yml", "id: broken\nname: [\n")
    with pytest.raises(BuildFailed) as info:
        build(data, out)
    assert "teachers/national/broken.yml:3:1: 错误[yaml-syntax]" in str(info.value)
    assert html_files(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == [".site.peixun-cache"]  # no temp folder left, the cache stays


def test_the_build_command_reports_stages_and_errors(tmp_path):
    data = copy_small(tmp_path / "data")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--data", str(data), "--out", str(tmp_path / "out"), "--config", str(PROJECT / "mkdocs.yml")],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert [line[:5] for line in run.stdout.splitlines()] == ["[1/4]", "[2/4]", "[3/4]", "[4/4]", "完成：共 "]
    write(data, "catalog/courses/x.yml", "id: x\n")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--data", str(data), "--out", str(tmp_path / "out"), "--config", str(PROJECT / "mkdocs.yml")],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 1
    assert "catalog/courses/x.yml:1:1: 错误[missing-field]" in run.stderr


def test_plain_mkdocs_build_uses_the_plugin(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(PROJECT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True, text=True, timeout=300, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site/teacher/zou-deming.html").is_file()
    assert (tmp_path / "site/pagefind/pagefind.js").is_file()


def test_search_markup_on_record_pages(shipped_site):
    page = (shipped_site / "course" / "ganbu-xuanba-renyong.html").read_text(encoding="utf-8")
    assert '<div data-pagefind-body>' in page
    assert '<span data-pagefind-filter="课程类别">组织工作业务</span>' in page
    assert '<span data-pagefind-filter="类型">课程</span>' in page
    assert 'data-pagefind-weight="10"' in page
    listing = (shipped_site / "courses" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in listing  # listings are not search results


def test_serve_rebuilds_when_a_record_changes(tmp_path):
    import os
    import socket
    import time
    import urllib.request

    data = copy_small(tmp_path / "data")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: 预览\ndocs_dir: {PROJECT / 'content'}\nuse_directory_urls: false\n"
        f"theme:\n  name: material\n  language: zh\n  font: false\n"
        f"plugins:\n  - peixun:\n      data_root: {data}\n      pagefind: false\n",
        encoding="utf-8",
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    url = f"http://127.0.0.1:{port}/teacher/zhang-wei.html"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(text: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in page():
                return
            if server.poll() is not None:
                pytest.fail(f"mkdocs serve 已退出（{server.returncode}）：\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        pytest.fail(f"{seconds:.0f} 秒内页面上没有出现“{text}”；mkdocs serve 的输出：\n{log.read_text(errors='replace')[-2000:]}")

    try:
        wait_for("中共浙江省委组织部")
        path = data / "teachers/330000/zhang-wei.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("unit: 中共浙江省委组织部", "unit: 中共杭州市委组织部"), encoding="utf-8")
        wait_for("中共杭州市委组织部")  # rebuilt from the changed record
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_contributing_guide_is_on_the_site_and_linked_from_how_to_take_part(shipped_site):
    guide = (shipped_site / "contributing.html").read_text(encoding="utf-8")
    first_heading = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert first_heading in guide and "在 GitHub 网页上新增一位教师" in guide
    assert 'href="contributing.html"' in (shipped_site / "contribute.html").read_text(encoding="utf-8")


def _html(site, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_every_page_has_its_own_description(shipped_site):
    import re

    seen = {}
    for rel in ["index.html", "courses/index.html", "teachers/330000/index.html", "teacher/meng-jiahui.html", "course/an-zhuan-mi.html", "base/jinggangshan.html", "changes/2017/index.html"]:
        found = re.findall(r'<meta name="description" content="([^"]*)"', _html(shipped_site, rel))
        assert len(found) == 1, rel
        seen[rel] = found[0]
    assert len(set(seen.values())) == len(seen)
    assert seen["teacher/meng-jiahui.html"].startswith("教师：孟家辉")


def test_no_sitemap_without_site_url_and_a_full_one_with_it(shipped_site, tmp_path):
    assert not (shipped_site / "sitemap.xml").exists() and not (shipped_site / "sitemap.xml.gz").exists()
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8").replace("site_name:", "site_url: https://peixun.example.cn/ku/\nsite_name:", 1)
    config = config.replace("docs_dir: content", f"docs_dir: {PROJECT / 'content'}", 1)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    from generator.publish.website.build import build_site

    site = tmp_path / "site"
    build_site(config_file=tmp_path / "mkdocs.yml", data=copy_small(tmp_path / "data"), out=site, progress=lambda line: None)
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    records = sum(1 for kind in KINDS.values() for _ in (site / kind.page).glob("*.html"))
    assert text.count("<loc>https://peixun.example.cn/ku/") >= records + 5
    assert "<loc>https://peixun.example.cn/ku/teacher/" in text
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
    # the 404 page points at the sub-path
    assert 'href="/ku/courses/index.html"' in (site / "404.html").read_text(encoding="utf-8")


def test_404_page_is_chinese_and_needs_no_site_file(shipped_site):
    page = _html(shipped_site, "404.html")
    assert "找不到这个页面" in page and 'lang="zh"' in page and "Not found" not in page
    assert "<script src" not in page and 'rel="stylesheet"' not in page  # nothing that breaks under a sub-path
    assert 'action="/search/index.html"' in page and "courses/index.html" in page


def test_wording_the_issue_found_wrong_is_gone(shipped_site):
    """北京市 北京市, 省层级, shared-only pools that said 暂无记录, the mixed textbook year."""
    for rel in ("bases/index.html", "departments/index.html"):
        page = _html(shipped_site, rel)
        assert "北京市 北京市" not in page and "省层级" not in page, rel
    views_pools = [p for p in (shipped_site / "teachers").iterdir() if p.is_dir()]
    shared_only = 0
    for folder in views_pools:
        page = _html(shipped_site, f"teachers/{folder.name}/index.html")
        if "本库 0 人" in page and "共享到本库，排在本库教师之后" in page:
            shared_only += 1
            assert "暂无记录" not in page and "teacher/" in page, folder.name
    assert shared_only > 0
    heads = _html(shipped_site, "textbooks/index.html")
    assert "出版年份" in heads and "计划完成" in heads


def test_tags_and_pool_counts_are_links(shipped_site):
    teacher = _html(shipped_site, "teacher/meng-jiahui.html")
    assert '<a class="px-tag" href="../teachers/330000/index.html?expertise=' in teacher
    course = _html(shipped_site, "course/ganbu-xuanba-renyong.html")
    assert 'class="px-tag" href="../courses/index.html?topic=' in course
    changes = _html(shipped_site, "changes/2017/index.html")
    assert "?pool=%E6%B5%99%E6%B1%9F%E7%9C%81%E5%B8%88%E8%B5%84%E5%BA%93" in changes  # 浙江省师资库


@pytest.mark.parametrize("rel", ["teachers/rules.html", "contribute.html", "guide.html", "about.html"])
def test_public_pages_speak_plain_chinese(shipped_site, rel):
    import re

    text = re.sub(r"<[^>]+>", " ", _html(shipped_site, rel).split('<article', 1)[1].split("</article>", 1)[0])
    for word in ("generator/", "mkdocs", ".yml", "YAML", "git", "peixun ", "national", "pull request", "catalog/", "README"):
        assert word not in text, f"{rel} 中出现了“{word}”"
