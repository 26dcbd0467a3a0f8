"""`peixun validate`: every problem of every record, for people, programs and GitHub."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import CONTEXT, data_option, data_root


@click.command(context_settings=CONTEXT)
@data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="输出格式：text 供人阅读；json 供程序读取；github 为 GitHub Actions 注释（错误显示在拉取请求的对应行上，并写入作业摘要）。",
)
@click.option("--jobs", type=click.IntRange(0, 64), default=0, help="并行进程数，0 表示按 CPU 核数自动选择。")
def validate(data: Path | None, fmt: str, jobs: int) -> None:
    """校验全部记录，一次列出所有问题（文件:行:列: 错误[代码] 说明）。

    没有错误时退出码为 0，有错误时为 1。
    """
    import gc
    import os

    from ..contrib.owners import validate as check_all
    from ..records.kinds import KINDS
    from ..records.problems import format_github, format_json, format_markdown, format_text

    # the process ends after the report: re-enabling the collector would only make it scan
    # the hundreds of thousands of objects loading left behind (0.15 s at national scale)
    gc.disable()
    root = data_root(data)
    result = check_all(root, jobs=jobs)
    problems = result.problems
    counts = result.counts
    detail = "，".join(f"{KINDS[k].label} {n}" for k, n in counts.items())
    if fmt == "json":
        sys.stdout.write(format_json(problems, result.files, counts))
    elif fmt == "github":
        prefix = _repo_prefix(root)
        sys.stdout.write(format_github(problems, result.files, detail, prefix))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as out:
                out.write(format_markdown(problems, result.files, detail, prefix))
    else:
        sys.stdout.write(format_text(problems, result.files, detail))
    sys.exit(0 if result.ok else 1)


def _repo_prefix(root: Path) -> str:
    """The data root as GitHub names paths: relative to the checkout (GITHUB_WORKSPACE, else the
    git work tree around it, else the cwd)."""
    import os

    from ..contrib.owners import repository_of

    base = Path(os.environ.get("GITHUB_WORKSPACE") or repository_of(root.resolve()) or Path.cwd()).resolve()
    try:
        rel = root.resolve().relative_to(base).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel + "/"
