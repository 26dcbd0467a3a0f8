"""A record's own consistency, after its schema passed: file name, repeated list items,
what its kind checks of it alone (records/kinds: a teacher's folder and history…), and
its text (textchecks). Returns findings (located by data path); validate.py turns them
into problems.
"""
from __future__ import annotations

import functools
import re
from pathlib import PurePosixPath

from .fields import fold
from .kind import Kind, Model, Record, describe, inner_model
from .problems import Finding, quote
from .textchecks import complexity_findings, contact_findings, markup_findings

_WIDE = re.compile(r"[\uff01-\uff5e\u3000]")  # full-width forms that NFKC folds to ASCII

def record_findings(kind: Kind, path: PurePosixPath, record: Record, data: dict, public) -> list[Finding]:
    """Findings about one record, from its model, the data it was built from, and its
    public text (textchecks.public_text)."""
    out: list[Finding] = []
    stem = path.stem
    if record.id != stem:
        out.append(Finding(("id",), "id-mismatch", f"id 为 {record.id}，但文件名是 {quote(path.name)}；两者必须相同（文件应命名为 {record.id}.yml）。"))
    out += kind.checks(record, path)
    out += _repeats(kind.model, data)
    out += contact_findings(kind, data, public)
    out += markup_findings(kind, data, public)
    out += complexity_findings(kind, data)
    return out


@functools.cache
def _lists_in(model: type[Model]) -> tuple[tuple[str, bool, type[Model] | None], ...]:
    """(key, is a list, nested model) of every field that is a list or may hold one."""
    out = []
    for name, info in model.model_fields.items():
        if name == "contact":
            continue
        nested = inner_model(info.annotation)
        inner = _lists_in(nested) if nested is not None else ()
        is_list = "list[" in str(info.annotation)
        if is_list or inner:
            out.append((info.alias or name, is_list, nested if inner else None))
    return tuple(out)


def _repeats(model: type[Model], data: dict, loc: tuple = ()) -> list[Finding]:
    """The same text twice in one list is a copy-paste slip (a teacher listed twice...);
    compared without surrounding spaces and without case or width differences."""
    out = []
    for key, is_list, nested in _lists_in(model):
        value = data.get(key)
        if is_list and type(value) is list and len(value) > 1:
            texts = [item.strip().casefold() for item in value if type(item) is str]
            if len(set(texts)) != len(texts) or any(_WIDE.search(t) for t in texts):  # fold() only when it could matter
                seen: dict[str, int] = {}
                for i, item in enumerate(value):
                    if type(item) is not str:
                        continue
                    folded = fold(item.strip())
                    if folded in seen:
                        shown, title, _ = describe(model, loc + (key,))
                        message = f"{shown}（{title}）中 {quote(item)} 与第 {seen[folded] + 1} 项重复，请删除一处。"
                        out.append(Finding(loc + (key, i), "duplicate-item", message))
                    else:
                        seen[folded] = i
        if nested is not None:
            for i, item in enumerate(value) if type(value) is list else [(None, value)]:
                if type(item) is dict:
                    out += _repeats(nested, item, loc + ((key, i) if i is not None else (key,)))
    return out


