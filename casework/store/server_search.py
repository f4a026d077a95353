"""The office server's case search, as fast under row-level security as the owner's.

Why a function: PostgreSQL applies a table's row-level-security policy before any condition
whose operator is not LEAKPROOF, and may not use such a condition as an index condition. The
full-text match `@@` is not leakproof, so for an app role the search table's GIN index was never
used: every case of the caseworker was walked and its search row checked one by one (73 ms at
20,000 cases against 3 ms with the index, tests/perf/bench_server.py). `casework_case_search`
runs with its owner's rights, so the index is used, and applies the same rule as the cases'
policy itself (server_security.py: supervisors every case, caseworkers their assigned ones,
other roles none), for the user who logged in (`session_user`: app users log in with their own
role). It returns case ids only; the caller reads the cases through their own policy as before.

The search vector's weights (postgres.py, `search_v3`): A names (reference, aliases), B the
legal name (restricted), C places (locality, the country's code and names), D open notes; the
restricted notes have a vector of their own (`restricted_doc`). So each question the vault's
search tables answer has its own part: one or two letters look at names, three at names and
places, four and more at the notes too (search_query.py), restricted text only when asked.
"""

from __future__ import annotations

from casework.model.enums import Role
from casework.store.search_query import NOTES_FROM, SHORT_PREFIX, words_of

FUNCTION = "casework_case_search"


def search_terms(user_text: str, include_restricted: bool) -> tuple[list[str], list[str | None]]:
    """Per word: the tsquery source over the main vector (its weights by the word's length) and
    over the restricted notes (None when not searched). Empty lists: nothing to search.

    Only `\\w` runs are kept and each is quoted, so tsquery operators typed by a user are never
    interpreted; folding (case, accents) happens in the database, with the index's function."""
    main: list[str] = []
    restricted: list[str | None] = []
    for word in words_of(user_text):
        weights = "A" if len(word) < SHORT_PREFIX else "AC" if len(word) < NOTES_FROM else "ACD"
        if include_restricted:
            weights += "B"
        main.append(f"'{word}':*{weights}")
        restricted.append(f"'{word}':*" if include_restricted and len(word) >= NOTES_FROM else None)
    return main, restricted


def _member(role: Role) -> str:
    """SQL: the logged-in user belongs to the database's group role (false when it is
    missing: a schema built before `apply_security` made the roles)."""
    name = f"current_database() || '_{role.value}'"
    return (
        f"(EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {name}) "
        f"AND pg_has_role(session_user, (SELECT oid FROM pg_roles WHERE rolname = {name}), "
        "'MEMBER'))"
    )


def search_function() -> str:
    """The function's definition: the group roles are found by the database's name, as
    server_security.group_role names them, so one definition serves every database."""
    return f"""CREATE OR REPLACE FUNCTION {FUNCTION}(main_terms text[], restricted_terms text[])
        RETURNS TABLE (case_id integer) LANGUAGE plpgsql STABLE SECURITY DEFINER
        SET search_path = public, pg_temp AS $$
        DECLARE
            everyone boolean; worker integer; sql text; i integer;
        BEGIN
            IF coalesce(array_length(main_terms, 1), 0) = 0 THEN RETURN; END IF;
            -- The schema's owner and superusers see every case (they bypass the policies).
            everyone := session_user = (SELECT tableowner FROM pg_tables
                                        WHERE schemaname = 'public' AND tablename = 'cases')
                OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false);
            IF NOT everyone THEN
                everyone := {_member(Role.SUPERVISOR)};
            END IF;
            IF NOT everyone THEN
                IF NOT {_member(Role.CASEWORKER)} THEN RETURN; END IF;
                worker := (SELECT id FROM users WHERE username = session_user AND active);
                IF worker IS NULL THEN RETURN; END IF;
                -- The search table keeps each case's caseworker (case_search_refresh).
                sql := 'SELECT s.case_id FROM case_search s WHERE s.caseworker_id = $3';
            ELSE
                sql := 'SELECT s.case_id FROM case_search s WHERE true';
            END IF;
            FOR i IN 1 .. array_length(main_terms, 1) LOOP
                -- (no format(): the driver would read its placeholders as parameters)
                sql := sql || ' AND (s.doc @@ to_tsquery(''simple'', casework_fold($1['
                    || i || ']))';
                IF restricted_terms[i] IS NOT NULL THEN
                    sql := sql || ' OR s.restricted_doc @@ to_tsquery(''simple'','
                        || ' casework_fold($2[' || i || ']))';
                END IF;
                sql := sql || ')';
            END LOOP;
            RETURN QUERY EXECUTE sql USING main_terms, restricted_terms, worker;
        END $$"""


SIGNATURE = f"{FUNCTION}(text[], text[])"


def create() -> list[str]:
    """For the migration: the function, callable by nobody until `grants`."""
    return [search_function(), f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC"]


def grants(app: str) -> list[str]:
    """For `apply_security` (`app`: the quoted app group role)."""
    return [f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC",
            f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO {app}"]  # fmt: skip
