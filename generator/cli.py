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


if __name__ == "__main__":  # pragma: no cover
    main()
