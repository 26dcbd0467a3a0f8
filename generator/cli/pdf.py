"""`peixun print`: the print edition as PDF (publish/print/contents.py says what the
documents hold, publish/print/typeset.py sets them with Typst)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import CONTEXT, config_option, data_option, load_project, year_option


@click.command("print", context_settings=CONTEXT)
@data_option
@year_option
@click.option("--scope", default="national", show_default=True, help="名录的范围：national（全部师资库）或省级代码（如 330000：只含该省师资库）。")
@click.option("--what", type=click.Choice(["directory", "catalog", "all"]), default="all", show_default=True,
              help="directory：《年度师资库名录》；catalog：《课程与资源目录》；all：两份都印。")
@click.option("--out", type=click.Path(path_type=Path), default=Path("dist/print"), show_default=True,
              help="写到哪个目录。只覆盖 peixun 写过的同名 PDF。")
@config_option
def print_command(data: Path | None, year: int | None, scope: str, what: str, out: Path, config_file: Path | None) -> None:
    """印刷版：把当年的师资库名录和课程与资源目录排成 PDF（A4，中文宋体，页眉页脚、目录、跨页重复表头）。

    只用公开内容；写出前检查 PDF 中的文字，出现任何不公开的联系方式就停止。同样的记录、年份和范围，
    两次生成的 PDF 逐字节相同（封面的生成日期取 SOURCE_DATE_EPOCH，未设置时为版次年份的 12 月 31 日）。
    """
    import time

    from ..publish.outputs import check_files, record_files, size_text
    from ..publish.print.typeset import NoFonts, leaks, print_files
    from ..publish.views import build_views
    from ..records import vocab as V

    if not V.is_pool(scope):
        raise click.BadParameter(f"“{scope}”不是师资库代码：全国写 national，省级写六位代码（如 330000）。", param_hint="--scope")
    start = time.perf_counter()
    root, config, settings, result = load_project(data, config_file, "没有生成印刷版")
    views = build_views(result.catalog.public(), year or settings.edition, settings.rules, targets=None)
    if scope not in views.pools:
        raise click.BadParameter(f"{scope} 没有负责部门，也没有教师，没有可印的名录。", param_hint="--scope")
    chosen = ("directory", "catalog") if what == "all" else (what,)
    try:
        files = print_files(views, scope, chosen)
    except NoFonts as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    leaking = leaks(files, result.secrets)
    if leaking:
        click.echo(f"已停止，没有写任何文件：{'、'.join(leaking)} 中出现了不公开的联系方式。这是程序错误，请报告。", err=True)
        sys.exit(1)
    target = check_files(out, [f.name for f in files], data=root, config=config, project=config.parent if config else None)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in files:
        (target / f.name).write_bytes(f.data)
        paths.append(target / f.name)
        click.echo(f"已写出 {target / f.name}：{f.title}，{size_text(f.size)}")
    record_files(target, paths)
    click.echo(f"用时 {time.perf_counter() - start:.1f} 秒。")
