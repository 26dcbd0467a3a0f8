"""The pull-request path: GitHub annotations, `peixun new`, CODEOWNERS and `peixun diff`."""
from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from generator.records.catalog import load_catalog
from generator.contrib.scaffold import free_id, person_id, title_id

from .conftest import write
from .test_cli import peixun

GIT = ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)$")


# -- validate --format github ---------------------------------------------------------------------
def test_github_format_annotates_each_problem_and_writes_the_job_summary(data_dir, tmp_path):
    write(data_dir, "teachers/national/zhao-qiang.yml", "id: zhao-qiang\nname: 赵强\nname: 赵刚\n")
    write(data_dir, "catalog/courses/x%y.yml", "id: x\n")
    summary = tmp_path / "summary.md"
    run = subprocess.run(
        [*peixun("--version").args[:3], "validate", "--data", str(data_dir), "--format", "github"],
        cwd=data_dir, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "GITHUB_STEP_SUMMARY": str(summary), "PYTHONIOENCODING": "utf-8"},
    )
    assert run.returncode == 1
    lines = run.stdout.strip().split("\n")
    found = [ANNOTATION.match(line) for line in lines[:-1]]
    assert all(found), lines
    where = {(m.group(2), m.group(3), m.group(5)) for m in found}
    assert ("teachers/national/zhao-qiang.yml", "3", "duplicate-key") in where
    # "%" in a file name is escaped, so the annotation cannot be cut or forged
    assert any(m.group(2) == "catalog/courses/x%25y.yml" for m in found)
    assert lines[-1].startswith("校验未通过：")
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("## 记录校验") and "| teachers/national/zhao-qiang.yml:3:1 | `duplicate-key` |" in table


def test_github_format_paths_are_relative_to_the_checkout(data_dir):
    write(data_dir, "teachers/national/wang-fang.yml", "id: wang-fang\nname: 王芳\n")
    run = peixun("validate", "--data", "data", "--format", "github", cwd=data_dir.parent)
    assert "::error file=data/teachers/national/wang-fang.yml,line=1,col=1,title=missing-field" in run.stdout


def test_github_format_clean_data_passes(data_dir):
    run = peixun("validate", "--data", str(data_dir), "--format", "github")
    assert run.returncode == 0 and "::" not in run.stdout and run.stdout.startswith("校验通过")


# -- ids from names and titles --------------------------------------------------------------------
@pytest.mark.parametrize(
    "name,expected",
    [
        ("张伟", "zhang-wei"),
        ("王小明", "wang-xiaoming"),
        ("欧阳修", "ouyang-xiu"),
        ("诸葛亮", "zhuge-liang"),
        ("单雄信", "shan-xiongxin"),
        ("曾国藩", "zeng-guofan"),
        ("吕良", "lv-liang"),
        ("阿依古丽·买买提", "ayiguli-maimaiti"),
        ("  张伟 ", "zhang-wei"),
    ],
)
def test_person_ids(name, expected):
    assert person_id(name) == expected


def test_title_ids_are_words_in_pinyin_and_bounded():
    assert title_id("党史国史专题").startswith("dangshi-guoshi")
    long = title_id("新时代党的建设总要求与组织工作高质量发展的理论与实践专题研讨班系列课程")
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", long) and len(long) <= 40


def test_taken_ids_get_a_number():
    assert free_id("zhang-wei", {"zhang-wei"}) == "zhang-wei-2"
    assert free_id("zhang-wei", {"zhang-wei", "zhang-wei-2"}) == "zhang-wei-3"
    assert free_id("li-na", {"zhang-wei"}) == "li-na"


# -- peixun new -----------------------------------------------------------------------------------
def test_new_teacher_is_valid_at_the_right_path_with_a_schema_comment(data_dir):
    run = peixun("new", "teacher", "张伟", "--pool", "360000", "--unit", "某县委组织部", "--source", "业务骨干",
                 "--expertise", "干部工作、人才工作", "--expertise", "基层党建", "--data", str(data_dir))
    assert run.returncode == 0, run.stderr
    # zhang-wei is in the 330000 pool already: ids are unique across pools
    path = data_dir / "teachers/360000/zhang-wei-2.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/teacher.schema.json\n")
    data = yaml.safe_load(text)
    assert data["id"] == "zhang-wei-2" and data["name"] == "张伟" and data["pool"] == "360000"
    assert data["expertise"] == ["干部工作", "人才工作", "基层党建"]
    result = load_catalog(data_dir)
    assert result.ok, result.problems
    assert result.catalog.teachers["zhang-wei-2"].entry_year == 2017  # the edition of mkdocs.yml


@pytest.mark.parametrize(
    "kind,args,rel",
    [
        ("course", ["党性教育专题", "--category", "党性教育", "--methods", "专题培训", "--levels", "县级", "--roles", "业务骨干",
                    "--hours", "3", "--business-training", "否", "--delivery", "面授", "--provider", "zhejiang",
                    "--summary", "讲党性教育。", "--teachers", "zhang-wei"], "catalog/courses/dangxing-jiaoyu-zhuanti.yml"),
        ("textbook", ["组织工作案例选编", "--kind", "案例集", "--status", "编写中", "--department", "zzb", "--summary", "案例。"],
         "catalog/textbooks/zuzhi-gongzuo-anli-xuanbian.yml"),
        ("base", ["红旗渠纪念馆", "--type", "现场教学基地", "--province", "410000", "--city", "林州", "--summary", "现场教学。"],
         "catalog/bases/hongqiqu-jinianguan.yml"),
    ],
)
def test_new_catalog_records_are_valid(data_dir, kind, args, rel):
    run = peixun("new", kind, *args, "--data", str(data_dir))
    assert run.returncode == 0, run.stderr
    assert (data_dir / rel).read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json")
    result = load_catalog(data_dir)
    assert result.ok, result.problems


def test_new_without_required_fields_says_which_and_writes_nothing(data_dir):
    before = sorted(data_dir.rglob("*.yml"))
    run = peixun("new", "teacher", "李四", "--pool", "330000", "--data", str(data_dir))
    assert run.returncode == 2
    assert "--unit（工作单位）" in run.stderr and "--source（师资来源）" in run.stderr
    bad = peixun("new", "teacher", "李四", "--pool", "330000", "--unit", "某单位", "--source", "路人", "--expertise", "x",
                 "--data", str(data_dir))
    assert bad.returncode == 2 and "不是可选值" in bad.stderr
    assert sorted(data_dir.rglob("*.yml")) == before


def test_new_record_that_fails_validation_is_not_kept(data_dir):
    run = peixun("new", "teacher", "李四", "--pool", "330000", "--unit", "某单位", "--source", "业务骨干", "--expertise", "干部",
                 "--courses", "no-such-course", "--data", str(data_dir))
    assert run.returncode == 1
    assert "unknown-ref" in run.stderr and "记录未创建" in run.stderr
    assert not (data_dir / "teachers/330000/li-si.yml").exists()


# -- CODEOWNERS -----------------------------------------------------------------------------------
def test_codeowners_sync(data_dir):
    (data_dir / ".github").mkdir()
    missing = peixun("validate", "--data", str(data_dir))
    assert missing.returncode == 1 and ".github/CODEOWNERS: 错误[codeowners-stale]" in missing.stdout
    assert peixun("codeowners", "--data", str(data_dir), "--check").returncode == 1
    assert peixun("codeowners", "--data", str(data_dir)).returncode == 0
    owners = (data_dir / ".github/CODEOWNERS").read_text(encoding="utf-8")
    lines = owners.splitlines()
    assert lines.index("* @zzb-peixun") < lines.index("/teachers/330000/ @zj-peixun")  # the catch-all first: last match wins
    assert "/catalog/departments/zhejiang.yml @zj-peixun" in lines
    assert "/catalog/courses/ganbu-xuanba.yml @zj-peixun" in lines  # provided by zhejiang
    assert "/teachers/360000/ @zzb-peixun" in lines  # jiangxi names nobody: its parent reviews
    assert peixun("validate", "--data", str(data_dir)).returncode == 0
    assert peixun("codeowners", "--data", str(data_dir), "--check").returncode == 0
    # a department changes its reviewers: validate points at the line, codeowners fixes it
    dept = data_dir / "catalog/departments/zhejiang.yml"
    dept.write_text(dept.read_text(encoding="utf-8").replace("[zj-peixun]", "[zj-peixun, zj-second]"), encoding="utf-8")
    stale = peixun("validate", "--data", str(data_dir))
    line = lines.index("/catalog/departments/zhejiang.yml @zj-peixun") + 1
    assert stale.returncode == 1 and f".github/CODEOWNERS:{line}:1: 错误[codeowners-stale]" in stale.stdout
    assert "@zj-peixun @zj-second" in stale.stdout
    assert peixun("codeowners", "--data", str(data_dir)).returncode == 0
    assert "/teachers/330000/ @zj-peixun @zj-second" in (data_dir / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert peixun("validate", "--data", str(data_dir)).returncode == 0


def test_shipped_codeowners_is_current():
    run = peixun("codeowners", "--check")
    assert run.returncode == 0, run.stderr


# -- peixun diff ----------------------------------------------------------------------------------
def git(work, *args):
    return subprocess.run([*GIT, *args], cwd=work, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(data_dir):
    git(data_dir, "init", "-q", "-b", "main")
    git(data_dir, "add", "-A")
    git(data_dir, "commit", "-q", "-m", "first")
    return data_dir


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_diff_between_two_commits_and_the_working_tree(repo):
    # second commit, on a branch: a course changed, a teacher moved, a textbook removed
    git(repo, "checkout", "-q", "-b", "update")
    edit(repo / "catalog/courses/ganbu-xuanba.yml", "hours: 6.5", "hours: 8")
    git(repo, "mv", "teachers/360000/li-na.yml", "teachers/330000/li-na.yml")
    edit(repo / "teachers/330000/li-na.yml", 'pool: "360000"', 'pool: "330000"\nmoves:\n  - year: 2017\n    from: "360000"\n    to: "330000"')
    git(repo, "rm", "-q", "catalog/textbooks/zuzhi-gongzuo-jiaocheng.yml")
    edit(repo / "catalog/courses/dangzhang-yanxi.yml", "textbooks: [zuzhi-gongzuo-jiaocheng]", "textbooks: []")
    git(repo, "commit", "-q", "-am", "second")
    # and in the working tree, not committed: a suspension, a new contact number, a new teacher
    edit(repo / "teachers/national/wang-fang.yml", "phone: 13800000000", "phone: 13911112222")
    with open(repo / "teachers/national/wang-fang.yml", "a", encoding="utf-8") as out:
        out.write("status_changes:\n  - year: 2017\n    status: 暂停\n    reason: 工作调整\n")
    assert peixun("new", "teacher", "钱文", "--pool", "330000", "--unit", "某单位", "--source", "业务骨干", "--expertise", "干部",
                  "--data", str(repo)).returncode == 0

    run = peixun("diff", "--data", str(repo))  # default: the merge base with main = the first commit
    assert run.returncode == 0, run.stderr
    text = run.stdout
    first = git(repo, "rev-parse", "--short=7", "main").strip()
    assert text.splitlines()[0] == f"记录变化（对比 main 的合并基点（{first}））：新增 1 条，修改 3 条，调动 1 条，删除 1 条。"
    assert "+ 师资 钱文（teachers/330000/qian-wen.yml）" in text
    assert "~ 课程 干部选拔任用工作实务（catalog/courses/ganbu-xuanba.yml）：学时" in text
    assert "~ 课程 党章研习（catalog/courses/dangzhang-yanxi.yml）：配套教材" in text
    assert "> 师资 李娜（teachers/330000/li-na.yml）：由 teachers/360000/li-na.yml 移来" in text
    assert "- 教材" in text and "zuzhi-gongzuo-jiaocheng.yml" in text
    assert "王芳（teachers/national/wang-fang.yml）：2017 年状态：暂停（工作调整）" in text
    assert "联系方式（不公开）" in text and "13911112222" not in text and "13800000000" not in text
    assert "2017 年调动：江西省师资库 → 浙江省师资库" in text

    # against the second commit only the working-tree changes remain
    since = peixun("diff", "HEAD", "--data", str(repo), "--format", "markdown")
    assert since.returncode == 0
    md = since.stdout
    assert md.startswith("## 记录变化\n") and "新增 1 条，修改 1 条" in md
    assert "| 新增 | 师资 | 钱文 | teachers/330000/qian-wen.yml |" in md and "李娜" not in md
    assert "13911112222" not in md


def test_diff_with_no_record_changes_and_bad_revisions(repo):
    write(repo, "README.txt", "说明\n")
    run = peixun("diff", "--data", str(repo))
    assert run.returncode == 0 and run.stdout.startswith("记录没有变化") and "另有 1 个其他文件改动" in run.stdout
    bad = peixun("diff", "no-such-branch", "--data", str(repo))
    assert bad.returncode == 1 and "找不到版本" in bad.stderr


def test_diff_outside_a_repository_says_so(data_dir):
    run = peixun("diff", "--data", str(data_dir))
    assert run.returncode == 1 and "git" in run.stderr


def test_new_asks_for_what_is_missing_in_a_terminal(data_dir):
    import os
    import pty
    import sys

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "new", "teacher", "--data", str(data_dir)],
                            stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(slave)
    # name, pool, unit, a wrong source then a right one, two fields of expertise
    for answer in ("司马光", "national", "某大学", "学者", "专家学者", "史学、党史"):
        os.write(master, (answer + "\n").encode())
    out, err = proc.communicate(timeout=120)
    os.close(master)
    assert proc.returncode == 0, err.decode()
    assert "“学者”不是可选值" in err.decode()
    data = yaml.safe_load((data_dir / "teachers/national/sima-guang.yml").read_text(encoding="utf-8"))
    assert data["source"] == "专家学者" and data["expertise"] == ["史学", "党史"]


# -- review findings: odd values, folder escapes, ownership of new records -----------------------
def test_new_quotes_odd_values_so_the_yaml_reads_back_exactly(data_dir):
    odd = ["《党章》[解读]", "- yes", "no", '"引号"', "a: b", "#话题", "{x}", "123"]
    run = peixun("new", "teacher", "何三", "--pool", "330000", "--unit", "单位: 某#处", "--source", "业务骨干",
                 *[arg for item in odd for arg in ("--expertise", item)], "--data", str(data_dir))
    assert run.returncode == 0, run.stderr
    data = yaml.safe_load((data_dir / "teachers/330000/he-san.yml").read_text(encoding="utf-8"))
    assert data["expertise"] == odd and data["unit"] == "单位: 某#处"


@pytest.mark.parametrize("pool", ["..", "../catalog/courses", "/tmp/x", "浙江"])
def test_new_refuses_a_pool_that_is_not_a_pool_code(data_dir, pool):
    before = sorted(p for p in data_dir.rglob("*") if p.is_file())
    run = peixun("new", "teacher", "何三", "--pool", pool, "--unit", "x", "--source", "业务骨干", "--expertise", "x", "--data", str(data_dir))
    assert run.returncode == 2 and "不是师资库代码" in run.stderr
    assert sorted(p for p in data_dir.rglob("*") if p.is_file()) == before


def test_new_course_adds_its_reviewers_to_codeowners(data_dir):
    (data_dir / ".github").mkdir()
    assert peixun("codeowners", "--data", str(data_dir)).returncode == 0
    run = peixun("new", "course", "测试课程", "--category", "党性教育", "--methods", "专题培训", "--levels", "县级", "--roles", "业务骨干",
                 "--hours", "3", "--business-training", "否", "--delivery", "面授", "--provider", "zhejiang", "--summary", "讲。",
                 "--data", str(data_dir))
    assert run.returncode == 0 and "已更新 .github/CODEOWNERS" in run.stdout
    assert "/catalog/courses/ceshi-kecheng.yml @zj-peixun" in (data_dir / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert peixun("validate", "--data", str(data_dir)).returncode == 0


def test_a_broken_record_is_not_also_reported_as_stale_ownership(data_dir):
    (data_dir / ".github").mkdir()
    assert peixun("codeowners", "--data", str(data_dir)).returncode == 0
    edit(data_dir / "catalog/courses/ganbu-xuanba.yml", "hours: 6.5", "hours: abc")
    run = peixun("validate", "--data", str(data_dir))
    assert run.returncode == 1 and "bad-value" in run.stdout and "codeowners-stale" not in run.stdout


@pytest.mark.parametrize(
    "text,flagged",
    [
        ("泛型 List<T> 与 Map<K, V> 的用法", False),
        ("a < b 时也无妨", False),
        ("讲解 `<div>` 标签的用法", False),
        ("见 <https://example.org/a>", False),
        ("《党章》与 x <= y", False),
        ("<script>alert(1)</script>", True),
        ("<svg/onload=alert(1)>", True),
        ("<IMG SRC=x onerror=alert(1)>", True),
        ("<img src=x onerror=alert(1)", True),
        ("[点我](java&#115;cript:alert(1))", True),
        ("[点我]: javascript:alert(1)", True),
        ("<!-- 注释 -->", True),
    ],
)
def test_raw_html_check(text, flagged):
    from generator.records.textchecks import markup_match

    assert (markup_match(text) is not None) == flagged


def test_diff_pairs_one_move_per_file_and_reads_unstaged_files(repo):
    base = (repo / "teachers/330000/zhang-wei.yml").read_text(encoding="utf-8")
    write(repo, "teachers/360000/zhang-wei.yml", base.replace('pool: "330000"', "pool: 360000"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a second file with the same name (a duplicate-id the validator reports)")
    git(repo, "checkout", "-q", "-b", "pr")
    git(repo, "rm", "-q", "teachers/330000/zhang-wei.yml", "teachers/360000/zhang-wei.yml")
    write(repo, "teachers/national/zhang-wei.yml", base.replace('pool: "330000"', "pool: national"))
    git(repo, "rm", "-q", "--cached", "catalog/courses/dangzhang-yanxi.yml")  # untracked now, unchanged on disk
    text = peixun("diff", "--data", str(repo)).stdout
    assert "调动 1 条" in text and "删除 1 条" in text and "新增" not in text
    assert "> 师资 张伟（teachers/national/zhang-wei.yml）：由 teachers/330000/zhang-wei.yml 移来" in text
    assert "- 师资 张伟（teachers/360000/zhang-wei.yml）" in text
    assert "dangzhang-yanxi" not in text  # same content as the base: no change


def test_diff_escapes_control_characters_and_hides_contact_data_in_reasons(repo):
    path = repo / "teachers/national/wang-fang.yml"
    edit(path, "name: 王芳", 'name: "王芳\\e[31m红\\r覆盖"')
    with open(path, "a", encoding="utf-8") as out:
        out.write("status_changes:\n  - year: 2017\n    status: 暂停\n    reason: 请致电 13800001111 或 a.b@example.org\n")
    for fmt in ("text", "markdown"):
        out = peixun("diff", "--data", str(repo), "--format", fmt).stdout
        assert "\x1b" not in out and "\r" not in out and "\\u001b" in out
        assert "13800001111" not in out and "a.b@example.org" not in out and "请致电" in out and "*" in out
