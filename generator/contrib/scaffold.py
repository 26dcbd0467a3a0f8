"""`peixun new`: record skeletons at the right path, with an id suggested from pinyin.

People's ids are surname-given (张伟 -> zhang-wei, 欧阳修 -> ouyang-xiu, 王小明 -> wang-xiaoming),
titles' ids are their words in pinyin (干部选拔任用工作实务 -> ganbu-xuanba-renyong-gongzuo-shiwu).
A taken id gets -2, -3, ...
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


from ..records import vocab as V
from ..records.fields import ID_RE
from ..records.load import yaml_scalar
from ..records.kind import describe
from ..records.kinds import KINDS

# Compound surnames (复姓): read as one word, so 欧阳修 is ouyang-xiu, not ou-yangxiu.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门 呼延 "
    "万俟 申屠 轩辕 澹台 太史 闻人 公冶 赫连 钟离 濮阳 淳于 单于 百里 东郭 拓跋 左丘 第五 司空 鲜于 "
    "闾丘 亓官 仲孙 子车 谷梁 梁丘 公羊 乐正 漆雕 壤驷 巫马 公良 段干 锺离 呼衍 完颜 耶律".split()
)
# How a character reads as a surname where that differs from its usual reading.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha",
    "乐": "yue", "覃": "qin", "翟": "zhai", "缪": "miao", "秘": "bi", "盖": "ge", "华": "hua",
    "种": "chong", "重": "chong", "纪": "ji", "沈": "shen", "柏": "bai", "过": "guo", "燕": "yan",
    "繁": "po", "宿": "su", "员": "yun", "尉": "yu", "冼": "xian", "瞿": "qu", "长孙": "zhangsun",
    "万俟": "moqi", "尉迟": "yuchi", "单于": "chanyu", "澹台": "tantai", "乐正": "yuezheng", "召": "shao",
    "牟": "mou", "阚": "kan", "藏": "zang", "折": "she", "佴": "nai", "粘": "nian", "都": "du",
}
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NAME_SPLIT = re.compile(r"[·•・．.\s]+")  # 阿依古丽·买买提
ID_MAX = 63
TITLE_ID_MAX = 40  # a readable file name; the rest of a long title is left out
_SMALL_WORDS = frozenset("的 之 与 和 及 等 在 对 为 了 中 把 以 其".split())


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def _reading(part: str) -> str:
    from pypinyin import lazy_pinyin  # its dictionaries take 50 MB: only when an id is made

    return "".join(_ascii(p) for p in lazy_pinyin(part, errors="default"))


def person_id(name: str) -> str:
    """张伟 -> zhang-wei; 欧阳修 -> ouyang-xiu; 阿依古丽·买买提 -> ayiguli-maimaiti."""
    name = unicodedata.normalize("NFKC", name).strip()
    parts = [p for p in _NAME_SPLIT.split(name) if p]
    if len(parts) > 1 or not _HAN.match(name):
        words = [_reading(p) for p in parts]
    else:
        size = 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1
        surname, given = name[:size], name[size:]
        words = [SURNAME_READINGS.get(surname) or _reading(surname), _reading(given)]
    return _clip("-".join(w for w in words if w))


def title_id(title: str) -> str:
    """A title's words in pinyin, hyphenated: 党章党规专题研讨 -> dangzhang-dangui-zhuanti-yantao."""
    import jieba

    jieba.setLogLevel(60)  # its start-up notice is not for contributors
    text = unicodedata.normalize("NFKC", title)
    words = []
    for word in jieba.lcut(text):
        word = word.strip()
        if not word or word in _SMALL_WORDS:
            continue
        reading = _reading(word) if _HAN.search(word) else _ascii(word)
        if reading:
            words.append(reading)
    out = ""
    for w in words:
        if out and len(out) + 1 + len(w) > TITLE_ID_MAX:
            break
        out = f"{out}-{w}" if out else w
    return _clip(out)


def _clip(text: str) -> str:
    text = re.sub(r"-{2,}", "-", text).strip("-")[:ID_MAX].rstrip("-")
    return text if len(text) >= 2 else ""


def free_id(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3, ... whichever is not taken."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}"[:ID_MAX] in taken:
        n += 1
    suffix = f"-{n}"
    return base[: ID_MAX - len(suffix)].rstrip("-") + suffix


def taken_ids(root: Path, kind: str) -> set[str]:
    """Ids in use for a kind: every file name under its folder (all pools for teachers)."""
    folder = root / KINDS[kind].folder
    return {p.stem for p in folder.rglob("*.yml")} if folder.is_dir() else set()


# -- the skeleton ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Opt:
    """A field `peixun new` asks for. path: where in the record (audience.levels)."""

    path: str
    required: bool = False
    multi: bool = False
    vocab: V.Vocab | None = None
    choices: tuple[str, ...] = ()
    block: bool = False  # multi-line text, written as a "|" block
    default: str | None = None

    @property
    def option(self) -> str:
        return "--" + self.path.split(".")[-1].replace("_", "-")

    @property
    def choice_values(self) -> list[str] | tuple[str, ...]:
        return self.vocab.values if self.vocab else self.choices

    @property
    def param(self) -> str:
        return self.path.replace(".", "_")

    def title(self, kind: str) -> str:
        model = KINDS[kind].model
        parts = self.path.split(".")
        own = describe(model, tuple(parts))[1] or self.path
        if len(parts) > 1:  # audience.levels -> 培训对象·层级
            return f"{describe(model, tuple(parts[:1]))[1]}·{own}"
        return own


# The argument (name or title) comes first; then the fields in the order of the record.
FIELDS: dict[str, tuple[Opt, ...]] = {
    "teacher": (
        Opt("pool", required=True),
        Opt("unit", required=True),
        Opt("position"),
        Opt("source", required=True, vocab=V.SOURCE),
        Opt("expertise", required=True, multi=True),
        Opt("courses", multi=True),
        Opt("entry_year", required=True),
        Opt("bio", block=True),
    ),
    "course": (
        Opt("category", required=True, vocab=V.CATEGORY),
        Opt("topics", multi=True),
        Opt("methods", required=True, multi=True, vocab=V.METHOD),
        Opt("audience.levels", required=True, multi=True, vocab=V.AUDIENCE_LEVEL),
        Opt("audience.roles", required=True, multi=True, vocab=V.AUDIENCE_ROLE),
        Opt("hours", required=True),
        Opt("business_training", required=True, choices=("是", "否")),
        Opt("delivery", required=True, multi=True, vocab=V.DELIVERY),
        Opt("provider", required=True),
        Opt("teachers", multi=True),
        Opt("textbooks", multi=True),
        Opt("bases", multi=True),
        Opt("summary", required=True, block=True),
        Opt("status", required=True, vocab=V.COURSE_STATUS, default="开设中"),
        Opt("since", required=True),
    ),
    "textbook": (
        Opt("kind", required=True, vocab=V.TEXTBOOK_KIND),
        Opt("editors", multi=True),
        Opt("publisher"),
        Opt("year"),
        Opt("isbn"),
        Opt("status", required=True, vocab=V.TEXTBOOK_STATUS),
        Opt("due"),
        Opt("department", required=True),
        Opt("summary", required=True, block=True),
    ),
    "base": (
        Opt("type", required=True, vocab=V.BASE_TYPE),
        Opt("province", required=True),
        Opt("city", required=True),
        Opt("address"),
        Opt("themes", multi=True),
        Opt("capacity"),
        Opt("department"),
        Opt("since"),
        Opt("summary", required=True, block=True),
    ),
    "programme": (
        Opt("kind", required=True, vocab=V.PROGRAMME_KIND),
        Opt("year", required=True),
        Opt("start"),
        Opt("end"),
        Opt("organiser", required=True),
        Opt("bases", multi=True),
        Opt("courses", multi=True),
        Opt("teachers", multi=True),
        Opt("trainees", multi=True),
        Opt("participants"),
        Opt("hours"),
        Opt("summary", required=True, block=True),
        Opt("status", required=True, vocab=V.PROGRAMME_STATUS, default="已完成"),
    ),
}
YEAR_FIELDS = frozenset(("entry_year", "since"))  # default: the edition year
HINTS = {
    "teacher": "# 师资记录：字段说明见 CONTRIBUTING.md。contact（联系方式）只供管理使用，不会公开。",
    "course": "# 课程记录：字段说明见 CONTRIBUTING.md。",
    "textbook": "# 教材记录：字段说明见 CONTRIBUTING.md。",
    "base": "# 培训基地记录：字段说明见 CONTRIBUTING.md。contact（联系方式）不会公开。",
    "programme": "# 培训项目记录：字段说明见 CONTRIBUTING.md。参训人员只写人数（participants），不写姓名。",
}
# Optional blocks shown as comments, so the contributor sees where they go.
TAILS = {
    "teacher": (
        "# 年度复核（每年一条）：",
        "# reviews:",
        "#   - year: 复核年份（四位数字）",
        "#     result: 合格、基本合格或不合格",
        "# 联系方式（不公开）：",
        "# contact:",
        "#   phone: \"\"",
        "#   email: \"\"",
    ),
    "base": ("# 联系方式（不公开）：", "# contact:", "#   person: \"\"", "#   phone: \"\""),
}


def split_items(values) -> list[str]:
    """Repeated options and 、/，/, lists alike: ("党建、干部", "人才") -> [党建, 干部, 人才]."""
    out: list[str] = []
    for value in values or ():
        out += [v.strip() for v in re.split(r"[、，,；;]", value) if v.strip()]
    return list(dict.fromkeys(out))


NUMBERS = frozenset(("entry_year", "since", "year", "due", "hours", "capacity", "participants"))
_NUMBER = re.compile(r"[0-9]{1,7}(\.[0-9])?")


def _value(key: str, value: str) -> str:
    """Years and counts plain (2017), codes in double quotes ("330000"), flags as true/false."""
    if key in NUMBERS and _NUMBER.fullmatch(value):
        return value
    if key == "business_training" and value in ("是", "否"):
        return "true" if value == "是" else "false"
    if value.isdigit():
        return f'"{value}"'
    return yaml_scalar(value)


_FLOW_PLAIN = re.compile(r"[^\s\[\]{},:#&*!|>'\"%@`?-][^\[\]{},:#'\"]*")


def flow_plain(v: str) -> bool:
    """Whether v can stand unquoted as an item of a flow list ([a, b])."""
    return bool(_FLOW_PLAIN.fullmatch(v)) and v == v.strip() and yaml_scalar(v) == v


def _flow(values: list[str]) -> str:
    """A flow list; items that a flow context would misread are double-quoted (JSON is YAML)."""
    return "[" + ", ".join(v if flow_plain(v) else json.dumps(v, ensure_ascii=False) for v in values) + "]"


def _block(text: str, indent: str) -> list[str]:
    return [f"{indent}{line}" if line else "" for line in text.strip().splitlines()]


def head_label(kind: str) -> str:
    """What the first argument of `peixun new <kind>` is: 姓名, 课程名称, 书名, 名称."""
    k = KINDS[kind]
    return k.model.model_fields[k.title_field].title


def path_for(kind: str, record_id: str, values: dict) -> str:
    folder = KINDS[kind].folder
    if kind == "teacher":
        return f"{folder}/{values['pool']}/{record_id}.yml"
    return f"{folder}/{record_id}.yml"


def render(kind: str, record_id: str, head: str, values: dict, rel_path: str) -> str:
    """The record file: schema comment, hint, id, name/title, the fields given, commented tails."""
    depth = rel_path.count("/")
    lines = [
        f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json",
        HINTS[kind],
        f"id: {_value('id', record_id)}",
        f"{KINDS[kind].title_field}: {yaml_scalar(head)}",
    ]
    audience_open = False
    for opt in FIELDS[kind]:
        value = values.get(opt.param)
        key = opt.path.split(".")[-1]
        indent = "  " if "." in opt.path else ""
        if "." in opt.path and not audience_open and value:
            lines.append(opt.path.split(".")[0] + ":")
            audience_open = True
        if value in (None, "", []):
            if not opt.required and not indent:
                lines.append(f"# {key}: {opt.title(kind)}（选填）")
            continue
        if opt.multi:
            lines.append(f"{indent}{key}: {_flow(value)}")
        elif opt.block:
            lines.append(f"{indent}{key}: |")
            lines += _block(value, indent + "  ")
        else:
            lines.append(f"{indent}{key}: {_value(key, str(value))}")
    lines += TAILS.get(kind, ())
    return "\n".join(lines) + "\n"


def relative_to_cwd(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def valid_id(text: str) -> bool:
    return bool(ID_RE.fullmatch(text))
