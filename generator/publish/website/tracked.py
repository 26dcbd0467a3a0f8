"""What each page is made from, recorded while it is rendered.

The renderer is handed the edition's views with every mapping wrapped (``tracked_views``):
a read of ``catalog.courses["x"]`` or ``views.course_teachers.get("x")`` notes the pair
(space, key) in the reads of the page being rendered; walking a whole mapping notes
(space, "*"). The build cache (cache.py) keeps each page's reads and the digests of what
they found, and renders a page again only when one of them changed. Nothing is guessed
per template: what a page did not read cannot change it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from types import MappingProxyType

from ...records.catalog import Catalog
from ...yearly.directory import Directory
from ..views import Views

WHOLE = "*"  # the key noted when a whole mapping (or object) was read
_reads: set | None = None  # the reads of the page being rendered, when one is


def note(space: str, key=WHOLE) -> None:
    if _reads is not None:
        _reads.add((space, key))


class reading:
    """Record the reads made inside the block: ``with reading() as reads: …``. Nested
    blocks add their reads to the outer one too (a shared piece read for a page is
    read by that page)."""

    def __enter__(self) -> set:
        global _reads
        self.outer, self.reads = _reads, set()
        _reads = self.reads
        return self.reads

    def __exit__(self, *exc) -> None:
        global _reads
        _reads = self.outer
        if self.outer is not None:
            self.outer |= self.reads


class Tracked(Mapping):
    """A read-only mapping that notes which keys were read."""

    __slots__ = ("space", "data")

    def __init__(self, space: str, data: Mapping):
        self.space, self.data = space, data

    def __getitem__(self, key):
        if _reads is not None:
            _reads.add((self.space, key))
        return self.data[key]

    def get(self, key, default=None):
        if _reads is not None:
            _reads.add((self.space, key))
        return self.data.get(key, default)

    def __contains__(self, key) -> bool:
        if _reads is not None:
            _reads.add((self.space, key))
        return key in self.data

    def __iter__(self):
        note(self.space)
        return iter(self.data)

    def __len__(self) -> int:
        note(self.space)
        return len(self.data)

    def keys(self):
        note(self.space)
        return self.data.keys()

    def values(self):
        note(self.space)
        return self.data.values()

    def items(self):
        note(self.space)
        return self.data.items()

    def __repr__(self) -> str:
        return f"Tracked({self.space!r})"


class Whole:
    """An object read only as a whole (the plan's progress, the print edition): any
    attribute, item or walk notes (space, "*")."""

    __slots__ = ("_space", "_obj")

    def __init__(self, space: str, obj):
        object.__setattr__(self, "_space", space)
        object.__setattr__(self, "_obj", obj)

    def __getattr__(self, name):
        note(self._space)
        return getattr(self._obj, name)

    def __getitem__(self, key):
        note(self._space)
        return self._obj[key]

    def __iter__(self):
        note(self._space)
        return iter(self._obj)

    def __len__(self) -> int:
        note(self._space)
        return len(self._obj)

    def __bool__(self) -> bool:
        note(self._space)
        return bool(self._obj)


class TrackedDirectory(Directory):
    """A year's directory whose standings and lists note their reads; its totals note the
    whole year (they count every teacher)."""

    def __init__(self, plain: Directory):
        y = plain.year
        super().__init__(y, Tracked(f"standing@{y}", plain.standings), Tracked(f"own@{y}", plain.own), Tracked(f"shared@{y}", plain.shared))
        self.plain = plain

    @property
    def states(self):  # the plain directory's (cached) count, read as a whole
        note(f"standing@{self.year}")
        return self.plain.states


GROUP = "group"  # the space of a read that stands for a shared piece's reads (Memo)
GROUP_FROM = 16  # a piece reading fewer things is noted read by read


class Memo(dict):
    """A cache of work shared between pages (a link, a list item, a list's menus) that
    remembers the reads made to compute each value and notes them on every page using it.

    A piece that read many things (the menus of a list read all its rows) is noted as one
    read, (GROUP, its reads): every page of a long list then notes one read instead of
    thousands, and the cache digests the group once per build (cache.Digests), so the work
    grows with the list, not with its length times its pages."""

    def take(self, key, make):
        global _reads
        found = self.get(key)
        if found is None:
            outer, inner = _reads, set()
            _reads = inner
            try:
                value = make()
            finally:
                _reads = outer
            noted = frozenset(inner) if len(inner) < GROUP_FROM else frozenset([(GROUP, tuple(inner))])
            self[key] = found = (value, noted)
        if _reads is not None:
            _reads.update(found[1])
        return found[0]


PLAIN = ("edition", "scope", "rules", "years", "pools")  # in every page's key (cache.py): no notes


def tracked_views(views: Views) -> Views:
    """The same views, every record, back-reference and yearly list noting its reads."""
    catalog = views.catalog
    records = MappingProxyType({kind: Tracked(kind, recs) for kind, recs in catalog.records.items()})
    changed = {"catalog": Catalog(records, catalog.paths, catalog.is_public)}
    for f in fields(Views):
        value = getattr(views, f.name)
        if f.name in changed or f.name in PLAIN:
            continue
        if f.name == "directories":
            changed[f.name] = Tracked("directories", {year: TrackedDirectory(d) for year, d in value.items()})
        elif isinstance(value, dict):
            changed[f.name] = Tracked(f.name, value)
        elif value is not None:
            changed[f.name] = Whole(f.name, value)
    return replace(views, **changed)
