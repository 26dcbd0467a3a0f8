"""`peixun diff`: what a working tree changes in the records, against a git revision.

Reads the changed files' old versions with `git show`, parses both sides with the project's
loader and compares them field by field. A teacher file that left one pool folder and
appeared in another (same id) is a move, not a removal and an addition. Values are never
shown except the yearly events of teachers (status, moves, sharing, reviews): the summary is
posted on pull requests, and contact fields are private.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..records import vocab as V
from ..records.load import load_bytes, read_bytes
from ..records.kind import describe
from ..records.kinds import KINDS
from ..records.problems import display_path, md_cell
from ..records.validate import CATALOG_FOLDERS


class GitError(Exception):
    """git failed or the revision is unknown; the message is for the user (Chinese)."""


def git(cwd: Path, *args: str, check: bool = True) -> bytes:
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=false", *args], cwd=cwd, capture_output=True, timeout=120)
    except FileNotFoundError as exc:
        raise GitError("找不到 git 命令，请先安装 git。") from exc
    if check and done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:2])} 失败：{detail[-1] if detail else done.returncode}")
    return done.stdout if done.returncode == 0 else b""


def _verified(cwd: Path, rev: str) -> str | None:
    out = git(cwd, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
    return out.decode().strip() or None


def resolve_base(cwd: Path, rev: str | None) -> tuple[str, str]:
    """(commit, how to name it): REV as given, else the merge base of HEAD with main."""
    if not git(cwd, "rev-parse", "--is-inside-work-tree", check=False).strip():
        raise GitError(f"{cwd} 不在 git 仓库中：peixun diff 需要在仓库的工作区中运行。")
    if rev:
        commit = _verified(cwd, rev)
        if not commit:
            raise GitError(f"找不到版本 {rev!r}（分支、标签或提交号）。")
        return commit, rev
    if not _verified(cwd, "HEAD"):
        raise GitError("仓库还没有任何提交，请指定要对比的版本。")
    candidates = []
    base_ref = os.environ.get("GITHUB_BASE_REF")  # the target branch of a pull request in Actions
    if base_ref:
        candidates += [f"origin/{base_ref}", base_ref]
    candidates += ["main", "origin/main", "master", "origin/master"]
    for name in candidates:
        if _verified(cwd, name):
            merge_base = git(cwd, "merge-base", "HEAD", name, check=False).decode().strip()
            if merge_base:
                return merge_base, f"{name} 的合并基点"
    raise GitError("找不到 main 分支（也没有 origin/main），请指定要对比的版本，例如 peixun diff HEAD~1。")


@dataclass
class Change:
    kind: str
    action: str  # added, removed, changed, moved
    path: str
    old_path: str | None = None
    title: str = ""
    fields: list[str] = field(default_factory=list)  # Chinese titles of changed fields
    events: list[str] = field(default_factory=list)  # teachers: what happened, in words
    unreadable: bool = False


@dataclass
class Summary:
    base: str
    label: str
    changes: list[Change]
    other_files: int = 0

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


def _kind_of(rel: str):
    parts = rel.split("/")
    if len(parts) != 3 or not parts[2].endswith(".yml"):
        return None
    if parts[0] == "teachers":
        return KINDS["teacher"]
    if parts[0] == "catalog":
        return CATALOG_FOLDERS.get(parts[1])
    return None


def _checkout(root: Path) -> tuple[Path, str]:
    """The work tree's top folder, and the data root as a path prefix inside it ("" or "data/")."""
    top = Path(git(root, "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape").strip()).resolve()
    try:
        rel = root.resolve().relative_to(top).as_posix()
    except ValueError as exc:
        raise GitError(f"数据目录 {root} 不在 git 仓库 {top} 中。") from exc
    return top, "" if rel == "." else rel + "/"


def _zsplit(out: bytes) -> list[str]:
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def _changed(top: Path, base: str, prefix: str) -> tuple[dict[str, str], int]:
    """{data-relative path: A|D|M} for record files, and how many other files changed."""
    tokens = _zsplit(git(top, "diff", "--name-status", "-z", "--no-renames", base, "--"))
    pairs = list(zip(tokens[::2], tokens[1::2]))
    untracked = _zsplit(git(top, "ls-files", "--others", "--exclude-standard", "-z"))
    in_base = set(_zsplit(git(top, "ls-tree", "-r", "-z", "--name-only", base, "--", *untracked))) if untracked else set()
    pairs += [("M" if path in in_base else "A", path) for path in untracked]
    records, others = {}, 0
    for status, path in pairs:
        rel = path[len(prefix):] if path.startswith(prefix) else None
        if rel is not None and _kind_of(rel):
            records[rel] = "M" if status[0] not in "AD" else status[0]
        else:
            others += 1
    return records, others


def _old(root: Path, base: str, prefix: str, rel: str) -> dict | None:
    raw = git(root, "show", f"{base}:{prefix}{rel}", check=False)
    return load_bytes(raw, PurePosixPath(rel)).data if raw else None


def _new(root: Path, rel: str) -> dict | None:
    raw, problem = read_bytes(root, PurePosixPath(rel))
    return None if problem else load_bytes(raw, PurePosixPath(rel)).data


def _redacted(text: object) -> str:
    """Contributor text for the summary, with anything shaped like contact data blanked: the
    job summary of a pull request is public even when validate rejects the text."""
    from ..records.privacy import mask

    return mask(str(text))


def _shown(text: object) -> str:
    """Titles, paths and reasons as one escaped line (no control characters, no line breaks)."""
    return display_path(_redacted(text))


def _field_title(kind, key: str) -> str:
    return describe(kind.model, (key,))[1] or key


def _pool(code: object) -> str:
    return V.pool_label(str(code))


def _scope(scope: object) -> str:
    items = [str(s) for s in scope] if isinstance(scope, list) else []
    return "共享给" + V.scope_text(items) if items else "不再共享"


def _entries(data: dict | None, key: str) -> list:
    value = (data or {}).get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def teacher_events(old: dict | None, new: dict | None) -> list[str]:
    """The yearly events the new version adds: status changes, moves, sharing, reviews."""
    events = []
    if old is None and new is not None:
        events.append(f"新入库：{_pool(new.get('pool'))}，{new.get('entry_year', '?')} 年")
    if new is None:
        return events
    if old is not None and old.get("pool") != new.get("pool"):
        events.append(f"所属师资库：{_pool(old.get('pool'))} → {_pool(new.get('pool'))}")

    def added(key: str) -> list[dict]:
        before = _entries(old, key)
        return [e for e in _entries(new, key) if e not in before]

    for e in added("status_changes"):
        reason = f"（{_redacted(e['reason'])}）" if e.get("reason") else ""
        events.append(f"{e.get('year', '?')} 年状态：{e.get('status', '?')}{reason}")
    for e in added("moves"):
        events.append(f"{e.get('year', '?')} 年调动：{_pool(e.get('from'))} → {_pool(e.get('to'))}")
    for e in added("sharing"):
        events.append(f"{e.get('year', '?')} 年起{_scope(e.get('scope'))}")
    for e in added("reviews"):
        events.append(f"{e.get('year', '?')} 年复核：{e.get('result', '?')}")
    return events


def _title(kind, data: dict | None, rel: str) -> str:
    value = (data or {}).get(kind.title_field)
    return value if isinstance(value, str) and value.strip() else PurePosixPath(rel).stem


def summarize(root: Path, rev: str | None = None) -> Summary:
    root = root.resolve()
    base, label = resolve_base(root, rev)
    top, prefix = _checkout(root)
    changed, others = _changed(top, base, prefix)
    changes: list[Change] = []
    # a teacher removed from one pool folder and added to another under the same id moved;
    # each removed file pairs with at most one added file
    removed = {}
    for p, st in sorted(changed.items()):
        if st == "D" and p.startswith("teachers/"):
            removed.setdefault(PurePosixPath(p).stem, []).append(p)
    moved_from: dict[str, str] = {}
    for p, st in sorted(changed.items()):
        stem = PurePosixPath(p).stem
        if st == "A" and p.startswith("teachers/") and removed.get(stem):
            moved_from[p] = removed[stem].pop(0)
    paired = set(moved_from.values())
    for rel, status in sorted(changed.items()):
        kind = _kind_of(rel)
        if rel in paired:
            continue  # reported with its new place
        old = _old(root, base, prefix, rel) if status != "A" else None
        new = _new(root, rel) if status != "D" else None
        old_path = moved_from.get(rel)
        if old_path:
            old = _old(root, base, prefix, old_path)
            status = "R"
        change = _compared(kind, status, rel, old, new, old_path)
        if change is not None:
            changes.append(change)
    return _sorted(Summary(base, label, changes, others))


def _compared(kind, status: str, rel: str, old: dict | None, new: dict | None, old_path: str | None = None) -> Change | None:
    """The change of one file (status A, D, M or R); None when only comments or layout changed."""
    action = {"A": "added", "D": "removed", "M": "changed", "R": "moved"}[status]
    change = Change(kind.name, action, rel, old_path, _title(kind, new if new is not None else old, rel))
    if status in "MR":
        if new is None:
            change.unreadable = True
        elif old is None:
            change.fields = ["（旧版本无法解析，未逐项对比）"]
        else:
            keys = list(dict.fromkeys([*old, *new]))
            change.fields = [_field_title(kind, k) for k in keys if old.get(k) != new.get(k)]
    elif status == "A" and new is None:
        change.unreadable = True
    if kind.name == "teacher" and not change.unreadable:
        change.events = teacher_events(old, new)
    if status == "M" and not change.fields and not change.unreadable:
        return None
    return change


def _sorted(s: Summary) -> Summary:
    order = {name: i for i, name in enumerate(KINDS)}
    s.changes.sort(key=lambda c: (order[c.kind], c.path))
    return s


def from_data(items, label: str) -> Summary:
    """The summary of changes made here rather than found in git: (kind, path, old data or
    None, new data) with both sides as the loader reads them (an import says what it wrote)."""
    changes = [_compared(KINDS[kind], "A" if old is None else "M", rel, old, new) for kind, rel, old, new in items]
    return _sorted(Summary("", label, [c for c in changes if c is not None]))


ACTIONS = {"added": "新增", "changed": "修改", "moved": "调动", "removed": "删除"}


def _headline(s: Summary) -> str:
    where = f"对比 {s.label}（{s.base[:7]}）" if s.base else f"对比{s.label}"
    if not s.changes:
        tail = f"；另有 {s.other_files} 个其他文件改动" if s.other_files else ""
        return f"记录没有变化（{where}）{tail}。"
    parts = [f"{ACTIONS[a]} {s.count(a)} 条" for a in ACTIONS if s.count(a)]
    tail = f"；另有 {s.other_files} 个其他文件改动" if s.other_files else ""
    return f"记录变化（{where}）：{'，'.join(parts)}{tail}。"


def _what(c: Change) -> str:
    if c.unreadable:
        return "文件无法读取或解析，运行 peixun validate 查看原因"
    if c.action == "moved":
        return f"由 {_shown(c.old_path)} 移来" + (f"；字段：{'、'.join(c.fields)}" if c.fields else "")
    return "、".join(c.fields)


def as_text(s: Summary) -> str:
    lines = [_headline(s)]
    for action, mark in (("added", "+"), ("changed", "~"), ("moved", ">"), ("removed", "-")):
        rows = [c for c in s.changes if c.action == action]
        if rows:
            lines += ["", f"{ACTIONS[action]}："]
            for c in rows:
                what = _what(c)
                lines.append(f"  {mark} {KINDS[c.kind].label} {_shown(c.title)}（{_shown(c.path)}）" + (f"：{_shown(what)}" if what else ""))
    events = [c for c in s.changes if c.events]
    if events:
        lines += ["", "师资状态变化："]
        lines += [f"  {_shown(c.title)}（{_shown(c.path)}）：{_shown('；'.join(c.events))}" for c in events]
    return "\n".join(lines) + "\n"


def as_markdown(s: Summary) -> str:
    lines = ["## 记录变化", "", md_cell(_headline(s))]
    if s.changes:
        lines += ["", "| 变化 | 类别 | 记录 | 文件 | 改动 |", "| --- | --- | --- | --- | --- |"]
        for c in s.changes:
            cells = [ACTIONS[c.action], KINDS[c.kind].label, c.title, c.path, _what(c)]
            lines.append("| " + " | ".join(md_cell(_shown(x)) for x in cells) + " |")
    events = [c for c in s.changes if c.events]
    if events:
        lines += ["", "### 师资状态变化", ""]
        lines += [f"- {md_cell(_shown(c.title))}（{md_cell(_shown(c.path))}）：{md_cell(_shown('；'.join(c.events)))}" for c in events]
    return "\n".join(lines) + "\n"
