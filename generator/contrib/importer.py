"""`peixun import teachers|courses|bases`: one record per spreadsheet row, all or nothing.

A row becomes the data a YAML file would have given (columns.py), is checked by the
record's own model and checks, and each problem is reported at its cell with the
record's stable code. A row that names a record already there (teachers: same name and
unit in the pool; courses: same title; bases: same name; or the same 编号) updates that
record in place (roundtrip.py keeps its comments). Nothing is written until every row
is right; writeout.py writes the files and checks them once more as validate does.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..records import vocab as V
from ..records.kinds import KINDS
from ..records.load import load_bytes
from ..records.privacy import mask
from . import columns as C
from . import roundtrip as R
from .edits import EditFailed, edit
from .plan import SHEET_CODES, Issue, Plan, Write  # noqa: F401 - SHEET_CODES: documented here
from .rows import check_record, dumped, located, own_leaks, put, safe, same
from .scaffold import FIELDS, HINTS, YEAR_FIELDS, free_id, person_id, title_id
from .sheets import SheetError, Table, letter, read_table
from .store import Store


def open_table(path: Path, kind: str, sheet: str | None, plan: Plan) -> tuple[Table | None, dict[int, C.Col]]:
    """The sheet and its columns; a problem with either goes into plan.issues."""
    try:
        table = read_table(path, C.known_headers(kind), sheet)
    except SheetError as exc:
        plan.issues.append(Issue(exc.code, str(exc)))
        return None, {}
    plan.notes += table.notes
    cols, unknown, twice = C.match_columns(kind, table.columns)
    head = table.header_rows[-1]
    for first, second, text in twice:
        plan.issues.append(Issue("duplicate-column", f"与 {letter(first)} 列是同一项（{table.columns[first]}），只能有一列；请删除或改名其中一列。", head, second, text))
    if unknown:
        shown = "、".join(f"{table.columns[c]}（{letter(c)} 列）" for c in unknown)
        plan.notes.append(f"注意：以下列不认识，没有导入：{shown}。可用的列名见 CONTRIBUTING.md。")
    have = {col.path for col in cols.values()}
    for path in C.REQUIRED[kind]:
        if path not in have:
            header = next(c.header for c in C.COLUMNS[kind] if c.path == path)
            plan.issues.append(Issue("missing-column", f"表中没有“{header}”列（列名写在第 {head} 行）。", head))
    return table, cols


def cell_values(row: dict, cols: dict[int, C.Col], store: Store, plan: Plan, row_no: int) -> dict[str, object]:
    """path -> value for the non-empty cells of one row; problems go into plan.issues."""
    out: dict[str, object] = {}
    for c, col in cols.items():
        try:
            value = C.convert(col, row.get(c))
            if value is not None and col.type in ("ref", "refs"):
                value = store.resolve_many(col.ref, value) if col.type == "refs" else store.resolve(col.ref, value)
        except C.CellError as exc:
            plan.issues.append(Issue(exc.code, exc.args[0], row_no, c, col.header))
            continue
        if value is not None:
            out[col.path] = value
    return out


def plan_import(root: Path, kind: str, path: Path, *, sheet: str | None = None, pool: str | None = None,
                department: str | None = None, edition: int) -> Plan:
    """What importing the sheet would write, with every problem; writes nothing."""
    plan = Plan(kind, path.name)
    table, cols = open_table(path, kind, sheet, plan)
    if table is None or plan.issues:
        return plan
    store = Store(root, pool)
    if kind == "teacher" and not any(d and str(d.get("pool")) == pool for _, _, d in store.records("department").values()):
        plan.issues.append(Issue("unowned-pool", f"{V.pool_label(pool)}（{pool}）还没有负责部门：请先在 catalog/departments/ 中给负责的部门加上 pool: \"{pool}\"，再导入。"))
        return plan
    if department:
        try:
            department = store.resolve("department", department)
        except C.CellError as exc:
            plan.issues.append(Issue(exc.code, f"--department：{exc.args[0]}"))
            return plan
    seen: dict[tuple, int] = {}
    planned: set[str] = set()
    for row in table.rows:
        row_no = min(cell.row for cell in row.values())
        start = len(plan.issues)
        values = cell_values(row, cols, store, plan, row_no)
        if not values:
            continue
        failed, start = {i.col for i in plan.issues[start:]}, len(plan.issues)
        plan.rows += 1
        _plan_row(plan, kind, values, cols, store, seen, planned, row_no, pool, department, edition)
        if failed:  # a field whose cell was already reported is not also "missing"
            plan.issues[start:] = [i for i in plan.issues[start:] if not (i.code == "missing-field" and i.col in failed)]
    _note_defaults(plan)
    return plan


def _defaults(kind: str, data: dict, pool: str | None, department: str | None, edition: int) -> list:
    """Fill what the row left out as `peixun new` would; the options that filled something."""
    if kind == "teacher":
        data["pool"] = pool
    if department and kind in ("course", "base"):
        data.setdefault("provider" if kind == "course" else "department", department)
    filled = []
    for opt in FIELDS[kind]:
        if opt.path in YEAR_FIELDS and opt.path not in data and not (kind == "base" and opt.path == "since"):
            data[opt.path] = str(edition)
            filled.append(opt)
        elif opt.default and opt.path not in data:
            data[opt.path] = opt.default
            filled.append(opt)
    return filled


def _note_defaults(plan: "Plan") -> None:
    """One line per field a default filled in: which value, on which rows."""
    for (title, value), rows in plan.defaulted.items():
        shown = "、".join(str(r) for r in rows[:10]) + (f" 等 {len(rows)} 行" if len(rows) > 10 else " 行")
        plan.notes.append(f"注意：第 {shown}没有填写{title}，按“{value}”记入。")


def _plan_row(plan, kind, values, cols, store, seen, planned, row_no, pool, department, edition) -> None:
    k = KINDS[kind]
    head = values.get(k.title_field)
    key = (head, values.get("unit")) if kind == "teacher" else (head,)
    if head and key in seen:
        plan.issues.append(Issue("duplicate-row", f"与第 {seen[key]} 行是同一条记录（{'、'.join(str(x) for x in key if x)}），请合并成一行。", row_no))
        return
    seen[key] = row_no
    if kind == "teacher" and values.get("pool") not in (None, pool):
        c = next(c for c, col in cols.items() if col.path == "pool")
        plan.issues.append(Issue("not-in-pool", f"这一行写的是 {V.pool_label(str(values['pool']))}，但导入的是 {V.pool_label(pool)}（--pool {pool}）。", row_no, c, cols[c].header))
        return
    found = store.match(kind, values, pool)
    if isinstance(found, Issue):
        plan.issues.append(Issue(found.code, found.message, row_no))
        return
    if found is not None and not _same_target(plan, kind, values, cols, found, row_no):
        return
    if found is None:
        _plan_new(plan, kind, values, cols, store, planned, row_no, pool, department, edition)
    else:
        _plan_update(plan, kind, values, cols, found, row_no)


def _same_target(plan, kind, values, cols, found, row_no) -> bool:
    """A record is updated by one row only, and a row naming it by 编号 must also name it by
    its name: a 编号 column that is really a serial number would otherwise rename people."""
    rel, _, data = found
    field = KINDS[kind].title_field
    if rel in plan.matched:
        plan.issues.append(Issue("duplicate-row", f"与第 {plan.matched[rel]} 行更新的是同一条记录（{rel}），请合并成一行。", row_no))
        return False
    plan.matched[rel] = row_no
    head = values.get(field)
    if "id" in values and head and str(data.get(field, "")).strip() != head:
        c = next((c for c, col in cols.items() if col.path == "id"), None)
        message = (f"编号 {values['id']} 是“{data.get(field)}”的记录（{rel}），这一行写的却是“{head}”。"
                   "“编号”列应填资源库中的记录编号，不是序号；如果是序号，请把列名改为“序号”。")
        plan.issues.append(Issue("row-mismatch", message, row_no, c, "编号" if c else None))
        return False
    return True


def _plan_new(plan, kind, values, cols, store, planned, row_no, pool, department, edition) -> None:
    k = KINDS[kind]
    head = values.get(k.title_field)
    if not head:  # a row filled in without its name would otherwise be dropped silently
        c = next((c for c, col in cols.items() if col.path == k.title_field), None)
        title = next(col.header for col in C.COLUMNS[kind] if col.path == k.title_field)
        plan.issues.append(Issue("missing-field", f"这一行填写了内容，但没有{title}；请补上{title}，或删去这一行。", row_no, c, title if c else None))
        return
    record_id = values.pop("id", None)
    if record_id is None:
        base = person_id(head) if kind == "teacher" else title_id(head)
        if not base:
            c = next((c for c, col in cols.items() if col.path == k.title_field), None)
            plan.issues.append(Issue("bad-id", f"无法从“{head}”按拼音生成编号：请加一列“编号”，用小写字母、数字和连字符写明（如 kim-cheolsu）。", row_no, c, cols[c].header if c else None))
            return
        record_id = free_id(base, store.taken(kind) | planned)
        owner = store.owner_of(kind, base)
        if base and record_id != base and owner:
            plan.notes.append(f"第 {row_no} 行 {head}：编号 {base} 已被 {owner} 使用，这一行记为 {record_id}。")
        near = store.near(kind, head, values.get("unit"), pool)
        if near:
            plan.notes.append(f"第 {row_no} 行 {head}：{near}")
    elif record_id in store.taken(kind) | planned:
        plan.issues.append(Issue("duplicate-id", f"编号 {record_id} 已被使用。", row_no))
        return
    planned.add(record_id)
    data: dict = {"id": record_id}
    for path, value in values.items():
        put(data, path, value)
    for opt in _defaults(kind, data, pool, department, edition):
        plan.defaulted.setdefault((opt.title(kind), data[opt.path]), []).append(row_no)
    rel = f"{k.folder}/{pool}/{record_id}.yml" if kind == "teacher" else f"{k.folder}/{record_id}.yml"
    record, findings = check_record(kind, rel, data)
    plan.issues += located(findings, cols, row_no, rel, kind) if findings else own_leaks(kind, data, cols, row_no)
    if record is None or findings or plan.issues and plan.issues[-1].row == row_no:
        return
    depth = rel.count("/")
    comments = [f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json", HINTS[kind],
                f"# 由 peixun import 从“{safe(mask(plan.file))}”第 {row_no} 行导入。"]
    text = R.new_file(comments, dumped(record))
    back = load_bytes(text.encode("utf-8"), PurePosixPath(rel)).data
    if back is None or not same(kind, back, dumped(record)):  # never expected: checked all the same
        plan.issues.append(Issue("layout-kept", f"无法把这一行写成记录文件（{rel}），某一格的内容含有无法表示的字符。", row_no))
        return
    plan.writes.append(Write(rel, None, text, row_no, head))


def _plan_update(plan, kind, values, cols, found, row_no) -> None:
    rel, text, data = found
    values.pop("id", None)
    merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    for path, value in values.items():
        put(merged, path, value)
    record, findings = check_record(kind, rel, merged)
    plan.issues += located(findings, cols, row_no, rel, kind) if findings else own_leaks(kind, merged, cols, row_no)
    if record is None or findings or plan.issues and plan.issues[-1].row == row_no:
        return
    before, after = dumped(KINDS[kind].model.model_validate(data)), dumped(record)
    touched = dict.fromkeys(p.split(".")[0] for p in values)
    changed = [key for key in touched if before.get(key) != after.get(key)]
    if not changed:
        plan.unchanged += 1
        return
    changes = {}
    for key in changed:
        value = after[key]
        if isinstance(value, dict) and isinstance(before.get(key), dict):
            value = {sub: v for sub, v in value.items() if before[key].get(sub) != v}
        changes[key] = value
    order = [info.alias or name for name, info in KINDS[kind].model.model_fields.items()]
    try:
        new = edit(text, rel, changes, order, lambda d: same(kind, d, after))
    except EditFailed:
        plan.issues.append(Issue("layout-kept", f"无法在保留 {rel} 原有格式和注释的前提下修改它，已停止；这条记录请手工修改。", row_no))
        return
    from ..records.kind import describe

    titles = [describe(KINDS[kind].model, (key,))[1] or key for key in changed]
    plan.writes.append(Write(rel, text, new, row_no, str(after.get(KINDS[kind].title_field, rel)), titles))
