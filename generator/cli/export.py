"""`peixun export`: the open data (数据下载) of an edition year as JSON, CSV, Excel and SQLite
files (publish/opendata/ makes them; this module only loads, checks and reports)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import CONTEXT, config_option, data_option, load_project

# the same as publish.opendata.export.FORMATS (tests check): not imported, so that `peixun --help`
# does not load the record models
FORMATS = ("json", "csv", "xlsx", "sqlite")
ALL = "all"


def chosen(formats) -> tuple[str, ...]:
    """The formats asked for, in FORMATS order; all (or nothing) means every one."""
    wanted = set(formats or (ALL,))
    return FORMATS if ALL in wanted else tuple(f for f in FORMATS if f in wanted)


@click.command("export", context_settings=CONTEXT)
@data_option
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice([*FORMATS, ALL]),
    default=(ALL,),
    show_default=True,
    help="导出格式：json、csv（每张表一个 CSV 的压缩包）、xlsx（Excel）、sqlite，或 all（全部）。可重复，如 --format csv --format xlsx。",
)
@click.option("--year", type=click.IntRange(2013, 2100), default=None, help="导出哪一年的情况（默认取 mkdocs.yml 中 peixun 的 edition）。")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("dist/data"),
    show_default=True,
    help="写到哪个目录（不存在时创建）。只覆盖 peixun 导出的同名文件（peixun-<年份>.json 等）。",
)
@config_option
def export(data: Path | None, formats: tuple[str, ...], year: int | None, out: Path, config_file: Path | None) -> None:
    """导出开放数据（数据下载）：全部公开记录，JSON、CSV、Excel、SQLite 四种格式。

    每类记录一张表，授课教师等引用列表和年度复核等履历各成一张表，以编号相互关联；
    教师另有当年的名录状态、所属师资库和共享范围。附字段说明（中文名、说明、类型）。
    只导出公开字段，联系方式一律不导出；写出前逐个文件读回检查，发现任何不公开的值就停止，不写文件。

    同样的数据和年份，两次导出的文件逐字节相同。
    """
    from ..publish.opendata.export import export_files, leaks, write_files
    from ..publish.outputs import size_text
    from ..publish.views import build_views

    root, config, settings, result = load_project(data, config_file, "没有导出数据")
    year = year or settings.edition
    views = build_views(result.catalog.public(), year, settings.rules, targets=None)  # no 规划落实 needed
    files = export_files(views, chosen(formats))
    leaking = leaks(files, result.secrets)
    if leaking:
        click.echo(f"已停止，没有写任何文件：{'、'.join(leaking)} 中出现了不公开的联系方式。这是程序错误，请报告。", err=True)
        sys.exit(1)
    places = {"data": root, "config": config, "project": config.parent if config else None}
    paths = write_files(files, out, **places)  # outputs.Refused: main's group says why, exit 2
    for path, f in zip(paths, files):
        click.echo(f"已写出 {path}（{f.label.split('：')[0]}，{size_text(f.size)}，sha256 {f.sha256[:12]}）")
    counts = "，".join(f"{label} {n}" for label, n in _counts(views))
    click.echo(f"{year} 年开放数据：{counts}。")


def _counts(views):
    from ..records.kinds import KINDS

    return [(kind.label, len(views.catalog[name])) for name, kind in KINDS.items()]
