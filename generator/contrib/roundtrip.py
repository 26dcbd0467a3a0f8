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
        self.text = text
        self.yaml = _yaml(*layout_of(text))
        self.data = self.yaml.load(text)

    def dump(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        new = comments_in_place(self.text, out.getvalue())
        return new.replace("\n", "\r\n") if self.crlf else new


def styled(value, flow: bool = True):
    """A value as peixun writes it: codes and digit strings double-quoted (YAML would read
    them as numbers), multi-line text as a | block, lists in brackets."""
    if isinstance(value, list):
        from .scaffold import flow_plain

        in_flow = flow and all(not isinstance(v, (dict, list)) for v in value)
        # ruamel writes [:a] or [?a] as they are, which YAML reads otherwise: quote such items
        seq = CommentedSeq([DoubleQuotedScalarString(v) if in_flow and isinstance(v, str) and not flow_plain(v) else styled(v) for v in value])
        if in_flow:
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


def inline_comment(line: str) -> str | None:
    """The comment at the end of a line ("# …" after a space, outside quotes), or None."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote and not (quote == '"' and line[i - 1] == "\\"):
                quote = None
        elif ch in "'\"" and (i == 0 or line[i - 1] in " :[{,-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[i:].rstrip("\r\n")
    return None


def comments_kept(old: str, new: str) -> bool:
    """Every comment of old, whole-line or at the end of a line, is in new, unchanged and in
    the same order."""
    wanted = [c for c in map(inline_comment, old.splitlines()) if c]
    have = iter(c for c in map(inline_comment, new.splitlines()) if c)
    return all(any(c == got for got in have) for c in wanted)


_LINE_KEY = re.compile(r"( *)[^\s#-][^:]*:(?:\s|$)")


def _comment_runs(lines: list[str]):
    """(first index, run of full-line comments, the line right below them) in old."""
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].lstrip().startswith("#"):
            j += 1
        if j > i and j < len(lines) and lines[j].strip():
            yield i, lines[i:j], lines[j]
        i = max(j, i + 1)


def _same_line(line: str, target: str) -> bool:
    """line is target's key (its value may have changed) or, for a list item, target itself."""
    key = _LINE_KEY.match(target)
    return line.startswith(key.group(0).rstrip()) if key else line == target


def comments_in_place(old: str, new: str) -> str:
    """new with each run of comment lines that stood right above a key or list item in old
    put back right above it. ruamel keeps such comments with what comes before them, so a
    key or item inserted there would otherwise come between the comment and its line."""
    lines = new.split("\n")
    pos = 0
    for _, run, target in _comment_runs(old.split("\n")):
        indent = len(run[0]) - len(run[0].lstrip(" "))
        if len(target) - len(target.lstrip(" ")) != indent:
            continue  # a comment closing the block above, not heading the line below
        start = next((i for i in range(pos, len(lines) - len(run) + 1) if lines[i:i + len(run)] == run), None)
        if start is None:
            continue
        at = None
        for i in range(start + len(run), len(lines)):
            if _same_line(lines[i], target):
                at = i
                break
            if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip(" ")) < indent:
                break  # left the block: leave the comment where it is
        if at is None or at == start + len(run):
            pos = start + len(run)
            continue
        lines[at:at] = run
        del lines[start:start + len(run)]
        pos = at
    return "\n".join(lines)


def new_file(head: list[str], data: dict) -> str:
    """A record written from scratch: comment lines, then the fields in the order given."""
    y = _yaml()
    out = io.StringIO()
    y.dump(CommentedMap((k, styled(v)) for k, v in data.items()), out)
    return "".join(f"{line}\n" for line in head) + out.getvalue()


_TOP = re.compile(r"[^\s#-][^:\n]*:(?:[ \t]|$)")


def insert_text(text: str, key: str, index: int, entry: dict, order: list[str]) -> str | None:
    """The fast path of insert_entry for the usual layout (a block list of "- key: value"
    items, or no list yet): the new item's lines put in as text, every other byte kept.
    None when the layout is anything else; the caller then uses ruamel and checks the
    result either way (reviews._write parses it back)."""
    from ..records.load import yaml_scalar

    if "\r" in text or not text.endswith("\n"):
        return None
    lines = text.splitlines(keepends=True)
    top = [i for i, line in enumerate(lines) if _TOP.match(line)]
    own = next((i for i in top if re.fullmatch(rf"{re.escape(key)}:[ \t]*(#.*)?\n", lines[i])), None)

    def scalar(v) -> str:
        return str(v) if isinstance(v, int) else yaml_scalar(str(v))  # years plain, as people write them

    def item(indent: str) -> str:
        first, *rest = entry.items()
        out = f"{indent}- {first[0]}: {scalar(first[1])}\n"
        return out + "".join(f"{indent}  {k}: {scalar(v)}\n" for k, v in rest)

    if own is None:
        if key in text.split("\n", 1)[0] or any(line.startswith(f"{key}:") for line in lines):
            return None  # "reviews: []" and the like
        later = set(order[order.index(key) + 1:]) if key in order else set()
        at = next((i for i in top if lines[i].split(":", 1)[0] in later), len(lines))
        while at > 0 and lines[at - 1].startswith("#"):
            at -= 1  # a comment right above the next field belongs to it
        return "".join(lines[:at]) + f"{key}:\n" + item(" " * layout_of(text)[1]) + "".join(lines[at:])
    end = next((i for i in top if i > own), len(lines))
    items = [i for i in range(own + 1, end) if re.match(r" *- ", lines[i])]
    if not items:  # "reviews:" with nothing under it
        inside = lines[own + 1:end]
        return None if any(line.strip() and not line.lstrip().startswith("#") for line in inside) else "".join(lines[:own + 1]) + item(" " * layout_of(text)[1]) + "".join(lines[own + 1:])
    indent = re.match(r" *", lines[items[0]]).group()
    if any(not lines[i].startswith(indent + "- ") for i in items):
        return None
    if index < len(items):
        at = items[index]
        while at - 1 > own and lines[at - 1].startswith(indent + "#"):
            at -= 1  # a comment right above the next item belongs to it
    else:
        at = max(i for i in range(own + 1, end) if lines[i].startswith(" ")) + 1
    return "".join(lines[:at]) + item(indent) + "".join(lines[at:])
