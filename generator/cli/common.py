"""What every command shares: the click settings and options, finding the project (the data
root and its mkdocs.yml), and loading it with its settings. Imported by each command
module; imports no command."""
from __future__ import annotations

import sys
from pathlib import Path

import click

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


def project_config(root: Path, required: bool = True) -> Path | None:
    """mkdocs.yml of the project: beside the data, else the nearest one from the cwd up."""
    here = Path.cwd().resolve()
    for folder in (root, here, *here.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    if required:
        raise click.UsageError("找不到 mkdocs.yml，请用 --config 指定。")
    return None


config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="读取版次和复核规则的 mkdocs.yml，默认为项目根目录的 mkdocs.yml。",
)
year_option = click.option("--year", type=click.IntRange(2000, 2100), default=None, help="哪一年（默认取 mkdocs.yml 中 peixun 的 edition）。")
pool_option = click.option("--pool", default=None, help="只看一个师资库：national 或省级代码，如 330000。")


def load_project(data: Path | None, config_file: Path | None, why: str):
    """What a command reading the records needs: the data root, the mkdocs.yml in use, its
    settings and the loaded records; invalid records print their problems and exit 1."""
    import os

    from ..publish.settings import read_settings
    from ..records.catalog import RecordsInvalid, load_or_fail

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = data_root(data)
    config = config_file or project_config(root, required=False)
    try:
        settings = read_settings(config)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        result = load_or_fail(root, why)
    except RecordsInvalid as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    return root, config, settings, result


def load_yearly(data: Path | None, config_file: Path | None, year: int | None, pool: str | None):
    """What the yearly commands share: settings, the year, the loaded teachers (one pool)."""
    from ..records import vocab as V

    if pool is not None and not V.is_pool(pool):
        raise click.BadParameter(f"“{pool}”不是师资库代码：全国师资库写 national，省级师资库写六位代码（如 330000）。", param_hint="--pool")
    _, _, settings, result = load_project(data, config_file, "请先改正")
    return settings, year or settings.edition, result.catalog


def yearly_options(fn):
    """The options the yearly lists share: data, year, pool, format, config."""
    options = (
        data_option,
        year_option,
        pool_option,
        click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True, help="输出格式（CSV 带 BOM，Excel 可直接打开）。"),
        config_option,
    )
    for option in reversed(options):
        fn = option(fn)
    return fn
