"""The peixun command as a contributor runs it (a real subprocess)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from .conftest import PROJECT, write

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): 错误\[(?P<code>[a-z0-9-]+)\] .+$")


def peixun(*args, cwd=None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd or PROJECT, env=env, capture_output=True, text=True, timeout=120
    )


def test_clean_data_exits_zero_with_counts(data_dir):
    run = peixun("validate", "--data", str(data_dir))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == "校验通过：共 10 条记录（部门 3，课程 2，教材 1，培训基地 1，培训项目 0，师资 3），没有发现问题。"


def test_errors_exit_one_one_line_each_then_summary(data_dir):
    write(data_dir, "teachers/national/zhao-qiang.yml", "id: zhao-qiang\nname: 赵强\nname: 赵刚\n")
    write(data_dir, "catalog/courses/x.yml", "id: x\n".encode("gbk") + "名称: 课程\n".encode("gbk"))
    run = peixun("validate", "--data", str(data_dir))
    assert run.returncode == 1
    lines = run.stdout.strip().split("\n")
    assert [LINE.match(line).group("path", "line", "col", "code") for line in lines[:-1]] == [
        ("catalog/courses/x.yml", "2", "1", "not-utf8"),
        ("teachers/national/zhao-qiang.yml", "3", "1", "duplicate-key"),
    ]
    assert lines[-1] == "校验未通过：2 个错误，涉及 2 个文件；共读取 12 个记录文件。"


def test_json_format(data_dir):
    write(data_dir, "catalog/courses/dangzhang-yanxi.yml", "id: dangzhang-yanxi\nphne: 1\n")
    run = peixun("validate", "--data", str(data_dir), "--format", "json")
    assert run.returncode == 1
    doc = json.loads(run.stdout)
    assert doc["ok"] is False and doc["errors"] == len(doc["problems"])
    assert set(doc["problems"][0]) == {"path", "line", "col", "code", "message"}
    found = [(p["path"], p["line"], p["col"], p["code"]) for p in doc["problems"]]
    rel = "catalog/courses/dangzhang-yanxi.yml"
    # title category methods audience hours business_training delivery provider summary status since
    assert found == [(rel, 1, 1, "missing-field")] * 11 + [(rel, 2, 1, "unknown-field")]
    assert doc["counts"]["teacher"] == 3


def test_default_root_is_found_from_a_subfolder(data_dir):
    run = peixun("validate", cwd=data_dir / "teachers" / "330000")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "师资 3" in run.stdout


def test_folder_without_data_is_a_usage_error(tmp_path):
    run = peixun("validate", "--data", str(tmp_path))
    assert run.returncode == 2
    assert "catalog/" in run.stderr


def test_shipped_data_validates_cleanly():
    run = peixun("validate")
    assert run.returncode == 0, run.stdout
    assert run.stdout.startswith("校验通过")


def test_console_script_is_installed():
    exe = os.path.join(os.path.dirname(sys.executable), "peixun")
    run = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert run.stdout.strip().startswith("peixun ")


def test_start_up_does_not_load_what_only_some_commands_need():
    # pypinyin's dictionaries (50 MB) and jieba serve `peixun new` only; validate must not pay for them
    probe = "import sys, generator.cli as c; c.main.get_command(None, 'new'); print(sorted(m for m in ('pypinyin', 'jieba', 'mkdocs') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
