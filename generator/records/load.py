"""Strict YAML loading: bytes on disk -> plain data (dict / list / str / None) or problems.

The only module that imports yaml. Every scalar stays a string (no YAML 1.1 guessing:
``NO``, ``0571``, ``12:30`` and dates stay text); the schema converts. Anchors, aliases,
custom tags, duplicate keys, several documents, tabs in indentation, non-UTF-8 bytes and
deep nesting are problems with a position, never silently accepted.

Positions are not kept on the fast path: ``locate()`` re-reads a file when a later stage
needs the line of a field (only files with problems pay for it).
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import Problem, quote

MAX_BYTES = 256 * 1024  # a record is a few KB; anything near this is a mistake or an attack
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


_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break


def _line_col(text: str, index: int) -> tuple[int, int]:
    breaks = list(_BREAK.finditer(text, 0, index))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


def _lines(text: str) -> list[str]:
    return _BREAK.split(text)


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-32 / UTF-16, with a BOM or recognisable by their zero bytes around ASCII."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:200]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):  # ASCII in UTF-16/32: every 2nd/4th byte is 0
        return "UTF-32" if head.count(0) * 4 >= len(head) * 3 else "UTF-16"
    return None


def _decode(raw: bytes, path: PurePosixPath) -> tuple[str | None, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 BOM (Windows Notepad) is harmless
    wide = _wide_encoding(raw)
    if wide:
        return None, Problem(path, 1, 1, "not-utf8", f"文件是 {wide} 编码，请另存为 UTF-8 编码（无 BOM 或带 BOM 均可）。")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
    try:
        decoded = raw.decode("gb18030")
    except UnicodeDecodeError:
        decoded = None
    if decoded is not None and re.search(r"[\u4e00-\u9fff]", decoded):
        message = (
            "文件不是 UTF-8 编码，疑似 GBK/GB18030 编码（Windows 记事本、WPS 的默认编码）。"
            "请用 UTF-8 重新保存：VS Code 中点右下角的编码，选“通过编码重新打开”→ GBK，再选“通过编码保存”→ UTF-8。"
        )
    else:
        message = "文件不是 UTF-8 编码，含有无法识别的字节，请用 UTF-8 重新保存。"
    return None, Problem(path, line, col, "not-utf8", message)


def _tabs(text: str, path: PurePosixPath) -> list[Problem]:
    problems = []
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip(" \t"):
            continue  # whitespace-only lines carry no structure
        indent = len(line) - len(line.lstrip(" \t"))
        col = line.find("\t", 0, indent)
        if col >= 0:
            problems.append(
                Problem(path, number, col + 1, "tab-indent", "缩进中有制表符（Tab），YAML 只能用空格缩进，请把 Tab 换成空格。")
            )
    return problems


_YAML_MESSAGES = (
    # (substring of libyaml's problem, code, Chinese message)
    ("but found another document", "multi-document", "一个文件只能有一条记录（一个 YAML 文档），请删除“---”后面的内容或拆成多个文件。"),
    ("undefined alias", "yaml-alias", "不允许使用别名（*名称），请把内容直接写出来。"),
    ("maximum nesting depth", "too-deep", "嵌套层级过深，请检查缩进或括号。"),
    ("tag handle", "yaml-tag", "不允许使用自定义标签（!…），请删除它，直接写值。"),
    ("mapping values are not allowed", "yaml-syntax", "此处不能出现“: ”：可能是缩进不对，或者值本身含有冒号（那就给整个值加引号）。"),
    ("could not find expected ':'", "yaml-syntax", "缺少“: ”，每一行应写成“键: 值”（半角冒号，后面加一个空格）。"),
    ("did not find expected key", "yaml-syntax", "这一行的结构无法识别：可能是缩进与上一行不一致、列表项缺少“- ”，或者引号后面还跟着文字。"),
    ("did not find expected ',' or ']'", "yaml-syntax", "方括号列表没有正确结束，缺少“,”或“]”。"),
    ("did not find expected ',' or '}'", "yaml-syntax", "花括号映射没有正确结束，缺少“,”或“}”。"),
    ("escape", "yaml-syntax", "双引号中的反斜杠“\\”转义写法无效；如果要写反斜杠本身，请改用单引号。"),
    ("hexdecimal number", "yaml-syntax", "双引号中的反斜杠“\\”转义写法无效；如果要写反斜杠本身，请改用单引号。"),
    ("unexpected document indicator", "yaml-syntax", "行首的“---”或“...”表示文档的开始或结束；如果它是内容，请加引号或缩进。"),
    ("end of stream", "yaml-syntax", "文件意外结束，可能是引号或括号没有闭合。"),
    ("did not find expected - indicator", "yaml-syntax", "列表项缩进不一致，请对齐各行的“- ”。"),
    ("did not find expected <document start>", "yaml-syntax", "这一行的结构无法识别，请检查缩进与冒号。"),
    ("block sequence entries are not allowed", "yaml-syntax", "这里不能开始列表（“- ”）：列表项应另起一行，并比上一级的键多缩进。"),
    ("did not find expected node content", "yaml-syntax", "这里缺少值，请检查是否多写了“-”或“,”。"),
    ("comment or line break", "yaml-syntax", "这一行后面有多余的内容：例如“|”或“>”之后不能直接写文字，应另起一行并缩进。"),
    ("indentation indicator equal to 0", "yaml-syntax", "“|”或“>”后面的缩进数字不能是 0，请删掉这个数字。"),
    ("incompatible YAML document", "yaml-syntax", "不支持这个 YAML 版本声明（%YAML），请删除这一行。"),
    ("alphabetic or numeric character", "yaml-syntax", "“&”或“*”后面缺少名称。本项目不使用锚点和别名；如果它是内容的一部分，请给整个值加引号。"),
)
_START_CHARS = {
    "@": "值不能以“@”开头，请给整个值加引号（GitHub 用户名不要加 @）。",
    "`": "值不能以“`”开头，请给整个值加引号。",
    "%": "行首的“%”表示 YAML 指令；如果它是内容，请给整个值加引号。",
}
# A key followed by a full-width colon, a colon without a space, or a full-width space:
# the usual slips when typing with a Chinese input method.
_KEY_SLIP = re.compile(r"^[ ]*(?:- )?[A-Za-z_][A-Za-z0-9_-]*(?P<slip>：|:(?=[^\s])|:\u3000)", re.M)


def _layout_hint(text: str, path: PurePosixPath) -> Problem | None:
    match = _KEY_SLIP.search(text)
    if match is None:
        return None
    line, col = _line_col(text, match.start("slip"))
    slip = match.group("slip")
    if slip == "：":
        message = "键后面用了全角冒号“：”，请改成半角冒号加一个空格“: ”。"
    elif slip.endswith("\u3000"):
        message = "冒号后面是全角空格，请改成半角空格“: ”。"
    else:
        message = "冒号后面要有一个空格，写成“键: 值”。"
    return Problem(path, line, col, "yaml-syntax", message)


def _yaml_problem(exc: yaml.YAMLError, text: str, path: PurePosixPath) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml reports a byte offset into the UTF-8 text
        index = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        line, col = _line_col(text, index)
        return Problem(path, line, col, "yaml-syntax", f"含有不可用的控制字符（U+{exc.character:04X}），请删除它。")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    problem = getattr(exc, "problem", None) or str(exc)
    at = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if at == "\t":
        return Problem(path, line, col, "tab-indent", "这里有制表符（Tab），YAML 只能用空格，请把 Tab 换成空格。")
    hint = _layout_hint(text, path)
    if hint is not None and (line is None or line - 1 <= hint.line <= line):  # the slip caused this error
        return hint
    if "cannot start any token" in problem and at in _START_CHARS:
        return Problem(path, line, col, "yaml-syntax", _START_CHARS[at])
    for needle, code, message in _YAML_MESSAGES:
        if needle in problem:
            return Problem(path, line, col, code, message)
    return Problem(path, line, col, "yaml-syntax", f"YAML 语法错误（{problem}），请检查这一行的缩进、冒号和引号。")


def parse_text(text: str, path: PurePosixPath, positions: Positions | None = None) -> Loaded:
    """Parse decoded text into plain data; fills positions when given."""
    tabs = _tabs(text, path) if "\t" in text else []
    if tabs:
        return Loaded(path, None, tabs)
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
        hint = _layout_hint(text, path)
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


def _unreadable(rel: PurePosixPath, why: str) -> Problem:
    return Problem(rel, None, None, "unreadable", f"无法读取这个文件（{why}），请检查文件是否存在、是否有读取权限。")


def read_bytes(root: Path, rel: PurePosixPath) -> tuple[bytes | None, Problem | None]:
    # os.open/os.read: half the cost of open() for tens of thousands of small files;
    # O_NONBLOCK so that a named pipe cannot hang the run (it is refused below)
    try:
        fd = os.open(os.path.join(root, rel), os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None, _unreadable(rel, "它是指向不存在文件的链接")
    except OSError as exc:
        return None, _unreadable(rel, f"系统提示：{exc.strerror}")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, _unreadable(rel, "它不是普通文件，而是目录、管道或设备")
        chunks, size = [], 0
        while size <= MAX_BYTES:  # one read for a small file, plus the one that sees the end
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, _unreadable(rel, f"系统提示：{exc.strerror}")
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_BYTES:
        return None, Problem(
            rel, None, None, "file-too-large", f"文件超过 {MAX_BYTES // 1024} KB 的上限，一条记录不应这么大；请精简简介或拆分内容。"
        )
    return raw, None


def load_bytes(raw: bytes, rel: PurePosixPath) -> Loaded:
    """Parse a record given as bytes (an older version from git, say), with the same limits."""
    if len(raw) > MAX_BYTES:
        return Loaded(rel, None, [Problem(rel, None, None, "file-too-large", f"文件超过 {MAX_BYTES // 1024} KB 的上限。")])
    text, problem = _decode(raw, rel)
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
    text, problem = _decode(raw, rel)
    if problem:
        return Loaded(rel, None, [problem])
    return parse_text(text, rel)


def locate(root: Path, rel: PurePosixPath) -> Positions:
    """Re-read a file that has problems, keeping the position of every key and value."""
    positions = Positions()
    raw, problem = read_bytes(root, rel)
    if raw is not None:
        text, problem = _decode(raw, rel)
        if text is not None:
            positions.lines = _lines(text)
            parse_text(text, rel, positions)
    return positions
