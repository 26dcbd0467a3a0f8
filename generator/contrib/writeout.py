"""Writing what an import planned, all or nothing: every file is written, the records are
validated as `peixun validate` does, and if any written file has a problem every file is
put back as it was (new files removed, changed files restored byte for byte).

A file that changed on disk since the import read it is not overwritten: the import stops
and restores what it wrote so far.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class Conflict(Exception):
    """A file changed between reading and writing; the message is for the user."""


def _replace(target: Path, text: str) -> None:
    """Atomically, keeping the file's permissions (mkstemp makes 0600)."""
    mode = stat.S_IMODE(target.stat().st_mode)
    fd, tmp = tempfile.mkstemp(prefix=".peixun-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _current(target: Path) -> str | None:
    try:
        with open(target, encoding="utf-8", newline="") as f:
            return f.read()
    except FileNotFoundError:
        return None


def write_all(root: Path, writes) -> list:
    """Write each (rel, old, new); returns what to undo. Raises Conflict after undoing."""
    done: list = []
    made_dirs: list[Path] = []
    try:
        for w in writes:
            target = root / w.rel
            _check_place(root, target, w)
            if _current(target) != w.old:
                raise Conflict(f"{w.rel} 在导入过程中被修改或新建了，已停止；请重新运行导入。")
            if w.old is None:
                missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs += reversed(missing)
                with open(target, "x", encoding="utf-8", newline="") as out:
                    out.write(w.new)
            else:
                _replace(target, w.new)
            done.append(w)
    except OSError as exc:
        undo(root, done, made_dirs)
        raise Conflict(f"无法写入 {w.rel}（{exc.strerror or exc}），已停止，写过的文件都已恢复。") from exc
    except BaseException:
        undo(root, done, made_dirs)
        raise
    return [done, made_dirs]


def _check_place(root: Path, target: Path, w) -> None:
    """Only plain files in plain folders of the data root: a link could send the write
    outside it (validate does not read such files either), a read-only file is meant to stay."""
    here = target
    while here != root and root in here.parents:
        if here.is_symlink():
            raise Conflict(f"{here.relative_to(root)} 是链接，导入不会写入链接或链接指向的位置；已停止，没有写入任何文件。")
        here = here.parent
    if w.old is not None and not target.stat().st_mode & stat.S_IWUSR:
        raise Conflict(f"{w.rel} 是只读文件，导入不会修改它；已停止，没有写入任何文件。")


def undo(root: Path, done: list, made_dirs: list[Path]) -> None:
    """Put every written file back: new ones removed, changed ones restored."""
    for w in reversed(done):
        target = root / w.rel
        if w.old is None:
            target.unlink(missing_ok=True)
        else:
            _replace(target, w.old)
    for folder in reversed(made_dirs):
        try:
            folder.rmdir()  # only when empty: nothing of anyone else's is removed
        except OSError:
            pass


def apply(root: Path, writes) -> tuple[list, object]:
    """Write, validate, keep only when no written file has a problem: (problems, result)."""
    from .owners import validate

    if not writes:
        return [], None
    done, made_dirs = write_all(root, writes)
    try:
        result = validate(root)
    except BaseException:
        undo(root, done, made_dirs)
        raise
    touched = {w.rel for w in writes}
    own = [p for p in result.problems if str(p.path) in touched]
    if own:
        undo(root, done, made_dirs)
    return own, result
