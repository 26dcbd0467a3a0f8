"""The contributors' tools: `peixun diff` (what a change does to the records), `peixun
codeowners` (reviewers by department) and `peixun schema` (editor completion)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import CONTEXT, data_option, data_root, project_config


@click.command(context_settings=CONTEXT)
@click.argument("rev", required=False, metavar="[版本]")
@data_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True, help="输出格式（markdown 可写入 GitHub 作业摘要）。")
def diff(rev: str | None, data: Path | None, fmt: str) -> None:
    """列出工作区相对某个 git 版本的记录变化：新增、删除、修改（含改动的字段）、师资调动和状态变化。

    版本默认为当前分支与 main 的合并基点（在拉取请求中即目标分支）。
    联系方式等字段只列名称，不显示内容。
    """
    from ..contrib.gitdiff import GitError, as_markdown, as_text, summarize

    root = data_root(data)
    try:
        summary = summarize(root, rev)
    except GitError as exc:
        raise click.ClickException(str(exc)) from exc
    sys.stdout.write(as_markdown(summary) if fmt == "markdown" else as_text(summary))


@click.command(context_settings=CONTEXT)
@data_option
@click.option("--check", is_flag=True, help="只检查：文件过期时以退出码 1 结束，不写文件。")
def codeowners(data: Path | None, check: bool) -> None:
    """按部门的 maintainers 生成 .github/CODEOWNERS（审核人名单）。

    每个部门审核本部门记录、本部门负责的师资库目录，以及它提供的课程、教材和培训基地；
    没有填维护人的部门由上级部门的维护人审核；其余文件由负责全国师资库的部门审核。
    """
    from ..contrib import owners
    from ..records.catalog import load_catalog
    from ..records.problems import format_text

    root = data_root(data)
    result = load_catalog(root, records=False)
    blocking = [p for p in result.problems if p.code != "codeowners-stale"]
    if blocking:
        click.echo("记录校验未通过，请先改正：\n" + format_text(blocking, result.files).rstrip(), err=True)
        sys.exit(1)
    target = root / owners.FILE
    if check:
        if not target.is_file() or target.read_text(encoding="utf-8") != owners.render(result.index):
            click.echo(f"{owners.FILE} 缺失或已过期，请运行 peixun codeowners 重新生成。", err=True)
            sys.exit(1)
        click.echo(f"{owners.FILE} 是最新的。")
        return
    if owners.write(root, result.index):
        click.echo(f"已写出 {target}")
    else:
        click.echo(f"{owners.FILE} 已是最新。")
    repository = owners.repository_of(root)
    if repository is not None and repository != root:
        click.echo(f"注意：GitHub 只读取仓库根目录（{repository}）下的 {owners.FILE}；数据目录不是仓库根目录时，这个文件不起作用。", err=True)


@click.command(context_settings=CONTEXT)
@data_option
@click.option("--out", type=click.Path(path_type=Path), default=None, help="写到哪个目录，默认为项目根目录下的 schemas/。")
@click.option("--check", is_flag=True, help="只检查：文件缺失或过期时列出并以退出码 1 结束，不写文件。")
def schema(data: Path | None, out: Path | None, check: bool) -> None:
    """生成各类记录的 JSON Schema（schemas/<类别>.schema.json），供编辑器补全字段、即时提示错误。

    由记录模型自动生成；模型改动后重新运行本命令并提交结果。
    """
    from ..contrib import schema as S

    root = data_root(data)
    out = out or root / S.FOLDER
    if check:
        stale = S.stale(out)
        for name in stale:
            click.echo(f"{out / name}: 缺失或已过期，请运行 peixun schema 重新生成。", err=True)
        sys.exit(1 if stale else 0)
    config_file = project_config(root, required=False)
    written = S.write(out, data=root, config=config_file, project=config_file.parent if config_file else root)
    for path in written:
        click.echo(f"已写出 {path}")
    if not written:
        click.echo(f"{out} 中的 JSON Schema 已是最新。")
