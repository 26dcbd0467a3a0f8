"""The GitHub Actions workflows parse, and the commands they run work here."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from .conftest import PROJECT

WORKFLOWS = PROJECT / ".github" / "workflows"


def load(name: str) -> dict:
    doc = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    doc["on"] = doc.pop("on", None) or doc.pop(True)  # YAML 1.1 reads the key `on` as true
    return doc


def project_copy(dest: Path) -> Path:
    """The tracked files of the project, with its virtual environment linked in."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, text=True, check=True).stdout.split("\0")
    for rel in filter(None, files):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if (PROJECT / rel).is_symlink():
            os.symlink(os.readlink(PROJECT / rel), target)
        elif (PROJECT / rel).exists():
            shutil.copy2(PROJECT / rel, target)
    os.symlink(PROJECT / ".venv", dest / ".venv")
    # the environment is shared with the project: make must never reinstall into it from here
    os.utime(dest / "pyproject.toml", (0, 0))
    return dest


def run_steps(job: dict, cwd: Path, env: dict) -> list[str]:
    """Run every `run:` step like Actions does (bash -e, $GITHUB_ENV carried forward)."""
    github_env = cwd / "github_env"
    github_env.write_text("")
    ran = []
    for step in job["steps"]:
        if "run" not in step:
            continue
        step_env = {**env, **{k: str(v) for k, v in step.get("env", {}).items() if "${{" not in str(v)}}
        for line in github_env.read_text().splitlines():
            key, _, value = line.partition("=")
            step_env[key] = value
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env={**step_env, "GITHUB_ENV": str(github_env)},
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{step.get('name')}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
        ran.append(step.get("name", step["run"][:30]))
    return ran


def test_yearly_workflow_runs_at_the_start_of_each_year_and_on_demand():
    doc = load("yearly.yml")
    [schedule] = doc["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert month == "1" and day in ("1", "2") and weekday == "*"
    assert "year" in doc["on"]["workflow_dispatch"]["inputs"]
    uses = [step.get("uses", "") for job in doc["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)


def test_yearly_workflow_commands_work(tmp_path):
    doc = load("yearly.yml")
    work = project_copy(tmp_path / "project")
    env = {**os.environ, "INPUT_YEAR": "2016", "NO_MKDOCS_2_WARNING": "1"}
    ran = run_steps(doc["jobs"]["build"], work, env)
    assert ran == ["确定年份", "校验记录并生成网站", "年度调整与待复核名单"]
    assert "2016 年师资库名录" in (work / "site/teachers/index.html").read_text(encoding="utf-8")
    assert (work / "changelog-2016.txt").read_text(encoding="utf-8").startswith("2016 年度调整（与 2015 年相比）")
    assert (work / "review-due-2016.txt").read_text(encoding="utf-8").startswith("2016 年待复核名单")
    assert (work / "changelog-2016.csv").read_bytes().startswith("\ufeff年份".encode("utf-8"))
