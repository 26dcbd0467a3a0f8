"""The site and its copies: `peixun build` (validate, MkDocs, Pagefind, swapped in when
all succeeded), `peixun offline` (a zip for file://) and `peixun clean`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import CONTEXT, config_option, data_option, data_root, project_config, year_option


@click.command(context_settings=CONTEXT)
@data_option
@click.option("--out", type=click.Path(path_type=Path), default=None, help="输出目录，默认为 mkdocs.yml 中的 site_dir（site/）。只替换 peixun 自己生成的目录。")
@click.option("--year", type=click.IntRange(2013, 2100), default=None, help="按哪一年的情况生成（默认取 mkdocs.yml 中的 edition）。")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="MkDocs 配置文件，默认为项目根目录的 mkdocs.yml。",
)
def build(data: Path | None, out: Path | None, year: int | None, config_file: Path | None) -> None:
    """校验记录并生成网站（MkDocs + Pagefind 中文检索）。

    先在临时目录中生成，全部成功后才替换输出目录；失败时原有的输出保持不变。
    """
    import os

    from ..publish.website.build import BuildFailed, build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = data_root(data)
    config_file = config_file or project_config(root)
    try:
        build_site(config_file=config_file, data=root, out=out, year=year, progress=lambda line: click.echo(line))
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


@click.command(context_settings=CONTEXT)
@data_option
@click.option("--scope", default="national", show_default=True, help="范围：national（全部公开记录）或省级代码（如 330000：全部课程、教材、基地，本省教师及共享给本省的教师）。")
@year_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("dist"), show_default=True, help="压缩包写到哪个目录（只覆盖 peixun 自己写的同名文件）。")
@config_option
def offline(data: Path | None, scope: str, year: int | None, out: Path, config_file: Path | None) -> None:
    """生成离线副本：一个 zip，解压后双击 index.html 即可浏览和中文搜索，不需要网络。

    同时写出 .sha256 校验文件（sha256sum -c 可直接核对）。
    """
    import os

    from ..publish.website.build import BuildFailed
    from ..publish.offline.copy import build_offline

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = data_root(data)
    config_file = config_file or project_config(root)
    try:
        build_offline(config_file=config_file, data=root, out=out, scope=scope, year=year, progress=lambda line: click.echo(line))
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


@click.command(context_settings=CONTEXT)
@click.option("--site", "site", type=click.Path(path_type=Path), default=Path("site"), show_default=True, help="peixun build 生成的网站目录。")
@click.option("--dist", "dist", type=click.Path(path_type=Path), default=Path("dist"), show_default=True, help="peixun offline 写压缩包的目录。")
def clean(site: Path, dist: Path) -> None:
    """删除 peixun 生成的网站目录和离线副本。

    只删 peixun 自己写的东西：带有生成标记的网站目录，以及 dist/ 中由 peixun 写出且没有被改过的压缩包和校验文件；
    其他文件一律保留。
    """
    from ..publish.outputs import clean as remove

    removed = remove(site, dist)
    for path in removed:
        click.echo(f"已删除 {path}")
    if not removed:
        click.echo("没有 peixun 生成的网站或离线副本需要删除。")
