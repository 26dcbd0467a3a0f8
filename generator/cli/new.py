"""`peixun new`: a record skeleton at the right path, its id from pinyin, asked for in
Chinese in a terminal, checked before it is kept (contrib/scaffold.py does the writing)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import CONTEXT, data_option, data_root, project_config


class _NewGroup(click.Group):
    """Subcommands made when asked for: building them imports the models, which every other
    command would otherwise pay for at start-up."""

    KINDS = ("course", "textbook", "base", "programme", "teacher")

    def list_commands(self, ctx):
        return list(self.KINDS)

    def get_command(self, ctx, name):
        return _new_command(name) if name in self.KINDS else None


@click.group(cls=_NewGroup, context_settings=CONTEXT)
def new() -> None:
    """新建一条记录：在正确的位置写出记录骨架，编号按拼音自动生成。

    必填项可以用选项给出；在终端中运行时，缺少的必填项会逐项询问。
    写出的文件会立即校验，不通过则不保留。
    """


def _new_command(kind_name: str) -> click.Command:
    from ..contrib import scaffold as S
    from ..records.kinds import KINDS

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
    from ..contrib import scaffold as S

    root = data_root(data)
    opts = S.FIELDS[kind_name]
    _check_choices(opts, values)
    _defaults(root, opts, values)
    head = _complete(kind_name, head, opts, values)
    record_id = _record_id(root, kind_name, head, record_id)
    rel = S.path_for(kind_name, record_id, values)
    _keep_if_valid(root, rel, S.render(kind_name, record_id, head, values, rel), record_id)


def _check_choices(opts, values: dict) -> None:
    """Options as given: lists split, text stripped, choices among the allowed ones."""
    from ..contrib import scaffold as S

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


def _defaults(root: Path, opts, values: dict) -> None:
    """Years default to the edition, other options to their stated default."""
    from ..contrib import scaffold as S
    from ..publish.settings import read_settings

    if any(opt.path in S.YEAR_FIELDS and not values.get(opt.param) for opt in opts):
        try:
            edition = read_settings(project_config(root, required=False)).edition
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
        for opt in opts:
            if opt.path in S.YEAR_FIELDS and not values.get(opt.param):
                values[opt.param] = str(edition)
    for opt in opts:
        if opt.default and not values.get(opt.param):
            values[opt.param] = opt.default


def _complete(kind_name: str, head: str | None, opts, values: dict) -> str:
    """The name or title and every required option: asked for in a terminal, else named."""
    from ..contrib import scaffold as S
    from ..records import vocab as V

    head_label = S.head_label(kind_name)
    missing = [opt for opt in opts if opt.required and not values.get(opt.param)]
    if sys.stdin.isatty():
        while not (head or "").strip():
            head = click.prompt(head_label, prompt_suffix="：")
        for opt in missing:
            values[opt.param] = _ask(opt.title(kind_name), opt.choice_values, opt.multi)
    else:
        names = ([head_label] if not head else []) + [f"{opt.option}（{opt.title(kind_name)}）" for opt in missing]
        if names:
            raise click.UsageError("缺少必填项：" + "、".join(names) + "。在终端中运行时会逐项询问。")
    if kind_name == "teacher" and not V.is_pool(values["pool"]):  # it is also a folder name
        raise click.BadParameter(f"“{values['pool']}”不是师资库代码：全国写 national，省级写六位代码（如 330000）。", param_hint="--pool")
    return head.strip()


def _record_id(root: Path, kind_name: str, head: str, record_id: str | None) -> str:
    """The id given (if free), else one from the pinyin of the name or title."""
    from ..contrib import scaffold as S

    taken = S.taken_ids(root, kind_name)
    if record_id:
        if not S.valid_id(record_id):
            raise click.BadParameter("编号只能用小写字母、数字和连字符，2–63 个字符。", param_hint="--id")
        if record_id in taken:
            raise click.BadParameter(f"编号 {record_id} 已被使用。", param_hint="--id")
        return record_id
    base = S.person_id(head) if kind_name == "teacher" else S.title_id(head)
    if not base:
        raise click.UsageError(f"无法从“{head}”生成编号，请用 --id 指定（小写字母、数字和连字符）。")
    return S.free_id(base, taken)


def _keep_if_valid(root: Path, rel: str, text: str, record_id: str) -> None:
    """Write the new file, validate, and keep it only when it has no problem of its own."""
    from ..contrib import owners
    from ..contrib import scaffold as S
    from ..records.problems import format_text

    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:
        out.write(text)
    result = owners.validate(root)
    own = [p for p in result.problems if str(p.path) == rel]
    if own:
        target.unlink()
        click.echo(format_text(own, 1).rstrip().rsplit("\n", 1)[0], err=True)
        click.echo(f"记录未创建：请改正上面的问题后重新运行（{rel}）。", err=True)
        sys.exit(1)
    click.echo(f"已创建 {S.relative_to_cwd(target)}（编号 {record_id}）")
    if [p.code for p in result.problems] == ["codeowners-stale"]:  # a new record names its reviewers
        owners.write(root, result.index)
        click.echo(f"已更新 {owners.FILE}（审核人名单），请与记录一并提交。")
    click.echo("下一步：打开文件补充选填项，运行 peixun validate 校验，然后提交拉取请求。")


def _ask(label: str, choices, multi: bool):
    """One required value from the terminal, asked again until it is usable."""
    from ..contrib import scaffold as S

    hint = f"（可选：{'、'.join(choices)}{'；多项用顿号分隔' if multi else ''}）" if choices else ("（多项用顿号分隔）" if multi else "")
    while True:
        answer = click.prompt(label + hint, prompt_suffix="：").strip()
        items = S.split_items([answer]) if multi else [answer]
        wrong = [item for item in items if choices and item not in choices]
        if items and not wrong:
            return items if multi else answer
        click.echo(f"“{wrong[0]}”不是可选值，请重新输入。" if wrong else "不能为空，请重新输入。", err=True)
