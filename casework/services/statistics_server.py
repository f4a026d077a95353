"""The raw counts of the statistics overview on an office server, from its database's
`casework_statistics()` (casework/store/server_statistics.py).

The database has already chosen the period, refused an area beside a small remainder and
applied the whole disclosure control (small cells, complements, cell key): it returns what may
be published and nothing else, which casework.services.statistics_figures lays out as on a
vault.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from casework.model.enums import Subregion
from casework.services.context import ServiceContext
from casework.services.disclosure import WITHHELD, remainder_refused
from casework.services.statistics_figures import Count, Gathered
from casework.store.server_statistics import REMAINDER_SQLSTATE


def gather(
    ctx: ServiceContext,
    s: Session,
    subregion: Subregion | None,
    country: str | None,
    since: dt.date | None,
) -> Gathered:
    try:
        rows = s.execute(
            text("SELECT * FROM casework_statistics(:subregion, :country, :since, :today)"),
            {
                "subregion": subregion.value if subregion else None,
                "country": country,
                "since": since,
                "today": ctx.today(),
            },
        ).all()
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == REMAINDER_SQLSTATE:
            raise remainder_refused(country) from None
        raise
    meta: dict[str, str | None] = {}
    published: dict[tuple, Count] = {}
    for cell, item, n, state, value in rows:
        if cell in ("as_of", "since"):
            meta[cell] = item or None
        elif cell == "median_days_to_answer":
            meta[cell] = value
        else:
            key = (cell,) if cell.endswith(("_total", "_overdue", "_answered")) else (cell, item)
            shown = {"suppressed": None, "withheld": WITHHELD}
            published[key] = shown[state] if state in shown else int(n)
    as_of, start, median = meta.get("as_of"), meta.get("since"), meta.get("median_days_to_answer")
    return Gathered(
        as_of=dt.date.fromisoformat(as_of) if as_of else None,
        since=dt.date.fromisoformat(start) if start else None,
        raw={},
        published=published,
        median_days_to_answer=float(median) if median is not None else None,
    )
