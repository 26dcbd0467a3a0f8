"""`peixun import reviews`: the filled-in review sheet written into the teachers' records.

Each row with a 复核结果 adds a review for its 复核年份; each row with a 状态变化 adds a
status change from the next year (the year whose directory the sheet is for). Entries go
in at their place in time, with the file's comments and layout kept (roundtrip.py). A row
left empty changes nothing, and a row whose review is already in the record, the same,
changes nothing either: importing a sheet twice is the same as importing it once.
Everything a row gets wrong is reported at its cell, and then nothing is written.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path, PurePosixPath

from ..records import vocab as V
from ..records.fields import suggest
from ..records.kinds import KINDS
from ..records.load import load_bytes
from . import roundtrip as R
from .columns import CellError, Col, convert
from .plan import Issue, Plan, Write
from .reviewsheet import STATUS_CHOICES
from .rows import check_record
from .sheets import SheetError, read_table, header_key
from .store import Store

COLS = (
    Col("id", ("编号", "教师编号"), "id"),
    Col("name", ("姓名",)),
    Col("unit", ("工作单位", "单位")),
    Col("pool", ("所属师资库", "师资库")),
    Col("last", ("上次复核",)),
    Col("year", ("复核年份", "年度"), "year"),
    Col("result", ("复核结果", "结果", "年度复核结果")),
    Col("note", ("说明", "复核意见", "备注")),
    Col("status", ("状态变化", "状态")),
    Col("reason", ("原因", "变化原因")),
)
INPUT = ("result", "note", "status", "reason")
# which column a finding about an added entry belongs to
# (a finding about the year is about what was filled in: the year column is peixun's)
CELL_OF = {"reviews": "result", "status_changes": "status", ("reviews", "note"): "note", ("status_changes", "reason"): "reason"}


def _columns(table, plan: Plan) -> dict[str, int]:
    by_key = {header_key(h): col for col in COLS for h in col.headers}
    where: dict[str, int] = {}
    head = table.header_rows[-1]
    for c, text in sorted(table.columns.items()):
        col = by_key.get(header_key(text))
        if col is None:
            continue
        if col.path in where:
            plan.issues.append(Issue("duplicate-column", f"与前面的“{col.header}”列重复。", head, c, text))
        where.setdefault(col.path, c)
    for path in ("id", "year"):
        if path not in where:
            header = next(col.header for col in COLS if col.path == path)
            plan.issues.append(Issue("missing-column", f"表中没有“{header}”列：请使用 peixun review-sheet 生成的表格。", head))
    return where


def plan_reviews(root: Path, path: Path, sheet: str | None = None) -> Plan:
    plan = Plan("teacher", path.name)
    known = {header_key(h): col.header for col in COLS for h in col.headers}
    try:
        table = read_table(path, known, sheet)
    except SheetError as exc:
        plan.issues.append(Issue(exc.code, str(exc)))
        return plan
    plan.notes += table.notes
    where = _columns(table, plan)
    if plan.issues:
        return plan
    store = Store(root)
    seen: dict[str, int] = {}
    for row in table.rows:
        row_no = min(cell.row for cell in row.values())
        values = _values(row, where, plan, row_no)
        if values is None or not any(values.get(k) for k in INPUT):
            continue
        plan.rows += 1
        _row(plan, store, values, where, seen, row_no)
    return plan


def _values(row, where, plan, row_no) -> dict | None:
    out = {}
    ok = True
    for col in COLS:
        c = where.get(col.path)
        if c is None:
            continue
        try:
            out[col.path] = convert(col, row.get(c))
        except CellError as exc:
            plan.issues.append(Issue(exc.code, exc.args[0], row_no, c, col.header))
            ok = False
    return out if ok else None


def _at(plan, where, row_no, path, code, message) -> None:
    c = where.get(path)
    header = next(col.header for col in COLS if col.path == path)
    plan.issues.append(Issue(code, message, row_no, c, header if c else None))


def _choice(plan, where, row_no, path, value, vocab_values, what) -> bool:
    if value is None or value in vocab_values:
        return True
    guess = suggest(value, list(vocab_values))
    _at(plan, where, row_no, path, "bad-vocab", f"“{value}”不是{what}，可选：{'、'.join(vocab_values)}。" + (f"是否为“{guess}”？" if guess else ""))
    return False


def _row(plan, store, values, where, seen, row_no) -> None:
    tid = values.get("id")
    if not tid:
        _at(plan, where, row_no, "id", "empty-value", "这一行填写了复核结果或状态变化，但没有编号。")
        return
    if tid in seen:
        _at(plan, where, row_no, "id", "duplicate-row", f"编号 {tid} 已在第 {seen[tid]} 行出现过，同一名教师只能有一行。")
        return
    seen[tid] = row_no
    rel = store.owner_of("teacher", tid)
    if rel is None:
        _at(plan, where, row_no, "id", "unknown-id", f"没有编号为 {tid} 的教师记录（表格中的编号列不要修改）。")
        return
    year = values.get("year")
    if not re.fullmatch(r"[0-9]{4}", year or "") or int(year) > datetime.date.today().year:
        _at(plan, where, row_no, "year", "bad-year", f"复核年份应为已经过去或正在进行的年份（四位数字），而这里是“{year or ''}”。复核年份列由系统填写，请不要修改。")
        return
    found = store.usable(rel)
    if isinstance(found, Issue):
        plan.issues.append(Issue(found.code, found.message, row_no))
        return
    if not _same_person(plan, store.models[rel], rel, values, where, row_no, int(year)):
        return
    result, status = values.get("result"), values.get("status")
    ok = _choice(plan, where, row_no, "result", result, V.REVIEW_RESULT.values, "复核结果")
    ok = _choice(plan, where, row_no, "status", status, STATUS_CHOICES, "复核表中的状态变化（恢复在库请直接修改记录）") and ok
    if values.get("note") and not result:
        _at(plan, where, row_no, "result", "empty-value", "填写了说明，但没有复核结果。")
        ok = False
    if values.get("reason") and not status:
        _at(plan, where, row_no, "status", "empty-value", "填写了原因，但没有状态变化。")
        ok = False
    if status and not values.get("reason"):
        _at(plan, where, row_no, "reason", "empty-value", f"状态变化为“{status}”时必须写明原因。")
        ok = False
    if ok:
        _apply(plan, found, int(year), values, where, row_no)


def _same_person(plan, t, rel, values, where, row_no, year: int) -> bool:
    """The row's 姓名, 工作单位 and 所属师资库 (when filled in) are those of the record its 编号
    names: a row moved, or an id typed over, would otherwise mark someone else."""
    from ..records.history import pool_in

    wrong = []
    if values.get("name") and values["name"] != t.name:
        wrong.append(f"姓名是“{t.name}”")
    if values.get("unit") and values["unit"] != t.unit:
        wrong.append(f"工作单位是“{t.unit}”")
    pool = pool_in(t, year)
    if values.get("pool") and values["pool"] not in (pool, V.pool_label(pool)):
        wrong.append(f"{year} 年属于{V.pool_label(pool)}")
    if wrong:
        _at(plan, where, row_no, "id", "row-mismatch", f"编号 {t.id} 的教师{'，'.join(wrong)}，与这一行不符（{rel}）。编号列不要修改，也不要在行之间复制编号。")
        return False
    return True


def _entries(values: dict, year: int) -> dict[str, dict]:
    """The entries the row adds, by list: a review for its year, a status change from the next."""
    out = {}
    if values.get("result"):
        out["reviews"] = {"year": year, "result": values["result"], **({"note": values["note"]} if values.get("note") else {})}
    if values.get("status"):
        out["status_changes"] = {"year": year + 1, "status": values["status"], "reason": values["reason"]}
    return out


def _apply(plan, found, year, values, where, row_no) -> None:
    rel, text, data = found
    merged = dict(data)
    added: dict[str, tuple[int, dict]] = {}
    for key, entry in _entries(values, year).items():
        items = [dict(x) for x in merged.get(key) or [] if isinstance(x, dict)]
        same = [x for x in items if str(x.get("year")) == str(entry["year"])]
        if same:
            if {k: str(v) for k, v in same[0].items()} != {k: str(v) for k, v in entry.items()}:
                path = "result" if key == "reviews" else "status"
                what = "复核结果" if key == "reviews" else "状态变化"
                shown = same[0].get("result") if key == "reviews" else same[0].get("status")
                _at(plan, where, row_no, path, "duplicate-year", f"该教师 {entry['year']} 年已有{what}（{shown}，见 {rel}），同一年只能有一条；要更正请直接修改记录。")
            continue  # already there as the sheet says: nothing to do
        index = next((i for i, x in enumerate(items) if str(x.get("year", "")).isdigit() and int(x["year"]) > entry["year"]), len(items))
        items.insert(index, {k: str(v) for k, v in entry.items()})
        merged[key] = items
        added[key] = (index, entry)
    if not added or any(i.row == row_no for i in plan.issues):
        plan.unchanged += not added
        return
    record, findings = check_record("teacher", rel, merged)
    for f in findings:
        key, index = (f.loc[0], f.loc[1]) if len(f.loc) > 1 else (f.loc[0] if f.loc else "", None)
        if key in added and added[key][0] == index:
            _at(plan, where, row_no, CELL_OF.get((key, f.loc[2] if len(f.loc) > 2 else ""), CELL_OF[key]), f.code, f.message)
        else:
            plan.issues.append(Issue(f.code, f"{f.message}（{rel}）", row_no))
    if record is None or findings:
        return
    _write(plan, rel, text, data, merged, added, record, row_no)


ORDER = [info.alias or name for name, info in KINDS["teacher"].model.model_fields.items()]


def _by_text(text: str, added: dict) -> str | None:
    """The new entries put in as plain text (the usual layout), or None."""
    new: str | None = text
    for key, (index, entry) in added.items():
        new = R.insert_text(new, key, index, entry, ORDER) if new is not None else None
    return new


def _by_ruamel(text: str, added: dict) -> str:
    doc = R.Doc(text)
    for key, (index, entry) in added.items():
        R.insert_entry(doc.data, key, index, entry, ORDER)
    return doc.dump()


def _write(plan, rel, text, data, merged, added, record, row_no) -> None:
    """The file with the new entries, checked by reading it back: it must hold exactly the
    intended data and every comment of the old file. The text edit is 20 times faster than
    ruamel's round trip; a layout it does not know goes through ruamel."""
    new = _by_text(text, added)
    after = load_bytes(new.encode("utf-8"), PurePosixPath(rel)).data if new is not None else None
    if after != merged:
        new = _by_ruamel(text, added)
        after = load_bytes(new.encode("utf-8"), PurePosixPath(rel)).data
    if after != merged or not R.comments_kept(text, new):
        plan.issues.append(Issue("layout-kept", f"修改 {rel} 会改动其中的注释，已停止；请手工修改这个文件。", row_no))
        return
    fields = [KINDS["teacher"].model.model_fields[k].title for k in added]
    plan.writes.append(Write(rel, text, new, row_no, record.name, fields))
    plan.changes.append(("teacher", rel, data, after))
