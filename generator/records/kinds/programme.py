"""Training programmes (培训项目): a class held in a year by a department, at bases, with
courses and teachers. The plan's yearly targets (60 teachers and 50 training workers
trained by 中央组织部) can only be read from these records. Participants who are not in
the catalog are a count, never names."""
from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .. import vocab as V
from ..fields import Choice, Count, Date, Hours, Items, LongText, Name, Ref, Year
from ..kind import Column, Facet, Group, Kind, Link, Record, State, plain
from ..problems import Finding

TRAINS_TEACHERS = "师资培训"
FIRST_YEAR = 2013  # the plan starts in 2013: no programme record is older
YEARS = tuple(str(y) for y in range(2050, FIRST_YEAR - 1, -1))  # newest first in filters  # the only kind whose participants are teachers of the pools


class Programme(Record):
    KIND: ClassVar[str] = "programme"
    title: Name = Field(title="项目名称", description="如：2015 年全国组工干部教育培训师资培训班")
    kind: Choice(V.PROGRAMME_KIND) = Field(title="项目类型")
    year: Year = Field(title="举办年份")
    start: Date | None = Field(None, title="开始日期", description="年-月-日，如 2015-04-20")
    end: Date | None = Field(None, title="结束日期", description="年-月-日")
    organiser: Ref = Field(title="主办部门", description="部门编号")
    bases: Items(Ref) = Field(default_factory=list, title="培训基地", description="培训基地编号")
    courses: Items(Ref) = Field(default_factory=list, title="课程", description="课程编号")
    teachers: Items(Ref) = Field(default_factory=list, title="授课教师", description="师资编号")
    trainees: Items(Ref) = Field(default_factory=list, title="参训教师", description="师资编号；只用于师资培训项目")
    participants: Count | None = Field(None, title="参训人数", description="全部参训人数；只写人数，不写姓名")
    hours: Hours | None = Field(None, title="学时")
    summary: LongText = Field(title="项目简介")
    status: Choice(V.PROGRAMME_STATUS) = Field(title="状态")


def trained(p) -> int:
    """How many people a programme trained: its head count, else the teachers it names."""
    return p.participants if p.participants is not None else len(p.trainees)


def _checks(p, path) -> list[Finding]:
    out = []
    if p.year < FIRST_YEAR:
        out.append(Finding(("year",), "bad-year", f"举办年份 {p.year} 早于规划开始的 {FIRST_YEAR} 年，请检查。"))
    if p.start and p.end and p.end < p.start:
        out.append(Finding(("end",), "year-order", f"结束日期 {p.end} 早于开始日期 {p.start}。"))
    if p.start and int(p.start[:4]) != p.year:
        out.append(Finding(("start",), "year-order", f"开始日期 {p.start} 不在举办年份 {p.year} 年内；举办年份按开始日期算。"))
    if p.trainees and p.kind != TRAINS_TEACHERS:
        out.append(Finding(("trainees",), "bad-value", f"只有“{TRAINS_TEACHERS}”项目填写参训教师 trainees；“{p.kind}”项目请用 participants 写参训人数。"))
    if p.participants is not None and p.participants < len(p.trainees):
        out.append(Finding(("participants",), "bad-value", f"参训人数 {p.participants} 少于列出的参训教师（{len(p.trainees)} 人）。"))
    for i, tid in enumerate(p.trainees):
        if tid in p.teachers:
            out.append(Finding(("trainees", i), "duplicate-item", f"{tid} 同时列为授课教师和参训教师，请只留一处。"))
    return out


def _dates(p) -> str:
    if p.start and p.end:
        return f"{p.start} 至 {p.end}"
    return p.start or ""


KIND = Kind(
    "programme", "培训项目", "catalog/programmes", Programme, Programme, "title",
    (("organiser", "department"), ("bases", "base"), ("courses", "course"), ("teachers", "teacher"), ("trainees", "teacher")),
    page="programme", listing="programmes", template="record_programme.html",
    columns=(
        Column("项目名称", lambda r, row: Link("programme", r.id), "title"),
        plain("类型", "kind"),
        Column("年份", lambda r, row: r.year, "year", sort="number"),
        Column("主办部门", lambda r, row: Link("department", r.organiser), "organiser", phone=False),
        Column("参训人数", lambda r, row: trained(r) or "", ("participants", "trainees"), sort="number", phone=False),
        Column("状态", lambda r, row: State(r.status), "status"),
    ),
    note=lambda r: f"{r.year} 年 · {r.kind}",
    order=lambda r: (-r.year, r.start or ""),
    hint="输入项目名称、类型等",
    noun="培训项目",
    search_text=lambda r: [r.title, r.kind, r.summary],
    facts=lambda r, s, title_of: [r.kind, f"{r.year} 年", title_of("department", r.organiser), f"{trained(r)} 人" if trained(r) else ""],
    state=lambda r, s: r.status,
    facets=(
        Facet("kind", "项目类型", lambda r, s: [r.kind], tuple(V.PROGRAMME_KIND.values)),
        Facet("year", "举办年份", lambda r, s: [str(r.year)], YEARS),
        Facet("status", "项目状态", lambda r, s: [r.status], tuple(V.PROGRAMME_STATUS.values)),
    ),
    groups=(
        Group("year", "年份", lambda r: [str(r.year)], title=lambda value: f"{value} 年培训项目", name=lambda value: f"{value} 年"),
        Group("kind", "类型", lambda r: [r.kind], V.PROGRAMME_KIND, title=lambda value: f"{value}项目"),
    ),
    checks=_checks,
)
