"""The benchmark tools work: synthetic data is deterministic and valid (no timing asserted)."""
from __future__ import annotations

import subprocess
import sys

from generator.records.catalog import load_catalog

from .conftest import PROJECT


def tree(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yml"))}


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    sys.path.insert(0, str(PROJECT / "bench"))
    try:
        import synth
    finally:
        sys.path.pop(0)
    synth.write("small", tmp_path / "a")
    synth.write("small", tmp_path / "b")
    synth.write("small", tmp_path / "c", seed=7)
    a, b, c = tree(tmp_path / "a"), tree(tmp_path / "b"), tree(tmp_path / "c")
    assert a == b
    assert a != c
    assert len(a) == 1 + 32 + 60 + 10 + 20 + 3 * 40 + 80 + 4 * (2 + 3 * 3)  # programmes: 4 years, 2 central and 3 per pool


def test_synthetic_data_is_valid_and_has_histories(tmp_path):
    run = subprocess.run(
        [sys.executable, str(PROJECT / "bench/synth.py"), "--scale", "small", "--out", str(tmp_path)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    result = load_catalog(tmp_path)
    assert result.problems == []
    teachers = list(result.catalog.teachers.values())
    assert any(t.status_changes for t in teachers) and any(t.sharing for t in teachers) and any(t.moves for t in teachers)
    assert all(r.year >= t.entry_year for t in teachers for r in t.reviews)


def test_benchmark_script_runs(tmp_path):
    run = subprocess.run(
        [sys.executable, str(PROJECT / "bench/validate.py"), "--scale", "small", "--runs", "1", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "validate（自动并行）" in run.stdout and "validate（单进程）" in run.stdout


def test_offline_benchmark_runs(tmp_path):
    run = subprocess.run(
        [sys.executable, str(PROJECT / "bench/offline.py"), "--scale", "small", "--scope", "330000", "--runs", "1", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "搜索就绪" in run.stdout and "检索索引" in run.stdout


def test_the_output_comparison_finds_every_difference(tmp_path):
    # bench/outputs.py compare proves refactorings change no byte: it must see a changed
    # page, a file on one side only and a changed zip member, and pass over Pagefind's
    # filter files (different in every run) as long as their number is the same
    import zipfile

    sys.path.insert(0, str(PROJECT / "bench"))
    try:
        import outputs
    finally:
        sys.path.pop(0)
    for side, (page, member, filt) in {"a": ("<p>甲</p>", "x", b"1"), "b": ("<p>乙</p>", "y", b"2")}.items():
        site = tmp_path / side / "shipped" / "site"
        (site / "pagefind" / "filter").mkdir(parents=True)
        (site / "index.html").write_text("首页", encoding="utf-8")
        (site / "course.html").write_text(page, encoding="utf-8")
        (site / "pagefind" / "filter" / f"{side}.pf_filter").write_bytes(filt)
        with zipfile.ZipFile(tmp_path / side / "shipped" / "copy.zip", "w") as z:
            z.writestr("copy/index.html", "首页")
            z.writestr("copy/page.html", member)
    assert outputs.compare(tmp_path / "a", tmp_path / "a") == []
    found = outputs.compare(tmp_path / "a", tmp_path / "b")
    assert found == ["不同：shipped/copy.zip", "    zip 成员不同或只在一边：copy/page.html", "不同：shipped/site/course.html"]
    (tmp_path / "b" / "shipped" / "site" / "only-here.html").write_text("", encoding="utf-8")
    (tmp_path / "b" / "shipped" / "site" / "pagefind" / "filter" / "extra.pf_filter").write_bytes(b"")
    found = outputs.compare(tmp_path / "a", tmp_path / "b")
    assert "只在 B 中：shipped/site/only-here.html" in found
    assert found[-1] == "Pagefind 筛选与元数据文件个数不同：1 对 2"
