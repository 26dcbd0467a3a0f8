"""Strict YAML loading: bytes on disk -> plain data (dict / list / str / None) or problems.

The only module that imports yaml. Every scalar stays a string (no YAML 1.1 guessing:
``NO``, ``0571``, ``12:30`` and dates stay text); the schema converts. Anchors, aliases,
custom tags, duplicate keys, several documents, tabs in indentation, non-UTF-8 bytes and
deep nesting are problems with a position, never silently accepted.

Positions are not kept on the fast path: ``locate()`` re-reads a file when a later stage
needs the line of a field (only files with problems pay for it).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .files import MAX_BYTES, decode, read_bytes
from .problems import Problem, quote
from .yamlhints import START_CHARS, YAML_MESSAGES, layout_hint, line_col, lines, tabs

MAX_DEPTH = 12  # records nest at most four levels

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))

try:  # libyaml is part of PyYAML's wheels; the pure-Python parser is the fallback
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - exercised only on exotic installs
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

        def dispose(self):
            pass


class _StringParser(_Parser):
    """Composes nodes without resolving implicit types: every untagged scalar is a string."""

    def descend_resolver(self, parent, index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


Loc = tuple  # a path into the data: ("reviews", 0, "year")


@dataclass
class Loaded:
    """What reading one file gave: the data (None when unusable) and the problems found."""

    path: PurePosixPath
    data: dict | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Positions:
    """1-based (line, col) of every value and mapping key of one file."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    literal: set[Loc] = field(default_factory=set)  # "|" block scalars: one value line per file line
    lines: list[str] = field(default_factory=list)

    def of(self, loc: Loc, *, key: bool = False, line_in_value: int | None = None) -> tuple[int, int]:
        """Position of loc; for a key, the key itself; else the longest located prefix.
        line_in_value points into a "|" block (the lines after the indicator)."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        if line_in_value is not None and loc in self.literal:
            line = self.values[loc][0] + 1 + line_in_value
            if line <= len(self.lines):
                text = self.lines[line - 1]
                return line, len(text) - len(text.lstrip(" ")) + 1
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


class _Walker:
    """Turns a node tree into plain data, checking what libyaml lets through."""

    def __init__(self, path: PurePosixPath, positions: Positions | None):
        self.path = path
        self.positions = positions
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def problem(self, node, code: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, code, message))

    def walk(self, node, loc: Loc, depth: int):
        if self.positions is not None:
            self.positions.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:
            # libyaml hands out the anchored node again for an alias: do not walk it twice
            # (an alias bomb); _anchors() reports the alias at its own position
            return None
        self.seen.add(id(node))
        if node.tag not in (_STR, _SEQ, _MAP):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(node, "yaml-tag", f"不允许使用自定义标签 {quote(tag)}，请删除它，直接写值。")
            return None
        if isinstance(node, ScalarNode):
            if node.style == "" and node.value in _NULLS:
                return None
            if node.style == "|" and self.positions is not None:
                self.positions.literal.add(loc)
            return node.value
        if depth >= MAX_DEPTH:
            self.problem(node, "too-deep", f"嵌套超过 {MAX_DEPTH} 层，记录不需要这么深的结构，请检查缩进。")
            return None
        if isinstance(node, SequenceNode):
            return [self.walk(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        out: dict = {}
        first: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR or key_node.value == "":
                self.problem(key_node, "bad-key", "键必须是一段普通文本（例如 name:），不能是列表、映射或空值。")
                continue
            key = key_node.value
            if key in first:
                prev = first[key].start_mark
                self.problem(
                    key_node,
                    "duplicate-key",
                    f"键 {quote(key)} 重复出现（第一次在第 {prev.line + 1} 行）；YAML 只会保留其中一个，请合并或删除一处。",
                )
                continue
            first[key] = key_node
            if self.positions is not None:
                self.positions.keys[loc + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.walk(value_node, loc + (key,), depth + 1)
        return out


class _Fallback(Exception):
    """Raised by the fast walk when something needs the careful one."""


def _plain(node, depth: int):
    """Fast walk for the common file: no anchors, aliases or tags possible, no positions."""
    cls = type(node)
    if cls is ScalarNode:
        value = node.value
        return None if value in _NULLS and node.style == "" else value
    if depth >= MAX_DEPTH:
        raise _Fallback
    if cls is SequenceNode:
        return [_plain(item, depth + 1) for item in node.value]
    out: dict = {}
    for key_node, value_node in node.value:
        if type(key_node) is not ScalarNode:
            raise _Fallback
        key = key_node.value
        if not key or key in out:
            raise _Fallback
        out[key] = _plain(value_node, depth + 1)
    return out


def _yaml_problem(exc: yaml.YAMLError, text: str, path: PurePosixPath) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml reports a byte offset into the UTF-8 text
        index = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        line, col = line_col(text, index)
        return Problem(path, line, col, "yaml-syntax", f"含有不可用的控制字符（U+{exc.character:04X}），请删除它。")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    problem = getattr(exc, "problem", None) or str(exc)
    at = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if at == "\t":
        return Problem(path, line, col, "tab-indent", "这里有制表符（Tab），YAML 只能用空格，请把 Tab 换成空格。")
    hint = layout_hint(text, path)
    if hint is not None and (line is None or line - 1 <= hint.line <= line):  # the slip caused this error
        return hint
    if "cannot start any token" in problem and at in START_CHARS:
        return Problem(path, line, col, "yaml-syntax", START_CHARS[at])
    for needle, code, message in YAML_MESSAGES:
        if needle in problem:
            return Problem(path, line, col, code, message)
    return Problem(path, line, col, "yaml-syntax", f"YAML 语法错误（{problem}），请检查这一行的缩进、冒号和引号。")


def parse_text(text: str, path: PurePosixPath, positions: Positions | None = None) -> Loaded:
    """Parse decoded text into plain data; fills positions when given."""
    tabbed = tabs(text, path) if "\t" in text else []
    if tabbed:
        return Loaded(path, None, tabbed)
    parser = _StringParser(text)
    try:
        node = parser.get_single_node()
    except yaml.YAMLError as exc:
        return Loaded(path, None, [_yaml_problem(exc, text, path)])
    finally:
        parser.dispose()
    if node is None:
        return Loaded(path, None, [Problem(path, 1, 1, "empty-file", "文件没有内容，请填写记录或删除这个文件。")])
    if positions is None and not ("&" in text or "*" in text or "!" in text):
        try:
            data = _plain(node, 0)
            if type(data) is dict:
                return Loaded(path, data, [])
        except _Fallback:
            pass
    walker = _Walker(path, positions)
    data = walker.walk(node, (), 0)
    problems = walker.problems
    if not problems and not isinstance(node, MappingNode):
        if isinstance(node, ScalarNode) and data is None:  # only "---" or "~"
            return Loaded(path, None, [Problem(path, 1, 1, "empty-file", "文件没有内容，请填写记录或删除这个文件。")])
        hint = layout_hint(text, path)
        if hint is not None:
            return Loaded(path, None, [hint])
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        problems.append(Problem(path, line, col, "not-mapping", "记录的顶层必须是“键: 值”的映射（例如 id: …），不能是列表或单个值。"))
    if "&" in text or "*" in text:
        problems.extend(_anchors(text, path))
    return Loaded(path, None if problems else data, problems)


MAX_ALIAS_PROBLEMS = 20  # an alias bomb has thousands; the first ones say enough


def _anchors(text: str, path: PurePosixPath) -> list[Problem]:
    """Every anchor (&name) and alias (*name), at its own position, from the event stream."""
    out: list[Problem] = []
    more = 0
    parser = _StringParser(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent):
                message = f"不允许使用别名 *{event.anchor}（引用别处的内容），请把内容直接写出来。"
            elif getattr(event, "anchor", None):
                message = f"不允许使用锚点 &{event.anchor}，请把内容直接写出来。"
            else:
                continue
            if len(out) >= MAX_ALIAS_PROBLEMS:
                more += 1
                continue
            out.append(Problem(path, event.start_mark.line + 1, event.start_mark.column + 1, "yaml-alias", message))
    except yaml.YAMLError:
        pass  # the composer reported it
    finally:
        parser.dispose()
    if more:
        last = out[-1]
        out[-1] = Problem(path, last.line, last.col, "yaml-alias", last.message + f"（此外还有 {more} 处锚点或别名，不再逐一列出）")
    return out


def load_bytes(raw: bytes, rel: PurePosixPath) -> Loaded:
    """Parse a record given as bytes (an older version from git, say), with the same limits."""
    if len(raw) > MAX_BYTES:
        return Loaded(rel, None, [Problem(rel, None, None, "file-too-large", f"文件超过 {MAX_BYTES // 1024} KB 的上限。")])
    text, problem = decode(raw, rel)
    if problem:
        return Loaded(rel, None, [problem])
    return parse_text(text, rel)


def yaml_scalar(value: str) -> str:
    """A YAML scalar (plain or quoted) that reads back as exactly this string."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 20)
    return dumped.removesuffix("\n").removesuffix("\n...")


def load_file(root: Path, rel: PurePosixPath) -> Loaded:
    """Read and parse one record file (fast path: no positions kept)."""
    raw, problem = read_bytes(root, rel)
    if problem:
        return Loaded(rel, None, [problem])
    text, problem = decode(raw, rel)
    if problem:
        return Loaded(rel, None, [problem])
    return parse_text(text, rel)


def locate(root: Path, rel: PurePosixPath) -> Positions:
    """Re-read a file that has problems, keeping the position of every key and value."""
    positions = Positions()
    raw, problem = read_bytes(root, rel)
    if raw is not None:
        text, problem = decode(raw, rel)
        if text is not None:
            positions.lines = lines(text)
            parse_text(text, rel, positions)
    return positions
