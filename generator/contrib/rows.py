"""A row's data as a record: put into place, checked by the record's own model and checks,
and each finding placed at the column its field came from."""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from pydantic import ValidationError

from ..records.checks import record_findings
from ..records.kinds import KINDS
from ..records.textchecks import public_text
from ..records.validate import schema_findings
from . import columns as C
from .plan import Issue


def put(data: dict, path: str, value) -> None:
    head, _, rest = path.partition(".")
    if rest:
        inner = data.get(head)
        data[head] = inner = dict(inner) if isinstance(inner, dict) else {}
        inner[rest] = value
    else:
        data[head] = value


def check_record(kind: str, rel: str, data: dict) -> tuple[object | None, list]:
    """The record model and its findings (the checks validate runs on one file)."""
    k = KINDS[kind]
    try:
        record = k.model.model_validate(data)
    except ValidationError as exc:
        return None, schema_findings(k, exc)
    return record, record_findings(k, PurePosixPath(rel), record, data, public_text(k, data))


_PATH_COLON = re.compile(r"^[a-z_][a-z_.\[\]0-9]*（.*?）[：:]\s*")  # titles may hold brackets: 可容纳学员（人）
_PATH = re.compile(r"^[a-z_][a-z_.\[\]0-9]*（[^）]*）")


def _no_column(kind: str, path: str) -> str:
    header = next((c.header for c in C.COLUMNS[kind] if c.path == path), path)
    return f"表中没有“{header}”列，而{KINDS[kind].label}记录必须有这一项：请加上这一列并填写。"


def located(findings, cols: dict[int, C.Col], row_no: int, rel: str, kind: str = "teacher") -> list[Issue]:
    """Findings at the column their field came from; the rest at the row, naming the file."""
    where = {col.path: c for c, col in cols.items()}
    out = []
    for f in findings:
        parts = [str(p) for p in f.loc if not isinstance(p, int)]
        c = where.get(".".join(parts[:2])) if len(parts) > 1 else None
        c = c or where.get(parts[0] if parts else "")
        missing = re.match(r"缺少必填字段 ([a-z_.]+)（", f.message) if f.code == "missing-field" else None
        if missing:  # loc names the mapping; the message names the field, whose cell is empty
            c = where.get(missing.group(1))
        if c is None:
            out.append(Issue(f.code, _no_column(kind, missing.group(1)) if missing else f"{f.message}（{rel}）", row_no))
            continue
        col = cols[c]
        # the column is named already: "category（课程类别）：" in front is for YAML files
        message = _PATH_COLON.sub("", f.message, count=1) if _PATH_COLON.match(f.message) else _PATH.sub("", f.message, count=1)
        message = message or f.message
        if col.private and f.code != "missing-field":
            message = f"{col.header}的格式不对（联系方式不公开，这里不显示所填内容）。"
        if missing:
            message = f"“{col.header}”是必填项，这一格不能为空。"
        out.append(Issue(f.code, message, row_no, c, col.header))
    return out


def dumped(record) -> dict:
    """A record as a file holds it: aliases, no empty values, the model's field order."""
    data = record.model_dump(by_alias=True, exclude_none=True)
    # 2.0 hours is written 2, as a person writes it
    return {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in data.items() if v not in ([], {}, None)}


def same(kind: str, data: dict, intended: dict) -> bool:
    """Whether data (a file read back) is the intended record."""
    try:
        return dumped(KINDS[kind].model.model_validate(data)) == intended
    except ValidationError:
        return False


def safe(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:80]


def own_leaks(kind: str, data: dict, cols: dict, row_no: int) -> list[Issue]:
    """The row's public cells that hold one of its own private values (an address copied
    into the 简介): validate finds them across records after writing; here they are found at
    their cell, before anything is written. The rules are validate's (records/secrets.py)."""
    from ..records.secrets import Secrets
    from ..records.textchecks import secret_keys

    k = KINDS[kind]
    keys = secret_keys(k, data, public_text(k, data))
    if not keys:
        return []
    found = Secrets(("", f, what, key) for f, what, key in keys)
    out = []
    for c, col in cols.items():
        head, _, rest = col.path.partition(".")
        value = data.get(head)
        value = value.get(rest) if rest and isinstance(value, dict) else value
        texts = value if isinstance(value, list) else [value]
        if not col.private and any(isinstance(t, str) and found.find(t) for t in texts):
            out.append(Issue("contact-in-text", "这一格含有本人不公开的联系方式（与联系方式列的内容相同）；公开的内容里不能写联系方式。", row_no, c, col.header))
    return out
