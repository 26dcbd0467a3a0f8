"""The peixun settings in mkdocs.yml, declared once: the MkDocs plugin reads them for a build
(PeixunConfig), and the commands that build no site (export, print, offline, the yearly
lists, imports) read the same through read_settings."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..yearly.directory import Rules
from ..yearly.progress import Targets


class PeixunConfig(base.Config):
    data_root = c.Optional(c.Dir(exists=True))  # folder with catalog/ and teachers/; default: beside mkdocs.yml
    edition = c.Type(int, default=2017)  # the year the site shows (the data's edition)
    # the directory's review rules (generator/yearly/directory.py): consecutive missing reviews that
    # mark a teacher 待复核, that take them out of the year's directory, and 不合格
    pending_after = c.Type(int, default=Rules.pending_after)
    drop_after = c.Type(int, default=Rules.drop_after)
    drop_on_fail = c.Type(bool, default=Rules.drop_on_fail)
    # the plan's targets and thresholds (generator/yearly/progress.py, Targets): e.g. teachers_trained: 60
    targets = c.Type(dict, default={})
    data_files = c.Type(bool, default=True)  # the open-data files under data/ (数据下载)
    print_files = c.Type(bool, default=True)  # the print edition's PDFs under print/ (peixun print)
    reports = c.Type(bool, default=True)  # 统计, 规划落实 and 数据下载 (off: only to measure what they cost)
    record_pages = c.Choice(("fast", "mkdocs"), default="fast")
    pagefind = c.Type(bool, default=True)
    scope = c.Type(str, default="national")  # national, or a pool code for a provincial copy
    offline = c.Type(bool, default=False)  # an offline copy (set by `peixun offline`)
    archive_name = c.Type(str, default="")  # the offline copy's zip, for its edition page

    def rules(self) -> Rules:
        return Rules(self.pending_after, self.drop_after, self.drop_on_fail)

    def plan_targets(self) -> Targets:
        return Targets.from_settings(self.targets)


@dataclass(frozen=True)
class Settings:
    edition: int
    rules: Rules
    source: str  # where they came from, for messages
    targets: Targets = Targets()


def read_settings(config_file: Path | None) -> Settings:
    from mkdocs.config import load_config

    if config_file is None:
        defaults = PeixunConfig()
        defaults.load_dict({})
        defaults.validate()
        return Settings(defaults.edition, defaults.rules(), "默认设置", defaults.plan_targets())
    config = load_config(config_file=str(config_file))
    plugin = config.plugins.get("peixun")
    if plugin is None:
        raise ValueError(f"{config_file} 的 plugins 中没有 peixun 插件")
    try:
        targets = plugin.config.plan_targets()
    except ValueError as exc:
        raise ValueError(f"{config_file} 中 peixun 的 {exc}") from exc
    return Settings(plugin.config.edition, plugin.config.rules(), str(config_file), targets)
