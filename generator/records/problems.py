"""Problems are values: every check returns them, formatters turn them into output.

The codes are a public contract (documented in README, one test case each in
tests/cases/<code>/): never rename one, only add.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from .privacy import mask


# code -> short Chinese description (README lists the same table; a test keeps them in sync)
CODES: dict[str, str] = {
    # reading the file
    "unreadable": "文件无法读取",
    "not-utf8": "文件不是 UTF-8 编码",
    "file-too-large": "文件超过大小上限",
    "empty-file": "文件为空",
    "bad-filename": "文件名或位置不符合约定",
    "link-outside": "链接指向数据目录之外",
    # YAML shape
    "yaml-syntax": "YAML 语法错误",
    "tab-indent": "用制表符（Tab）缩进",
    "duplicate-key": "同一映射中键重复",
    "yaml-alias": "使用了锚点或别名（& / *）",
    "yaml-tag": "使用了自定义标签（!!…）",
    "multi-document": "一个文件中有多个 YAML 文档",
    "not-mapping": "顶层不是“键: 值”映射",
    "too-deep": "嵌套层级过深",
    "bad-key": "键不是普通文本",
    # one record against its schema
    "missing-field": "缺少必填字段",
    "unknown-field": "未知字段",
    "empty-value": "字段值为空",
    "bad-type": "值的类型不对（文本、列表或映射）",
    "bad-value": "值的格式不对",
    "bad-vocab": "值不在规定的选项中",
    "bad-id": "编号格式不对",
    "bad-year": "年份不合理",
    "bad-isbn": "ISBN 校验失败",
    "too-long": "文本过长",
    "duplicate-item": "列表中有重复项",
    "contact-in-text": "公开文本中含有联系方式",
    "raw-html": "文本中含有 HTML 标签或脚本链接",
    "id-mismatch": "文件名与 id 不一致",
    "pool-mismatch": "师资库目录与 pool 不一致",
    # a record's own history
    "year-order": "年份先后顺序不对",
    "duplicate-year": "同一年有两条记录",
    "after-exit": "退出后仍有记录",
    "bad-history": "履历前后矛盾",
    # across records
    "duplicate-id": "编号重复",
    "unknown-ref": "引用的记录不存在",
    "self-ref": "记录引用了自己",
    "parent-cycle": "上级部门形成循环",
    "bad-parent": "上级部门的层级或省份不对",
    "unowned-pool": "师资库没有负责部门",
    "duplicate-pool": "两个部门负责同一个师资库",
    # the repository around the records
    "codeowners-stale": "CODEOWNERS 与部门维护人不一致",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located in a file (path relative to the data root)."""

    path: PurePosixPath
    line: int | None
    col: int | None
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:  # a typo in a code is a bug, not a new code
            raise ValueError(f"unknown problem code {self.code!r}")
        # CI logs and job summaries are public: whatever a message quotes, no contact data
        object.__setattr__(self, "message", mask(self.message))

    def sort_key(self) -> tuple:
        return (str(self.path), self.line or 0, self.col or 0, self.code, self.message)

    @property
    def where(self) -> str:
        if self.line is None:
            return display_path(self.path)
        return f"{display_path(self.path)}:{self.line}:{self.col or 1}"

    def as_text(self) -> str:
        return f"{self.where}: 错误[{self.code}] {self.message}"

    def as_dict(self) -> dict:
        return {
            "path": display_path(self.path),
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True)
class Finding:
    """A problem located by a path into one record's data, before it has a line number."""

    loc: tuple
    code: str
    message: str
    key: bool = False  # point at the key (unknown field) rather than at the value
    line_in_value: int | None = None  # for multi-line text: which of its lines


def sort_problems(problems) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)


def _escaped(text: str) -> str:
    """Control, invisible and undecodable characters as escapes: contributor text must not
    forge output lines, colour a terminal or hide characters in a message."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif "\udc80" <= ch <= "\udcff":  # an undecodable byte of a file name (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif not ch.isprintable() and ch != "\u3000":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def quote(value: object, limit: int = 40) -> str:
    """Show contributor text inside a message: quoted, escaped, cut short."""
    text = mask(str(value))
    if len(text) > limit:
        text = text[:limit] + "…"
    return "“" + _escaped(text) + "”"


def display_path(path: object) -> str:
    """A file path as a message shows it (file names are contributor text too)."""
    return _escaped(str(path))


def summary_line(problems: list[Problem], records: int, detail: str = "") -> str:
    """The last line of a report; detail is the per-kind count, e.g. "部门 3，课程 2"."""
    files = len({p.path for p in problems})
    if not problems:
        return f"校验通过：共 {records} 条记录{f'（{detail}）' if detail else ''}，没有发现问题。"
    return f"校验未通过：{len(problems)} 个错误，涉及 {files} 个文件；共读取 {records} 个记录文件。"


def format_text(problems: list[Problem], records: int, detail: str = "") -> str:
    lines = [p.as_text() for p in sort_problems(problems)]
    lines.append(summary_line(problems, records, detail))
    return "\n".join(lines) + "\n"


def format_json(problems: list[Problem], records: int, counts: dict[str, int]) -> str:
    doc = {
        "ok": not problems,
        "records": records,
        "counts": counts,
        "errors": len(problems),
        "problems": [p.as_dict() for p in sort_problems(problems)],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# GitHub Actions workflow commands: data is escaped for %, CR, LF; property values also for : and ,
def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: list[Problem], records: int, detail: str = "", prefix: str = "") -> str:
    """One annotation per problem (shown on the changed line of a pull request), then the
    summary as plain text. prefix: the data root relative to the repository root."""
    lines = []
    for p in sort_problems(problems):
        props = [f"file={_gh_property(prefix + display_path(p.path))}"]
        if p.line is not None:
            props += [f"line={p.line}", f"col={p.col or 1}"]
        props.append(f"title={_gh_property(p.code)}")
        lines.append(f"::error {','.join(props)}::{_gh_data(p.message)}")
    lines.append(summary_line(problems, records, detail))
    return "\n".join(lines) + "\n"


def format_markdown(problems: list[Problem], records: int, detail: str = "", prefix: str = "") -> str:
    """The same report as a Markdown table (for the job summary of a pull request check)."""
    out = ["## 记录校验", "", summary_line(problems, records, detail), ""]
    if problems:
        out += ["| 位置 | 代码 | 说明 |", "| --- | --- | --- |"]
        for p in sort_problems(problems):
            out.append(f"| {md_cell(prefix + p.where)} | `{p.code}` | {md_cell(p.message)} |")
        out.append("")
    return "\n".join(out) + "\n"


def md_cell(text: str) -> str:
    """Contributor text as literal table-cell text: no HTML, no Markdown, no column breaks."""
    import html

    text = html.escape(text, quote=False).replace("\n", " ")
    return re.sub(r"([\\`*_\[\]|#~])", r"\\\1", text)
