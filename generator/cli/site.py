"""The site and its copies: `peixun build` (validate, MkDocs, Pagefind, swapped in when
all succeeded), `peixun serve` (the preview), `peixun offline` (a zip for file://) and
`peixun clean`."""
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
@click.option("--fresh", is_flag=True, help="不沿用上次生成的结果，所有页面重新生成（缓存随之重建）。")
def build(data: Path | None, out: Path | None, year: int | None, config_file: Path | None, fresh: bool) -> None:
    """校验记录并生成网站（MkDocs + Pagefind 中文检索）。

    先在临时目录中生成，全部成功后才替换输出目录；失败时原有的输出保持不变。
    记录没有变化的页面沿用上次生成的结果（缓存在输出目录旁的 .<目录名>.peixun-cache 中），
    结果与全部重新生成逐字节相同。
    """
    import os

    from ..publish.website.build import BuildFailed, build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = data_root(data)
    config_file = config_file or project_config(root)
    try:
        build_site(config_file=config_file, data=root, out=out, year=year, fresh=fresh, isolate=True, progress=lambda line: click.echo(line))
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


@click.command(context_settings=CONTEXT)
@data_option
@click.option("--out", type=click.Path(path_type=Path), default=None, help="网站目录，默认为 mkdocs.yml 中的 site_dir（site/）；与 peixun build 共用缓存。")
@click.option("--year", type=click.IntRange(2013, 2100), default=None, help="按哪一年的情况生成（默认取 mkdocs.yml 中的 edition）。")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="MkDocs 配置文件，默认为项目根目录的 mkdocs.yml。")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址（默认只有本机能打开）。")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口。")
def serve(data: Path | None, out: Path | None, year: int | None, config_file: Path | None, host: str, port: int) -> None:
    """预览：生成网站并在本机打开，保存记录后几秒内更新。

    第一次与 peixun build 相同（有缓存时只重新生成变化的部分）；之后每次保存，先更新改过的记录页，
    再更新受影响的列表等页面，检索索引在后台重建。记录有问题时，终端和每个页面都列出问题所在的位置，
    网站保持上一次有效的内容。预览期间不重新生成数据文件和印刷版。按 Ctrl+C 结束。
    """
    import os

    from mkdocs.config import load_config

    from ..publish.website.build import BuildFailed
    from ..publish.website.preview import Preview, serve as run

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = data_root(data)
    config_file = config_file or project_config(root)
    out = (out or Path(load_config(config_file=str(config_file)).site_dir)).resolve()
    preview = Preview(config_file=config_file, data=root, out=out, year=year, progress=lambda line: click.echo(line))
    try:
        preview.start()
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"预览地址：http://{host}:{port}/ （按 Ctrl+C 结束）")
    try:
        run(preview, host, port)
    except KeyboardInterrupt:
        click.echo("预览已结束。")


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
