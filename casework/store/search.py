"""Full-text search: FTS5 tables on a vault, their PostgreSQL counterparts on a server
(postgres.py). Services ask here, with their session; the dialect picks the implementation."""

from __future__ import annotations

from sqlalchemy import ColumnElement, column, select, table, text
from sqlalchemy.orm import Session

from casework.store import backends
from casework.store.search_query import fts_query

# `places`: the locality and the country's names (English, French, Arabic) and code.
CASE_COLUMNS_OPEN = ("reference", "alias", "other_aliases", "notes", "places")
CASE_COLUMNS_ALL = (*CASE_COLUMNS_OPEN, "legal_name", "restricted_notes")
CASE_NAME_COLUMNS = ("reference", "alias", "other_aliases", "legal_name")

_case_search = table("case_search", column("rowid"))
_directory_search = table("directory_search", column("rowid"))


def _on_server(session: Session) -> bool:
    return backends.is_postgresql(session.connection())


def case_ids_matching(
    session: Session, user_text: str, include_restricted: bool
) -> ColumnElement[bool] | None:
    """A `cases.id IN (…)` condition for what the user typed, or None when nothing to search."""
    if _on_server(session):
        from casework.store import postgres

        return postgres.case_ids_matching(user_text, include_restricted)
    columns = CASE_COLUMNS_ALL if include_restricted else CASE_COLUMNS_OPEN
    query = fts_query(user_text, columns, CASE_NAME_COLUMNS)
    if query is None:
        return None
    from casework.model import Case

    sub = select(_case_search.c.rowid).where(text("case_search MATCH :q").bindparams(q=query))
    return Case.id.in_(sub)


def organisation_ids_matching(session: Session, user_text: str) -> ColumnElement[bool] | None:
    if _on_server(session):
        from casework.store import postgres

        return postgres.organisation_ids_matching(user_text)
    query = fts_query(user_text)
    if query is None:
        return None
    from casework.model import Organisation

    sub = select(_directory_search.c.rowid).where(
        text("directory_search MATCH :dq").bindparams(dq=query)
    )
    return Organisation.id.in_(sub)


def count_case_matches(
    session: Session, user_text: str, include_restricted: bool, cap: int | None = None
) -> int:
    """How many cases the text matches; with `cap`, at most cap + 1 (enough to say "more")."""
    if _on_server(session):
        from casework.store import postgres

        return postgres.count_case_matches(session, user_text, include_restricted, cap)
    columns = CASE_COLUMNS_ALL if include_restricted else CASE_COLUMNS_OPEN
    query = fts_query(user_text, columns, CASE_NAME_COLUMNS)
    if query is None:
        return 0
    inner = "SELECT rowid FROM case_search WHERE case_search MATCH :q"
    if cap is not None:
        inner += f" LIMIT {int(cap) + 1}"
    sql = f"SELECT count(*) FROM ({inner})"
    return int(session.execute(text(sql), {"q": query}).scalar() or 0)


def purge_removed_terms(session: Session) -> None:
    """Merge the case index's segments so the terms of removed text are gone from its storage
    too (FTS5 otherwise keeps them until a later merge). Used after an anonymisation. On a
    server the case's tsvector row is rewritten by its triggers: nothing to merge."""
    if _on_server(session):
        return
    session.execute(text("INSERT INTO case_search(case_search) VALUES('optimize')"))
