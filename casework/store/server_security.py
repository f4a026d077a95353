"""The office server enforces the role matrix itself: group roles, grants, row-level security.

Every app user is a PostgreSQL LOGIN role that belongs to one group role per app role it holds
(`<database>_caseworker`, `_supervisor`, `_administrator`, `_me_officer`), each a member of
`<database>_app`. Group names carry the database's name because roles are cluster-wide. The
schema's owner (whoever ran `casework server init`) bypasses row-level security; app roles never
own anything. The matrix (DOMAIN.md, services/permissions.py), as the database sees it:

- cases: a caseworker reads and updates only the cases assigned to them (and may not assign one
  to someone else); a supervisor all of them; administrators and M&E officers none (no grant).
- tables of a case (notes, consents, plans, referrals, tasks…) and their own children follow
  their case: a row is visible and writable exactly when its case is.
- audit_events: INSERT for every app role, SELECT for supervisors and administrators (others see
  their own events), never UPDATE, DELETE or TRUNCATE (and a trigger refuses those even to the
  owner). The server seals every app role's event into the chain itself (server_audit.py), under
  a key in vault_meta that no app role can read or change.
- M&E officers read the statistics only, through `casework_statistics()` (store/
  server_statistics.py: counts per published cell, small cells withheld, periods and areas
  that cannot be differenced), as do supervisors.
- users and roles are changed by administrators; the directory by supervisors and
  administrators; drafts and settings by their own user only.

`apply_security` is idempotent and runs after every schema upgrade, as the owner.
"""

from __future__ import annotations

from sqlalchemy import Connection

from casework.model.enums import Role
from casework.store import server_audit, server_statistics
from casework.store.server_exchange import EXCHANGE_TABLES

# How each table relates to a case or a user. A table missing here is refused by
# `table_policies` (tests check the model is fully covered), so a new table is never left open.
CASE_TABLES = ("cases",)
CASE_CHILDREN = {  # table -> (column, parent table)
    "consents": ("case_id", "cases"),
    "risk_observations": ("case_id", "cases"),
    "professional_judgements": ("case_id", "cases"),
    "external_assessments": ("case_id", "cases"),
    "notes": ("case_id", "cases"),
    "tasks": ("case_id", "cases"),
    "plans": ("case_id", "cases"),
    "referrals": ("case_id", "cases"),
    "case_search": ("case_id", "cases"),
    "plan_goals": ("plan_id", "plans"),
    "plan_review_dates": ("plan_id", "plans"),
    "plan_reviews": ("plan_id", "plans"),
    "goal_actions": ("goal_id", "plan_goals"),
    "referral_events": ("referral_id", "referrals"),
    "case_handovers": ("case_id", "cases"),
    "anonymisations": ("case_id", "cases"),
}
OWN_USER_TABLES = ("drafts", "user_settings")
USER_TABLES = ("users", "user_roles")
DIRECTORY_TABLES = (  # read by every app role, changed by supervisors and administrators
    "organisations",
    "organisation_services",
    "pathways",
    "pathway_stages",
    "directory_search",
)
ADMIN_TABLES = ("retention_rules",)  # read by every app role, changed by administrators
# Exchange between organisations (issue 8): its own rules, in server_exchange.py.
OWNER_ONLY_TABLES: tuple[str, ...] = ()
OTHER_TABLES = ("audit_events", "vault_meta", "alembic_version")
# Read by the search index's SECURITY DEFINER refresh only (country names in every language).
INTERNAL_TABLES = ("search_country_names",)
CLASSIFIED = frozenset(
    (
        *CASE_TABLES,
        *CASE_CHILDREN,
        *OWN_USER_TABLES,
        *USER_TABLES,
        *DIRECTORY_TABLES,
        *ADMIN_TABLES,
        *OWNER_ONLY_TABLES,
        *EXCHANGE_TABLES,
        *OTHER_TABLES,
        *INTERNAL_TABLES,
    )
)
# Written by the server's owner only (the search index through its SECURITY DEFINER triggers).
READ_ONLY_TABLES = ("case_search", "directory_search", "alembic_version")


def group_role(database: str, role: Role | str) -> str:
    return f"{database}_{Role(role).value}"


def app_role(database: str) -> str:
    return f"{database}_app"


def _q(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _lit(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def statements(connection: Connection, database: str, tables: set[str]) -> list[str]:
    """The grants and policies for this database, for the tables that exist in it."""
    unknown = tables - CLASSIFIED
    if unknown:
        raise RuntimeError(f"no access rule for tables: {sorted(unknown)}")
    q = lambda name: _q(connection, name)  # noqa: E731
    app = q(app_role(database))
    cw, sup, adm, me = (q(group_role(database, r)) for r in Role)
    # SQL that is true when the connected user holds the app role, and the user's id. Each is
    # a scalar subquery so PostgreSQL computes it once per statement (an InitPlan), not once
    # per row a policy checks: at 200,000 cases that is the difference between milliseconds
    # and a second (tests/perf/bench_server.py).
    member = {
        r: f"(SELECT pg_has_role(current_user, {_lit(group_role(database, r))}, 'MEMBER'))"
        for r in Role
    }
    workers = f"{cw}, {sup}"
    me_id = "(SELECT casework_user_id())"
    out = [
        f"REVOKE ALL ON DATABASE {q(database)} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {q(database)} TO {app}",
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {app}",
        "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {app}",
        """CREATE OR REPLACE FUNCTION casework_user_id() RETURNS integer LANGUAGE sql STABLE
           SET search_path = public, pg_temp
           AS $$ SELECT id FROM users WHERE username = current_user AND active $$""",
    ]
    for table in sorted(tables):
        out.append(f"REVOKE ALL ON {q(table)} FROM {app}, {cw}, {sup}, {adm}, {me}")
        out.append(f"ALTER TABLE {q(table)} ENABLE ROW LEVEL SECURITY")
        out.append(f"DROP POLICY IF EXISTS casework_access ON {q(table)}")
        out.append(f"DROP POLICY IF EXISTS casework_read ON {q(table)}")
        out.append(f"DROP POLICY IF EXISTS casework_write ON {q(table)}")

    def policy(table: str, using: str, check: str | None = None, command: str = "ALL") -> None:
        if table not in tables:
            return
        sql = f"CREATE POLICY casework_access ON {q(table)} FOR {command} USING ({using})"
        if command != "SELECT":
            sql += f" WITH CHECK ({check or using})"
        out.append(sql)

    def grant(table: str, privileges: str, to: str) -> None:
        if table in tables:
            out.append(f"GRANT {privileges} ON {q(table)} TO {to}")

    # Cases: assigned ones for caseworkers, all for supervisors.
    assigned = (
        f"{member[Role.SUPERVISOR]} OR ({member[Role.CASEWORKER]} AND caseworker_id = {me_id})"
    )
    for table in CASE_TABLES:
        grant(table, "SELECT, INSERT, UPDATE", workers)
        policy(table, assigned)
    for table, (column, parent) in CASE_CHILDREN.items():
        follows = f"EXISTS (SELECT 1 FROM {q(parent)} p WHERE p.id = {q(table)}.{q(column)})"
        if table == "referrals" and _has_column(connection, table, "caseworker_id"):
            # Each referral keeps its case's caseworker, set by the server's own triggers
            # whatever a client sends (store/referral_owner.py): the same rule as its case's,
            # without a lookup of the case per referral (which the planner made a hash of
            # every visible case, 200 ms for a caseworker's inbox page at 200,000 cases).
            follows = assigned
        if table in READ_ONLY_TABLES:
            grant(table, "SELECT", workers)
            policy(table, follows, command="SELECT")
        else:
            grant(table, "SELECT, INSERT, UPDATE, DELETE", workers)
            policy(table, follows)
    for table in OWN_USER_TABLES:
        grant(table, "SELECT, INSERT, UPDATE, DELETE", app)
        policy(table, f"user_id = {me_id}")
    for table in (*USER_TABLES, *ADMIN_TABLES):
        grant(table, "SELECT", app)
        grant(table, "INSERT, UPDATE, DELETE", adm)
        policy(table, "true")
    for table in DIRECTORY_TABLES:
        grant(table, "SELECT", app)
        if table not in READ_ONLY_TABLES:
            grant(table, "INSERT, UPDATE, DELETE", f"{sup}, {adm}")
        policy(table, "true")
    grant("alembic_version", "SELECT", app)
    policy("alembic_version", "true", command="SELECT")
    # The audit trail: append for all, read for auditors (and one's own events), never change.
    grant("audit_events", "SELECT, INSERT", app)
    if "audit_events" in tables:
        readers = f"{member[Role.SUPERVISOR]} OR {member[Role.ADMINISTRATOR]}"
        out.append(
            "CREATE POLICY casework_read ON audit_events FOR SELECT "
            f"USING ({readers} OR actor_id = {me_id})"
        )
        out.append("CREATE POLICY casework_write ON audit_events FOR INSERT WITH CHECK (true)")
    # Settings everyone reads, except the audit chain's key; administrators change them, but
    # never the chain's key or head (those only the sealing trigger and the owner write).
    grant("vault_meta", "SELECT", app)
    grant("vault_meta", "INSERT, UPDATE", adm)
    if "vault_meta" in tables:
        secret = _lit(server_statistics.SECRET_META)
        chain = f"key NOT IN ('audit_key', 'audit_head', 'audit_seal', {secret})"
        out += [
            "CREATE POLICY casework_read ON vault_meta FOR SELECT "
            "USING (key NOT IN ('audit_key', 'audit_seal', "
            f"{_lit(server_statistics.SECRET_META)}))",
            f"CREATE POLICY casework_write ON vault_meta FOR INSERT WITH CHECK ({chain})",
            f"CREATE POLICY casework_access ON vault_meta FOR UPDATE USING ({chain})"
            f" WITH CHECK ({chain})",
        ]
    if "cases" in tables:
        # Case numbers run across the office, though a caseworker sees only their own cases.
        out.append(
            """CREATE OR REPLACE FUNCTION casework_last_case_number(prefix text) RETURNS integer
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('casework case reference'));
                RETURN (SELECT max(substr(reference, length(prefix) + 1)::integer) FROM cases
                        WHERE left(reference, length(prefix)) = prefix);
            END $$"""
        )
        out.append(
            """CREATE OR REPLACE FUNCTION casework_case_exists(cid integer) RETURNS boolean
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
            AS $$ SELECT EXISTS (SELECT 1 FROM cases WHERE id = cid) $$"""
        )
        children = ", ".join(
            _lit(t) for t in sorted(CASE_CHILDREN) if t in tables and t not in READ_ONLY_TABLES
        )
        out.append(
            f"""CREATE OR REPLACE FUNCTION casework_row_exists(tbl text, rid integer)
            RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER
            SET search_path = public, pg_temp AS $$
            DECLARE found boolean;
            BEGIN
                IF tbl NOT IN ({children}) THEN RETURN false; END IF;
                EXECUTE 'SELECT EXISTS (SELECT 1 FROM ' || quote_ident(tbl) || ' WHERE id = $1)'
                    INTO found USING rid;
                RETURN found;
            END $$"""
        )
        # The audit log names cases by reference, also to administrators (who read no case).
        out += [
            "CREATE OR REPLACE VIEW case_references WITH (security_barrier) AS "
            "SELECT id, reference FROM cases",
            "REVOKE ALL ON case_references FROM PUBLIC",
            f"GRANT SELECT ON case_references TO {sup}, {adm}",
        ]
    if "audit_events" in tables and "vault_meta" in tables:
        out += server_audit.statements()
    if {"cases", "referrals", "plans", "plan_goals", "tasks", "vault_meta"} <= tables:
        # The statistics function exists from 0005_srvme_statistics on.
        out += server_statistics.create_statements()
        out += server_statistics.grant_statements(f"{me}, {sup}")
    # Exchange between organisations (store/server_exchange.py).
    from casework.store import server_exchange

    roles = {r.value: q(group_role(database, r)) for r in Role}
    out += server_exchange.statements(tables, q, roles, me_id)
    # Anonymisation at the end of retention (store/server_retention.py).
    if {"cases", "anonymisations", "retention_rules", "audit_events"} <= tables:
        from casework.store import server_retention

        out += server_retention.statements(q, database)
    # The case search's function (store/server_search.py).
    if "case_search" in tables:
        from casework.store import server_search

        out += server_search.grants(app)
    return out


def _has_column(connection: Connection, table: str, column: str) -> bool:
    from sqlalchemy import text

    found = connection.execute(
        text(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' "
            "AND table_name = :t AND column_name = :c"
        ),
        {"t": table, "c": column},
    )
    return found.first() is not None


def existing_tables(connection: Connection) -> set[str]:
    from sqlalchemy import text

    rows = connection.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ).scalars()
    return set(rows)


def ensure_group_roles(connection: Connection, database: str) -> None:
    from sqlalchemy import text

    def exists(name: str) -> bool:
        found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
        return found.first() is not None

    app = app_role(database)
    if not exists(app):
        connection.exec_driver_sql(f"CREATE ROLE {_q(connection, app)} NOLOGIN")
    for role in Role:
        name = group_role(database, role)
        if not exists(name):
            connection.exec_driver_sql(
                f"CREATE ROLE {_q(connection, name)} NOLOGIN IN ROLE {_q(connection, app)}"
            )


def apply_security(connection: Connection) -> None:
    """Group roles, grants and policies for the connected database (as its owner)."""
    from sqlalchemy import text

    database = connection.execute(text("SELECT current_database()")).scalar_one()
    ensure_group_roles(connection, database)
    for statement in statements(connection, database, existing_tables(connection)):
        connection.exec_driver_sql(statement)
