"""The ``peixun`` command line. Each command is a thin shell over one stage."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def find_root(start: Path | None = None) -> Path:
    """The data root: the nearest folder (here or above) that holds catalog/ or teachers/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "catalog").is_dir() or (folder / "teachers").is_dir():
            return folder
    raise click.UsageError("当前目录及其上级目录中都没有 catalog/ 或 teachers/，请在项目目录中运行，或用 --data 指定数据目录。")


def data_root(data: Path | None) -> Path:
    if data is None:
        return find_root()
    if not ((data / "catalog").is_dir() or (data / "teachers").is_dir()):
        raise click.UsageError(f"数据目录 {data} 中没有 catalog/ 或 teachers/ 子目录。")
    return data.resolve()


data_option = click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="数据目录（含 catalog/ 与 teachers/），默认为当前项目根目录。",
)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="peixun", message="%(prog)s %(version)s")
def main() -> None:
    """组工干部教育培训资源库：校验记录、生成网站。"""


@main.command()
@data_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式。")
@click.option("--jobs", type=click.IntRange(0, 64), default=0, help="并行进程数，0 表示按 CPU 核数自动选择。")
def validate(data: Path | None, fmt: str, jobs: int) -> None:
    """校验全部记录，一次列出所有问题（文件:行:列: 错误[代码] 说明）。

    没有错误时退出码为 0，有错误时为 1。
    """
    from .catalog import load_catalog
    from .problems import format_json, format_text

    root = data_root(data)
    result = load_catalog(root, jobs=jobs, records=False)
    counts = result.counts
    if fmt == "json":
        sys.stdout.write(format_json(result.problems, result.files, counts))
    else:
        from .models import KINDS

        detail = "，".join(f"{KINDS[k].label} {n}" for k, n in counts.items())
        sys.stdout.write(format_text(result.problems, result.files, detail))
    sys.exit(0 if result.ok else 1)


@main.command()
@data_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="输出目录，默认为 mkdocs.yml 中的 site_dir（site/）。")
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

    from .build import BuildFailed, build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = data_root(data)
    config_file = config_file or _project_config(root)
    try:
        build_site(config_file=config_file, data=root, out=out, year=year, progress=lambda line: click.echo(line))
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


def _project_config(root: Path) -> Path:
    """mkdocs.yml of the project: beside the data, else the nearest one above the cwd."""
    for folder in (root, *Path.cwd().resolve().parents, Path.cwd().resolve()):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    raise click.UsageError("找不到 mkdocs.yml，请用 --config 指定。")


if __name__ == "__main__":  # pragma: no cover
    main()
