"""Stage 2: files on disk -> validated record models, every problem collected.

Each file is handled alone (so files can be checked in parallel): strict load, schema,
then the record's own consistency checks (checks.py). Problems found on data (with a
``loc`` such as ("reviews", 2, "year")) are mapped back to line:column by re-reading only
the files that have problems.
"""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from pydantic import BaseModel, ValidationError

from . import checks

from . import textchecks
from . import parallel
from .load import Loaded, Positions, load_file, locate
from .fields import suggest
from .kind import Kind, Record, describe
from .kinds import KINDS
from .secrets import Gate, Secrets, key_kinds
from .problems import CODES, Finding, Problem, quote

CATALOG_FOLDERS = {k.folder.split("/", 1)[1]: k for k in KINDS.values() if k.folder.startswith("catalog/")}
TEACHER_KIND = KINDS["teacher"]
IGNORED_NAMES = {"README.md", "readme.md"}


class Facts(NamedTuple):
    """What the checks across records need from one valid record: small enough to ship
    back from a worker process cheaply (a whole pydantic model is not)."""

    id: str
    pool: str | None
    refs: tuple[tuple[str, object], ...]  # (field, id or list of ids), as Kind.refs lists them
    place: tuple[str, str, str | None] | None = None  # a department's (level, type, province)
    maintainers: tuple[str, ...] = ()  # a department's reviewers (CODEOWNERS)
    secret: tuple[tuple[str, str, str], ...] = ()  # secrets.secret_keys: its private values that are secret
    secret_kinds: tuple[int, int] = (0, 0)  # secrets.key_kinds of them


def facts_of(kind: Kind, record: Record, data: dict, public: textchecks.PublicText) -> Facts:
    refs = tuple((f, getattr(record, f)) for f, _ in kind.refs)
    place = (record.level, record.type, record.province) if kind.name == "department" else None
    maintainers = tuple(record.maintainers) if kind.name == "department" else ()
    secret = textchecks.secret_keys(kind, data, public)
    return Facts(record.id, getattr(record, "pool", None), refs, place, maintainers, secret, key_kinds(secret) if secret else (0, 0))


@dataclass
class FileResult:
    kind: Kind
    path: PurePosixPath
    record: Record | None  # None when invalid, or when the caller only validates
    problems: list[Problem] = field(default_factory=list)
    facts: Facts | None = None  # present whenever the record is valid
    view: tuple | None = None  # (kind, data, public text): for the cross-record privacy check
    leak: tuple | None = None  # (owner, field) of another record's private value in its text


@contextmanager
def no_gc():
    """Loading builds millions of small objects and no cycles; the cyclic collector would
    rescan them over and over (measured: pydantic validation 3x slower with it on).
    Nested uses are fine: only the outermost one turns the collector back on. What loading
    left is frozen first: the first collection after it would otherwise scan all of it, for
    nothing (0.3–0.5 s at national scale); reference counting still frees it as usual."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()
            gc.enable()


def resolve(root: Path, path: PurePosixPath, findings: list[Finding], positions: Positions | None = None) -> list[Problem]:
    """Give findings their line and column (re-reading the file once)."""
    if not findings:
        return []
    positions = positions or locate(root, path)
    out = []
    for f in findings:
        line, col = positions.of(f.loc, key=f.key, line_in_value=f.line_in_value)
        out.append(Problem(path, line, col, f.code, f.message))
    return out


# -- discovery ---------------------------------------------------------------------------
_OUTSIDE = "这是指向数据目录之外的链接（{target}）；记录必须放在数据目录中，这里的内容不会被读取，也不会发布。请把文件本身放进来。"


def _outside(path: str, root: str) -> str | None:
    """Where a link leads when that is outside the data root (else None)."""
    target = os.path.realpath(path)
    return None if target == root or target.startswith(root.rstrip(os.sep) + os.sep) else target


def _walk_files(folder: str, rel: str, problems: list[Problem], root: str = ""):
    """Relative paths of every file below folder. Dot-files are skipped (editor and system
    files) unless they look like records; unreadable folders become problems, and so do
    links that lead out of the data root."""
    try:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(PurePosixPath(rel), None, None, "unreadable", f"无法读取这个目录（系统提示：{exc.strerror}），其中的记录没有检查。"))
        return
    for entry in listed:
        if entry.name.startswith(".") and not entry.name.endswith((".yml", ".yaml")):
            continue
        if entry.is_symlink() and root:
            target = _outside(entry.path, root)
            if target is not None:
                problems.append(Problem(PurePosixPath(f"{rel}/{entry.name}"), None, None, "link-outside", _OUTSIDE.format(target=target)))
                continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_files(entry.path, f"{rel}/{entry.name}", problems, root)
        elif entry.is_symlink() and entry.is_dir():
            message = "这是指向其他目录的链接；记录目录不能是链接（其中的记录没有检查），请把记录直接放进来。"
            problems.append(Problem(PurePosixPath(f"{rel}/{entry.name}"), None, None, "bad-filename", message))
        else:
            yield f"{rel}/{entry.name}"


def discover(root: Path) -> tuple[list[tuple[Kind, PurePosixPath]], list[Problem]]:
    """Every record file under catalog/ and teachers/, and the files that are misplaced."""
    found: list[tuple[Kind, PurePosixPath]] = []
    problems: list[Problem] = []
    real_root = os.path.realpath(root)
    for top in ("catalog", "teachers"):
        base = os.path.join(root, top)
        if not os.path.isdir(base):
            continue
        target = _outside(base, real_root) if os.path.islink(base) else None
        if target is not None:
            problems.append(Problem(PurePosixPath(top), None, None, "link-outside", _OUTSIDE.format(target=target)))
            continue
        for rel_text in _walk_files(base, top, problems, real_root):
            parts = rel_text.split("/")
            if parts[-1] in IGNORED_NAMES:
                continue
            rel = PurePosixPath(rel_text)
            kind = _fast_kind(parts)
            if kind is None:
                kind, why = _classify(rel)
                if why:
                    problems.append(Problem(rel, None, None, "bad-filename", why))
                    continue
            found.append((kind, rel))
    found.sort(key=lambda item: str(item[1]))
    return found, problems


def _fast_kind(parts: list[str]) -> Kind | None:
    """The kind of a well-placed record file, or None to let _classify explain."""
    if len(parts) == 3 and parts[2].endswith(".yml") and not parts[2].startswith("."):
        if parts[0] == "teachers":
            return TEACHER_KIND
        return CATALOG_FOLDERS.get(parts[1])
    return None


def _classify(rel: PurePosixPath) -> tuple[Kind | None, str | None]:
    parts = rel.parts
    if rel.name.startswith("."):
        return None, f"文件名不能以“.”开头（{quote(rel.name)}），否则很多工具会把它当作隐藏文件；请去掉开头的“.”。"
    if rel.suffix == ".yaml":
        return None, f"扩展名请用 .yml（把 {quote(rel.name)} 改名为 {quote(rel.stem + '.yml')}）。"
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
def check_file(root: Path, kind: Kind, path: PurePosixPath, keep: bool = True) -> FileResult:
    """Load, validate and self-check one file; keep=False drops the model (facts remain)."""
    return check_loaded(root, kind, load_file(root, path), keep)


def check_loaded(root: Path, kind: Kind, loaded: Loaded, keep: bool = True) -> FileResult:
    path = loaded.path
    if loaded.data is None:
        return FileResult(kind, path, None, loaded.problems)
    data = loaded.data
    try:
        record = kind.model.model_validate(data)
    except ValidationError as exc:
        findings = schema_findings(kind, exc)
        return FileResult(kind, path, None, resolve(root, path, findings))
    public = textchecks.public_text(kind, data)
    findings = checks.record_findings(kind, path, record, data, public)
    if any(f.code in BLOCKING for f in findings):
        return FileResult(kind, path, None, resolve(root, path, findings))
    return FileResult(kind, path, record if keep else None, resolve(root, path, findings), facts_of(kind, record, data, public), (kind, data, public))


# a record whose id or pool contradicts its file's place would confuse every cross-reference
BLOCKING = frozenset(("id-mismatch", "pool-mismatch"))
PARALLEL_FROM = 2000  # below this many files, starting processes costs more than it saves


def check_all(root: Path, items: list[tuple[Kind, PurePosixPath]], jobs: int = 0, keep: bool = True) -> list[FileResult]:
    """Check every file, large data sets in several processes, then every record's public
    text against every private value (FileResult.leak). Only small things travel between processes:
    for plain validation the problems and facts of each file, while its public text stays
    in the process that read it for the second round; when the models are wanted, the
    parsed data (pydantic models cost more to send than to build), which this process then
    validates."""
    jobs = parallel.jobs_for(jobs, len(items), PARALLEL_FROM)
    with no_gc():
        if not keep:
            sent, news, leaks = parallel.two_phase(lambda item: _facts_only(root, item), _news, _leaks, items, jobs)
            return [FileResult(kind, path, None, problems, facts, None, leak) for (kind, path), (_, problems, facts, _), leak in zip(items, sent, leaks)]
        loaded = parallel.map_shares(lambda item: load_file(root, item[1]), items, jobs)
        results = [check_loaded(root, kind, one, keep=True) for (kind, _), one in zip(items, loaded)]
        sent = [(r.kind.name, r.problems, r.facts, None if r.view is None else textchecks.flags(r.view[2])) for r in results]
        news = _news(sent)
        for r, leak in zip(results, _leaks(news, [r.view for r in results])):
            r.leak, r.view = leak, None  # the data need not outlive the check
        return results


def _facts_only(root: Path, item: tuple[Kind, PurePosixPath]) -> tuple:
    result = check_file(root, item[0], item[1], keep=False)
    view = result.view
    return (item[0].name, result.problems, result.facts, None if view is None else textchecks.flags(view[2])), view


def secret_keys(results) -> tuple:
    """The secret private values of every valid record (secrets.secret_keys, with owners)."""
    return tuple(((r.kind.name, r.facts.id), *key) for r in results if r.facts is not None for key in r.facts.secret)


def _news(sent: list) -> tuple | None:
    """What the second round needs: the secret keys and their gate, or None when no
    record's text could hold any of them (then nothing travels and nothing is folded)."""
    gate = Gate()
    digits, hint, street = 0, False, False
    for _, _, facts, flags in sent:
        if facts is not None and facts.secret:
            gate.add(*facts.secret_kinds)
        if flags is not None:
            digits, hint, street = max(digits, flags[0]), hint or flags[1], street or flags[2]
    if not gate((digits, hint, street)):
        return None
    keys = tuple(((kind, facts.id), *key) for kind, _, facts, _ in sent if facts is not None for key in facts.secret)
    return keys, gate


def _leaks(news: tuple | None, views: list) -> list:
    """(owner, field) of a private value in each record's public text, or None; only the
    records the gate lets through are folded and scanned."""
    out: list = [None] * len(views)
    if news is None:
        return out
    keys, gate = news
    present = [i for i, view in enumerate(views) if view is not None and gate(textchecks.flags(view[2]))]
    if present:
        found = Secrets(keys).scan([textchecks.public_view(*views[i]) for i in present])
        for i, leak in zip(present, found):
            out[i] = leak
    return out


# -- pydantic errors -> findings ------------------------------------------------------------
def _fields_hint(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def schema_findings(record_kind: Kind, exc: ValidationError) -> list[Finding]:
    model = record_kind.model
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        shown, title, owner = describe(model, loc)
        subject = f"{shown}（{title}）" if title else shown
        if loc and loc[0] in record_kind.private_fields and kind not in ("extra_forbidden", "missing", "empty-value"):
            # CI logs are public: say what is wrong with a contact field, never what it holds
            out.append(Finding(loc, kind if kind in CODES else "bad-value", f"{subject} 的格式不对（为保护个人信息，这里不显示所填内容）。"))
            continue
        if kind == "extra_forbidden":
            name = str(loc[-1])
            fields = _fields_hint(owner)
            by_title = next(
                (info.alias or attr for attr, info in (owner.model_fields.items() if owner else []) if info.title == name), None
            )
            guess = by_title or suggest(name, fields, cutoff=0.7)
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
