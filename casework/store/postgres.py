"""The office server's backend: PostgreSQL through psycopg 3.

The PostgreSQL counterparts of the SQLCipher modules (engine.py, ddl.py, search.py): engine
creation, the search tables and their triggers (tsvector with accent-insensitive prefix
matching, in place of FTS5), and the audit guard. Roles and row-level security live in
server_security.py. Nothing here imports Qt.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import (
    ColumnElement,
    Engine,
    Integer,
    Select,
    column,
    create_engine,
    select,
    text,
)

_SCHEMES = re.compile(r"^postgres(ql)?(\+\w+)?://")


def is_server_url(url: str) -> bool:
    return bool(_SCHEMES.match(url))


def sqlalchemy_url(url: str) -> str:
    """`postgresql://…` as given by a user, with SQLAlchemy's psycopg 3 driver named."""
    return _SCHEMES.sub("postgresql+psycopg://", url, count=1)


def libpq_url(url: str) -> str:
    """The same address as libpq (psycopg.connect) takes it."""
    return _SCHEMES.sub("postgresql://", url, count=1)


def make_engine(
    url: str,
    pool_size: int = 4,
    connect_timeout: int = 10,
    connect_args: dict[str, object] | None = None,
) -> Engine:
    engine = create_engine(
        sqlalchemy_url(url),
        # Never wait forever for an unreachable server.
        connect_args={"connect_timeout": connect_timeout} | (connect_args or {}),
        pool_size=pool_size,
        max_overflow=8,
        pool_pre_ping=True,
        # Never let SQL parameters (client data) reach a log, even with debug logging on.
        hide_parameters=True,
        logging_name="server",
        pool_logging_name="server",
    )
    for name in ("sqlalchemy.engine.Engine.server", "sqlalchemy.pool.impl.QueuePool.server"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return engine


# -- search ---------------------------------------------------------------------------------
# One tsvector per case, its parts weighted so one index serves every question the vault's FTS5
# columns answer (since 0005_srvperf_search: A = reference and aliases, B = legal name
# (restricted), C = places, D = notes, and the restricted notes in a vector of their own; the
# search itself is server_search.py's function). Text is folded (lower case, accents removed
# by `unaccent`) on both sides, so "Aïcha" is found by "aich"; "-+./@" separate words
# (PostgreSQL's parser would otherwise read "KE-2026-0042" as "ke", "-2026", "-0042").
# Organisations: one weight for all their text.

_FOLD = "casework_fold"

SEARCH_V1 = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""CREATE FUNCTION {_FOLD}(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT regexp_replace(
            lower(public.unaccent('public.unaccent'::regdictionary, coalesce(t, ''))),
            '[-+./@]', ' ', 'g') $$""",
    """CREATE TABLE case_search (
        case_id integer PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        doc tsvector NOT NULL)""",
    "CREATE INDEX case_search_doc ON case_search USING gin (doc)",
    """CREATE TABLE directory_search (
        organisation_id integer PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
        doc tsvector NOT NULL)""",
    "CREATE INDEX directory_search_doc ON directory_search USING gin (doc)",
    # SECURITY DEFINER: the index is kept whole whoever writes, while app roles may only read it
    # (through row-level security, case by case).
    f"""CREATE FUNCTION case_search_refresh(cid integer) RETURNS void LANGUAGE sql
        SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DELETE FROM case_search WHERE case_id = cid;
        INSERT INTO case_search(case_id, doc)
        SELECT c.id,
            setweight(to_tsvector('simple', {_FOLD}(
                c.reference || ' ' || c.alias || ' ' || c.other_aliases)), 'A')
         || setweight(to_tsvector('simple', {_FOLD}(c.legal_name)), 'B')
         || setweight(to_tsvector('simple', {_FOLD}((SELECT string_agg(n.body, ' ') FROM notes n
                WHERE n.case_id = c.id AND NOT n.restricted))), 'C')
         || setweight(to_tsvector('simple', {_FOLD}((SELECT string_agg(n.body, ' ') FROM notes n
                WHERE n.case_id = c.id AND n.restricted))), 'D')
        FROM cases c WHERE c.id = cid;
    $$""",
    f"""CREATE FUNCTION directory_search_refresh(oid_ integer) RETURNS void LANGUAGE sql
        SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DELETE FROM directory_search WHERE organisation_id = oid_;
        INSERT INTO directory_search(organisation_id, doc)
        SELECT o.id, to_tsvector('simple', {_FOLD}(o.name || ' ' || o.locality || ' '
                                 || o.focal_person || ' ' || o.notes))
        FROM organisations o WHERE o.id = oid_;
    $$""",
    """CREATE FUNCTION case_search_on_case() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM case_search_refresh(NEW.id); RETURN NULL; END $$""",
    """CREATE FUNCTION case_search_on_note() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN PERFORM case_search_refresh(OLD.case_id); END IF;
            IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.case_id <> OLD.case_id) THEN
                PERFORM case_search_refresh(NEW.case_id);
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE FUNCTION directory_search_on_org() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM directory_search_refresh(NEW.id); RETURN NULL; END $$""",
    "CREATE TRIGGER case_search_ai AFTER INSERT ON cases FOR EACH ROW "
    "EXECUTE FUNCTION case_search_on_case()",
    "CREATE TRIGGER case_search_au AFTER UPDATE OF reference, alias, other_aliases, legal_name "
    "ON cases FOR EACH ROW EXECUTE FUNCTION case_search_on_case()",
    "CREATE TRIGGER note_search AFTER INSERT OR UPDATE OR DELETE ON notes FOR EACH ROW "
    "EXECUTE FUNCTION case_search_on_note()",
    "CREATE TRIGGER org_search AFTER INSERT OR UPDATE ON organisations FOR EACH ROW "
    "EXECUTE FUNCTION directory_search_on_org()",
]

AUDIT_GUARD_V1 = [
    """CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$""",
    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
]

_WORD = re.compile(r"\w+", re.UNICODE)


def ts_query(user_text: str) -> str | None:
    """What the user typed as a tsquery source: every word a required prefix, or None.

    Only `\\w` runs are kept and each is quoted, so tsquery operators typed by a user are never
    interpreted. Folding (case, accents) happens in the database, with the index's own function.
    """
    words = _WORD.findall(user_text)[:12]
    if not words:
        return None
    return " & ".join(f"'{word}':*" for word in words)


def case_ids_select(user_text: str, include_restricted: bool) -> Select | None:
    """The ids of the cases the text matches and the session may see (a SELECT), or None.
    The server's search function (server_search.py) uses the search index under its owner's
    rights and applies the cases' access rule itself."""
    from sqlalchemy import ARRAY, Text, bindparam, func

    from casework.store import server_search

    main, restricted = server_search.search_terms(user_text, include_restricted)
    if not main:
        return None
    found = getattr(func, server_search.FUNCTION)(
        bindparam("search_main", main, type_=ARRAY(Text)),
        bindparam("search_restricted", restricted, type_=ARRAY(Text)),
    ).table_valued(column("case_id", Integer))
    return select(found.c.case_id)


def organisation_ids_matching(user_text: str) -> ColumnElement[bool] | None:
    query = ts_query(user_text)
    if query is None:
        return None
    from casework.model import Organisation

    sub = text(
        "SELECT organisation_id FROM directory_search "
        f"WHERE doc @@ to_tsquery('simple', {_FOLD}(:pdq))"
    ).bindparams(pdq=query)
    return Organisation.id.in_(sub.columns(column("organisation_id", Integer)))


PLACE_NAMES_TABLE = "search_country_names"


def _case_search_refresh(with_places: bool) -> str:
    places = ""
    if with_places:
        places = f"""
         || setweight(to_tsvector('simple', {_FOLD}(c.locality || ' ' || c.country || ' '
                || coalesce((SELECT p.names FROM {PLACE_NAMES_TABLE} p
                             WHERE p.code = c.country), '')
                || ' ' || coalesce((SELECT string_agg(n.body, ' ') FROM notes n
                WHERE n.case_id = c.id AND NOT n.restricted), ''))), 'C')"""
    else:
        places = f"""
         || setweight(to_tsvector('simple', {_FOLD}((SELECT string_agg(n.body, ' ') FROM notes n
                WHERE n.case_id = c.id AND NOT n.restricted))), 'C')"""
    return f"""CREATE OR REPLACE FUNCTION case_search_refresh(cid integer) RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DELETE FROM case_search WHERE case_id = cid;
        INSERT INTO case_search(case_id, doc)
        SELECT c.id,
            setweight(to_tsvector('simple', {_FOLD}(
                c.reference || ' ' || c.alias || ' ' || c.other_aliases)), 'A')
         || setweight(to_tsvector('simple', {_FOLD}(c.legal_name)), 'B'){places}
         || setweight(to_tsvector('simple', {_FOLD}((SELECT string_agg(n.body, ' ') FROM notes n
                WHERE n.case_id = c.id AND n.restricted))), 'D')
        FROM cases c WHERE c.id = cid;
    $$"""


def _case_update_trigger(watched: str) -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS case_search_au ON cases",
        f"CREATE TRIGGER case_search_au AFTER UPDATE OF {watched} ON cases FOR EACH ROW "
        "EXECUTE FUNCTION case_search_on_case()",
    ]


_REINDEX = "SELECT case_search_refresh(id) FROM cases"


def _case_search_refresh_v3() -> str:
    """Weights as server_search.py says: A names, B legal name, C places, D open notes; the
    restricted notes in `restricted_doc`; the case's caseworker beside them."""
    notes = "(SELECT string_agg(n.body, ' ') FROM notes n WHERE n.case_id = c.id AND {}restricted)"
    return f"""CREATE OR REPLACE FUNCTION case_search_refresh(cid integer) RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DELETE FROM case_search WHERE case_id = cid;
        INSERT INTO case_search(case_id, caseworker_id, doc, restricted_doc)
        SELECT c.id, c.caseworker_id,
            setweight(to_tsvector('simple', {_FOLD}(
                c.reference || ' ' || c.alias || ' ' || c.other_aliases)), 'A')
         || setweight(to_tsvector('simple', {_FOLD}(c.legal_name)), 'B')
         || setweight(to_tsvector('simple', {_FOLD}(c.locality || ' ' || c.country || ' '
                || coalesce((SELECT p.names FROM {PLACE_NAMES_TABLE} p
                             WHERE p.code = c.country), ''))), 'C')
         || setweight(to_tsvector('simple', {_FOLD}({notes.format("NOT n.")})), 'D'),
            to_tsvector('simple', {_FOLD}({notes.format("n.")}))
        FROM cases c WHERE c.id = cid;
    $$"""


def search_v3() -> list[str]:
    """Places get a weight of their own (a three-letter word finds places, not notes, as on a
    vault); the restricted notes move to a vector of their own; the search function that uses
    the index under row-level security (server_search.py)."""
    from casework.store import server_search

    return [
        "ALTER TABLE case_search ADD COLUMN restricted_doc tsvector NOT NULL DEFAULT ''",
        "CREATE INDEX case_search_restricted_doc ON case_search USING gin (restricted_doc)",
        # A caseworker's search: their cases' matches straight from one index (btree_gin: a
        # plain column in a GIN index), not every match of a prefix joined to their cases.
        "CREATE EXTENSION IF NOT EXISTS btree_gin",
        "ALTER TABLE case_search ADD COLUMN caseworker_id integer",
        "CREATE INDEX case_search_worker_doc ON case_search USING gin (caseworker_id, doc)",
        _case_search_refresh_v3(),
        *_case_update_trigger(
            "reference, alias, other_aliases, legal_name, locality, country, caseworker_id"
        ),
        _REINDEX,
        *server_search.create(),
    ]


def search_v3_down() -> list[str]:
    return [
        "DROP FUNCTION IF EXISTS casework_case_search(text[], text[])",
        _case_search_refresh(with_places=True),
        *_case_update_trigger("reference, alias, other_aliases, legal_name, locality, country"),
        "DROP INDEX IF EXISTS case_search_worker_doc",
        "ALTER TABLE case_search DROP COLUMN caseworker_id",
        "DROP INDEX IF EXISTS case_search_restricted_doc",
        "ALTER TABLE case_search DROP COLUMN restricted_doc",
        _REINDEX,
    ]


def search_v2(country_names: dict[str, str]) -> list[str]:
    values = ", ".join(
        "('{}', '{}')".format(code, names.replace("'", "''"))
        for code, names in sorted(country_names.items())
    )
    return (
        [f"CREATE TABLE {PLACE_NAMES_TABLE} (code text PRIMARY KEY, names text NOT NULL)"]
        + ([f"INSERT INTO {PLACE_NAMES_TABLE}(code, names) VALUES {values}"] if values else [])
        + [_case_search_refresh(with_places=True)]
        + _case_update_trigger("reference, alias, other_aliases, legal_name, locality, country")
        + [_REINDEX]
    )


def search_v2_down() -> list[str]:
    return (
        [_case_search_refresh(with_places=False)]
        + _case_update_trigger("reference, alias, other_aliases, legal_name")
        + [f"DROP TABLE IF EXISTS {PLACE_NAMES_TABLE}", _REINDEX]
    )
