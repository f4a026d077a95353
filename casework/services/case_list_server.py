"""The case list's search on an office server: the count and the page from one call of the
search function.

On a server the search is `casework_case_search` (store/server_search.py), a function: asked
for the count and then for the page, the server ran it twice, each time reading every match of
the caseworker's cases. Here its matches are gathered once (a MATERIALIZED common table
expression) and the capped count rides along with the page's ids in a single statement. A
vault keeps its own ways (services/case_list_search.py): SQLite counts from the search tables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casework.model import Case
from casework.store import backends


def search_page(
    s: Session,
    search: Any,
    filters: list[Any],
    page_select: Callable[[list[Any]], Any],
    cap: int,
    count: bool,
    first: bool,
) -> tuple[int, list[int]] | None:
    """(the matches' count up to cap + 1, or 0 when `count` is off; the page's ids), or None on
    a vault. `page_select` builds the page's SELECT of ids from its conditions; `first`: the
    page starts at the first match (so an empty page means no match at all)."""
    if not backends.is_postgresql(s.connection()):
        return None
    matches = search.cte("search_matches").prefix_with("MATERIALIZED")
    conditions = [*filters, Case.id.in_(select(matches.c[0]))]
    page = page_select(conditions)
    if not count:
        return 0, list(s.scalars(page))
    counted = select(Case.id).where(*conditions).limit(cap + 1).subquery()
    found = select(func.count()).select_from(counted).scalar_subquery()
    rows = s.execute(page.add_columns(found)).all()
    if rows:
        return int(rows[0][1]), [row[0] for row in rows]
    if first:
        return 0, []
    return int(s.scalar(select(found)) or 0), []  # a page past the last match
