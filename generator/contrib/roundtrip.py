"""Changing a record file the way a person would: comments, key order, quoting and layout
stay as they were (ruamel.yaml's round trip), only the changed values are new.

The indentation of each file is read from the file itself, so a record written with
`- year:` at the margin keeps that style. After every change the old file's comment lines
must still be there, in order, byte for byte (`comments_kept`); an import refuses a change
that would lose one.
"""
from __future__ import annotations

import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

WIDTH = 4096  # never fold a long line of contributor text


def _yaml(mapping: int = 2, offset: int = 2) -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = WIDTH
    y.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return y


_KEY = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_ITEM = re.compile(r"^( *)- ")


def layout_of(text: str) -> tuple[int, int]:
    """(mapping indent, offset of "- " under its key), read off the first nested block;
    (2, 2) when the file has none, which is how peixun writes."""
    mapping = offset = None
    lines = text.splitlines()
    for before, line in zip(lines, lines[1:]):
        parent = _KEY.match(before)
        if not parent:
            continue
        indent = len(parent.group(1))
        item = _ITEM.match(line)
        if item and offset is None:
            offset = len(item.group(1)) - indent
        elif not item and mapping is None and line.strip() and not line.lstrip().startswith("#"):
            step = len(line) - len(line.lstrip(" ")) - indent
            if step > 0:
                mapping = step
        if mapping is not None and offset is not None:
            break
    return mapping or 2, offset if offset is not None and offset >= 0 else 2


class Doc:
    """One record file, loaded for changing."""

    def __init__(self, text: str):
        self.crlf = "\r\n" in text
        text = text.replace("\r\n", "\n") if self.crlf else text
        self.yaml = _yaml(*layout_of(text))
        self.data = self.yaml.load(text)

    def dump(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue().replace("\n", "\r\n") if self.crlf else out.getvalue()


def styled(value, flow: bool = True):
    """A value as peixun writes it: codes and digit strings double-quoted (YAML would read
    them as numbers), multi-line text as a | block, lists in brackets."""
    if isinstance(value, list):
        seq = CommentedSeq([styled(v) for v in value])
        if flow and all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        return CommentedMap((k, styled(v)) for k, v in value.items())
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value.rstrip("\n") + "\n")
        if re.fullmatch(r"[0-9+\-. ()]+", value) or value in ("true", "false", "null", "yes", "no", "on", "off", "~"):
            return DoubleQuotedScalarString(value)
    return value


def set_value(mapping: CommentedMap, key: str, value, order: list[str]) -> None:
    """mapping[key] = value; a new key goes where the model's field order puts it."""
    if key in mapping:
        old = mapping[key]
        flow = not isinstance(old, CommentedSeq) or old.fa.flow_style()
        mapping[key] = styled(value, flow=flow)
        return
    position = len(mapping)
    if key in order:
        later = set(order[order.index(key) + 1:])
        position = next((i for i, k in enumerate(mapping) if k in later), len(mapping))
    mapping.insert(position, key, styled(value))


def insert_entry(mapping: CommentedMap, key: str, index: int, entry: dict, order: list[str]) -> None:
    """A new item at its place in a history list (reviews, status_changes), the list made
    where the model's field order puts it when the record has none yet."""
    item = CommentedMap(entry.items())
    current = mapping.get(key)
    if isinstance(current, CommentedSeq):
        if current.fa.flow_style():
            item.fa.set_flow_style()
        current.insert(index, item)
        return
    if key not in mapping:
        set_value(mapping, key, [], order)
    seq = CommentedSeq([item])
    mapping[key] = seq


def comments_kept(old: str, new: str) -> bool:
    """Every comment line of old is in new, unchanged and in the same order."""
    wanted = [line for line in old.splitlines() if line.lstrip().startswith("#")]
    have = iter(new.splitlines())
    return all(any(line == got for got in have) for line in wanted)


def new_file(head: list[str], data: dict) -> str:
    """A record written from scratch: comment lines, then the fields in the order given."""
    y = _yaml()
    out = io.StringIO()
    y.dump(CommentedMap((k, styled(v)) for k, v in data.items()), out)
    return "".join(f"{line}\n" for line in head) + out.getvalue()
