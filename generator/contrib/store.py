"""The records an import looks things up in: which ids are taken, which record a name or
title means, which record a row updates. Files are read when first needed (a course sheet
that names no teachers never reads the 30,000 teacher files), with the project's loader.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..records.fields import suggest
from ..records.kinds import KINDS
from ..records.load import load_bytes
from .columns import CellError


class Store:
    def __init__(self, root: Path, pool: str | None = None):
        self.root = root
        self.pool = pool
        self._paths: dict[str, dict[str, str]] = {}
        self._loaded: dict[str, dict[str, tuple[str, str, dict | None]]] = {}
        self._titles: dict[str, dict[str, list[str]]] = {}
        self._named: dict[str, dict] = {}
        self.models: dict[str, object] = {}  # path -> the model of a record usable() read

    def paths(self, kind: str) -> dict[str, str]:
        """id -> data-relative path of every file of the kind (all pools for teachers)."""
        if kind not in self._paths:
            folder = KINDS[kind].folder
            found: dict[str, str] = {}
            # teachers/<pool>/<id>.yml, catalog/<kind>/<id>.yml: os.scandir, as discovery does
            # (Path.rglob costs 1 s for 30,000 files)
            for top in sorted(_names(self.root / folder)):
                if top.endswith(".yml"):
                    found.setdefault(top[:-4], f"{folder}/{top}")
                elif kind == "teacher":
                    for name in sorted(_names(self.root / folder / top)):
                        if name.endswith(".yml"):
                            found.setdefault(name[:-4], f"{folder}/{top}/{name}")
            self._paths[kind] = found
        return self._paths[kind]

    def taken(self, kind: str) -> set[str]:
        return set(self.paths(kind))

    def owner_of(self, kind: str, record_id: str) -> str | None:
        return self.paths(kind).get(record_id)

    def read(self, rel: str) -> tuple[str, dict | None]:
        with open(self.root / rel, encoding="utf-8", newline="") as f:  # CRLF files stay CRLF
            text = f.read()
        return text, load_bytes(text.encode("utf-8"), PurePosixPath(rel)).data

    def records(self, kind: str, pool: str | None = None) -> dict[str, tuple[str, str, dict | None]]:
        """id -> (path, text, data or None when unreadable); teachers of one pool when pool is given."""
        key = f"{kind}:{pool or ''}"
        if key not in self._loaded:
            prefix = f"{KINDS[kind].folder}/{pool}/" if pool else ""
            self._loaded[key] = {rid: (rel, *self.read(rel)) for rid, rel in self.paths(kind).items() if rel.startswith(prefix)}
        return self._loaded[key]

    def titles(self, kind: str) -> dict[str, list[str]]:
        """name or title -> ids (a name can be shared by several records)."""
        if kind not in self._titles:
            field = KINDS[kind].title_field
            out: dict[str, list[str]] = {}
            for rid, (_, _, data) in self.records(kind).items():
                # a department is as often written by its short name (the site shows it)
                names = {(data or {}).get(field), (data or {}).get("short_name") if kind == "department" else None}
                for value in names:
                    if isinstance(value, str):
                        out.setdefault(value.strip(), []).append(rid)
            self._titles[kind] = out
        return self._titles[kind]

    def resolve(self, kind: str, text: str) -> str:
        """The id a cell means: an id as it is, else the one record with that name or title."""
        if text in self.paths(kind):
            return text
        ids = self.titles(kind).get(text, [])
        label = KINDS[kind].label
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise CellError("ambiguous-ref", f"有 {len(ids)} 条{label}记录都叫“{text}”（编号 {'、'.join(ids[:5])}），请改写编号。")
        guess = suggest(text, list(self.titles(kind)) + list(self.paths(kind)))
        hint = f"是否为“{guess}”？" if guess else f"请写{label}的编号或名称，须与已有记录一致。"
        raise CellError("unknown-ref", f"找不到{label}“{text}”。{hint}")

    def resolve_many(self, kind: str, text: str) -> list[str]:
        """The ids a list cell means. Titles may contain the separators themselves
        (安、专、迷：…), so the longest run of pieces that is a known title wins."""
        import re

        from .columns import SEPARATORS

        parts = re.split(f"({SEPARATORS})", text)
        pieces = [p.strip() for p in parts[::2]]
        seps = parts[1::2]
        out, i = [], 0
        while i < len(pieces):
            j = next((j for j in range(len(pieces), i + 1, -1) if self._known(kind, self._join(pieces, seps, i, j))), i + 1)
            if pieces[i] or j > i + 1:
                out.append(self.resolve(kind, self._join(pieces, seps, i, j)))
            i = j
        return list(dict.fromkeys(out))

    @staticmethod
    def _join(pieces, seps, i: int, j: int) -> str:
        return "".join(p + (seps[k] if k < j - 1 else "") for k, p in enumerate(pieces[i:j], start=i))

    def _known(self, kind: str, text: str) -> bool:
        return text in self.paths(kind) or text in self.titles(kind)

    def named(self, kind: str, pool: str | None) -> dict[str, list[tuple[str, str, dict]]]:
        """name or title -> the readable records of that name (one pass, then by lookup: a
        10,000-row sheet must not scan the pool once per row)."""
        key = f"{kind}:{pool or ''}"
        if key not in self._named:
            field = KINDS[kind].title_field
            out: dict[str, list] = {}
            for rel, text, data in self.records(kind, pool).values():
                if data and isinstance(data.get(field), str):
                    out.setdefault(data[field], []).append((rel, text, data))
            self._named[key] = out
        return self._named[key]

    def near(self, kind: str, head: str, unit: str | None, pool: str | None) -> str | None:
        """A note when a new record looks like one already there: a teacher of the same name
        in the pool (another unit), a course or base with a close title."""
        field = KINDS[kind].title_field
        if kind == "teacher":
            same = [(rel, d.get("unit")) for rel, _, d in self.named(kind, pool).get(head, [])]
            if same:
                rel, other = same[0]
                return f"本库已有同名教师（{rel}，工作单位 {other}），按另一位教师新建；如是同一人换了单位，请加“编号”列写明 {rel.rsplit('/', 1)[-1][:-4]}。"
            return None
        guess = suggest(head, list(self.titles(kind)), cutoff=0.75)
        if guess and guess != head:
            ids = self.titles(kind)[guess]
            return f"与已有的“{guess}”（{self.paths(kind)[ids[0]]}）相近，按新{KINDS[kind].label}新建；如是同一条，请改用它的名称或编号。"
        return None

    def match(self, kind: str, values: dict, pool: str | None):
        """The record a row updates, as (path, text, data); None for a new record; an Issue
        when the row names a record it cannot update."""
        from .plan import Issue

        rid = values.get("id")
        if rid is not None:
            rel = self.owner_of(kind, rid)
            if rel is None:
                return None
            if kind == "teacher" and not rel.startswith(f"teachers/{pool}/"):
                return Issue("not-in-pool", f"编号 {rid} 是 {rel} 中的教师，不属于导入的师资库 {pool}。")
            return self.usable(rel)
        head = values.get(KINDS[kind].title_field)
        pool_only = pool if kind == "teacher" else None
        same = [
            rel for rel, _, data in self.named(kind, pool_only).get(head, [])
            if kind != "teacher" or str(data.get("unit", "")).strip() == values.get("unit")
        ]
        if len(same) > 1:
            return Issue("ambiguous-ref", f"已有 {len(same)} 条记录与这一行同名（{'、'.join(same[:5])}），请加“编号”列写明要更新哪一条。")
        return self.usable(same[0]) if same else None

    def usable(self, rel: str):
        from .plan import Issue

        text, data = self.read(rel)
        model = valid(KINDS[_kind_of(rel)].model, data)
        if model is None:
            return Issue("unknown-id", f"要更新的记录 {rel} 本身校验不通过，请先改正它（peixun validate）再导入。")
        self.models[rel] = model
        return rel, text, data


def _names(folder: Path) -> list[str]:
    import os

    try:
        return [e.name for e in os.scandir(folder)]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _kind_of(rel: str) -> str:
    return next(k.name for k in KINDS.values() if rel.startswith(k.folder + "/"))


def valid(model, data: dict | None):
    """The record model of data, or None when it does not validate."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data) if data else None
    except ValidationError:
        return None
