"""Full-text search: FTS5 tables on a vault, their PostgreSQL counterparts on a server
(postgres.py). Services ask here, with their session; the dialect picks the implementation."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import ColumnElement, Select, and_, column, func, select, table, text
from sqlalchemy.orm import Session

from casework.store import backends
from casework.store.search_query import NOTES_FROM, SHORT_PREFIX, fts_query, terms_query, words_of

# `places`: the locality and the country's names (English, French, Arabic) and code.
CASE_COLUMNS_OPEN = ("reference", "alias", "other_aliases", "notes", "places")
CASE_COLUMNS_ALL = (*CASE_COLUMNS_OPEN, "legal_name", "restricted_notes")
CASE_NAME_COLUMNS = ("reference", "alias", "other_aliases", "legal_name")
# The names-and-places table (store/ddl.py, NAME_SEARCH_TABLE).
NAME_TABLE_COLUMNS = (*CASE_NAME_COLUMNS, "places")

_case_search = table("case_search", column("rowid"))
_case_name_search = table("case_name_search", column("rowid"))
_directory_search = table("directory_search", column("rowid"))
_place_names = table("search_country_names", column("code"), column("names"))


def _on_server(session: Session) -> bool:
    return backends.is_postgresql(session.connection())


def case_ids_select(session: Session, user_text: str, include_restricted: bool) -> Select | None:
    """The ids of the cases matching what the user typed (a SELECT), or None.

    On an office server: PostgreSQL's full-text search (store/postgres.py).

    Words shorter than NOTES_FROM are looked up in the names-and-places table (its one-letter
    prefix index reads one short list), those shorter than SHORT_PREFIX in names only; longer
    ones in the full case search (notes too). Every word must match.
    """
    if _on_server(session):
        from casework.store import postgres

        return postgres.case_ids_select(user_text, include_restricted)
    words = words_of(user_text)
    if not words:
        return None
    hidden = () if include_restricted else ("legal_name",)
    terms = []
    for word in (w for w in words if len(w) < NOTES_FROM):
        columns = CASE_NAME_COLUMNS if len(word) < SHORT_PREFIX else NAME_TABLE_COLUMNS
        terms.append(terms_query([word], tuple(c for c in columns if c not in hidden)))
    longer = [w for w in words if len(w) >= NOTES_FROM]
    ids: Select | None = None
    if terms:
        ids = select(_case_name_search.c.rowid).where(
            text("case_name_search MATCH :nq").bindparams(nq=" AND ".join(terms))
        )
    if longer:
        columns = CASE_COLUMNS_ALL if include_restricted else CASE_COLUMNS_OPEN
        full = select(_case_search.c.rowid).where(
            text("case_search MATCH :q").bindparams(q=terms_query(longer, columns))
        )
        ids = full if ids is None else ids.where(_case_name_search.c.rowid.in_(full))
    return ids


# A SQL function (registered on every connection, store/engine.py) that checks one case's names
# and places the way the names table's tokenizer would (case and accents folded, every word a
# prefix of some token). A list that would find its page by walking the sort index calls it on
# the rows it walks, instead of first collecting every match of a one-letter prefix.
PREFIXES_FUNCTION = "casework_prefixes"
_TOKEN = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def prefixes_match(words: str, *texts: str | None) -> int:
    """1 when every (folded) word in `words` begins a token of the texts, else 0."""
    tokens = _TOKEN.findall(_fold(" ".join(t for t in texts if t)))
    return int(all(any(t.startswith(w) for t in tokens) for w in words.split()))


def names_walk_condition(
    session: Session, user_text: str, include_restricted: bool
) -> ColumnElement[bool] | None:
    """The search as a per-case check of the case's own names and places (`prefixes_match`),
    when every word is short enough to search names and places only; else None (always on a
    server, which has no such function)."""
    if _on_server(session):
        return None
    words = words_of(user_text)
    if not words or any(len(w) >= NOTES_FROM for w in words):
        return None
    from casework.model import Case

    names = [Case.reference, Case.alias, Case.other_aliases]
    if include_restricted:
        names.append(Case.legal_name)
    country_names = (
        select(_place_names.c.names).where(_place_names.c.code == Case.country).scalar_subquery()
    )
    places = [Case.locality, Case.country, country_names]
    short = " ".join(_fold(w) for w in words if len(w) < SHORT_PREFIX)
    three = " ".join(_fold(w) for w in words if len(w) >= SHORT_PREFIX)
    checks = []
    if short:
        checks.append(getattr(func, PREFIXES_FUNCTION)(short, *names) == 1)
    if three:
        checks.append(getattr(func, PREFIXES_FUNCTION)(three, *names, *places) == 1)
    return and_(*checks)


def case_ids_matching(
    session: Session, user_text: str, include_restricted: bool
) -> ColumnElement[bool] | None:
    """A `cases.id IN (…)` condition for what the user typed, or None when nothing to search."""
    ids = case_ids_select(session, user_text, include_restricted)
    if ids is None:
        return None
    from casework.model import Case

    return Case.id.in_(ids)


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


def count_ids(session: Session, ids: Select, cap: int | None = None) -> int:
    """How many ids the SELECT gives; with `cap`, at most cap + 1 (enough to say "more"). The
    search tables give their matches one by one, so a capped count stops early."""
    if cap is not None:
        ids = ids.limit(int(cap) + 1)
    return int(session.scalar(select(func.count()).select_from(ids.subquery())) or 0)


def count_case_matches(
    session: Session, user_text: str, include_restricted: bool, cap: int | None = None
) -> int:
    """How many cases the text matches; with `cap`, at most cap + 1 (enough to say "more")."""
    ids = case_ids_select(session, user_text, include_restricted)
    return 0 if ids is None else count_ids(session, ids, cap)


def purge_removed_terms(session: Session) -> None:
    """Merge the case indexes' segments so the terms of removed text are gone from their storage
    too (FTS5 otherwise keeps them until a later merge). Used after an anonymisation. On a
    server the case's tsvector row is rewritten by its triggers: nothing to merge."""
    if _on_server(session):
        return
    session.execute(text("INSERT INTO case_search(case_search) VALUES('optimize')"))
    session.execute(text("INSERT INTO case_name_search(case_name_search) VALUES('optimize')"))
