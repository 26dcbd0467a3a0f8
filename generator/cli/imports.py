"""The spreadsheet commands: `peixun import` (records in: contrib/importer.py,
contrib/reviews.py), `peixun review-sheet` and `peixun template` (workbooks out). Every
import is all or nothing and prints no contact value."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import CONTEXT, config_option, data_option, data_root, load_yearly, project_config, year_option


def _existing(ctx, param, value: Path) -> Path:
    """click's own message for a missing file is English; department staff read this one."""
    if value.is_dir():
        raise click.UsageError(f"{value} 是文件夹，请给出表格文件（.xlsx 或 .csv）。")
    if not value.is_file():
        raise click.UsageError(f"找不到文件 {value}，请检查文件名和所在的文件夹。")
    return value


FILE_ARG = click.argument("file", type=click.Path(path_type=Path), metavar="文件", callback=_existing)
SHEET = click.option("--sheet", default=None, help="工作表名称（工作簿有多个像名单的工作表时必须指定）。")
DRY = click.option("--dry-run", is_flag=True, help="只检查并列出将要写入的内容，不写任何文件。")


@click.group("import", context_settings=CONTEXT)
def import_group() -> None:
    """从 Excel（.xlsx）或 CSV 表格导入记录。

    按列名识别各列（如 姓名、工作单位、师资来源），每行一条记录。全部行都没有问题才写入，
    否则一条也不写，并列出每个问题所在的行和列。与已有记录相同的行会更新那条记录，而不是重复新建。
    """


def _edition(root: Path, config_file: Path | None) -> int:
    from ..publish.settings import read_settings

    try:
        return read_settings(config_file or project_config(root, required=False)).edition
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def _records_command(kind: str, label: str, extra: str):
    @import_group.command(kind + "s", context_settings=CONTEXT, help=f"导入{label}：每行一条{label}记录。{extra}", short_help=f"导入{label}记录（每行一条）")
    @FILE_ARG
    @data_option
    @SHEET
    @DRY
    @config_option
    def command(file, data, sheet, dry_run, config_file, **options):
        from ..contrib.importer import plan_import

        root = data_root(data)
        pool = options.get("pool")
        if kind == "teacher":
            _check_pool(pool)
        plan = plan_import(root, kind, file, sheet=sheet, pool=pool, department=options.get("department"), edition=_edition(root, config_file))
        finish(root, plan, dry_run)

    if kind == "teacher":
        command = click.option("--pool", required=True, help="导入到哪个师资库：national 或省级代码（如 330000）。")(command)
    else:
        command = click.option("--department", default=None, help="表中没有“开发部门/主管部门”列或该格为空时使用的部门（编号或名称）。")(command)
    return command


def _check_pool(pool: str | None) -> None:
    from ..records import vocab as V

    if pool is not None and not V.is_pool(pool):
        raise click.BadParameter(f"“{pool}”不是师资库代码：全国师资库写 national，省级师资库写六位代码（如 330000）。", param_hint="--pool")


_records_command("teacher", "师资", "常用列名：姓名、工作单位、职务、师资来源、擅长领域、讲授课程、入库年份、简介、电话、邮箱（电话、邮箱等联系方式只写入不公开的 contact）。")
_records_command("course", "课程", "常用列名：课程名称、课程类别、专题、培训方式、培训对象层级、培训对象、学时、计入组织工作业务培训学时、授课形式、开发部门、授课教师、课程简介。")
_records_command("base", "培训基地", "常用列名：名称、基地类型、省份、城市、地址、教学主题、可容纳学员、主管部门、设立年份、简介、联系人、联系电话。")


def finish(root: Path, plan, dry_run: bool, summary=None) -> None:
    """Print what the plan does; write it unless dry_run or it has problems."""
    from ..contrib.writeout import Conflict, apply
    from ..records.problems import format_text

    from ..records.privacy import mask

    # file, sheet and column names are the user's text: masked like every message
    for note in plan.notes:
        click.echo(mask(note))
    if plan.issues:
        for issue in plan.issues:
            click.echo(issue.text(plan.file), err=True)
        click.echo(f"共 {len(plan.issues)} 个问题，没有写入任何文件。请改正表格后重新导入。", err=True)
        sys.exit(1)
    created = sum(1 for w in plan.writes if w.old is None)
    updated = len(plan.writes) - created
    click.echo(mask(f"{plan.file}：{plan.rows} 行，新建 {created} 条，更新 {updated} 条，无变化 {plan.unchanged} 条。"))
    if summary is None:
        for w in plan.writes:
            mark = "+" if w.old is None else "~"
            what = f"：{'、'.join(w.fields)}" if w.fields else ""
            click.echo(f"  {mark} {w.rel} {w.title}（第 {w.row} 行）{what}")
    if dry_run:
        click.echo("（试运行：没有写入任何文件。）")
        return
    try:
        own, result = apply(root, plan.writes)
    except Conflict as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if own:
        click.echo(format_text(own, len(plan.writes)).rstrip(), err=True)
        click.echo("写入后的校验没有通过，所有文件已恢复原样，没有写入任何内容。", err=True)
        sys.exit(1)
    if summary is not None:
        click.echo(summary(), nl=False)
    _codeowners(root, result)
    if plan.writes:
        click.echo(f"已写入 {len(plan.writes)} 个文件，校验通过。下一步：检查改动，然后提交拉取请求（见 CONTRIBUTING.md）。")


def _codeowners(root: Path, result) -> None:
    from ..contrib import owners

    if result is not None and [p.code for p in result.problems] == ["codeowners-stale"]:
        owners.write(root, result.index)
        click.echo(f"已更新 {owners.FILE}（审核人名单），请与记录一并提交。")


@import_group.command("reviews", context_settings=CONTEXT)
@FILE_ARG
@data_option
@SHEET
@DRY
def import_reviews(file: Path, data: Path | None, sheet: str | None, dry_run: bool) -> None:
    """把填好的年度复核表（peixun review-sheet 生成）写入教师记录。

    “复核结果”写入该年的复核，“状态变化”自下一年起生效（须写原因）。留空的行不改变任何记录；
    已导入过的行不会重复写入。保留每个文件原有的注释和格式，写入后校验，并列出记录的变化。
    """
    from ..contrib.gitdiff import as_text, from_data
    from ..contrib.reviews import plan_reviews

    root = data_root(data)
    plan = plan_reviews(root, file, sheet)
    finish(root, plan, dry_run, summary=lambda: as_text(from_data(plan.changes, "导入前的记录")))
    if dry_run and not plan.issues:
        click.echo(as_text(from_data(plan.changes, "导入前的记录")), nl=False)


@click.command("review-sheet", context_settings=CONTEXT)
@data_option
@year_option
@click.option("--pool", required=True, help="哪个师资库：national 或省级代码，如 330000。")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="写到哪个文件，默认为当前目录下的 复核表-<师资库>-<年份>.xlsx（不覆盖已有文件）。")
@click.option("--force", is_flag=True, help="文件已存在时覆盖它（只覆盖 peixun 生成的复核表，其他文件一概不覆盖）。")
@config_option
def review_sheet(data: Path | None, year: int | None, pool: str, out: Path | None, force: bool, config_file: Path | None) -> None:
    """生成年度复核表（Excel）：每行一名当年需要复核的教师，供部门填写后用 peixun import reviews 导入。

    名单与 peixun review-due 相同：Y 年的表列出上一年（Y−1）在库、尚未报送复核结果的教师。
    """
    from ..contrib.reviewsheet import ours, rows_for, write_sheet

    _check_pool(pool)
    settings, year, catalog = load_yearly(data, config_file, year, pool)
    out = out or Path(f"复核表-{pool}-{year - 1}.xlsx")
    if out.suffix.lower() != ".xlsx":
        raise click.BadParameter("复核表是 Excel 工作簿，文件名须以 .xlsx 结尾。", param_hint="--out")
    if out.exists() or out.is_symlink():
        if not ours(out) or out.is_symlink():
            raise click.UsageError(f"{out} 已存在，而且不是 peixun 生成的复核表，不会覆盖。请换一个文件名。")
        if not force:
            raise click.UsageError(f"{out} 已存在（可能已经有人填写），没有覆盖。换一个文件名，或加 --force 覆盖这份复核表。")
    rows = rows_for(catalog.teachers, year, pool, settings.rules)
    write_sheet(rows, year, pool, out)
    click.echo(f"已写出 {out}：{len(rows)} 名教师需要 {year - 1} 年度复核（{year} 年名录）。")
    if not rows:
        click.echo("这个师资库没有需要复核的教师，表中只有列名。")


@click.command("template", context_settings=CONTEXT)
@click.argument("kind", type=click.Choice(["teachers", "courses", "bases"]), metavar="teachers|courses|bases")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="写到哪个文件，默认为当前目录下的 师资名单模板.xlsx（课程模板.xlsx、培训基地模板.xlsx）。已存在的文件不会被覆盖。")
def template(kind: str, out: Path | None) -> None:
    """写出一份空白的导入模板（Excel）：peixun import 能识别的全部列名，必填的标红，
    有固定选项的列带下拉列表，第二张表说明每一列怎么填。填好后用 peixun import 导入。"""
    from ..contrib.template import FILES, write_template

    name = kind[:-1]
    out = out or Path(FILES[name])
    if out.suffix.lower() != ".xlsx":
        raise click.BadParameter("模板是 Excel 工作簿，文件名须以 .xlsx 结尾。", param_hint="--out")
    if out.exists() or out.is_symlink():
        raise click.UsageError(f"{out} 已存在，没有覆盖（可能已经填写过）。请换一个文件名。")
    write_template(name, out)
    click.echo(f"已写出 {out}。填好后运行 peixun import {kind} {out}{' --pool <师资库>' if name == 'teacher' else ''} 导入。")
