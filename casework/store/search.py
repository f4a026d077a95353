"""Full-text search: FTS5 tables on a vault, their PostgreSQL counterparts on a server
(postgres.py). Services ask here, with their session; the dialect picks the implementation."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


# A SQL function (registered on every connection, store/engine.py) that checks one case's texts
# the way the search tables' tokenizer would (case and accents folded, every word a prefix of
# some token). A list that would find its page by walking the sort index calls it on the rows
# it walks, instead of first collecting every match of a one-letter prefix or of a word that
# half the cases' notes contain.
PREFIXES_FUNCTION = "casework_prefixes"


@lru_cache(maxsize=1)
def _combining() -> re.Pattern[str]:
    """Every combining mark of the Basic Multilingual Plane (built on first use, from the
    table of their ranges: store/combining_marks.py)."""
    from casework.store.combining_marks import ranges

    spans = (re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges())
    return re.compile("[" + "".join(spans) + "]+")


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    if len(text) <= 200:  # names and places: the same few come back case after case
        return _fold_short(text)
    return _fold_any(text)


def _fold_any(text: str) -> str:
    return _combining().sub("", unicodedata.normalize("NFKD", text)).lower()


_fold_short = lru_cache(maxsize=4096)(_fold_any)


def forget_folded() -> None:
    """Drop the folded names kept between calls (client data): when the vault closes."""
    _fold_short.cache_clear()


def _begins_token(folded: str, word: str) -> bool:
    """Whether `word` is found where a token begins (after no letter or digit)."""
    at = folded.find(word)
    while at >= 0:
        if at == 0 or not folded[at - 1].isalnum():
            return True
        at = folded.find(word, at + 1)
    return False


def prefixes_match(words: str, *texts: str | None) -> int:
    """1 when every (folded) word in `words` begins a token of the texts, else 0. Called for
    each case a list walks (some hundreds a page, notes included): kept to C-level string
    searches."""
    folded = " ".join(_fold(t) for t in texts if t)
    return int(all(_begins_token(folded, w) for w in words.split()))


_case_search_texts = table("case_search", column("rowid"), *(column(c) for c in CASE_COLUMNS_ALL))


def walk_condition(
    session: Session, user_text: str, include_restricted: bool
) -> ColumnElement[bool] | None:
    """The search as a per-case check (`prefixes_match`) of what each word searches: the case's
    names (one or two letters), names and places (three), or every searched text, notes
    included, read from the case's row of the search table by its rowid (four and more). None
    when nothing is typed, and always on a server (which has no such function)."""
    if _on_server(session):
        return None
    words = words_of(user_text)
    if not words:
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
    three = " ".join(_fold(w) for w in words if SHORT_PREFIX <= len(w) < NOTES_FROM)
    longer = " ".join(_fold(w) for w in words if len(w) >= NOTES_FROM)
    check = getattr(func, PREFIXES_FUNCTION)
    checks = []
    if short:
        checks.append(check(short, *names) == 1)
    if three:
        checks.append(check(three, *names, *places) == 1)
    if longer:
        columns = CASE_COLUMNS_ALL if include_restricted else CASE_COLUMNS_OPEN
        texts = [_case_search_texts.c[c] for c in columns]
        row = select(check(longer, *texts)).where(_case_search_texts.c.rowid == Case.id)
        checks.append(row.scalar_subquery() == 1)
    return and_(*checks)


def whole_words_select(session: Session, user_text: str, include_restricted: bool) -> Select | None:
    """The cases containing every typed word whole (not as a prefix): a subset of the search's
    matches that FTS5 gives one by one, where a prefix of four letters or more first merges
    every term it begins (all their cases, whatever the LIMIT). None unless every word is long
    enough to search the notes, and on a server."""
    if _on_server(session):
        return None
    words = words_of(user_text)
    if not words or any(len(w) < NOTES_FROM for w in words):
        return None
    quoted = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
    if not include_restricted:
        quoted = "{" + " ".join(CASE_COLUMNS_OPEN) + "} : (" + quoted + ")"
    return select(_case_search.c.rowid).where(text("case_search MATCH :wq").bindparams(wq=quoted))


def estimate_matches(session: Session, ids: Select, cap: int) -> tuple[int, float]:
    """How many ids a search SELECT of a vault gives, up to cap + 1, and an estimate of them all
    from the rowid of its (cap + 1)th match (the search tables give their matches in rowid
    order, and case ids are spread evenly): counting them all cost as much as collecting them.
    One statement reads the first cap + 1 matches once: their count, the last of them, and the
    highest case id (kept for the session: `last_case_id`)."""
    from casework.model import Case

    rowid = ids.selected_columns[0]
    first = ids.order_by(rowid).limit(int(cap) + 1).subquery()
    last_case = select(func.max(Case.id)).scalar_subquery()
    found, nth, last = session.execute(
        select(func.count(), func.max(first.c[0]), last_case).select_from(first)
    ).one()
    session.info[_LAST_CASE_ID] = int(last or 0)
    found = int(found or 0)
    if found <= cap:
        return found, float(found)
    last = last or nth
    return int(cap) + 1, (int(cap) + 1) * max(1, last) / max(1, nth)


_LAST_CASE_ID = "casework_last_case_id"


def last_case_id(session: Session) -> int:
    """The highest case id (0 without cases), read once per session: the search's estimates
    scale by it, several times in one list."""
    last = session.info.get(_LAST_CASE_ID)
    if last is None:
        from casework.model import Case

        last = session.info[_LAST_CASE_ID] = int(session.scalar(select(func.max(Case.id))) or 0)
    return int(last)


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
