"""Templates and escaping: hostile contributor text stays text."""
from __future__ import annotations


import pytest

from generator.records.catalog import load_catalog
from generator.records.markup import to_html
from generator.publish.website.render import Renderer, safe_title
from generator.publish.views import build_views

from .conftest import write

HOSTILE_NAME = '<script>alert("名")</script>{{ config }}{% raw %}'


@pytest.fixture
def renderer(data_dir):
    write(
        data_dir,
        "teachers/national/e-vil.yml",
        "id: e-vil\nname: '" + HOSTILE_NAME + "'\npool: national\nunit: '<img src=x onerror=alert(1)>'\n"
        "source: 专家学者\nexpertise: ['{{ 7*7 }}', '</td></tr></table>']\nentry_year: 2016\ncourses: [dangzhang-yanxi]\n"
        "bio: |\n  [点我](javascript:alert(1)) 与 [数据](data:text/html,x) 与 [好链接](https://example.org/a)\n"
        "  <script>alert(2)</script><iframe src=x></iframe>\n  # 大标题\n  {{ config.site_name }} {% for x in y %}\n",
    )
    result = load_catalog(data_dir)
    # validation refuses the markup; rendering must stay safe even if such a record got through
    assert {(str(p.path), p.code) for p in result.problems} == {("teachers/national/e-vil.yml", "raw-html")}
    return Renderer(build_views(result.catalog.public(), 2017))


def test_hostile_teacher_page_renders_as_text(renderer):
    html = renderer.record("teacher", "e-vil").html
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "&lt;script&gt;alert(&#34;名&#34;)&lt;/script&gt;" in html
    assert "{{ config }}" in html and "{% raw %}" in html  # shown literally, never evaluated
    assert "{{ 7*7 }}" in html and "49" not in html
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;" in html
    assert "javascript:" not in html and "data:text" not in html
    assert 'href="https://example.org/a"' in html
    assert "{{ config.site_name }}" in html and "组工干部教育培训资源库" not in html
    assert "<h1>大标题</h1>" not in html and "<h3>大标题</h3>" in html  # contributors cannot add page titles


def test_hostile_names_in_listings_and_links_are_escaped(renderer):
    listing = next(lst for lst in renderer.listings if lst.src == "teachers/national/index.md")
    html = renderer.listing(listing).html
    assert "<script" not in html and "&lt;script&gt;" in html
    course = renderer.record("course", "dangzhang-yanxi").html
    assert "<script" not in course and 'href="../teacher/e-vil.html"' in course


def test_page_titles_cannot_form_markup():
    assert safe_title('a <b> & "c"\n  d') == "a ＜b＞ ＆ ＂c＂ d"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("**重点**", "<p><strong>重点</strong></p>"),
        ("[x](javascript:alert(1))", "<p><a rel=\"noopener noreferrer nofollow\">x</a></p>"),
        ("<a href='data:text/html,1'>y</a>", "<p><a rel=\"noopener noreferrer nofollow\">y</a></p>"),
        ("<div onclick='x()'>z</div>", "z"),
        ("", ""),
    ],
)
def test_markdown_is_sanitised(text, expected):
    assert to_html(text) == expected


def test_two_way_links(renderer):
    views = renderer.views
    assert "e-vil" in views.course_teachers["dangzhang-yanxi"]  # listed only in the teacher's record
    assert "dangzhang-yanxi" in views.teacher_courses["e-vil"]
    assert "dangzhang-yanxi" in views.course_related["ganbu-xuanba"]  # listed only one way in the data
    assert views.department_courses["zhejiang"] == ["ganbu-xuanba"]
    assert views.pool_owner["330000"] == "zhejiang"


def test_relative_links_follow_the_url_style(data_dir):
    result = load_catalog(data_dir)
    views = build_views(result.catalog.public(), 2017)
    pretty = Renderer(views, directory_urls=True).record("course", "ganbu-xuanba").html
    plain = Renderer(views, directory_urls=False).record("course", "ganbu-xuanba").html
    assert 'href="../../teacher/zhang-wei/"' in pretty
    assert 'href="../teacher/zhang-wei.html"' in plain


def test_listing_pages_are_split(data_dir, monkeypatch):
    from generator.publish.website import listings as listings_module

    monkeypatch.setattr(listings_module, "PAGE_SIZE", 2)
    views = build_views(load_catalog(data_dir).catalog.public(), 2017)
    listings = listings_module.listings(views)
    national = [lst for lst in listings if lst.group == "pool:national" and lst.year == 2017]
    assert [lst.src for lst in national] == ["teachers/national/index.md"]
    archived = [lst.src for lst in listings if lst.group == "pool:national" and lst.year < 2017]
    assert archived == ["archive/2014/national/index.md", "archive/2015/national/index.md", "archive/2016/national/index.md"]
    courses = [lst for lst in listings if lst.src.startswith("courses/") and not lst.group]
    assert len(courses) == 1
    write_many = [lst for lst in listings if lst.kind == "department" and not lst.group]
    assert [lst.src for lst in write_many] == ["departments/index.md", "departments/2.md"]
    assert write_many[1].title == "部门（第 2 页）" and write_many[1].rows == ["jiangxi"]


def test_public_projection_is_required(data_dir):
    # a real check, not an assert: it holds under python -O too
    from generator.publish.views import NotPublic

    with pytest.raises(NotPublic, match="公开投影"):
        build_views(load_catalog(data_dir).catalog, 2017)


def test_plain_text_shortcut_equals_markdown():
    from generator.records import markup

    catalog = load_catalog(__import__("tests.conftest", fromlist=["PROJECT"]).PROJECT).catalog
    texts = [getattr(r, f) for kind in ("course", "textbook", "base", "teacher", "department") for r in catalog[kind].values()
             for f in ("summary", "bio") if getattr(r, f, None)]
    texts += ["一行\n", "a    b", "含有“引号”和‘单引号’", "数字 2015 年"]
    shortcut = [t for t in texts if markup._PLAIN.fullmatch(t.strip())]
    assert len(shortcut) > 300
    assert [markup.to_html(t) for t in shortcut] == [markup._markdown(t) for t in shortcut]
