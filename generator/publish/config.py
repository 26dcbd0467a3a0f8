"""The peixun plugin's settings in mkdocs.yml, declared once: the plugin reads them for a
build, and commands that build nothing (the yearly lists) read the same (settings.py)."""
from __future__ import annotations

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
