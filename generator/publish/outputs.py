"""Where peixun may write: it replaces or overwrites only what it wrote itself.

A built site carries a marker file; `peixun build` replaces an output folder only when it
holds that marker or is empty. Commands that write single files into a folder (offline
zips, schemas) overwrite a file only when the folder's list of peixun files names it
with the same content. No output folder may be, or hold, the data, the configuration or
the project, and none may be the filesystem root or the home folder.

Files made in memory (open data, the print edition) say their size and SHA-256 (Sized,
size_text) wherever they are offered.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Iterable

SITE_MARK = ".peixun-site"
SITE_MARK_TEXT = "peixun build 生成的网站目录。下一次生成时整个目录会被替换：请不要在这里存放自己的文件。\n"
FILES_MARK = ".peixun-files"  # {file name: sha256} of the files peixun wrote into a folder
RECORD_FOLDERS = ("catalog", "teachers")


class Refused(Exception):
    """An output place peixun must not write to; the message says why, in Chinese."""


def _resolved(path: Path) -> Path:
    return Path(os.path.abspath(path)).resolve()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_place(out: Path, *, data: Path | None = None, config: Path | None = None, project: Path | None = None, docs: Path | None = None) -> Path:
    """The resolved output folder, or Refused when writing there could harm something."""
    shown = str(out)
    if out.is_symlink():
        raise Refused(f"输出目录 {shown} 是一个链接：peixun 不替换链接，请直接给出目录。")
    target = _resolved(out)
    if target == Path(target.anchor):
        raise Refused(f"输出目录 {shown} 是文件系统的根目录，不能写在这里。")
    home = Path.home()
    if home != Path(home.anchor) and target == _resolved(home):
        raise Refused(f"输出目录 {shown} 是用户主目录，不能写在这里；请用一个新的子目录，例如 site/。")
    named = {"数据目录": data, "配置文件": config, "项目目录": project, "页面目录（docs_dir）": docs}
    for label, place in named.items():
        if place is None:
            continue
        place = _resolved(place)
        if _inside(place, target):
            what = "就是" if place == target else "包含了"
            raise Refused(f"输出目录 {shown} {what}{label} {place}，生成时会把它替换掉；请另选一个目录，例如 site/。")
    # inside the record folders it would be read as records; inside docs_dir, as pages
    inner = [_resolved(data) / folder for folder in RECORD_FOLDERS] if data is not None else []
    inner += [_resolved(docs)] if docs is not None else []
    for place in inner:
        if _inside(target, place):
            where = f"就是 {place}" if target == place else f"在 {place} 之中"
            raise Refused(f"输出目录 {shown} {where}，生成的文件会和记录或页面混在一起；请另选一个目录。")
    if target.exists() and not target.is_dir():
        raise Refused(f"{shown} 是一个文件，不是目录；peixun 不会覆盖它。")
    return target


def check_site_folder(out: Path, **protected) -> Path:
    """A folder `peixun build` may replace whole: absent, empty, or a site it built."""
    target = check_place(out, **protected)
    if target.is_dir() and not is_site(target):
        try:
            empty = next(target.iterdir(), None) is None
        except OSError as exc:
            raise Refused(f"无法读取输出目录 {out}（{exc.strerror}）。") from exc
        if not empty:
            raise Refused(
                f"输出目录 {out} 已有内容，但不是 peixun 生成的网站（其中没有 {SITE_MARK}）；为免删掉其中的文件，"
                "peixun 只替换自己生成的目录。请另选一个新目录，或先自行清空它。"
            )
    return target


def is_site(folder: Path) -> bool:
    mark = folder / SITE_MARK
    try:
        return mark.is_file() and not mark.is_symlink() and mark.read_text(encoding="utf-8") == SITE_MARK_TEXT
    except (OSError, UnicodeDecodeError):
        return False


def mark_site(folder: Path) -> None:
    (folder / SITE_MARK).write_text(SITE_MARK_TEXT, encoding="utf-8")


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _written(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / FILES_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def check_files(folder: Path, names: Iterable[str], ours: Callable[[Path], bool] | None = None, **protected) -> Path:
    """A folder peixun may write these files into: each existing one must be a file peixun
    wrote there (listed with the same content), or one that `ours` recognises."""
    target = check_place(folder, **protected)
    known = _written(target) if target.is_dir() else {}
    for name in names:
        path = target / name
        if not (path.exists() or path.is_symlink()):
            continue
        mine = not path.is_symlink() and path.is_file() and (known.get(name) == _digest(path) or (ours is not None and ours(path)))
        if not mine:
            raise Refused(f"{path} 已存在，但不是 peixun 写的（或写出后被改过）；peixun 不会覆盖它。请移走它，或另选输出目录。")
    return target


def record_files(folder: Path, paths: Iterable[Path]) -> None:
    """Remember the files peixun wrote into folder (name and content), for check_files."""
    known = _written(folder)
    for path in paths:
        known[path.name] = _digest(path)
    (folder / FILES_MARK).write_text(json.dumps(known, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def peixun_files(folder: Path) -> list[Path]:
    """The files of folder that peixun wrote and nobody changed since."""
    return [folder / name for name, digest in sorted(_written(folder).items()) if (folder / name).is_file() and _digest(folder / name) == digest]


CACHE_MARK = ".peixun-cache"
CACHE_MARK_TEXT = "peixun build 的缓存目录：记录没有变化的页面直接沿用。可以随时删除（peixun clean 会删除它）。\n"


def cache_folder(site: Path) -> Path:
    """The build cache of a site folder (website/cache.py), beside it."""
    return site.parent / f".{site.name}.peixun-cache"


def is_cache(folder: Path) -> bool:
    mark = folder / CACHE_MARK
    try:
        return mark.is_file() and not mark.is_symlink() and mark.read_text(encoding="utf-8") == CACHE_MARK_TEXT
    except OSError:
        return False


def clean(site: Path, dist: Path) -> list[Path]:
    """Remove a site peixun built, its build cache and the files peixun wrote into dist; nothing else."""
    import shutil

    removed = []
    if site.is_dir() and not site.is_symlink() and is_site(site):
        shutil.rmtree(site)
        removed.append(site)
    cache = cache_folder(site)
    if cache.is_dir() and not cache.is_symlink() and is_cache(cache):
        shutil.rmtree(cache)
        removed.append(cache)
    if dist.is_dir() and not dist.is_symlink():
        for path in peixun_files(dist):
            path.unlink()
            removed.append(path)
        (dist / FILES_MARK).unlink(missing_ok=True)
        try:
            dist.rmdir()  # only when nothing else is left in it
        except OSError:
            pass
    return removed


class Sized:
    """A file made in memory (it has .data): its size and SHA-256, shown beside its link."""

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def size_text(size: int) -> str:
    """A file size as people read it: 860 字节, 37.5 KB, 12.4 MB."""
    if size < 1024:
        return f"{size} 字节"
    return f"{size / 1024:.1f} KB" if size < 1048576 else f"{size / 1048576:.1f} MB"
