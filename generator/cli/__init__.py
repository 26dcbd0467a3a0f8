"""The ``peixun`` command line: the group every command joins. Each command is a thin shell
over one stage; commands live one group to a module (validate, contribute, new, imports,
site, yearly, export, pdf) and share their options through common.py. Only this package
prints."""
from __future__ import annotations

import sys

import click

from .. import __version__
from . import contribute, export, imports, new, pdf, site, validate, yearly
from .common import CONTEXT


class _Group(click.Group):
    """Every command: a place peixun must not write to ends with its reason and exit 2."""

    def invoke(self, ctx):
        from ..publish.outputs import Refused

        try:
            return super().invoke(ctx)
        except Refused as exc:
            click.echo(f"已停止，没有写任何文件：{exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="peixun", message="%(prog)s %(version)s")
def main() -> None:
    """组工干部教育培训资源库：校验记录、生成网站。"""


for command in (
    validate.validate,
    site.build, site.serve, site.offline, site.clean,
    yearly.changelog, yearly.review_due, yearly.progress_command,
    contribute.diff, contribute.codeowners, contribute.schema,
    new.new,
    export.export,
    imports.import_group, imports.review_sheet, imports.template,
    pdf.print_command,
):
    main.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    main()
