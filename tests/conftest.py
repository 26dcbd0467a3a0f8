"""Shared fixtures: a small valid data set copied into a temporary folder per test."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SMALL = HERE / "data" / "small"
CASES = HERE / "cases"
PROJECT = HERE.parent


def copy_small(dest: Path) -> Path:
    shutil.copytree(SMALL, dest, dirs_exist_ok=True)
    return dest


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh copy of tests/data/small that a test may change."""
    return copy_small(tmp_path / "data")


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def build(data: Path, out: Path, **kwargs) -> Path:
    """A real `peixun build` (validate, MkDocs, Pagefind, checks) of data into out."""
    import os

    from generator.publish.website.build import build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    build_site(config_file=PROJECT / "mkdocs.yml", data=data, out=out, progress=lambda line: None, **kwargs)
    return out


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The site of the data shipped with the project, built once per test run."""
    return build(PROJECT, tmp_path_factory.mktemp("shipped") / "site")


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright (see tests/browser.py)."""
    from playwright.sync_api import sync_playwright  # a missing package fails, never skips

    from .browser import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium 未安装：请运行 make test（它会安装 Debian 的 chromium）")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
