"""A workshop (training) database on an office server: its pristine copy and its reset.

`casework workshop postgresql://…` fills a server database with the vault's fictional data
(workshop/server_fill.py), then `save_pristine` copies every table into the schema
`workshop_pristine` (owned by the schema's owner; no app role may use it), with the training
logins' password verifiers, and creates `casework_workshop_reset()`: a SECURITY DEFINER function
the trainer (an administrator of a database marked as a workshop) calls from the app. It puts
every table back as it was made, the training logins' passwords too (a login removed during
the session is made again), and appends a `workshop.reset` event sealed by the server. The
audit trail is restored with the data: the session's events go with everything else, as on a
vault.

After `casework server upgrade` the copy no longer matches the tables: fill the workshop again.

The fill is all or nothing: `casework server init` writes `FILLING_KEY` in its own transaction,
and it goes only in the last one, with the pristine copy. A database that still carries it was
not filled to the end: the app refuses to open it, and the fill empties it (`discard`: the
schema, the database's group roles and the logins made for them) before it starts again, or
as soon as it fails.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from casework.model import Base

SCHEMA = "workshop_pristine"
FILLING_KEY = "workshop_filling"
NOT_A_WORKSHOP = "CW010"
# Not copied: the schema's version, and the search's static country names.
_KEPT = {"alembic_version", "search_country_names"}


def _tables(conn: Connection) -> list[str]:
    """The tables to copy, parents before children (foreign keys are checked on the way in)."""
    present = set(
        conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
    )
    ordered = [t.name for t in Base.metadata.sorted_tables if t.name in present]
    return ordered + sorted(present - set(ordered) - _KEPT)


def _q(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def save_pristine(
    conn: Connection, database: str, logins: list[tuple[str, str, list[str]]]
) -> None:
    """Copy the database as it is now; `logins`: (user name, SCRAM verifier, group roles)."""
    tables = _tables(conn)
    schema = _q(conn, SCHEMA)
    conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    conn.exec_driver_sql(f"REVOKE ALL ON SCHEMA {schema} FROM PUBLIC")
    for table in tables:
        conn.exec_driver_sql(f"CREATE TABLE {schema}.{_q(conn, table)} AS TABLE {_q(conn, table)}")
    conn.exec_driver_sql(
        f"CREATE TABLE {schema}.logins (username text PRIMARY KEY, verifier text NOT NULL,"
        " groups text[] NOT NULL)"
    )
    for username, verifier, groups in logins:
        conn.execute(
            text(f"INSERT INTO {schema}.logins VALUES (:u, :v, :g)"),  # noqa: S608 - fixed name
            {"u": username, "v": verifier, "g": groups},
        )
    for statement in reset_function(conn, database, tables):
        conn.exec_driver_sql(statement)


def reset_function(conn: Connection, database: str, tables: list[str]) -> list[str]:
    names = ", ".join("'" + t.replace("'", "''") + "'" for t in tables)
    administrator = f"{database}_administrator".replace("'", "''")
    trainers = _q(conn, f"{database}_administrator")
    # No percent sign anywhere: the statement goes through the driver as it is.
    return [
        f"""CREATE OR REPLACE FUNCTION casework_workshop_reset() RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            uid integer; t text; g text; seq text; r record;
            tables text[] := ARRAY[{names}];
        BEGIN
            SELECT u.id INTO uid FROM users u WHERE u.username = session_user AND u.active;
            IF uid IS NULL OR NOT pg_has_role(session_user, '{administrator}', 'MEMBER') THEN
                RAISE EXCEPTION 'workshop reset: not allowed' USING ERRCODE = '42501';
            END IF;
            IF coalesce((SELECT value FROM vault_meta WHERE key = 'workshop'), '') <> '1' THEN
                RAISE EXCEPTION 'not a workshop database' USING ERRCODE = '{NOT_A_WORKSHOP}';
            END IF;
            PERFORM pg_advisory_xact_lock(hashtext('casework audit chain'));
            FOREACH t IN ARRAY tables LOOP
                EXECUTE 'ALTER TABLE public.' || quote_ident(t) || ' DISABLE TRIGGER USER';
            END LOOP;
            EXECUTE 'TRUNCATE ' || (SELECT string_agg('public.' || quote_ident(x), ', ')
                                    FROM unnest(tables) AS x);
            FOREACH t IN ARRAY tables LOOP
                EXECUTE 'INSERT INTO public.' || quote_ident(t)
                    || ' SELECT * FROM {SCHEMA}.' || quote_ident(t);
            END LOOP;
            FOREACH t IN ARRAY tables LOOP
                EXECUTE 'ALTER TABLE public.' || quote_ident(t) || ' ENABLE TRIGGER USER';
            END LOOP;
            FOR r IN SELECT c.table_name AS tbl, c.column_name AS col
                     FROM information_schema.columns c
                     WHERE c.table_schema = 'public' AND c.table_name = ANY (tables) LOOP
                seq := pg_get_serial_sequence('public.' || quote_ident(r.tbl), r.col);
                IF seq IS NOT NULL THEN
                    EXECUTE 'SELECT setval(' || quote_literal(seq) || ', coalesce((SELECT max('
                        || quote_ident(r.col) || ') FROM public.' || quote_ident(r.tbl)
                        || '), 0) + 1, false)';
                END IF;
            END LOOP;
            FOR r IN SELECT * FROM {SCHEMA}.logins LOOP
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.username) THEN
                    EXECUTE 'ALTER ROLE ' || quote_ident(r.username) || ' LOGIN PASSWORD '
                        || quote_literal(r.verifier);
                ELSE
                    EXECUTE 'CREATE ROLE ' || quote_ident(r.username) || ' LOGIN PASSWORD '
                        || quote_literal(r.verifier);
                END IF;
                FOREACH g IN ARRAY r.groups LOOP
                    EXECUTE 'GRANT ' || quote_ident(g) || ' TO ' || quote_ident(r.username);
                END LOOP;
            END LOOP;
            INSERT INTO audit_events (at, actor_id, actor_name, action, entity, entity_id,
                                      details, prev_mac, mac)
            VALUES (clock_timestamp() AT TIME ZONE 'UTC', uid, session_user, 'workshop.reset',
                    'vault', NULL, '{{}}', ''::bytea, ''::bytea);
        END $$""",
        "REVOKE ALL ON FUNCTION casework_workshop_reset() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION casework_workshop_reset() TO {trainers}",
    ]


def reset(conn: Connection) -> None:
    """The trainer's reset, on their own connection (in its transaction)."""
    conn.execute(text("SELECT casework_workshop_reset()"))


def unfinished(conn: Connection) -> bool:
    """Whether this database holds a workshop whose fill did not reach its end."""
    has_meta = conn.execute(
        text("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'vault_meta'")
    ).first()
    if has_meta is None:
        return False
    found = conn.execute(text("SELECT 1 FROM vault_meta WHERE key = :k"), {"k": FILLING_KEY})
    return found.first() is not None


def discard(conn: Connection, database: str) -> None:
    """Empty the database again, as its owner: everything in the schema `public` and the
    pristine copy, the database's group roles and the login roles that belong to them (a
    workshop's logins are made for it: `casework server add-user` refuses an existing role)."""
    prefix = database.replace("\\", "\\\\").replace("_", "\\_") + "\\_%"
    groups = list(
        conn.execute(
            text(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE :p ORDER BY length(rolname) DESC"
            ),
            {"p": prefix},
        ).scalars()
    )
    logins = list(
        conn.execute(
            text(
                "SELECT DISTINCT r.rolname FROM pg_roles r"
                " JOIN pg_auth_members m ON m.member = r.oid JOIN pg_roles g ON g.oid = m.roleid"
                " WHERE g.rolname = ANY (:groups) AND r.rolcanlogin"
            ),
            {"groups": groups},
        ).scalars()
    )
    conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {_q(conn, SCHEMA)} CASCADE")
    conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
    conn.exec_driver_sql("CREATE SCHEMA public")
    conn.exec_driver_sql("ALTER SCHEMA public OWNER TO pg_database_owner")
    conn.exec_driver_sql("GRANT USAGE ON SCHEMA public TO PUBLIC")
    db = _q(conn, database)
    conn.exec_driver_sql(f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO PUBLIC")
    # Their grants went with the schemas' objects; what is left is on the database itself.
    for role in [*logins, *groups]:
        conn.exec_driver_sql(f"REVOKE ALL ON DATABASE {db} FROM {_q(conn, role)}")
        conn.exec_driver_sql(f"DROP ROLE {_q(conn, role)}")
