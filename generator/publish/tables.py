"""Table rows of listing pages, built in Python: a national build has about 250,000 of
them, and a Jinja loop costs ~55 µs a row where this costs a few. Every value is escaped."""
from __future__ import annotations

from markupsafe import Markup, escape

from ..yearly import directory as D
from ..records import vocab as V


def _hours(value: float) -> str:
    return str(value).removesuffix(".0")


def rows(renderer, ctx, listing) -> Markup:
    """The <tr> lines of one listing page."""
    kind = listing.kind
    link = lambda k, rid: str(renderer._record_link(ctx, k, rid))  # noqa: E731 - cached <a> html
    catalog, views = renderer.catalog, renderer.views
    out = []
    if kind == "change":
        for c in listing.rows:
            out.append(f"<tr><td>{escape(V.pool_label(c.pool))}</td><td>{link('teacher', c.teacher)}</td><td>{escape(c.detail)}</td></tr>")
    elif kind == "teacher":
        which = listing.group.split(":")[0]
        standings = views.directories[listing.year].standings
        for rid in listing.rows:
            r, s = catalog.teachers[rid], standings[rid]
            pool = f"<td>{escape(V.pool_label(s.pool))}</td>" if which == "shared" else ""
            title = f' title="{escape(s.reason)}"' if s.reason else ""
            state = f'<span class="px-state px-state--{D.STATE_SLUGS[s.state]}"{title}>{escape(s.state)}</span>'
            out.append(
                f"<tr><td>{link('teacher', rid)}</td>{pool}<td>{escape(r.unit)}</td><td>{escape(r.position or '')}</td>"
                f"<td>{escape(r.source)}</td><td>{escape('、'.join(r.expertise))}</td><td>{state}</td></tr>"
            )
    elif kind == "course":
        for rid in listing.rows:
            r = catalog.courses[rid]
            out.append(
                f"<tr><td>{link('course', rid)}</td><td>{escape(r.category)}</td><td>{escape('、'.join(r.methods))}</td>"
                f"<td>{_hours(r.hours)}</td><td>{link('department', r.provider)}</td><td>{escape(r.status)}</td></tr>"
            )
    elif kind == "textbook":
        for rid in listing.rows:
            r = catalog.textbooks[rid]
            out.append(
                f"<tr><td>{link('textbook', rid)}</td><td>{escape(r.kind)}</td><td>{escape(r.status)}</td>"
                f"<td>{r.year or r.due or ''}</td><td>{link('department', r.department)}</td></tr>"
            )
    elif kind == "base":
        for rid in listing.rows:
            r = catalog.bases[rid]
            dept = link("department", r.department) if r.department else ""
            out.append(
                f"<tr><td>{link('base', rid)}</td><td>{escape(r.type)}</td>"
                f"<td>{escape(V.province_name(r.province))} {escape(r.city)}</td><td>{dept}</td></tr>"
            )
    else:
        for rid in listing.rows:
            r = catalog.departments[rid]
            pool = renderer._pool_link(ctx, r.pool) if r.pool else ""
            out.append(
                f"<tr><td>{link('department', rid)}</td><td>{escape(r.level)}</td><td>{escape(r.type)}</td>"
                f"<td>{escape(V.province_name(r.province)) if r.province else ''}</td>"
                f"<td>{len(views.department_courses.get(rid, []))}</td><td>{len(views.department_textbooks.get(rid, []))}</td>"
                f"<td>{len(views.department_bases.get(rid, []))}</td><td>{pool}</td></tr>"
            )
    return Markup("\n".join(out))
