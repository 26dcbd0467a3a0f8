"""Every listing table of the built site: as many cells in each row as headers, and each
column's cells hold the field its header names (read from the records, not from the code
that builds the tables)."""
from __future__ import annotations

from html.parser import HTMLParser

from generator.publish.website import urls
from generator.publish.website.listings import listings
from generator.publish.views import build_views
from generator.records import vocab as V
from generator.records.catalog import load_catalog
from generator.records.kinds import KINDS

from .conftest import PROJECT


class _Table(HTMLParser):
    """The header texts, and each body row as [(cell text, first link's href)]."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows = [], []
        self._cell = None
        self._where = None

    def handle_starttag(self, tag, attrs):
        if tag in ("thead", "tbody"):
            self._where = tag
        elif tag == "tr" and self._where == "tbody":
            self.rows.append([])
        elif tag in ("th", "td") and self._where:
            self._cell = ["", None]
        elif tag == "a" and self._cell is not None and self._cell[1] is None:
            self._cell[1] = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            text = " ".join(self._cell[0].split())
            if self._where == "thead":
                self.headers.append(text)
            else:
                self.rows[-1].append((text, self._cell[1]))
            self._cell = None
        elif tag in ("thead", "tbody"):
            self._where = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0] += data


def _expected(kind, field: str, record, catalog) -> tuple[str, object]:
    """What a cell showing this field must hold, worked out from the record itself."""
    if isinstance(field, tuple):  # the first of these fields that is set
        field = next((f for f in field if getattr(record, f) is not None), field[0])
    value = getattr(record, field)
    target = dict(KINDS[kind.name].refs).get(field)
    if target:
        other = catalog[target].get(value) if value else None
        return "equals", getattr(other, KINDS[target].title_field) if other else ""
    if field in ("pool", "province") and value:  # codes are shown by name
        return "equals", V.pool_label(value) if field == "pool" else V.province_name(value)
    if isinstance(value, (list, tuple)):
        return "holds all", list(value)
    if isinstance(value, (int, float)):
        return "number", value
    if value is None:
        return "equals", ""
    return "holds", str(value)


# headers that name a field by another word than its title in the model
SYNONYMS = {"名称": {"name"}, "所在地": {"city", "province"}}


def _names_its_field(kind, header: str, field) -> bool:
    """The header says which field it shows: one title holds the other, or a known synonym."""
    fields = field if isinstance(field, tuple) else (field,)
    titles = [kind.model.model_fields[f].title for f in fields]
    return any(header in t or t in header for t in titles) or set(fields) <= SYNONYMS.get(header, set())


def _check_cell(text: str, how: str, want, where: str) -> None:
    if how == "equals":
        assert text == want, where
    elif how == "holds all":
        assert all(item in text for item in want), where
    elif how == "number":
        assert float(text) == want, where
    else:
        assert want in text, where


def test_every_listing_has_a_cell_per_header_holding_its_field(shipped_site):
    catalog = load_catalog(PROJECT).catalog.public()
    views = build_views(catalog, 2017)
    checked = 0
    for listing in listings(views):
        if not listing.rows:
            continue
        table = _Table()
        table.feed((shipped_site / urls.url_of(listing.src, False)).read_text(encoding="utf-8"))
        assert table.headers and table.rows, listing.src
        for row in table.rows:
            assert len(row) == len(table.headers), f"{listing.src}: {len(row)} 个单元格，{len(table.headers)} 个表头"
        if listing.kind == "change":
            continue
        kind = KINDS[listing.kind]
        columns = [c for c in kind.columns if c.shown_on(listing)]
        assert [c.title(listing) for c in columns] == table.headers, listing.src
        for column in columns:
            assert not column.field or _names_its_field(kind, column.header, column.field), f"{kind.name}：表头“{column.header}”显示的是 {column.field}"
        for row in table.rows:
            rid = row[0][1].rsplit("/", 1)[-1].removesuffix(".html")  # the first column links to the record
            record = views.catalog[listing.kind][rid]
            for column, (text, _) in zip(columns, row):
                if column.field == "pool" and listing.year and listing.group == f"pool:{views.directories[listing.year].standings[rid].pool}":
                    assert text == "本库", f"{listing.src} {rid}：本库教师的所属师资库写作“本库”"
                    checked += 1
                elif column.field:
                    how, want = _expected(kind, column.field, record, views.catalog)
                    _check_cell(text, how, want, f"{listing.src} {rid} {column.header}")
                    checked += 1
    assert checked > 1000
