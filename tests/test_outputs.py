"""peixun writes only where it may: it replaces a folder only when it built it, and never
the data, the configuration, the project, the home folder or the filesystem root.

Real builds run only against folders made inside the test's temporary directory; the
guards for /, $HOME and the checkout are called directly, so that a wrong guard can never
wipe the machine that runs the tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.publish.outputs import Refused, check_files, check_site_folder, is_site

from .conftest import PROJECT, copy_small, write

CONFIG = PROJECT / "mkdocs.yml"


def peixun(*args, cwd=None):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    """A project of its own: data, pages and mkdocs.yml in one temporary folder."""
    root = copy_small(tmp_path / "project")
    (root / "content").mkdir()
    (root / "content" / "about.md").write_text("# 关于\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: 测试\ndocs_dir: content\nuse_directory_urls: false\ntheme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - peixun:\n      pagefind: false\n",
        encoding="utf-8",
    )
    return root


def build(project: Path, out, cwd=None):
    return peixun("build", "--data", project, "--config", project / "mkdocs.yml", "--out", out, cwd=cwd)


@pytest.mark.parametrize(
    "where",
    [
        "own-files",  # a folder with somebody's files
        "data",  # the data folder itself
        "parent",  # a folder that holds the data
        "catalog",  # a record folder
        "teachers/330000/site",  # inside a record folder
        "content",  # the hand-written pages
        "a-file",  # a file, not a folder
        "a-link",  # a link to a folder
    ],
)
def test_build_refuses_places_it_did_not_make(project, tmp_path, where):
    (tmp_path / "own-files").mkdir()
    write(tmp_path, "own-files/notes.txt", "我的笔记")
    write(tmp_path, "a-file", "不是目录")
    (tmp_path / "a-link").symlink_to(tmp_path / "own-files")
    inside = {"data": project, "parent": tmp_path, "catalog": project / "catalog", "content": project / "content", "teachers/330000/site": project / where}
    target = inside.get(where, tmp_path / where)
    before = snapshot(tmp_path)
    run = build(project, target)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "已停止，没有写任何文件" in run.stderr and "Traceback" not in run.stderr
    assert snapshot(tmp_path) == before  # nothing lost, nothing added
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary folder left


def test_build_replaces_only_its_own_site(project, tmp_path):
    out = tmp_path / "site"
    out.mkdir()  # an empty folder may be used
    assert build(project, out).returncode == 0
    assert is_site(out) and (out / "index.html").is_file()
    first = snapshot(out)
    (out / "extra.html").write_text("旧文件", encoding="utf-8")
    assert build(project, out).returncode == 0  # its own site: replaced whole
    assert snapshot(out) == first
    (out / ".peixun-site").write_text("别的内容", encoding="utf-8")  # a marker someone rewrote is not peixun's
    assert build(project, out).returncode == 2


def test_plain_mkdocs_build_refuses_a_folder_with_other_files(project, tmp_path):
    out = tmp_path / "their-site"
    write(out, "keep.txt", "保留")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(out)], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0 and "不是 peixun 生成的网站" in run.stdout + run.stderr
    assert snapshot(out) == {"keep.txt": "保留".encode()}


@pytest.mark.parametrize("place", ["/", "home", "checkout", "checkout-parent"])
def test_the_guard_refuses_root_home_and_the_checkout(place):
    # called directly: a real build is never pointed at these
    target = {"/": Path("/"), "home": Path.home(), "checkout": PROJECT, "checkout-parent": PROJECT.parent}[place]
    with pytest.raises(Refused):
        check_site_folder(target, data=PROJECT, config=CONFIG, project=PROJECT, docs=PROJECT / "content")
    with pytest.raises(Refused):
        check_files(target, ["peixun-2017-national.zip"], data=PROJECT, config=CONFIG, project=PROJECT, docs=PROJECT / "content")


def test_root_given_by_another_spelling_is_refused(tmp_path):
    with pytest.raises(Refused, match="根目录"):
        check_site_folder(Path("/../"))
    with pytest.raises(Refused, match="根目录"):
        check_site_folder(tmp_path / ("../" * (len(tmp_path.parts) + 2)))


def test_offline_writes_beside_other_files_and_overwrites_only_its_own(project, tmp_path):
    dist = tmp_path / "dist"
    write(dist, "mine.txt", "别人的文件")
    run = peixun("offline", "--data", project, "--config", project / "mkdocs.yml", "--out", dist)
    assert run.returncode == 0, run.stderr
    archive = dist / "peixun-2017-national.zip"
    assert archive.is_file() and (dist / "mine.txt").read_text(encoding="utf-8") == "别人的文件"
    assert peixun("offline", "--data", project, "--config", project / "mkdocs.yml", "--out", dist).returncode == 0
    archive.write_bytes(b"not ours any more")  # changed after peixun wrote it
    run = peixun("offline", "--data", project, "--config", project / "mkdocs.yml", "--out", dist)
    assert run.returncode == 2 and "不会覆盖" in run.stderr
    assert archive.read_bytes() == b"not ours any more"
    for bad in (project, tmp_path, project / "teachers"):
        assert peixun("offline", "--data", project, "--config", project / "mkdocs.yml", "--out", bad).returncode == 2


def test_clean_removes_only_what_peixun_wrote(project, tmp_path):
    site, dist = tmp_path / "site", tmp_path / "dist"
    assert build(project, site).returncode == 0
    assert peixun("offline", "--data", project, "--config", project / "mkdocs.yml", "--out", dist).returncode == 0
    write(dist, "mine.txt", "保留")
    other = tmp_path / "other-site"
    write(other, "index.html", "别人的网站")
    assert peixun("clean", "--site", site, "--dist", dist).returncode == 0
    assert not site.exists() and sorted(p.name for p in dist.iterdir()) == ["mine.txt"]
    assert peixun("clean", "--site", other, "--dist", tmp_path / "none").returncode == 0
    assert (other / "index.html").is_file()


def test_schema_and_codeowners_never_overwrite_foreign_files(project, tmp_path):
    out = tmp_path / "schemas"
    write(out, "course.schema.json", '{"mine": true}')
    run = peixun("schema", "--data", project, "--out", out)
    assert run.returncode == 2 and out.joinpath("course.schema.json").read_text(encoding="utf-8") == '{"mine": true}'
    out.joinpath("course.schema.json").unlink()
    assert peixun("schema", "--data", project, "--out", out).returncode == 0
    assert peixun("schema", "--data", project, "--out", out).returncode == 0  # its own files again
    write(project, ".github/CODEOWNERS", "* @someone\n")
    run = peixun("codeowners", "--data", project)
    assert run.returncode == 2 and (project / ".github/CODEOWNERS").read_text(encoding="utf-8") == "* @someone\n"
