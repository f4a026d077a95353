"""The seam between the two storage backends.

A local vault is SQLCipher (engine.py, ddl.py, search.py); an office server is PostgreSQL
(postgres.py, server_security.py, server.py). Migrations ask here for their dialect's DDL, so
one Alembic chain serves both; services ask here where the two differ in what a session can see
(row-level security hides colleagues' cases on a server).
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session


def is_postgresql(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def schema_v1_ddl(connection: Connection) -> list[str]:
    """Search tables and their triggers, and the audit guard, as revision 0001 creates them."""
    if is_postgresql(connection):
        from casework.store import postgres

        return postgres.SEARCH_V1 + postgres.AUDIT_GUARD_V1
    from casework.store import ddl

    return ddl.SEARCH_V1 + ddl.AUDIT_GUARD_V1


def last_case_number(session: Session, prefix: str) -> int | None:
    """The highest case number after `prefix` (`KE-2026-`), over every case (PostgreSQL:
    through a SECURITY DEFINER function that also serialises numbering until the transaction
    ends)."""
    return session.scalar(text("SELECT casework_last_case_number(:p)"), {"p": prefix})


def case_exists(session: Session, case_id: int) -> bool:
    """Whether a case the session could not load exists all the same: only on PostgreSQL,
    where row-level security hides colleagues' cases (on a vault every case is visible)."""
    if not is_postgresql(session.connection()):
        return False
    return bool(session.scalar(text("SELECT casework_case_exists(:i)"), {"i": case_id}))
