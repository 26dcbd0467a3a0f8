"""The yearly lists: `peixun changelog` (what changed in the pools), `peixun review-due`
(reviews not yet reported) and `peixun progress` (规划落实)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import CONTEXT, config_option, data_option, load_yearly, year_option, yearly_options


@click.command("changelog", context_settings=CONTEXT)
@yearly_options
def changelog(data: Path | None, year: int | None, pool: str | None, fmt: str, config_file: Path | None) -> None:
    """列出某一年与上一年相比，师资库的变化。

    包括新入库、调动、暂停、恢复、退出（含原因）、共享范围变化、待复核、因复核暂不列入和重新列入，
    并按师资库统计。
    """
    from ..yearly.directory import changes
    from ..yearly.reports import changelog as layout

    settings, year, catalog = load_yearly(data, config_file, year, pool)
    rows = [c for c in changes(catalog.teachers, year, settings.rules) if pool is None or c.pool == pool]
    sys.stdout.write(layout(rows, year, fmt))


@click.command("review-due", context_settings=CONTEXT)
@yearly_options
def review_due(data: Path | None, year: int | None, pool: str | None, fmt: str, config_file: Path | None) -> None:
    """按负责部门列出上一年复核结果尚未报送的教师（每年发给各部门的名单）。"""
    from ..yearly.directory import review_due as due_in
    from ..yearly.reports import review_due as layout

    settings, year, catalog = load_yearly(data, config_file, year, pool)
    due = {p: rows for p, rows in due_in(catalog.teachers, year, settings.rules).items() if pool is None or p == pool}
    owners = {d.pool: did for did, d in catalog.departments.items() if d.pool}
    names = {did: d.name for did, d in catalog.departments.items()}
    sys.stdout.write(layout(due, year, catalog.teachers, owners, names, fmt))


@click.command("progress", context_settings=CONTEXT)
@data_option
@year_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式。")
@config_option
def progress_command(data: Path | None, year: int | None, fmt: str, config_file: Path | None) -> None:
    """核算规划的各项目标是否按期完成（与网站“规划落实”页相同）。

    有期限的目标（培训大纲、全国和省级师资库、两部教程）和每年的目标（师资库更新、
    培训 60 名师资和 50 名培训工作者、师资共享），每项给出“已完成、按期未完成、进行中、无数据”之一。
    """
    from ..yearly.progress import progress_of
    from ..yearly.reports import progress as layout

    settings, year, catalog = load_yearly(data, config_file, year, None)
    sys.stdout.write(layout(progress_of(catalog, year, settings.rules, settings.targets), fmt))
