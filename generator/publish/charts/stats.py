"""统计: the numbers behind each chart of the statistics pages, worked out once from the
views (pure data: figures.py draws them, templates place them). Each chart is a Chart with
its title, categories and series, so a test can compare them with the records directly.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ...records import vocab as V
from ...records.kinds.programme import trained
from ...yearly.progress import COUNTED  # programmes that took place

FLOW = ("新入库", "退出", "暂停", "恢复")  # the directory's yearly flow, as CHANGE_KINDS name them
BUSINESS_SHARE = 1 / 3  # the plan: business training is at least a third of the hours


@dataclass
class Chart:
    key: str  # the anchor and the figure's id
    kind: str  # bars, columns, shares or matrix (figures.py)
    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]] = field(default_factory=list)  # bars, columns
    values: list = field(default_factory=list)  # shares: (part, whole); matrix: rows of counts
    columns: list[str] = field(default_factory=list)  # matrix: its column labels
    unit: str = "人"
    note: str = ""
    stacked: bool = True  # bars, columns: series on top of each other (False: side by side)
    threshold: float | None = None  # shares: a line at this share
    threshold_label: str = ""


def _by(values, keys, order) -> list[tuple[str, list[float]]]:
    """Series in vocabulary order from a Counter of (category, series value) pairs."""
    return [(name, [values[(k, name)] for k in keys]) for name in order]


def teachers_by_pool(views, year: int) -> Chart:
    d = views.directories[year]
    pools = [p for p in views.pools if d.own.get(p)]
    counts = Counter((d.standings[tid].pool, views.catalog.teachers[tid].source) for p in pools for tid in d.own[p])
    return Chart("pools", "bars", f"{year} 年各师资库列入名录的教师（按师资来源）", [V.pool_label(p) for p in pools],
                 _by(counts, pools, V.SOURCE.values), note="只计各库自己的教师，不含共享进来的。")


def teachers_by_year(views, pool: str | None = None) -> Chart:
    years = views.years
    counts = Counter()
    for year in years:
        d = views.directories[year]
        for p in [pool] if pool else views.pools:
            for tid in d.own.get(p, ()):
                counts[(year, views.catalog.teachers[tid].source)] += 1
    where = V.pool_label(pool) if pool else "各师资库"
    return Chart("years", "columns", f"{where}每年列入名录的教师（按师资来源）", [f"{y} 年" for y in years], _by(counts, years, V.SOURCE.values))


def flow(views, pool: str | None = None) -> Chart:
    years = views.years[1:]
    key = pool or ""
    series = [(kind, [views.change_counts[y].get(key, Counter())[kind] for y in years]) for kind in FLOW]
    where = V.pool_label(pool) if pool else "师资库"
    return Chart("flow", "columns", f"{where}每年的进出（人次）", [f"{y} 年" for y in years], series, unit="人次",
                 note="与上一年相比；恢复指暂停后重新在库。", stacked=False)


def courses(views) -> Chart:
    counts = Counter((c.category, m) for c in views.catalog.courses.values() for m in c.methods)
    cats = V.CATEGORY.values
    return Chart("courses", "bars", "各类课程的培训方式（门）", cats, _by(counts, cats, V.METHOD.values), unit="门",
                 note="一门课程有几种培训方式，就在每种方式下各计一次。")


def business_hours(views) -> Chart:
    """Per department that provides courses: hours of business-training courses / all hours
    (courses still given or being built; stopped ones are left out)."""
    part: Counter = Counter()
    whole: Counter = Counter()
    for c in views.catalog.courses.values():
        if c.status != "已停开":
            whole[c.provider] += c.hours
            part[c.provider] += c.hours if c.business_training else 0
    order = [did for did in views.catalog.departments if whole[did]]
    order.sort(key=lambda did: (-part[did] / whole[did], did))
    titles = [views.catalog.departments[did].short_name or views.catalog.departments[did].name for did in order]
    return Chart("business", "shares", "各开发部门课程中组织工作业务培训学时的占比", titles, values=[(part[d], whole[d]) for d in order],
                 unit="学时", note="规划要求组织工作业务培训学时不少于总学时的三分之一；只计开设中和建设中的课程。",
                 threshold=BUSINESS_SHARE, threshold_label="三分之一")


def bases(views) -> Chart:
    records = views.catalog.bases.values()
    counts = Counter((b.province, b.type) for b in records)
    provinces = [code for code in V.PROVINCES if any(b.province == code for b in records)]
    return Chart("bases", "bars", "各省份的培训基地（按类型）", [V.province_name(p) for p in provinces],
                 _by(counts, provinces, V.BASE_TYPE.values), unit="个")


def sharing(views, year: int) -> Chart:
    """Who shares with whom in a year: rows are the teachers' own pools, columns the pools
    whose lists they appear in."""
    d = views.directories[year]
    pairs = Counter((d.standings[tid].pool, pool) for pool, tids in d.shared.items() for tid in tids)
    rows = V.ordered_pools({a for a, _ in pairs})
    cols = V.ordered_pools({b for _, b in pairs if d.own.get(b)})  # pools with teachers of their own
    return Chart("sharing", "matrix", f"{year} 年师资库之间的共享（行：教师所属的库；列：共享到的库）", [V.pool_label(p) for p in rows],
                 values=[[pairs[(a, b)] for b in cols] for a in rows], columns=[V.pool_short(p) for p in cols],
                 note="只列出当年有自己教师的师资库；共享给“所有师资库”的教师也出现在其余师资库的名单中。")


def programmes(views) -> Chart:
    years = views.years
    counts: Counter = Counter()
    for p in views.catalog.programmes.values():
        if p.status in COUNTED:
            counts[(p.year, p.kind)] += trained(p)
    kinds = [k for k in V.PROGRAMME_KIND.values if any(k == p.kind for p in views.catalog.programmes.values())]
    return Chart("programmes", "columns", "每年培训项目的参训人数（按项目类型）", [f"{y} 年" for y in years], _by(counts, years, kinds),
                 note="只计已完成和进行中的项目。")


def expertise(views, pool: str, year: int, top: int = 12) -> Chart:
    d = views.directories[year]
    counts = Counter(e for tid in d.own.get(pool, ()) for e in views.catalog.teachers[tid].expertise)
    names = [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    return Chart("expertise", "bars", f"{year} 年{V.pool_label(pool)}教师的擅长领域（前 {top} 项）", names, [("教师", [counts[n] for n in names])])


def reviews(views, pool: str) -> Chart:
    done = views.progress.updates.get(pool, {}) if views.progress else {}
    years = [y for y in views.years if y in done]
    return Chart("reviews", "shares", f"{V.pool_label(pool)}每年的复核完成情况", [f"{y} 年" for y in years], values=[done[y] for y in years],
                 note="当年在库、需要复核的教师中，有当年复核记录的占比。")


def national(views) -> list[Chart]:
    year = views.edition
    return [teachers_by_pool(views, year), teachers_by_year(views), flow(views), sharing(views, year),
            programmes(views), courses(views), business_hours(views), bases(views)]


def of_pool(views, pool: str) -> list[Chart]:
    return [teachers_by_year(views, pool), flow(views, pool), reviews(views, pool), expertise(views, pool, views.edition)]
