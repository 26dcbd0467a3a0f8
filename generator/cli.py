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


class _Group(click.Group):
    """Every command: a place peixun must not write to ends with its reason and exit 2."""

    def invoke(self, ctx):
        from .publish.outputs import Refused

        try:
            return super().invoke(ctx)
        except Refused as exc:
            click.echo(f"已停止，没有写任何文件：{exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="peixun", message="%(prog)s %(version)s")
def main() -> None:
    """组工干部教育培训资源库：校验记录、生成网站。"""


@main.command()
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

    from .contrib.owners import validate as check_all
    from .records.kinds import KINDS
    from .records.problems import format_github, format_json, format_markdown, format_text

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

    from .contrib.owners import repository_of

    base = Path(os.environ.get("GITHUB_WORKSPACE") or repository_of(root.resolve()) or Path.cwd()).resolve()
    try:
        rel = root.resolve().relative_to(base).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel + "/"


@main.command()
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

    from .publish.build import BuildFailed, build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = data_root(data)
    config_file = config_file or project_config(root)
    try:
        build_site(config_file=config_file, data=root, out=out, year=year, progress=lambda line: click.echo(line))
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


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

    from .publish.settings import read_settings
    from .records.catalog import RecordsInvalid, load_or_fail

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


def _yearly(data: Path | None, config_file: Path | None, year: int | None, pool: str | None):
    """What the yearly commands share: settings, the year, the loaded teachers (one pool)."""
    from .records import vocab as V

    if pool is not None and not V.is_pool(pool):
        raise click.BadParameter(f"“{pool}”不是师资库代码：全国师资库写 national，省级师资库写六位代码（如 330000）。", param_hint="--pool")
    _, _, settings, result = load_project(data, config_file, "请先改正")
    return settings, year or settings.edition, result.catalog


def yearly_command(name: str):
    """The options the yearly lists share: data, year, pool, format, config."""

    def wrap(fn):
        options = (
            data_option,
            year_option,
            pool_option,
            click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True, help="输出格式（CSV 带 BOM，Excel 可直接打开）。"),
            config_option,
        )
        for option in reversed(options):
            fn = option(fn)
        return main.command(name)(fn)

    return wrap


@yearly_command("changelog")
def changelog(data: Path | None, year: int | None, pool: str | None, fmt: str, config_file: Path | None) -> None:
    """列出某一年与上一年相比，师资库的变化。

    包括新入库、调动、暂停、恢复、退出（含原因）、共享范围变化、待复核、因复核暂不列入和重新列入，
    并按师资库统计。
    """
    from .yearly.directory import changes
    from .yearly.reports import changelog as layout

    settings, year, catalog = _yearly(data, config_file, year, pool)
    rows = [c for c in changes(catalog.teachers, year, settings.rules) if pool is None or c.pool == pool]
    sys.stdout.write(layout(rows, year, fmt))


@yearly_command("review-due")
def review_due(data: Path | None, year: int | None, pool: str | None, fmt: str, config_file: Path | None) -> None:
    """按负责部门列出上一年复核结果尚未报送的教师（每年发给各部门的名单）。"""
    from .yearly.directory import review_due as due_in
    from .yearly.reports import review_due as layout

    settings, year, catalog = _yearly(data, config_file, year, pool)
    due = {p: rows for p, rows in due_in(catalog.teachers, year, settings.rules).items() if pool is None or p == pool}
    owners = {d.pool: did for did, d in catalog.departments.items() if d.pool}
    names = {did: d.name for did, d in catalog.departments.items()}
    sys.stdout.write(layout(due, year, catalog.teachers, owners, names, fmt))


@main.command()
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

    from .publish.build import BuildFailed
    from .publish.offline import build_offline

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = data_root(data)
    config_file = config_file or project_config(root)
    try:
        build_offline(config_file=config_file, data=root, out=out, scope=scope, year=year, progress=lambda line: click.echo(line))
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


@main.command()
@data_option
@click.option("--out", type=click.Path(path_type=Path), default=None, help="写到哪个目录，默认为项目根目录下的 schemas/。")
@click.option("--check", is_flag=True, help="只检查：文件缺失或过期时列出并以退出码 1 结束，不写文件。")
def schema(data: Path | None, out: Path | None, check: bool) -> None:
    """生成各类记录的 JSON Schema（schemas/<类别>.schema.json），供编辑器补全字段、即时提示错误。

    由记录模型自动生成；模型改动后重新运行本命令并提交结果。
    """
    from .contrib import schema as S

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


@main.command()
@click.option("--site", "site", type=click.Path(path_type=Path), default=Path("site"), show_default=True, help="peixun build 生成的网站目录。")
@click.option("--dist", "dist", type=click.Path(path_type=Path), default=Path("dist"), show_default=True, help="peixun offline 写压缩包的目录。")
def clean(site: Path, dist: Path) -> None:
    """删除 peixun 生成的网站目录和离线副本。

    只删 peixun 自己写的东西：带有生成标记的网站目录，以及 dist/ 中由 peixun 写出且没有被改过的压缩包和校验文件；
    其他文件一律保留。
    """
    from .publish.outputs import clean as remove

    removed = remove(site, dist)
    for path in removed:
        click.echo(f"已删除 {path}")
    if not removed:
        click.echo("没有 peixun 生成的网站或离线副本需要删除。")


@main.command()
@click.argument("rev", required=False, metavar="[版本]")
@data_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True, help="输出格式（markdown 可写入 GitHub 作业摘要）。")
def diff(rev: str | None, data: Path | None, fmt: str) -> None:
    """列出工作区相对某个 git 版本的记录变化：新增、删除、修改（含改动的字段）、师资调动和状态变化。

    版本默认为当前分支与 main 的合并基点（在拉取请求中即目标分支）。
    联系方式等字段只列名称，不显示内容。
    """
    from .contrib.gitdiff import GitError, as_markdown, as_text, summarize

    root = data_root(data)
    try:
        summary = summarize(root, rev)
    except GitError as exc:
        raise click.ClickException(str(exc)) from exc
    sys.stdout.write(as_markdown(summary) if fmt == "markdown" else as_text(summary))


@main.command()
@data_option
@click.option("--check", is_flag=True, help="只检查：文件过期时以退出码 1 结束，不写文件。")
def codeowners(data: Path | None, check: bool) -> None:
    """按部门的 maintainers 生成 .github/CODEOWNERS（审核人名单）。

    每个部门审核本部门记录、本部门负责的师资库目录，以及它提供的课程、教材和培训基地；
    没有填维护人的部门由上级部门的维护人审核；其余文件由负责全国师资库的部门审核。
    """
    from .contrib import owners
    from .records.catalog import load_catalog
    from .records.problems import format_text

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


# `peixun new` lives in cli_new.py (it registers itself on main)
from .cli_new import new  # noqa: E402  (after main and the shared options it uses)

main.add_command(new)
from .cli_export import export, progress_command; main.add_command(export); main.add_command(progress_command)  # noqa: E402,E702  (cli_export.py)


if __name__ == "__main__":  # pragma: no cover
    main()
from .cli_import import import_group; main.add_command(import_group)  # noqa: E402,E702  (cli_import.py)
from .cli_import import review_sheet; main.add_command(review_sheet)  # noqa: E402,E702
from .cli_import import template; main.add_command(template)  # noqa: E402,E702
from .cli_print import print_command; main.add_command(print_command)  # noqa: E402,E702  (cli_print.py)
