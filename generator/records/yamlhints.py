"""What YAML problems mean to someone who typed the file: libyaml's messages in Chinese,
the slips of Chinese input methods (full-width colons and spaces), tabs in indentation,
and line/column arithmetic on YAML's own line breaks. No YAML parsing here (load.py)."""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from .problems import Problem

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break


def line_col(text: str, index: int) -> tuple[int, int]:
    breaks = list(_BREAK.finditer(text, 0, index))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


def lines(text: str) -> list[str]:
    return _BREAK.split(text)


def tabs(text: str, path: PurePosixPath) -> list[Problem]:
    problems = []
    for number, line in enumerate(lines(text), start=1):
        if not line.strip(" \t"):
            continue  # whitespace-only lines carry no structure
        indent = len(line) - len(line.lstrip(" \t"))
        col = line.find("\t", 0, indent)
        if col >= 0:
            problems.append(
                Problem(path, number, col + 1, "tab-indent", "缩进中有制表符（Tab），YAML 只能用空格缩进，请把 Tab 换成空格。")
            )
    return problems


YAML_MESSAGES = (
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
START_CHARS = {
    "@": "值不能以“@”开头，请给整个值加引号（GitHub 用户名不要加 @）。",
    "`": "值不能以“`”开头，请给整个值加引号。",
    "%": "行首的“%”表示 YAML 指令；如果它是内容，请给整个值加引号。",
}
# A key followed by a full-width colon, a colon without a space, or a full-width space:
# the usual slips when typing with a Chinese input method.
_KEY_SLIP = re.compile(r"^[ ]*(?:- )?[A-Za-z_][A-Za-z0-9_-]*(?P<slip>：|:(?=[^\s])|:\u3000)", re.M)


def layout_hint(text: str, path: PurePosixPath) -> Problem | None:
    match = _KEY_SLIP.search(text)
    if match is None:
        return None
    line, col = line_col(text, match.start("slip"))
    slip = match.group("slip")
    if slip == "：":
        message = "键后面用了全角冒号“：”，请改成半角冒号加一个空格“: ”。"
    elif slip.endswith("\u3000"):
        message = "冒号后面是全角空格，请改成半角空格“: ”。"
    else:
        message = "冒号后面要有一个空格，写成“键: 值”。"
    return Problem(path, line, col, "yaml-syntax", message)
