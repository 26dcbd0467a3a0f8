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
    config_file = config_file or _project_config(root)
    try:
        build_site(config_file=config_file, data=root, out=out, year=year, progress=lambda line: click.echo(line))
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


def _project_config(root: Path, required: bool = True) -> Path | None:
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


def _yearly(data: Path | None, config_file: Path | None, year: int | None, pool: str | None):
    """What the yearly commands share: settings, the year, the loaded teachers (one pool)."""
    import os

    from .records import vocab as V
    from .records.catalog import load_catalog
    from .records.problems import format_text
    from .publish.settings import read_settings

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = data_root(data)
    if pool is not None and pool != V.NATIONAL and pool not in V.PROVINCES:
        raise click.BadParameter(f"“{pool}”不是师资库代码：全国师资库写 national，省级师资库写六位代码（如 330000）。", param_hint="--pool")
    try:
        settings = read_settings(config_file or _project_config(root, required=False))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    result = load_catalog(root)
    if not result.ok:
        click.echo("记录校验未通过，请先改正：\n" + format_text(result.problems, result.files).rstrip(), err=True)
        sys.exit(1)
    return settings, year or settings.edition, result.catalog


@main.command()
@data_option
@year_option
@pool_option
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True, help="输出格式（CSV 带 BOM，Excel 可直接打开）。")
@config_option
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


@main.command("review-due")
@data_option
@year_option
@pool_option
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True, help="输出格式。")
@config_option
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
    config_file = config_file or _project_config(root)
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
    config_file = _project_config(root, required=False)
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
    blocking = [p for p in result.problems if p.severity == "error" and p.code != "codeowners-stale"]
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


class _NewGroup(click.Group):
    """Subcommands made when asked for: building them imports the models, which every other
    command would otherwise pay for at start-up."""

    KINDS = ("course", "textbook", "base", "teacher")

    def list_commands(self, ctx):
        return list(self.KINDS)

    def get_command(self, ctx, name):
        return _new_command(name) if name in self.KINDS else None


@main.group(cls=_NewGroup, context_settings=CONTEXT)
def new() -> None:
    """新建一条记录：在正确的位置写出记录骨架，编号按拼音自动生成。

    必填项可以用选项给出；在终端中运行时，缺少的必填项会逐项询问。
    写出的文件会立即校验，不通过则不保留。
    """


def _new_command(kind_name: str) -> click.Command:
    from .contrib import scaffold as S
    from .records.kinds import KINDS

    kind = KINDS[kind_name]
    head = S.head_label(kind_name)
    params: list[click.Parameter] = [click.Argument(["head"], metavar=head, required=False)]
    for opt in S.FIELDS[kind_name]:
        choices = opt.choice_values
        kind_hint = "，可重复或用顿号分隔" if opt.multi else ""
        optional = not opt.required or opt.path in S.YEAR_FIELDS or opt.default
        help_text = f"{opt.title(kind_name)}{'' if optional else '（必填）'}{kind_hint}"
        if choices:
            help_text += "：" + "、".join(choices)
        if opt.path in S.YEAR_FIELDS:
            help_text += "；默认为当前版次年份"
        if opt.default:
            help_text += f"；默认为“{opt.default}”"
        params.append(click.Option([opt.option, opt.param], multiple=opt.multi, default=None, help=help_text))
    params.append(click.Option(["--id", "record_id"], default=None, help="指定编号（默认按拼音生成，重名时加 -2、-3）。"))
    params.append(data_option(lambda: None).__click_params__[0])

    def callback(head, record_id, data, **values):
        _create(kind_name, head, record_id, data, values)

    return click.Command(
        kind_name,
        callback=callback,
        params=params,
        context_settings=CONTEXT,
        help=f"新建{kind.label}记录（{kind.folder}/）。{head}为第一个参数。",
        short_help=f"新建{kind.label}记录",
    )


def _create(kind_name: str, head: str | None, record_id: str | None, data: Path | None, values: dict) -> None:
    from .contrib import scaffold as S
    from .records.catalog import load_catalog
    from .records.kinds import KINDS
    from .records.problems import format_text
    from .publish.settings import read_settings

    kind = KINDS[kind_name]
    root = data_root(data)
    interactive = sys.stdin.isatty()
    opts = S.FIELDS[kind_name]
    head_label = S.head_label(kind_name)
    for opt in opts:
        if opt.multi:
            values[opt.param] = S.split_items(values.get(opt.param))
        elif values.get(opt.param) is not None:
            values[opt.param] = values[opt.param].strip()
        choices = opt.choice_values
        given = values[opt.param] if opt.multi else [values[opt.param]] if values.get(opt.param) else []
        for value in given:
            if choices and value not in choices:
                raise click.BadParameter(f"“{value}”不是可选值。可选：{'、'.join(choices)}。", param_hint=opt.option)
    if any(opt.path in S.YEAR_FIELDS and not values.get(opt.param) for opt in opts):
        try:
            edition = read_settings(_project_config(root, required=False)).edition
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
        for opt in opts:
            if opt.path in S.YEAR_FIELDS and not values.get(opt.param):
                values[opt.param] = str(edition)
    for opt in opts:
        if opt.default and not values.get(opt.param):
            values[opt.param] = opt.default
    missing = [opt for opt in opts if opt.required and not values.get(opt.param)]
    if interactive:
        while not (head or "").strip():
            head = click.prompt(head_label, prompt_suffix="：")
        for opt in missing:
            values[opt.param] = _ask(opt.title(kind_name), opt.choice_values, opt.multi)
    else:
        names = ([head_label] if not head else []) + [f"{opt.option}（{opt.title(kind_name)}）" for opt in missing]
        if names:
            raise click.UsageError("缺少必填项：" + "、".join(names) + "。在终端中运行时会逐项询问。")
    head = head.strip()
    if kind_name == "teacher":
        from .records import vocab as V

        if values["pool"] != V.NATIONAL and values["pool"] not in V.PROVINCES:  # it is also a folder name
            raise click.BadParameter(f"“{values['pool']}”不是师资库代码：全国写 national，省级写六位代码（如 330000）。", param_hint="--pool")
    taken = S.taken_ids(root, kind_name)
    if record_id:
        if not S.valid_id(record_id):
            raise click.BadParameter("编号只能用小写字母、数字和连字符，2–63 个字符。", param_hint="--id")
        if record_id in taken:
            raise click.BadParameter(f"编号 {record_id} 已被使用。", param_hint="--id")
    else:
        base = S.person_id(head) if kind_name == "teacher" else S.title_id(head)
        if not base:
            raise click.UsageError(f"无法从“{head}”生成编号，请用 --id 指定（小写字母、数字和连字符）。")
        record_id = S.free_id(base, taken)
    rel = S.path_for(kind_name, record_id, values)
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:
        out.write(S.render(kind_name, record_id, head, values, rel))
    from .contrib.owners import validate as check_all

    result = check_all(root)
    own = [p for p in result.problems if str(p.path) == rel]
    if any(p.severity == "error" for p in own):
        target.unlink()
        click.echo(format_text(own, 1).rstrip().rsplit("\n", 1)[0], err=True)
        click.echo(f"记录未创建：请改正上面的问题后重新运行（{rel}）。", err=True)
        sys.exit(1)
    click.echo(f"已创建 {S.relative_to_cwd(target)}（编号 {record_id}）")
    if [p.code for p in result.problems] == ["codeowners-stale"]:  # a new record names its reviewers
        from .contrib import owners

        owners.write(root, result.index)
        click.echo(f"已更新 {owners.FILE}（审核人名单），请与记录一并提交。")
    click.echo("下一步：打开文件补充选填项，运行 peixun validate 校验，然后提交拉取请求。")


def _ask(label: str, choices, multi: bool):
    """One required value from the terminal, asked again until it is usable."""
    from .contrib import scaffold as S

    hint = f"（可选：{'、'.join(choices)}{'；多项用顿号分隔' if multi else ''}）" if choices else ("（多项用顿号分隔）" if multi else "")
    while True:
        answer = click.prompt(label + hint, prompt_suffix="：").strip()
        items = S.split_items([answer]) if multi else [answer]
        wrong = [item for item in items if choices and item not in choices]
        if items and not wrong:
            return items if multi else answer
        click.echo(f"“{wrong[0]}”不是可选值，请重新输入。" if wrong else "不能为空，请重新输入。", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
