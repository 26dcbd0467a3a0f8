"""The shipped pre-commit configuration, run for real by pre-commit in a git repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import PROJECT, copy_small, write

GIT = ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


def repo(tmp_path: Path) -> tuple[Path, dict]:
    work = copy_small(tmp_path / "repo")
    shutil.copy(PROJECT / ".pre-commit-config.yaml", work)
    os.symlink(PROJECT / ".venv", work / ".venv")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=work, check=True)
    (work / ".git/info/exclude").write_text(".venv\n")
    subprocess.run([*GIT, "add", "-A"], cwd=work, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "start"], cwd=work, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_MKDOCS_2_WARNING": "1"}
    return work, env


def pre_commit(work: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).with_name("pre-commit")), "run"], cwd=work, env=env, capture_output=True, text=True, timeout=300)


def test_a_bad_record_stops_the_commit(tmp_path):
    work, env = repo(tmp_path)
    path = work / "teachers/national/wang-fang.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("source: 专家学者", "source: 路人"), encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=work, check=True)
    done = pre_commit(work, env)
    assert done.returncode == 1, done.stdout
    assert "teachers/national/wang-fang.yml:6:9: 错误[bad-vocab]" in done.stdout


def test_a_good_record_passes_and_other_files_skip_the_check(tmp_path):
    work, env = repo(tmp_path)
    write(work, "notes.txt", "与记录无关\n")
    subprocess.run(["git", "add", "-A"], cwd=work, check=True)
    skipped = pre_commit(work, env)
    assert skipped.returncode == 0 and "Skipped" in skipped.stdout, skipped.stdout
    subprocess.run([*GIT, "commit", "-q", "-m", "notes"], cwd=work, check=True)
    path = work / "teachers/national/wang-fang.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("教授", "研究员"), encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=work, check=True)
    done = pre_commit(work, env)
    assert done.returncode == 0 and "Passed" in done.stdout, done.stdout
