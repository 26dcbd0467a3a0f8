"""The GitHub Actions workflows parse, and the commands they run work here."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
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


# -- the pull-request check ----------------------------------------------------------------------
GIT = ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


def step(job: dict, name: str) -> dict:
    return next(s for s in job["steps"] if s.get("name") == name)


def run_step(job: dict, name: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", step(job, name)["run"]], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def pr_checkout(tmp_path: Path) -> Path:
    """The project as a repository: main holds the tracked files, the branch `pr` is checked out."""
    work = project_copy(tmp_path / "project")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=work, check=True)
    (work / ".git/info/exclude").write_text(".venv\n")
    subprocess.run([*GIT, "add", "-A"], cwd=work, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "main"], cwd=work, check=True)
    subprocess.run(["git", "checkout", "-q", "-b", "pr"], cwd=work, check=True)
    return work


def pr_env(work: Path) -> dict:
    summary = work.parent / "step_summary.md"
    summary.write_text("")
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(work),
            "GITHUB_BASE_REF": "main", "GITHUB_ACTIONS": "true"}


def test_pr_workflow_shape():
    doc = load("pr.yml")
    assert "pull_request" in doc["on"] and "pull_request_target" not in doc["on"]
    assert doc["permissions"] == {"contents": "read"}
    [job] = doc["jobs"].values()
    steps = job["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # diff needs the base branch
    runs = [s.get("run", "") for s in steps]
    assert any("peixun validate --format github" in r for r in runs)
    assert any("peixun diff --format markdown" in r and "$GITHUB_STEP_SUMMARY" in r for r in runs)
    assert any("peixun build" in r for r in runs)
    assert any(r.strip() == "make test" for r in runs)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site"
    names = [s.get("name") or s.get("uses") for s in steps]
    assert names.index("生成网站预览") < names.index(upload["uses"])  # only a built site is uploaded
    assert not any("deploy" in str(s.get("uses", "")) for s in steps)  # a pull request never publishes


def test_pr_workflow_commands_work_on_a_good_change(tmp_path):
    job = next(iter(load("pr.yml")["jobs"].values()))
    work = pr_checkout(tmp_path)
    env = pr_env(work)
    added = subprocess.run(
        [str(work / ".venv/bin/peixun"), "new", "teacher", "钱文", "--pool", "330000", "--unit", "某市委组织部", "--source", "业务骨干",
         "--expertise", "干部工作"], cwd=work, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert added.returncode == 0, added.stderr
    ran = []
    for s in job["steps"]:
        if "run" not in s or s["run"].strip() == "make test":  # the test suite is what is running this
            continue
        done = run_step(job, s["name"], work, env)
        assert done.returncode == 0, f"{s['name']}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
        ran.append(s["name"])
    assert ran == ["安装", "校验记录", "记录变化", "生成网站预览"]
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "## 记录变化" in summary and "teachers/330000/qian-wen.yml" in summary and "新入库" in summary
    assert "钱文" in (work / "site/teacher/qian-wen.html").read_text(encoding="utf-8")


TEACHER = """\
id: {id}
name: 测试员
pool: "330000"
unit: 某县委组织部
source: 业务骨干
expertise: [干部工作]
courses: [{course}]
entry_year: 2016
bio: |
  长期从事干部工作。
  {bio}
"""
BAD_PRS = {
    # case: (file text, the text on the line the annotation must point at, code)
    "gbk": (TEACHER.format(id="gbk", course="dangzhang-yanxi", bio="欢迎交流。"), "name: 测试员", "not-utf8"),
    "duplicate-key": (TEACHER.format(id="duplicate-key", course="dangzhang-yanxi", bio="欢迎交流。").replace("source:", "unit: 另一个单位\nsource:"),
                      "unit: 另一个单位", "duplicate-key"),
    "unknown-field": (TEACHER.format(id="unknown-field", course="dangzhang-yanxi", bio="欢迎交流。") + "nickname: 小测\n", "nickname", "unknown-field"),
    "dangling-ref": (TEACHER.format(id="dangling-ref", course="no-such-course", bio="欢迎交流。"), "no-such-course", "unknown-ref"),
    "script-in-bio": (TEACHER.format(id="script-in-bio", course="dangzhang-yanxi", bio="<script>alert(1)</script>"), "<script>", "raw-html"),
}


@pytest.mark.parametrize("case", list(BAD_PRS))
def test_pr_workflow_fails_bad_input_on_the_right_line_and_builds_nothing(tmp_path, case):
    job = next(iter(load("pr.yml")["jobs"].values()))
    text, marker, code = BAD_PRS[case]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if marker in row)
    work = pr_checkout(tmp_path)
    env = pr_env(work)
    rel = f"teachers/330000/{case}.yml"
    target = work / rel
    target.write_bytes(text.encode("gbk" if case == "gbk" else "utf-8"))
    subprocess.run([*GIT, "add", "-A"], cwd=work, check=True)  # what the pull request contains
    checked = run_step(job, "校验记录", work, env)
    assert checked.returncode == 1
    annotations = [a for a in checked.stdout.splitlines() if a.startswith("::error ")]
    assert any(a.startswith(f"::error file={rel},line={line},") and f"title={code}" in a for a in annotations), checked.stdout
    assert not (work / "site").exists()
    built = run_step(job, "生成网站预览", work, env)
    assert built.returncode != 0 and not (work / "site").exists()
    assert code in built.stderr + built.stdout
