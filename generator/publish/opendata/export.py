"""Open data (数据下载): the public catalog of an edition year as files people can download
and work with — JSON, a zip of CSV files, an Excel workbook and a SQLite database, all
holding the same tables (tables.py), with a field dictionary.

export_files() makes the files in memory; leaks() reads every one back as a program would
(the workbook's cells, the database's values) and names those holding a private value;
write_files() writes them, overwriting only files of its own names that peixun wrote.
"""
from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ...records import parallel
from ..outputs import Sized, check_files, record_files
from .formats import DICTIONARY_FILE, GENERATOR, csv_zip_bytes, json_bytes, xlsx_bytes
from .sqlite import sqlite_bytes, sqlite_texts
from .tables import tables

FORMATS = ("json", "csv", "xlsx", "sqlite")
LABELS = {
    "json": "JSON：全部表在一个文件中，供程序读取",
    "csv": "CSV 压缩包：每张表一个 CSV 文件（UTF-8，Excel 可直接打开），附字段说明",
    "xlsx": "Excel 工作簿：每张表一个工作表，第一个工作表为说明和字段说明",
    "sqlite": "SQLite 数据库：各表带主键和外键，可用 SQL 查询和关联",
}
# the only names write_files writes (and so the only files it may overwrite)
OWN_NAME = re.compile(r"peixun-[0-9]{4}(?:\.json|-csv\.zip|\.xlsx|\.db)")


@dataclass(frozen=True)
class DataFile(Sized):
    name: str  # file name: peixun-2017.json
    data: bytes
    format: str  # one of FORMATS
    label: str  # what it is, in Chinese


def file_name(fmt: str, edition: int) -> str:
    return {"json": f"peixun-{edition}.json", "csv": f"peixun-{edition}-csv.zip", "xlsx": f"peixun-{edition}.xlsx", "sqlite": f"peixun-{edition}.db"}[fmt]


def export_files(views, formats=FORMATS, jobs: int = 1) -> list[DataFile]:
    """The files of these views' edition, in FORMATS order (nothing is written). With two
    processes or more, the workbook (the slowest) is made beside the other three."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"未知的导出格式：{'、'.join(unknown)}（可选：{'、'.join(FORMATS)}）")
    edition = views.edition
    data = tables(views)
    makers = {
        "json": lambda: json_bytes(data, edition),
        "csv": lambda: csv_zip_bytes(data, edition, file_name("csv", edition).removesuffix(".zip")),
        "xlsx": lambda: xlsx_bytes(data, edition),
        "sqlite": lambda: sqlite_bytes(data, edition),
    }
    wanted = [f for f in FORMATS if f in formats]
    groups = [g for g in ([f for f in wanted if f == "xlsx"], [f for f in wanted if f != "xlsx"]) if g]
    made = parallel.map_shares(lambda group: {f: makers[f]() for f in group}, groups, min(jobs, len(groups)))
    done = {f: blob for part in made for f, blob in part.items()}
    return [DataFile(file_name(f, edition), done[f], f, LABELS[f]) for f in wanted]


# -- reading the files back ------------------------------------------------------------------
def decoded(file: DataFile) -> list[str]:
    """The text a program reading the file gets: the JSON and each CSV as text, every cell of
    the workbook (and its properties), every value of the database (NUL between values, so
    that neighbouring cells do not read as one)."""
    if file.format == "json":
        return [file.data.decode("utf-8")]
    if file.format == "csv":
        with zipfile.ZipFile(io.BytesIO(file.data)) as archive:
            return [name + "\x00" + archive.read(name).decode("utf-8-sig") for name in sorted(archive.namelist())]
    if file.format == "xlsx":
        return _workbook_texts(file.data)
    if file.format == "sqlite":
        return sqlite_texts(file.data)
    raise ValueError(f"未知的导出格式：{file.format}")


def _workbook_texts(data: bytes) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    try:
        props = wb.properties
        out = ["\x00".join(str(v) for v in (props.creator, props.title, props.lastModifiedBy, props.description, props.subject) if v)]
        for ws in wb.worksheets:
            values = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
            out.append("\x00".join([ws.title, *values]))
        return out
    finally:
        wb.close()


def leaks(files, secrets) -> list[str]:
    """Names of the files holding a private value (secrets: records.secrets.Secrets, e.g. a
    load's result.secrets), judged on what a program reading each file gets (decoded)."""
    if not secrets:
        return []
    return [f.name for f in files if any(secrets.find(text, escaped=f.format == "json") for text in decoded(f))]


# -- writing ---------------------------------------------------------------------------------
def is_export(path: Path) -> bool:
    """A file of one of the export's names that an earlier export wrote (recognised by its
    content: files written before the folder's list of peixun files are still known)."""
    if not OWN_NAME.fullmatch(path.name):
        return False
    try:
        if path.suffix == ".json":
            return json.loads(path.read_text(encoding="utf-8")).get("generator") == GENERATOR
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                return any(name.endswith("/" + DICTIONARY_FILE) for name in archive.namelist())
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                return f"<dc:creator>{GENERATOR}</dc:creator>".encode() in archive.read("docProps/core.xml")
        if path.suffix == ".db":
            con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                return con.execute("SELECT value FROM meta WHERE key = 'generator'").fetchone() == (GENERATOR,)
            finally:
                con.close()
    except (OSError, ValueError, AttributeError, KeyError, zipfile.BadZipFile, sqlite3.Error):
        return False
    return False


def write_files(files, out_dir: Path, **protected) -> list[Path]:
    """Write the files into out_dir (created when missing). Refused (outputs.Refused) when
    out_dir is a file or a protected place (protected: data, config, project; see
    outputs.check_place), or when a file of the same name exists that peixun did not write."""
    names = [f.name for f in files]
    wrong = [n for n in names if not OWN_NAME.fullmatch(n)]
    if wrong:
        raise ValueError(f"不是导出文件的文件名：{'、'.join(wrong)}")
    target = check_files(Path(out_dir), names, ours=is_export, **protected)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in files:
        handle, partial = tempfile.mkstemp(prefix=".peixun-", suffix=".part", dir=target)
        with os.fdopen(handle, "wb") as out:
            out.write(f.data)
        os.chmod(partial, 0o644)
        os.replace(partial, target / f.name)
        paths.append(target / f.name)
    record_files(target, paths)
    return paths
