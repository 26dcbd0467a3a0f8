"""The print edition (印刷版): what the two documents say, as plain data for the Typst
templates in templates/ (typeset.py typesets them).

Everything comes from the views, the public projection, as the site does: the directory
of the year per pool with its changes, and the catalog (courses by category, textbooks,
bases by province, the year's programmes, the statistics charts). Text reaches Typst only
as JSON strings, never as markup, so nothing a contributor wrote is ever evaluated.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from ...records import vocab as V
from ...yearly.directory import LISTED
from ..charts import stats

DIRECTORY_TITLE = "{year} 年度组工干部教育培训师资库名录"
CATALOG_TITLE = "组工干部教育培训课程与资源目录"
SHARED_NAMED = 120  # teachers shared into a pool listed by name up to this many


def scope_label(scope: str) -> str:
    return "全国各师资库" if scope == V.NATIONAL else V.pool_label(scope)


def rules_text(rules) -> list[str]:
    """The plan's rules of the directory, as the site's rules page says them."""
    lines = [
        "入库：教师从入库那一年起进入师资库，在此之前的名录中没有他。",
        "暂停、恢复与退出：状态变化从当年起生效。暂停的教师从当年起不列入名录，恢复后重新列入；退出的教师不再列入，也不能恢复。",
        "年度复核：在库教师每年复核一次，结果为合格、基本合格或不合格；暂停和退出的年份不需要复核。",
        f"从上一年往前数，连续 {rules.pending_after} 年没有复核结果的，仍列入名录，但标为“待复核”。",
        f"连续 {rules.drop_after} 年没有复核结果的，本年暂不列入名录，补上复核后重新列入。",
    ]
    if rules.drop_on_fail:
        lines.append("上一年复核不合格的，本年暂不列入名录，再次复核合格后重新列入。")
    lines += [
        "调动：教师从调动那一年起属于调入地的师资库。",
        "共享：教师可以共享给全国师资库、某几个省级师资库或所有师资库，从当年起生效；只有列入当年名录的教师才会被共享。",
    ]
    return lines


def _titles(catalog, kind: str, ids) -> list[str]:
    records = catalog[kind]
    field = {"course": "title", "textbook": "title", "base": "name", "teacher": "name", "department": "name"}[kind]
    return [getattr(records[i], field) for i in ids if i in records]


def _teacher_row(views, tid: str, standing) -> dict:
    t = views.catalog["teacher"][tid]
    return {
        "name": t.name,
        "unit": f"{t.unit} {t.position}" if t.position else t.unit,
        "source": t.source,
        "expertise": list(t.expertise),  # items kept whole on a line (the template boxes them)
        "courses": "、".join(_titles(views.catalog, "course", t.courses)),
        "state": standing.state,
        "shared": [V.scope_text([p]) for p in V.ordered_pools(standing.scope - {V.ALL_POOLS})] + (["所有师资库"] if V.ALL_POOLS in standing.scope else []),
    }


def _pool_section(views, pool: str, year: int) -> dict:
    d = views.directories[year]
    own = d.own.get(pool, [])
    rows = [_teacher_row(views, tid, d.standings[tid]) for tid in own]
    into = d.shared.get(pool, [])
    # named when few; else counted by where they come from: each is listed with its own pool
    # already, and a teacher shared with all pools would otherwise be printed 33 times
    shared = [{"name": views.catalog["teacher"][tid].name, "pool": V.pool_label(d.standings[tid].pool)} for tid in into] if len(into) <= SHARED_NAMED else []
    from_pools = Counter(d.standings[tid].pool for tid in into)
    shared_from = [[V.pool_label(p), from_pools[p]] for p in V.ordered_pools(from_pools)]
    changes = [c for c in views.changes.get(year, []) if c.pool == pool]
    counts = views.change_counts.get(year, {}).get(pool, {})
    owner = views.pool_owner.get(pool)
    return {
        "pool": pool,
        "title": V.pool_label(pool),
        "owner": views.catalog["department"][owner].name if owner in views.catalog["department"] else "",
        "listed": len(own),
        "states": [[state, sum(1 for r in rows if r["state"] == state)] for state in sorted(LISTED)],
        "shared_in": len(into),
        "shared_from": shared_from,
        "counts": [[kind, n] for kind, n in counts.items() if n],
        "rows": rows,
        "shared": shared,
        "changes": [{"kind": c.kind, "name": c.name, "detail": c.detail} for c in changes],
    }


def directory(views, scope: str, built: str) -> dict:
    """The yearly directory: cover, rules, then one section per pool of the scope."""
    year = views.edition
    pools = [p for p in views.pools if scope == V.NATIONAL or p == scope]
    sections = [_pool_section(views, p, year) for p in pools]
    sections = [s for s in sections if s["listed"] or s["shared_in"] or s["changes"]]
    return {
        "title": DIRECTORY_TITLE.format(year=year),
        "edition": year,
        "scope": scope_label(scope),
        "built": built,
        "rules": rules_text(views.rules),
        "total": sum(s["listed"] for s in sections),
        "sections": sections,
    }


def _chart(chart) -> dict:
    """A chart as rows of numbers: the Typst template draws bars from them."""
    if chart.kind == "matrix":
        rows = [[label, [float(v) for v in row]] for label, row in zip(chart.categories, chart.values)]
        return {"title": chart.title, "kind": "matrix", "unit": chart.unit, "columns": chart.columns, "rows": rows, "note": chart.note}
    if chart.kind == "shares":
        rows = [[label, [float(part), float(whole)]] for label, (part, whole) in zip(chart.categories, chart.values)]
        return {"title": chart.title, "kind": "shares", "unit": chart.unit, "columns": ["业务培训学时", "总学时"], "rows": rows, "note": chart.note}
    names = [name for name, _ in chart.series]
    rows = [[label, [float(values[i]) for _, values in chart.series]] for i, label in enumerate(chart.categories)]
    return {"title": chart.title, "kind": chart.kind, "unit": chart.unit, "columns": names, "rows": rows, "note": chart.note}


def catalog(views, built: str) -> dict:
    """The catalog: courses by category, textbooks, bases by province, the year's
    programmes, and the statistics charts."""
    c = views.catalog
    by_category: dict[str, list] = defaultdict(list)
    for cid, course in c["course"].items():
        by_category[course.category].append({
            "title": course.title, "hours": V.hours_text(course.hours), "methods": "、".join(course.methods),
            "provider": "、".join(_titles(c, "department", [course.provider])), "status": course.status,
        })
    courses = [{"category": cat, "rows": by_category[cat]} for cat in V.CATEGORY.values if by_category.get(cat)]
    textbooks = [{"title": t.title, "kind": t.kind, "status": t.status, "year": str(t.year or ""), "department": "、".join(_titles(c, "department", [t.department]))}
                 for t in c["textbook"].values()]
    by_province: dict[str, list] = defaultdict(list)
    for b in c["base"].values():
        by_province[b.province].append({"name": b.name, "type": b.type, "city": b.city, "themes": "、".join(b.themes)})
    bases = [{"province": V.province_name(p), "rows": by_province[p]} for p in sorted(by_province)]
    programmes = [{"title": p.title, "kind": p.kind, "when": f"{p.start or ''}–{p.end or ''}".strip("–") or str(p.year),
                   "organiser": "、".join(_titles(c, "department", [p.organiser])), "participants": str(p.participants or ""), "status": p.status}
                  for p in c["programme"].values() if p.year == views.edition]
    return {
        "title": CATALOG_TITLE,
        "edition": views.edition,
        "scope": scope_label(views.scope),
        "built": built,
        "courses": courses,
        "textbooks": textbooks,
        "bases": bases,
        "programmes": programmes,
        "charts": [_chart(ch) for ch in stats.national(views)],
    }
