"""The files a build adds beside its pages: the open-data files under data/ (数据下载) and the
print edition under print/ (印刷版), each checked against every private value before it is
kept. Functions of the plugin (self), kept apart so that plugin.py stays one screenful of hooks."""
from __future__ import annotations

import logging
import time

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from ...records import parallel
from ...records import vocab as V
from ..opendata import export
from ..print import typeset
from . import urls

log = logging.getLogger("mkdocs.plugins.peixun")  # the plugin's logger (plugin.py)


def make_data(self, views) -> list | None:
    """The open-data files under data/ (数据下载), checked like every page: the tables are
    read back from the CSV files as a program would and compared with every private value."""
    if not (self.config.data_files and self.config.reports):
        return None
    start = time.perf_counter()
    downloads = export.export_files(views, jobs=parallel.jobs_for(self.jobs, len(views.catalog.teachers), 2000))
    # every value of every table, as the CSV files hold them: the other three formats
    # encode the same rows (the tests read all four back)
    checked = [f for f in downloads if f.format == "csv"] or downloads
    leaked = export.leaks(checked, self.secrets) if self.secrets is not None else []
    if leaked:
        raise PluginError(f"数据文件 {'、'.join(leaked)} 中出现了不公开的联系方式，已停止生成。这是程序错误，请报告。")
    self.stats["data"] = time.perf_counter() - start
    return downloads


def add_data(self, files, config, downloads: list | None) -> None:
    for f in downloads or ():
        files.append(File.generated(config, f"{urls.DATA_FOLDER}/{f.name}", content=f.data, inclusion=InclusionLevel.NOT_IN_NAV))
    self.renderer.downloads = list(downloads or ())


def make_print(self, views, pieces=None) -> list | None:
    """The print edition of the scope (the national directory, or a provincial copy's
    own), its text checked against every private value like every page."""
    if not (self.config.print_files and self.config.reports):
        return None
    start = time.perf_counter()
    try:
        prints = typeset.print_files(views, views.scope, pieces=pieces)
    except typeset.NoFonts as exc:
        log.warning(f"peixun：没有生成印刷版（PDF）：{exc}")
        return None
    leaked = typeset.leaks(prints, self.secrets) if self.secrets is not None else []
    if leaked:
        raise PluginError(f"印刷版 {'、'.join(leaked)} 中出现了不公开的联系方式，已停止生成。这是程序错误，请报告。")
    self.stats["print"] = time.perf_counter() - start
    return prints


def add_print(self, files, config, views, prints: list | None) -> None:
    for f in prints or ():
        files.append(File.generated(config, f"{urls.PRINT_FOLDER}/{f.name}", content=f.data, inclusion=InclusionLevel.NOT_IN_NAV))
    self.renderer.prints.extend(prints or ())
    directory = next((f for f in prints or () if f.what == "directory"), None)
    if directory is not None:
        self.renderer.print_pages.update(directory.section_pages({p: V.pool_label(p) for p in views.pools}))
