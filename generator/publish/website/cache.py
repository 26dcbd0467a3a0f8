"""The build cache: a build after a few changed records renders only the pages made from them.

Every page the site makes is kept in a manifest under a key: a digest of what it is (its
source path, the list slice or numbers handed to it, the shell around a record page) and
of the code, settings and edition (``global_digest``), plus the reads it made while it was
rendered (tracked.py) with the digests of what they found. The next build recomputes the
digests of those reads in its own views; a page whose digests all match is taken as it was
(its content from the cache folder, or its file hard-linked from the previous site), any
other page is rendered again. Records that are gone leave no page behind: the new site is
made in a fresh folder from the pages of this build only.

The cache folder sits beside the site (``.<site>.peixun-cache``), holds a mark saying peixun
made it, and is removed by ``peixun clean``. A damaged or foreign manifest is ignored.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import shutil
from collections.abc import Mapping
from pathlib import Path

from ...records.kinds import KINDS
from ..outputs import CACHE_MARK, CACHE_MARK_TEXT, cache_folder, is_cache
from .tracked import GROUP, PLAIN, WHOLE, Tracked, Whole

FORMAT = 5  # bump when what the manifest holds changes
_MISSING = object()


# -- digests -------------------------------------------------------------------------------
def _h(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


_LONG: dict = {}  # id -> (list, its text): long lists handed to many pages (forget_long() per build)


def forget_long() -> None:
    _LONG.clear()


def stable(value) -> str:
    """A text that is the same for equal values in every process (sets sorted, objects by
    their fields), for digests. Unknown objects fail loudly rather than be half-described."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, bytes):
        return "b" + _h(value).hex()
    if isinstance(value, (list, tuple)):
        if all(type(v) is str for v in value):  # lists of ids: repr is exact and fast
            return repr(list(value))
        if len(value) > 100:  # a whole list, shared by every page of it: described once
            known = _LONG.get(id(value))
            if known is None or known[0] is not value:
                known = _LONG[id(value)] = (value, "[" + ",".join(stable(v) for v in value) + "]")
            return known[1]
        return "[" + ",".join(stable(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(stable(v) for v in value)) + "}"
    if isinstance(value, Tracked):
        return stable(value.data)
    if isinstance(value, Whole):
        return stable(value._obj)
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{stable(k)}:{stable(v)}" for k, v in value.items()) + "}"
    if hasattr(value, "model_dump_json"):
        return type(value).__name__ + value.model_dump_json()
    if dataclasses.is_dataclass(value):
        parts = [getattr(value, name) for name in _field_names(type(value))]
        if all(v is None or type(v) in (str, int, bool) for v in parts):  # a row of a list: plain values
            return type(value).__name__ + repr(parts)
        return type(value).__name__ + stable(parts)
    if hasattr(value, "func") and hasattr(value, "keywords"):  # functools.partial
        return f"partial({stable(value.func)},{stable(value.args)},{stable(sorted(value.keywords.items()))})"
    if hasattr(value, "__func__"):  # a bound method: the renderer's own, no data of its own
        return value.__func__.__qualname__
    if callable(value) and hasattr(value, "__qualname__"):
        return value.__qualname__
    raise TypeError(f"no stable text for {type(value).__name__}")


@functools.lru_cache(maxsize=None)
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def digest_of(value) -> bytes:
    return _h(stable(value).encode("utf-8"))


class Digests:
    """The digest of every (space, key) a page may read, in one edition's views, worked out
    once per build and only for what is asked."""

    def __init__(self, views, extra: dict | None = None):
        self.views = views
        self.extra = extra or {}  # spaces beside the views: the print edition, the downloads
        self.found: dict = {}

    def _space(self, space: str):
        v = self.views
        if space in KINDS:
            return v.catalog.records[space]
        if "@" in space:
            what, year = space.split("@")
            d = v.directories.get(int(year))
            return {} if d is None else {"standing": d.standings, "own": d.own, "shared": d.shared}[what]
        if space in self.extra:
            return self.extra[space]
        return getattr(v, space)

    def __call__(self, space: str, key) -> bytes:
        found = self.found.get((space, key))
        if found is None:
            found = self.found[(space, key)] = self._compute(space, key)
        return found

    def _compute(self, space: str, key) -> bytes:
        if space == GROUP:  # a shared piece's reads (tracked.Memo), in the order it noted them
            return _h(b"".join([self(*read) for read in key]))
        data = self._space(space)
        if space == "directories":  # only which years exist; their contents are other spaces
            return _h(repr(sorted(data) if key == WHOLE else key in data).encode())
        if key == WHOLE:
            if not isinstance(data, Mapping):
                return digest_of(data)
            return _h(b"".join(_h(stable(k).encode()) + self(space, k) for k in sorted(data, key=stable)))
        if not isinstance(data, Mapping):
            return digest_of(data)
        return digest_of(data[key]) if key in data else b"-"

    def carry(self, old: Digests) -> None:
        """Take the digests of an earlier build's views for every value that is still the
        same object (the preview keeps unchanged records and standings), and remember the
        earlier digests to tell what changed."""
        old.previous = None  # one build back is enough: a chain would keep every old edition alive
        self.previous = old
        # only records and standings can be the same objects (lists are made anew each time)
        spaces: dict = {}
        for (space, key), digest in old.found.items():
            if key == WHOLE or not (space in KINDS or space.startswith("standing@")):
                continue
            pair = spaces.get(space)
            if pair is None:
                pair = spaces[space] = (old._space(space), self._space(space))
            if pair[0].get(key, _MISSING) is pair[1].get(key, _MISSING):
                self.found[(space, key)] = digest

    def changed(self, read) -> bool:
        return self(*read) != self.previous(*read)

    def signature(self, reads: tuple) -> bytes:
        """One digest for a page's reads (ordered(): the entry keeps them in that order)."""
        found = self.found
        return _h(b"".join([found.get(read) or self(*read) for read in reads]))


def global_digest(config_file: Path, settings: dict, views, extra: tuple = ()) -> bytes:
    """What every page depends on: this program (every file of the generator package, and
    the versions of the libraries that shape pages), the settings and the edition."""
    from importlib.metadata import version

    package = Path(__file__).resolve().parents[2]
    parts = [f"format {FORMAT}"]
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts.append(f"{path.relative_to(package).as_posix()} {_h(path.read_bytes()).hex()}")
    for lib in ("mkdocs", "mkdocs-material", "jinja2", "markdown", "pagefind", "pypinyin", "pydantic"):
        try:
            parts.append(f"{lib} {version(lib)}")
        except Exception:  # noqa: BLE001 - a library that is not installed shapes nothing
            parts.append(f"{lib} -")
    parts.append(_h(Path(config_file).read_bytes()).hex() if Path(config_file).is_file() else "-")
    parts.append(stable(sorted((k, str(v)) for k, v in settings.items())))
    parts.append(stable([getattr(views, name) for name in PLAIN]))
    parts.append(stable(list(extra)))
    parts.append(os.environ.get("SOURCE_DATE_EPOCH", ""))
    return _h("\n".join(parts).encode("utf-8"))


_SAME: dict = {}  # one tuple object per read: the manifest pickles each once, however many pages read it


def ordered(reads) -> tuple:
    """A page's reads as the entry keeps them: the signature is taken in this stored order,
    so no canonical order (and no sort of tens of thousands of reads) is needed."""
    return tuple(map(_SAME.setdefault, reads, reads))


# -- the manifest ------------------------------------------------------------------------
@dataclasses.dataclass
class Entry:
    key: bytes  # digest of what the page is (identity) under the global digest
    reads: tuple  # (space, key) pairs read while rendering it, ordered()
    signature: bytes  # Digests.signature(reads) when it was rendered
    stat: tuple = ()  # (size, mtime_ns) of the file written, for pages taken from the previous site


class BuildCache:
    """The manifest of one site folder: page -> Entry, plus stored page contents."""

    def __init__(self, site: Path, enabled: bool = True, fresh: bool = False):
        self.site = site
        self.folder = cache_folder(site)
        self.enabled, self.fresh = enabled, fresh
        self.old: dict[str, Entry] = {}
        self.new: dict[str, Entry] = {}
        self.trees: dict[str, str] = {}  # folders of the site kept whole (the search index) -> input key
        self.reused = self.rendered = 0
        if enabled and not fresh:
            self._load()

    def _load(self) -> None:
        manifest = self.folder / "manifest.pickle"
        if not (is_cache(self.folder) and manifest.is_file()):
            return
        try:
            with manifest.open("rb") as f:
                data = pickle.load(f)  # our own file, in a folder only peixun writes
            if data.get("format") == FORMAT:
                self.old = data["pages"]
        except Exception:  # noqa: BLE001 - a damaged cache only costs a full build
            self.old = {}

    def prepare(self) -> None:
        """Make the folder (with its mark) before anything is stored in it."""
        if not self.enabled:
            return
        if self.folder.exists() and not is_cache(self.folder):
            raise FileExistsError(f"{self.folder} 已存在，但不是 peixun 的缓存目录（其中没有 {CACHE_MARK}），没有使用也没有改动它。")
        (self.folder / "pages").mkdir(parents=True, exist_ok=True)
        (self.folder / CACHE_MARK).write_text(CACHE_MARK_TEXT, encoding="utf-8")

    def valid(self, name: str, key: bytes, digests: Digests) -> Entry | None:
        """The previous entry of a page if it still holds: same key, same digests of its reads."""
        entry = self.old.get(name)
        if entry is None or entry.key != key:
            return None
        if digests.signature(entry.reads) != entry.signature:
            return None
        return entry

    def keep(self, name: str, entry: Entry) -> None:
        self.new[name] = entry

    # stored contents: pages MkDocs wraps in the theme, data scripts
    def _stored(self, name: str) -> Path:
        return self.folder / "pages" / (hashlib.blake2b(name.encode("utf-8"), digest_size=16).hexdigest() + ".pickle")

    def load_value(self, name: str):
        with self._stored(name).open("rb") as f:
            return pickle.load(f)

    def store_value(self, name: str, value) -> None:
        if self.enabled:
            path = self._stored(name)
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)

    def previous_file(self, rel: str, entry: Entry) -> Path | None:
        """The file a page had in the previous site, if it is still the one written then."""
        path = self.site / rel
        try:
            st = path.stat()
        except OSError:
            return None
        return path if entry.stat == (st.st_size, st.st_mtime_ns) else None

    def save(self) -> None:
        """Write the manifest of this build (after the new site is in place) and drop the
        stored contents no page of it uses."""
        if not self.enabled:
            return
        used = {self._stored(name).name for name in self.new}
        for path in (self.folder / "pages").iterdir():
            if path.name not in used:
                path.unlink()
        for mark in self.folder.glob("*.key"):  # the index parts this build did not make or keep
            if mark.stem not in self.trees:
                mark.unlink()
        for name, key in self.trees.items():
            (self.folder / f"{name}.key").write_text(key, encoding="utf-8")
        tmp = self.folder / "manifest.tmp"
        with tmp.open("wb") as f:
            pickle.dump({"format": FORMAT, "pages": self.new}, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self.folder / "manifest.pickle")

    def reuse_tree(self, name: str, key: str, site: Path) -> bool:
        """Hard-link the previous site's folder `name` (the search index) into the new site
        when it was made from the same input (key); False when it must be made again."""
        if not self.enabled or self.fresh:
            return False
        mark, before = self.folder / f"{name}.key", self.site / name
        try:
            same = mark.read_text(encoding="utf-8") == key
        except OSError:
            same = False
        if not same or not before.is_dir() or before.is_symlink():
            return False
        shutil.copytree(before, site / name, copy_function=os.link)
        self.trees[name] = key
        return True

    def made_tree(self, name: str, key: str) -> None:
        self.trees[name] = key


# -- products kept by their input --------------------------------------------------------
class Pieces:
    """Products kept by the digest of what they are made from (the print edition's PDFs):
    one whose input is the same as in an earlier build is taken, not typeset again, e.g.
    after an edit of a teacher's bio, which no PDF shows. Used in the products' own process,
    which only reads and adds files; the build then removes those it did not use (prune)."""

    def __init__(self, folder: Path | None, salt: bytes, reuse: bool):
        self.folder, self.salt, self.reuse = folder, salt, reuse
        self.used: list[str] = []

    def key(self, *parts: bytes) -> str:
        return hashlib.blake2b(self.salt + b"\x00".join(parts), digest_size=16).hexdigest()

    def get(self, key: str):
        if self.folder is None or not self.reuse:
            return None
        try:
            with (self.folder / f"{key}.pickle").open("rb") as f:
                value = pickle.load(f)
        except Exception:  # noqa: BLE001 - missing or damaged: made again
            return None
        self.used.append(key)
        return value

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f"{key}.tmp"
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self.folder / f"{key}.pickle")
        self.used.append(key)


def prune_pieces(folder: Path, used) -> None:
    """Remove the kept products this build did not use (the folder is the cache's own)."""
    keep = {f"{k}.pickle" for k in used}
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name not in keep:
                path.unlink()
