"""`peixun serve`: a real server over a real build of the shipped records. A saved edit is
served within seconds (the record's page and the pages listing it), an invalid edit shows
its located error on every page while the last good page stays, and fixing it clears it."""
from __future__ import annotations

import json
import shutil
import time
import urllib.request
from pathlib import Path

from generator.publish.website.preview import Preview, serve

from .conftest import PROJECT

WAIT = 60  # seconds: a bounded wait for each change to be served


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _until(url: str, test, what: str) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        html = _get(url)
        if test(html):
            return html
        time.sleep(0.1)
    raise AssertionError(f"{WAIT} 秒内没有看到：{what}")


def test_preview_shows_an_edit_and_an_error(tmp_path):
    data = tmp_path / "data"
    for folder in ("catalog", "teachers"):
        shutil.copytree(PROJECT / folder, data / folder)
    lines: list[str] = []
    preview = Preview(config_file=PROJECT / "mkdocs.yml", data=data, out=tmp_path / "site", progress=lines.append)
    assert preview.start()
    teacher = data / "teachers" / "330000" / "han-lixin.yml"
    course = data / "catalog" / "courses" / "ganbu-kaohe.yml"
    original = teacher.read_text(encoding="utf-8")

    def journey(server) -> None:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        page, listing = f"{base}/teacher/han-lixin.html", f"{base}/course/ganbu-kaohe.html"
        first = _get(page)
        assert "预览测试简介" not in first and "location.reload" in first
        version = json.loads(_get(f"{base}/__peixun__/status"))["version"]

        # an edit: the teacher's page, and the course page that lists the teacher by name
        teacher.write_text(original.replace("name: 韩立新", "name: 韩立新民").replace("unit: 中共嘉兴市委组织部", "unit: 中共嘉兴市委组织部预览测试简介"), encoding="utf-8")
        _until(page, lambda h: "预览测试简介" in h, "改过的简介")
        _until(listing, lambda h: "韩立新民" in h, "课程页上的新名字")
        assert json.loads(_get(f"{base}/__peixun__/status"))["version"] > version

        # an invalid edit: every page names the file and line, the last good content stays
        teacher.write_text(original.replace("pool:", "pool: [", 1), encoding="utf-8")
        html = _until(page, lambda h: "记录有问题" in h, "错误提示")
        assert "teachers/330000/han-lixin.yml:" in html and "预览测试简介" in html
        assert "teachers/330000/han-lixin.yml:" in _get(f"{base}/index.html")
        assert any("han-lixin.yml" in line for line in lines)  # and in the terminal

        # fixed: the notice goes, the page shows the file as it is now
        teacher.write_text(original, encoding="utf-8")
        _until(page, lambda h: "记录有问题" not in h and "预览测试简介" not in h, "错误提示消失")
        assert course.is_file()

    serve(preview, "127.0.0.1", 0, journey)
