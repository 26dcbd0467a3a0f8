"""Every controlled vocabulary in one place: the value a record holds (Chinese, as the plan
names it), an ASCII slug for URLs and search filters, and a short explanation for docs
and editor completion. Order matters: listings follow it.
"""
from __future__ import annotations

import functools

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    value: str  # what a YAML record holds and the site shows
    slug: str  # stable ASCII name for paths and filters
    help: str = ""


class Vocab:
    def __init__(self, name: str, label: str, terms: list[Term]):
        self.name = name
        self.label = label  # Chinese name of the vocabulary, used in messages
        self.terms = tuple(terms)
        self.by_value = {t.value: t for t in self.terms}
        self.by_slug = {t.slug: t for t in self.terms}
        assert len(self.by_value) == len(self.terms) and len(self.by_slug) == len(self.terms), name

    @property
    def values(self) -> list[str]:
        return [t.value for t in self.terms]

    def __contains__(self, value: object) -> bool:
        return value in self.by_value

    def slug(self, value: str) -> str:
        return self.by_value[value].slug

    def order(self, value: str) -> int:
        return self.terms.index(self.by_value[value])


def _v(name: str, label: str, *rows: tuple[str, str] | tuple[str, str, str]) -> Vocab:
    return Vocab(name, label, [Term(*row) for row in rows])


# Courses ---------------------------------------------------------------------------
CATEGORY = _v(
    "category",
    "课程类别",
    ("理论武装", "theory", "马克思主义理论、党章、党的重要会议精神、党史国史"),
    ("党性教育", "party-spirit", "组织部门优良传统、公道正派、群众路线、作风建设"),
    ("组织工作业务", "org-work", "组织工作知识、方法和技能，创新案例"),
    ("新知识新技能", "new-skills", "市场经济、国际关系、现代管理、信息技术"),
    ("人文素养", "humanities", "哲学、历史、法律等"),
)

METHOD = _v(
    "method",
    "培训方式",
    ("集中培训", "concentrated", "围绕中央重要会议精神和阶段性重点任务集中学习"),
    ("专题培训", "thematic", "围绕新形势新任务，面向领导干部和业务骨干"),
    ("专题研究", "research", "围绕重点难点问题组织研讨"),
    ("任职培训", "appointment", "新任职领导干部，一年内完成"),
    ("示范培训", "demonstration", "面向基层组工干部培训的示范"),
    ("入部教育", "induction", "新进组织部门干部，半年内完成"),
    ("网络培训", "online", "依托大组工网、共产党员网、中国干部网络学院等平台"),
)

DELIVERY = _v(
    "delivery",
    "授课形式",
    ("面授", "in-person", "课堂讲授"),
    ("网络", "online", "网上课程"),
    ("现场教学", "on-site", "在基地或现场教学点授课"),
)

COURSE_STATUS = _v(
    "course_status",
    "课程状态",
    ("开设中", "active", "正在开设"),
    ("建设中", "developing", "正在开发，尚未开课"),
    ("已停开", "retired", "不再开设，保留记录备查"),
)

AUDIENCE_LEVEL = _v(
    "audience_level",
    "培训对象层级",
    ("中央单位", "central", "中央和国家机关部委、人民团体、中管金融企业、中管企业、中管高校"),
    ("省级", "province", "省（区、市）党委组织部及省直单位"),
    ("市级", "city", "市（地、州、盟）党委组织部及市直单位"),
    ("县级", "county", "县（市、区、旗）党委组织部"),
    ("基层", "grassroots", "乡镇（街道）及基层组织"),
)

AUDIENCE_ROLE = _v(
    "audience_role",
    "培训对象",
    ("组织部部长", "head", "党委组织部部长"),
    ("组织部副部长", "deputy-head", "党委组织部副部长"),
    ("处长", "division-chief", "组织部门、组织人事部门处长"),
    ("科长", "section-chief", "组织部门科长"),
    ("业务骨干", "backbone", "组织部门业务骨干"),
    ("新进组工干部", "newcomer", "新进组织部门工作的干部"),
    ("组织人事部门负责人", "personnel-head", "中央单位党建和组织人事部门负责人"),
    ("乡镇组织委员", "township-member", "乡镇党委（街道党工委）组织委员"),
    ("组织员", "organiser", "党委组织员"),
    ("党建指导员", "instructor", "党建指导员"),
    ("培训工作者", "trainer", "组工干部教育培训工作者"),
    ("兼职教员", "teacher", "师资库兼职教员"),
)

# Textbooks -------------------------------------------------------------------------
TEXTBOOK_KIND = _v(
    "textbook_kind",
    "教材类型",
    ("大纲", "outline", "培训大纲"),
    ("教程", "course-book", "系统教程"),
    ("读本", "reader", "学习读本"),
    ("案例集", "cases", "案例汇编"),
    ("讲义", "lecture-notes", "课程讲义"),
    ("其他", "other", "其他"),
)

TEXTBOOK_STATUS = _v(
    "textbook_status",
    "教材状态",
    ("规划", "planned", "已列入计划，尚未动笔"),
    ("编写中", "writing", "正在编写"),
    ("修订中", "revising", "正在修订"),
    ("已出版", "published", "已经出版"),
)

# Bases -----------------------------------------------------------------------------
BASE_TYPE = _v(
    "base_type",
    "基地类型",
    ("党性教育基地", "party-spirit", "依托革命传统教育资源的党性教育基地"),
    ("现场教学基地", "on-site", "组织工作改革创新现场教学基地"),
    ("党校", "party-school", "各级党校"),
    ("行政学院", "admin-academy", "各级行政学院"),
    ("干部学院", "cadre-academy", "干部学院"),
    ("其他", "other", "其他培训机构"),
)

# Teachers --------------------------------------------------------------------------
SOURCE = _v(
    "source",
    "师资来源",
    ("组织部部长", "department-head", "各级党委组织部部长"),
    ("业务骨干", "backbone", "组织部门业务骨干"),
    ("优秀领导干部", "leader", "优秀领导干部"),
    ("先进模范人物", "model", "先进模范人物"),
    ("专家学者", "scholar", "专家学者"),
)

REVIEW_RESULT = _v(
    "review_result",
    "年度复核结果",
    ("合格", "pass", "继续在库"),
    ("基本合格", "basic-pass", "继续在库，需改进"),
    ("不合格", "fail", "不再列入当年公开名录"),
)

TEACHER_STATUS = _v(
    "teacher_status",
    "师资状态",
    ("在库", "active", "正常在库（暂停后恢复也写“在库”）"),
    ("暂停", "suspended", "暂停授课，自当年起不列入名录"),
    ("退出", "left", "退出师资库，不可再恢复"),
)

# Programmes ------------------------------------------------------------------------
# The plan's own programmes first (师资培训项目, 培训工作者培训项目), then the training
# methods (the same words as METHOD: a 示范培训 programme is a 示范培训)
PROGRAMME_KIND = _v(
    "programme_kind",
    "项目类型",
    ("师资培训", "teachers", "中央组织部师资培训项目：培训组工干部教育培训师资"),
    ("培训工作者培训", "trainers", "中央组织部培训工作者培训项目：培训组工干部教育培训工作者"),
    *((t.value, t.slug, t.help) for t in METHOD.terms),
)

PROGRAMME_STATUS = _v(
    "programme_status",
    "项目状态",
    ("计划", "planned", "已列入计划，尚未举办"),
    ("进行中", "running", "正在举办"),
    ("已完成", "done", "已经举办完毕"),
    ("取消", "cancelled", "计划取消，未举办"),
)

# A teacher's standing in one year's directory: worked out by yearly/directory.py from the
# record's history, never written in a record (so not in ALL below).
DIRECTORY_STATE = _v(
    "directory_state",
    "名录状态",
    ("在库", "active", "列入当年名录"),
    ("待复核", "pending", "列入当年名录，但上一年的复核结果尚未报送"),
    ("暂停", "suspended", "暂停授课，当年不列入名录"),
    ("暂不列入", "dropped", "复核不合格或多年未复核，当年不列入名录"),
    ("退出", "left", "已退出师资库"),
    ("未入库", "not-yet", "当年尚未入库"),
)

# A target of the plan as of an edition year (yearly/progress.py): worked out, never written
PROGRESS_STATUS = _v(
    "progress_status",
    "落实情况",
    ("已完成", "done", "按期完成"),
    ("按期未完成", "missed", "期限已过，没有按期完成"),
    ("进行中", "ongoing", "期限未到，尚未完成"),
    ("无数据", "no-data", "没有能说明情况的记录"),
)

# How a standing or status is marked where people choose: "ok" (nothing to watch),
# "warn" (usable, with a caveat), "off" (not available this year).
MARKS: dict[str, str] = {
    "在库": "ok", "待复核": "warn", "暂停": "off", "暂不列入": "off", "退出": "off", "未入库": "off",
    "开设中": "ok", "建设中": "warn", "已停开": "off",
    "已出版": "ok", "修订中": "ok", "编写中": "warn", "规划": "warn",
    "已完成": "ok", "进行中": "ok", "计划": "warn", "取消": "off", "按期未完成": "off", "无数据": "warn",
}

# Departments -----------------------------------------------------------------------
DEPT_LEVEL = _v(
    "dept_level",
    "部门层级",
    ("中央", "central", "中央组织部及中央单位"),
    ("省", "province", "省（区、市）党委组织部、新疆生产建设兵团党委组织部"),
    ("市", "city", "市（地、州、盟）党委组织部"),
    ("县", "county", "县（市、区、旗）党委组织部"),
)

DEPT_TYPE = _v(
    "dept_type",
    "部门类型",
    ("党委组织部", "org-dept", "各级党委组织部"),
    ("中央和国家机关部委", "ministry", "部委组织人事部门"),
    ("人民团体", "people-org", "人民团体组织人事部门"),
    ("中管金融企业", "finance", "中管金融企业组织人事部门"),
    ("中管企业", "enterprise", "中管企业组织人事部门"),
    ("中管高校", "university", "中管高校组织人事部门"),
)

ALL = (
    CATEGORY,
    METHOD,
    DELIVERY,
    COURSE_STATUS,
    AUDIENCE_LEVEL,
    AUDIENCE_ROLE,
    TEXTBOOK_KIND,
    TEXTBOOK_STATUS,
    PROGRAMME_KIND,
    PROGRAMME_STATUS,
    BASE_TYPE,
    SOURCE,
    REVIEW_RESULT,
    TEACHER_STATUS,
    DEPT_LEVEL,
    DEPT_TYPE,
)

# Provinces: GB/T 2260 codes of the 31 provincial divisions; 660000 is the code
# national systems commonly use for 新疆生产建设兵团, which GB/T 2260 does not list.
PROVINCES: dict[str, tuple[str, str]] = {
    # code: (name, short name)
    "110000": ("北京市", "北京"),
    "120000": ("天津市", "天津"),
    "130000": ("河北省", "河北"),
    "140000": ("山西省", "山西"),
    "150000": ("内蒙古自治区", "内蒙古"),
    "210000": ("辽宁省", "辽宁"),
    "220000": ("吉林省", "吉林"),
    "230000": ("黑龙江省", "黑龙江"),
    "310000": ("上海市", "上海"),
    "320000": ("江苏省", "江苏"),
    "330000": ("浙江省", "浙江"),
    "340000": ("安徽省", "安徽"),
    "350000": ("福建省", "福建"),
    "360000": ("江西省", "江西"),
    "370000": ("山东省", "山东"),
    "410000": ("河南省", "河南"),
    "420000": ("湖北省", "湖北"),
    "430000": ("湖南省", "湖南"),
    "440000": ("广东省", "广东"),
    "450000": ("广西壮族自治区", "广西"),
    "460000": ("海南省", "海南"),
    "500000": ("重庆市", "重庆"),
    "510000": ("四川省", "四川"),
    "520000": ("贵州省", "贵州"),
    "530000": ("云南省", "云南"),
    "540000": ("西藏自治区", "西藏"),
    "610000": ("陕西省", "陕西"),
    "620000": ("甘肃省", "甘肃"),
    "630000": ("青海省", "青海"),
    "640000": ("宁夏回族自治区", "宁夏"),
    "650000": ("新疆维吾尔自治区", "新疆"),
    "660000": ("新疆生产建设兵团", "兵团"),
}

NATIONAL = "national"  # the pool built by 中央组织部
ALL_POOLS = "all"  # sharing scope: every pool, national and provincial
POOLS: dict[str, str] = {NATIONAL: "全国师资库", **{code: f"{name[0]}师资库" for code, name in PROVINCES.items()}}


def pool_label(pool: str) -> str:
    return POOLS.get(pool, pool)


def pool_short(pool: str) -> str:
    """A pool in two or three characters, for narrow places (a chart's columns): 全国, 浙江."""
    return "全国" if pool == NATIONAL else PROVINCES[pool][1] if pool in PROVINCES else pool


def province_name(code: str) -> str:
    return PROVINCES[code][0] if code in PROVINCES else code


def is_pool(code: str) -> bool:
    """A teacher pool's code: national, or a provincial division's."""
    return code == NATIONAL or code in PROVINCES


@functools.lru_cache(maxsize=None)  # sorts of tens of thousands of rows ask for a few dozen pools
def pool_key(pool: str) -> tuple[int, int | str]:
    """Pools in the order the site lists them: the national pool, then by division code."""
    if pool == NATIONAL:
        return (0, 0)
    return (1, _PROVINCE_RANK[pool]) if pool in _PROVINCE_RANK else (2, pool)


_PROVINCE_RANK = {code: i for i, code in enumerate(PROVINCES)}


def ordered_pools(pools) -> list[str]:
    return sorted(set(pools), key=pool_key)


def scope_text(scope) -> str:
    """A sharing scope as people read it: 不共享, 所有师资库, or the pools in site order."""
    if not scope:
        return "不共享"
    if ALL_POOLS in scope:
        return "所有师资库"
    return "、".join(pool_label(p) for p in ordered_pools(scope))


def shared_into(scope, own: str, pool: str) -> bool:
    """Whether a listed teacher of pool `own`, shared with `scope` (pools, or "all"), appears
    in `pool`'s list: the one sharing rule (yearly/directory and the search filters use it)."""
    return pool != own and (ALL_POOLS in scope or pool in scope)


def level_text(level: str) -> str:
    """A department's level as people say it: 中央, 省级, 市级, 县级."""
    return level if level == "中央" else f"{level}级"


def place_text(province: str, city: str | None = None) -> str:
    """Province and city, the city left out when it only repeats the province (北京市)."""
    name = province_name(province)
    if not city or city == name or name.startswith(city):
        return name
    return f"{name}{city}"


def hours_text(hours: float) -> str:
    """Training hours as written: 6, 6.5 (never 6.0)."""
    return str(hours).removesuffix(".0")
