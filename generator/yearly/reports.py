"""The yearly lists a department works with: the changelog of a year and the teachers whose
review is missing. Computed by directory.py; this module only lays them out as text (for
people), CSV (for spreadsheets) or JSON (for programs)."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

from ..records import vocab as V
from .directory import CHANGE_KINDS, Change, Due


# A cell a spreadsheet would read as a formula (OWASP "CSV injection"); the full-width
# forms too, which some spreadsheets convert. Such a cell gets a leading apostrophe, which
# spreadsheets hide and read as "this is text". A text that itself starts with an apostrophe
# gets one too, so that the prefix can always be taken off again (read_csv).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_QUOTE = "'"


def safe_cell(value) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START + (_QUOTE,)):
        return _QUOTE + value
    return value


def read_csv(text: str) -> list[list[str]]:
    """Rows of a CSV written by csv_text, each cell exactly as it was before writing."""
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    return [[cell[1:] if cell.startswith(_QUOTE) else cell for cell in row] for row in rows]


def csv_text(header: list[str], rows) -> str:
    """CSV for spreadsheets (RFC 4180: CRLF between rows, so a cell holding a line break of
    either kind is quoted): a BOM (Excel then reads the Chinese correctly), and no cell that
    a spreadsheet would run as a formula."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()


def changelog(changes: list[Change], year: int, fmt: str) -> str:
    counts: dict[str, Counter] = {}
    for c in changes:
        counts.setdefault(c.pool, Counter())[c.kind] += 1
    if fmt == "json":
        doc = {
            "year": year,
            "compared_with": year - 1,
            "counts": {pool: dict(sorted(counts[pool].items(), key=lambda kv: _kind_order(kv[0]))) for pool in V.ordered_pools(counts)},
            "changes": [
                {"pool": c.pool, "pool_name": V.pool_label(c.pool), "kind": c.kind, "teacher": c.teacher, "name": c.name, "detail": c.detail}
                for c in changes
            ],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        header = ["年份", "师资库代码", "师资库", "类别", "编号", "姓名", "说明"]
        return csv_text(header, ([year, c.pool, V.pool_label(c.pool), c.kind, c.teacher, c.name, c.detail] for c in changes))
    lines = [f"{year} 年度调整（与 {year - 1} 年相比）：共 {len(changes)} 项"]
    for pool in V.ordered_pools(counts):
        summary = "，".join(f"{kind} {n}" for kind, n in sorted(counts[pool].items(), key=lambda kv: _kind_order(kv[0])))
        lines.append("")
        lines.append(f"■ {V.pool_label(pool)}（{pool}）：{summary}")
        for c in changes:
            if c.pool == pool:
                lines.append(f"  [{c.kind}] {c.name}（{c.teacher}）：{c.detail}")
    if not changes:
        lines.append("没有变化。")
    return "\n".join(lines) + "\n"


def _kind_order(kind: str) -> int:
    return [k for k, _ in CHANGE_KINDS].index(kind)


def review_due(due: dict[str, list[Due]], year: int, teachers: dict, owners: dict[str, str], names: dict[str, str], fmt: str) -> str:
    """due: pool -> teachers missing the review of year-1; owners: pool -> department id."""
    rows = [
        (pool, owners.get(pool, ""), d.teacher, teachers[d.teacher].name, teachers[d.teacher].unit, d)
        for pool, entries in due.items()
        for d in entries
    ]
    if fmt == "json":
        doc = {
            "year": year,
            "review_year": year - 1,
            "departments": [
                {
                    "department": owners.get(pool, ""),
                    "department_name": names.get(owners.get(pool, ""), ""),
                    "pool": pool,
                    "teachers": [
                        {"teacher": tid, "name": name, "unit": unit, "missing_years": d.missing, "state": d.standing.state, "reason": d.standing.reason}
                        for p, _, tid, name, unit, d in rows
                        if p == pool
                    ],
                }
                for pool in due
            ],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        header = ["年份", "负责部门", "师资库", "编号", "姓名", "工作单位", "连续未复核年数", "本年名录状态"]
        return csv_text(header, ([year, names.get(dept, dept), V.pool_label(pool), tid, name, unit, d.missing, d.standing.state] for pool, dept, tid, name, unit, d in rows))
    lines = [f"{year} 年待复核名单：{year - 1} 年的复核结果尚未报送的教师，共 {len(rows)} 人"]
    for pool in due:
        dept = owners.get(pool, "")
        lines.append("")
        lines.append(f"■ {names.get(dept, '（没有负责部门）')}（{V.pool_label(pool)}）：{len(due[pool])} 人")
        for p, _, tid, name, unit, d in rows:
            if p == pool:
                s = d.standing
                effect = "仍列入名录，标为待复核" if s.state == "待复核" else f"{year} 年名录状态：{s.state}" + (f"（{s.reason}）" if s.reason else "")
                lines.append(f"  {name}（{tid}），{unit}：已连续 {d.missing} 年未复核，{effect}")
    if not rows:
        lines.append("没有需要补报的复核。")
    return "\n".join(lines) + "\n"


def progress(p, fmt: str) -> str:
    """规划落实 as text (one line per target, then each year's) or JSON."""
    if fmt == "json":
        return json.dumps(p.as_json(), ensure_ascii=False, indent=1) + "\n"
    lines = [f"规划落实（截至 {p.edition} 年）", "", "有期限的目标："]
    lines += [f"  {t.due} 年前  {t.status:<6}\t{t.title}：{t.value}" for t in p.dated]
    late = [r["pool"] for r in p.provinces if not r["on_time"]]
    if late:
        lines.append(f"  未按期建立的省级师资库（{len(late)} 个）：" + "、".join(V.pool_label(code) for code in late))
    for year, targets in p.yearly.items():
        lines += ["", f"{year} 年："]
        lines += [f"  {t.status:<6}\t{t.title}：{t.value}" for t in targets]
    return "\n".join(lines) + "\n"
