"""Changing fields of a record file so that only the changed values differ, byte for byte.

The file is composed (PyYAML, positions only) and each changed value is replaced in the
text where it stands: a one-line scalar or flow list in place, a block list item by item
in its own indentation, a missing field put in where the model's field order puts it
(above the comment that heads the next field). Whatever this cannot do exactly (multi-line
text, odd layouts) goes through ruamel.yaml's round trip (roundtrip.py). Either way the
result is read back with the project's loader and must hold exactly the intended record
and every comment of the old file; otherwise nothing is changed (EditFailed).
"""
from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

import yaml

from ..records.load import load_bytes, yaml_scalar
from . import roundtrip as R
from .scaffold import _flow

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DIGITS = re.compile(r"[0-9+\-. ()]+")


class EditFailed(Exception):
    """The change cannot be made without touching more than the changed values."""


def scalar(value) -> str | None:
    """One value as peixun writes it on one line; None for text with line breaks."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if "\n" in text:
        return None
    if _DIGITS.fullmatch(text) or text.lower() in ("true", "false", "null", "yes", "no", "on", "off", "~"):
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    return yaml_scalar(text)


def _offsets(lines: list[str]) -> list[int]:
    out, at = [], 0
    for line in lines:
        out.append(at)
        at += len(line)
    return out + [at]


class _Text:
    """The file as lines, with the composed mapping for positions."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.starts = _offsets(self.lines)
        self.root = yaml.compose(text, Loader=_LOADER)
        self.edits: list[tuple[int, int, str]] = []  # (start, end, new text), applied last to first

    def at(self, mark) -> int:
        return self.starts[mark.line] + mark.column

    def node(self, mapping, key: str):
        return next(((k, v) for k, v in mapping.value if k.value == key), (None, None))

    def replace(self, key_node, node, value) -> None:
        if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
            self._block_list(node, value)
            return
        if isinstance(value, list):
            rendered = _flow([str(v) for v in value])
        else:
            rendered = scalar(value)
            if rendered is None or (isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")):
                raise EditFailed("multi-line text")
        if node.start_mark.line != node.end_mark.line and not isinstance(node, yaml.SequenceNode):
            raise EditFailed("a value over several lines")
        if isinstance(node, yaml.ScalarNode) and node.value == "" and node.start_mark.line != key_node.start_mark.line:
            raise EditFailed("an empty value")
        self.edits.append((self.at(node.start_mark), self.at(node.end_mark), rendered))

    def _block_list(self, node, value) -> None:
        first = node.start_mark.line
        indent = self.lines[first][: node.start_mark.column]
        last = node.end_mark.line if node.end_mark.column else node.end_mark.line - 1
        if any(self.lines[i].lstrip().startswith("#") for i in range(first, last + 1)):
            raise EditFailed("comments between the items")
        values = value if isinstance(value, list) else [value]
        items = [scalar(v) for v in values]
        if any(item is None for item in items):
            raise EditFailed("multi-line item")
        old = [n.value if isinstance(n, yaml.ScalarNode) else None for n in node.value]
        if old == [str(v) for v in values[: len(old)]]:  # items added at the end: the old lines stay as they are
            self.edits.append((self.starts[last + 1], self.starts[last + 1], "".join(f"{indent}- {item}\n" for item in items[len(old):])))
            return
        if any(R.inline_comment(self.lines[i]) for i in range(first, last + 1)):
            raise EditFailed("a comment on an item")
        self.edits.append((self.starts[first], self.starts[last + 1], "".join(f"{indent}- {item}\n" for item in items)))

    def insert_top(self, key: str, body: str, order: list[str]) -> None:
        """A new top-level field, before the first field that comes after it in the model."""
        later = set(order[order.index(key) + 1:]) if key in order else set()
        keys = [(k.start_mark.line, k.value) for k, _ in self.root.value]
        line = next((ln for ln, k in keys if k in later), len(self.lines))
        while line > 0 and self.lines[line - 1].startswith("#"):
            line -= 1  # the comment right above a field belongs to it
        self.edits.append((self.starts[line], self.starts[line], body))

    def result(self) -> str:
        out = self.text
        for start, end, new in sorted(self.edits, reverse=True):
            out = out[:start] + new + out[end:]
        return out


def by_text(text: str, changes: dict, order: list[str]) -> str:
    """changes: top-level key -> new value; a dict value (contact) lists only its changed keys."""
    if "\r" in text or not text.endswith("\n"):
        raise EditFailed("line ends")
    t = _Text(text)
    if not isinstance(t.root, yaml.MappingNode) or t.root.flow_style:
        raise EditFailed("not a block mapping")
    for key, value in changes.items():
        key_node, node = t.node(t.root, key)
        if isinstance(value, dict):
            _nested(t, key, node, value, order)
        elif node is None:
            rendered = _flow([str(v) for v in value]) if isinstance(value, list) else scalar(value)
            if rendered is None:
                raise EditFailed("multi-line text")
            t.insert_top(key, f"{key}: {rendered}\n", order)
        else:
            t.replace(key_node, node, value)
    return t.result()


def _nested(t: _Text, key: str, node, value: dict, order: list[str]) -> None:
    rendered = {k: scalar(v) for k, v in value.items()}
    if any(v is None for v in rendered.values()):
        raise EditFailed("multi-line text")
    if node is None:
        t.insert_top(key, f"{key}:\n" + "".join(f"  {k}: {v}\n" for k, v in rendered.items()), order)
        return
    if not isinstance(node, yaml.MappingNode) or node.flow_style or not node.value:
        raise EditFailed("not a block mapping")
    indent = " " * node.value[0][0].start_mark.column
    last = node.end_mark.line if node.end_mark.column else node.end_mark.line - 1
    while last > node.start_mark.line and t.lines[last].lstrip().startswith("#"):
        last -= 1  # a comment after the block belongs to what follows
    added = ""
    for sub, v in value.items():
        sub_key, sub_node = t.node(node, sub)
        if sub_node is None:
            added += f"{indent}{sub}: {rendered[sub]}\n"
        else:
            t.replace(sub_key, sub_node, v)
    if added:
        t.edits.append((t.starts[last + 1], t.starts[last + 1], added))


def by_ruamel(text: str, changes: dict, order: list[str]) -> str:
    doc = R.Doc(text)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(doc.data.get(key), dict):
            for sub, v in value.items():
                R.set_value(doc.data[key], sub, v, list(value))
        else:
            R.set_value(doc.data, key, value, order)
    return doc.dump()


def edit(text: str, rel: str, changes: dict, order: list[str], holds) -> str:
    """The file with changes made; holds(data) says whether the result is the intended record.
    The text way first, ruamel's second; EditFailed when neither is exact."""
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")  # every line, so nothing else changes

    def text_way(text, changes, order):
        if not crlf:
            return by_text(text, changes, order)
        return by_text(text.replace("\r\n", "\n"), changes, order).replace("\n", "\r\n")

    for way in (text_way, by_ruamel):
        try:
            new = way(text, changes, order)
        except EditFailed:
            continue
        except Exception:  # noqa: BLE001 - a parser refusing an odd but valid file: try the other way
            continue
        data = load_bytes(new.encode("utf-8"), PurePosixPath(rel)).data
        if data is not None and holds(data) and R.comments_kept(text, new):
            return new
    raise EditFailed(rel)
