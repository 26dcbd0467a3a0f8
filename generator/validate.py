"""Stage 2: files on disk -> validated record models, every problem collected.

Each file is handled alone (so files can be checked in parallel): strict load, schema,
then the record's own consistency checks (checks.py). Problems found on data (with a
``loc`` such as ("reviews", 2, "year")) are mapped back to line:column by re-reading only
the files that have problems.
"""
from __future__ import annotations

import os
import typing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ValidationError

from . import checks
from .load import Positions, load_file, locate
from .models import KINDS, Kind, Record, suggest
from .problems import Finding, Problem, quote

CATALOG_FOLDERS = {k.folder.split("/", 1)[1]: k for k in KINDS.values() if k.folder.startswith("catalog/")}
TEACHER_KIND = KINDS["teacher"]
IGNORED_NAMES = {"README.md", "readme.md"}


@dataclass
class FileResult:
    kind: Kind
    path: PurePosixPath
    record: Record | None
    problems: list[Problem] = field(default_factory=list)


def resolve(root: Path, path: PurePosixPath, findings: list[Finding], positions: Positions | None = None) -> list[Problem]:
    """Give findings their line and column (re-reading the file once)."""
    if not findings:
        return []
    positions = positions or locate(root, path)
    out = []
    for f in findings:
        line, col = positions.of(f.loc, key=f.key)
        out.append(Problem(path, line, col, f.code, f.message))
    return out


# -- discovery ---------------------------------------------------------------------------
def _walk_files(folder: Path):
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _walk_files(Path(entry.path))
            else:
                yield Path(entry.path)


def discover(root: Path) -> tuple[list[tuple[Kind, PurePosixPath]], list[Problem]]:
    """Every record file under catalog/ and teachers/, and the files that are misplaced."""
    found: list[tuple[Kind, PurePosixPath]] = []
    problems: list[Problem] = []
    for top in ("catalog", "teachers"):
        base = root / top
        if not base.is_dir():
            continue
        for file in _walk_files(base):
            rel = PurePosixPath(file.relative_to(root).as_posix())
            if rel.name in IGNORED_NAMES:
                continue
            kind, why = _classify(rel)
            if why:
                problems.append(Problem(rel, None, None, "bad-filename", why))
            elif kind:
                found.append((kind, rel))
    found.sort(key=lambda item: str(item[1]))
    return found, problems


def _classify(rel: PurePosixPath) -> tuple[Kind | None, str | None]:
    parts = rel.parts
    if rel.suffix == ".yaml":
        return None, f"扩展名请用 .yml（把 {rel.name} 改名为 {rel.stem}.yml）。"
    if rel.suffix != ".yml":
        return None, f"记录目录中只能放 .yml 记录文件（和 README.md），{quote(rel.name)} 不是记录。"
    if parts[0] == "catalog":
        folders = "、".join(f"catalog/{name}/" for name in CATALOG_FOLDERS)
        if len(parts) != 3 or parts[1] not in CATALOG_FOLDERS:
            if len(parts) == 3:
                guess = suggest(parts[1], CATALOG_FOLDERS)
                hint = f"是否应放在 catalog/{guess}/？" if guess else ""
                return None, f"catalog/ 下没有 {quote(parts[1])} 这一类记录。{hint}可用目录：{folders}。"
            return None, f"记录文件应直接放在 {folders} 之一中。"
        return CATALOG_FOLDERS[parts[1]], None
    if len(parts) != 3:
        return None, "师资记录应放在 teachers/<师资库代码>/ 中，例如 teachers/national/zhang-wei.yml 或 teachers/330000/li-na.yml。"
    return TEACHER_KIND, None


# -- one file ----------------------------------------------------------------------------
def check_file(root: Path, kind: Kind, path: PurePosixPath) -> FileResult:
    loaded = load_file(root, path)
    if loaded.data is None:
        return FileResult(kind, path, None, loaded.problems)
    data = loaded.data
    try:
        record = kind.model.model_validate(data)
    except ValidationError as exc:
        findings = schema_findings(kind.model, exc)
        return FileResult(kind, path, None, resolve(root, path, findings))
    findings = checks.record_findings(kind, path, record, data)
    if findings:
        return FileResult(kind, path, None if any_blocking(findings) else record, resolve(root, path, findings))
    return FileResult(kind, path, record)


def any_blocking(findings: list[Finding]) -> bool:
    # a record whose id does not match its file would confuse every cross-reference
    return any(f.code in ("id-mismatch", "pool-mismatch") for f in findings)


def check_all(root: Path, items: list[tuple[Kind, PurePosixPath]], jobs: int = 0) -> list[FileResult]:
    """Check every file; large data sets are split over processes (parsing is CPU-bound)."""
    jobs = jobs or min(os.cpu_count() or 1, 8)
    if jobs <= 1 or len(items) < 2000:
        return [check_file(root, kind, path) for kind, path in items]
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    size = max(200, len(items) // (jobs * 4))
    chunks = [[(k.name, str(p)) for k, p in items[i : i + size]] for i in range(0, len(items), size)]
    with ctx.Pool(jobs) as pool:
        parts = pool.map(_check_chunk, [(str(root), chunk) for chunk in chunks])
    return [result for part in parts for result in part]


def _check_chunk(args) -> list[FileResult]:
    root, chunk = args
    return [check_file(Path(root), KINDS[kind], PurePosixPath(path)) for kind, path in chunk]


# -- pydantic errors -> findings ------------------------------------------------------------
def _field_of(model: type[BaseModel] | None, name: str):
    if model is None:
        return None
    for attr, info in model.model_fields.items():
        if (info.alias or attr) == name:
            return info
    return None


def _inner_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None


def describe(model: type[BaseModel], loc: tuple) -> tuple[str, str | None, type[BaseModel] | None]:
    """("reviews[2].year", "复核年份", model owning the last field) for a loc."""
    shown = ""
    title = None
    owner: type[BaseModel] | None = model
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            shown += f"[{part}]"
            continue
        shown += ("." if shown else "") + str(part)
        info = _field_of(current, str(part))
        owner = current
        title = info.title if info else None
        current = _inner_model(info.annotation) if info else None
    return shown, title, owner


def _fields_hint(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def schema_findings(model: type[BaseModel], exc: ValidationError) -> list[Finding]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        shown, title, owner = describe(model, loc)
        subject = f"{shown}（{title}）" if title else shown
        if kind == "extra_forbidden":
            name = str(loc[-1])
            fields = _fields_hint(owner)
            by_title = next(
                (info.alias or attr for attr, info in (owner.model_fields.items() if owner else []) if info.title == name), None
            )
            guess = by_title or suggest(name, fields)
            hint = f"是否为 {guess}？" if guess else ""
            out.append(
                Finding(loc, "unknown-field", f"未知字段 {quote(name)}。{hint}这里可用的字段：{'、'.join(fields)}。", key=True)
            )
        elif kind == "missing":
            out.append(Finding(loc[:-1], "missing-field", f"缺少必填字段 {subject}。"))
        elif kind in ("list_type", "model_type", "dict_type", "model_attributes_type"):
            if err.get("input") is None:
                out.append(Finding(loc, "empty-value", f"{subject}不能为空。"))
            else:
                want = "列表（每项一行，以“- ”开头）" if kind == "list_type" else "映射（下一级的“键: 值”）"
                out.append(Finding(loc, "bad-type", f"{subject}应为{want}。"))
        elif kind == "too_short":
            out.append(Finding(loc, "empty-value", f"{subject}至少要有一项。"))
        elif kind in ("empty-value", "bad-type", "bad-value", "bad-vocab", "bad-id", "bad-year", "bad-isbn", "too-long"):
            sep = "" if err["msg"].startswith("不能") else "："
            out.append(Finding(loc, kind, f"{subject}{sep}{err['msg']}"))
        else:  # a pydantic check without a Chinese message of ours: still reported, never dropped
            out.append(Finding(loc, "bad-value", f"{subject}：值不符合要求（{err['msg']}）。"))
    return out
