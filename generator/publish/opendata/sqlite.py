"""The open-data tables (tables.py) as one SQLite database: a table per table, primary
keys, foreign keys with an index on each, and the tables `fields` (the field dictionary),
`tables` (what each table holds) and `meta` (edition, generator).

Built in a temporary file with no journal, filled in a fixed order and vacuumed, so the
same tables give the same bytes (with the same SQLite library).
"""
from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from .formats import GENERATOR, TITLE
from .tables import SEP, Table, field_dictionary

SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "number": "REAL", "flag": "INTEGER", "list": "TEXT"}
FIELDS = "fields"
TABLES = "tables"
META = "meta"


class BrokenExport(Exception):
    """The database does not hold together (a program error: the tables drop such rows)."""


def quoted(name: str) -> str:
    """An SQL identifier (column names such as from and to are keywords)."""
    return '"' + name.replace('"', '""') + '"'


def create_sql(table: Table) -> list[str]:
    """CREATE TABLE with its keys, then an index on every foreign key column."""
    parts = [f"{quoted(c.name)} {SQL_TYPES[c.type]}" + (" NOT NULL" if c.required or c.name in table.key else "") for c in table.columns]
    parts.append(f"PRIMARY KEY ({', '.join(quoted(k) for k in table.key)})")
    parts += [f"FOREIGN KEY ({quoted(c.name)}) REFERENCES {quoted(c.ref)} ({quoted('id')})" for c in table.columns if c.ref]
    out = [f"CREATE TABLE {quoted(table.name)} (\n  " + ",\n  ".join(parts) + "\n)"]
    for c in table.columns:
        if c.ref:
            out.append(f"CREATE INDEX {quoted(f'{table.name}__{c.name}')} ON {quoted(table.name)} ({quoted(c.name)})")
    return out


def sql_value(value):
    """Lists of text as one 、-joined text, flags as 0/1, none as NULL."""
    if isinstance(value, (list, tuple)):
        return SEP.join(str(v) for v in value)
    if isinstance(value, bool):
        return int(value)
    return value


def _fill(con: sqlite3.Connection, tables: list[Table], edition: int) -> None:
    for t in tables:
        for statement in create_sql(t):
            con.execute(statement)
    con.execute(f"CREATE TABLE {FIELDS} (table_name TEXT NOT NULL, column_name TEXT NOT NULL, title TEXT, description TEXT, type TEXT, "
                "PRIMARY KEY (table_name, column_name))")
    con.execute(f"CREATE TABLE {TABLES} (table_name TEXT PRIMARY KEY, title TEXT, about TEXT, rows INTEGER)")
    con.execute(f"CREATE TABLE {META} (key TEXT PRIMARY KEY, value TEXT)")
    for t in tables:
        marks = ", ".join("?" * len(t.columns))
        con.executemany(f"INSERT INTO {quoted(t.name)} VALUES ({marks})", ([sql_value(v) for v in row] for row in t.rows))
    con.executemany(f"INSERT INTO {FIELDS} VALUES (?, ?, ?, ?, ?)", field_dictionary())
    con.executemany(f"INSERT INTO {TABLES} VALUES (?, ?, ?, ?)", [(t.name, t.label, t.about, len(t.rows)) for t in tables])
    con.executemany(f"INSERT INTO {META} VALUES (?, ?)", [("title", TITLE), ("edition", str(edition)), ("generator", GENERATOR)])


def sqlite_bytes(tables: list[Table], edition: int) -> bytes:
    with tempfile.TemporaryDirectory(prefix="peixun-sqlite-") as folder:
        path = Path(folder) / "export.db"
        con = sqlite3.connect(path)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            _fill(con, tables, edition)
            con.commit()
            broken = con.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise BrokenExport(f"导出的数据库中有 {len(broken)} 个外键指向不存在的记录（第一个：{broken[0]}）。这是程序错误，请报告。")
            con.execute("VACUUM")
        finally:
            con.close()
        return path.read_bytes()


def sqlite_texts(data: bytes) -> list[str]:
    """Every value of every table of a database, one text per table (values NUL-separated,
    as the privacy checks keep fields apart), for leak checks."""
    with tempfile.TemporaryDirectory(prefix="peixun-sqlite-") as folder:
        path = Path(folder) / "read.db"
        path.write_bytes(data)
        con = sqlite3.connect(path)
        try:
            names = [row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            out = []
            for name in names:
                values = [str(v) for row in con.execute(f"SELECT * FROM {quoted(name)}") for v in row if v is not None]
                out.append("\x00".join([name, *values]))
            return out
        finally:
            con.close()
