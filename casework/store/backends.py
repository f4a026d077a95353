"""The seam between the two storage backends.

A local vault is SQLCipher (engine.py, ddl.py, search.py); an office server is PostgreSQL
(postgres.py, server_security.py, server.py). Migrations ask here for their dialect's DDL, so
one Alembic chain serves both; services ask here where the two differ in what a session can see
(row-level security hides colleagues' cases on a server).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Float, String, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


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


def row_exists(session: Session, table: str, row_id: int) -> bool:
    """Whether a row of a case's table that the session could not load exists all the same
    (only on PostgreSQL, as `case_exists`)."""
    if not is_postgresql(session.connection()):
        return False
    found = session.scalar(text("SELECT casework_row_exists(:t, :i)"), {"t": table, "i": row_id})
    return bool(found)


def case_references(session: Session) -> Any:
    """A table of (id, reference) of every case, for the audit log: the cases table on a vault;
    on a server a view that shows auditors (administrators, supervisors) the references only,
    since an administrator may read no case."""
    if is_postgresql(session.connection()):
        from sqlalchemy import column, table

        return table("case_references", column("id"), column("reference"))
    from casework.model import Case

    return Case.__table__


# -- SQL that differs between the two dialects ----------------------------------------------
# Each construct compiles to the vault's SQL unchanged on SQLite (its plans and indexes were
# measured with it) and to a PostgreSQL equivalent on a server. The sort keys an index must
# serve (the reference order, `+column`) are in sort_keys.py.


class days_between(FunctionElement[float]):  # noqa: N801
    """Days (fractional) from the second timestamp or date to the first."""

    type = Float()
    name = "days_between"
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday({later}) - julianday({earlier}))"


@compiles(days_between, "postgresql")
def _days_between_pg(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(extract(epoch FROM ({later})::timestamp - ({earlier})::timestamp) / 86400.0)"


class month_start(FunctionElement[str]):  # noqa: N801
    """The first day of a date's month, as `YYYY-MM-01` text."""

    type = String()
    name = "month_start"
    inherit_cache = True


@compiles(month_start, "sqlite")
def _month_start_sqlite(element: month_start, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = element.clauses
    return f"strftime('%Y-%m-01', {compiler.process(day, **kw)})"


@compiles(month_start, "postgresql")
def _month_start_pg(element: month_start, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = element.clauses
    return f"to_char({compiler.process(day, **kw)}, 'YYYY-MM-01')"


class add_years(FunctionElement[str]):  # noqa: N801
    """A date plus a number of years, as `YYYY-MM-DD` text (29 February plus a year: 1 March
    on SQLite, 28 February on PostgreSQL)."""

    type = String()
    name = "add_years"
    inherit_cache = True


@compiles(add_years, "sqlite")
def _add_years_sqlite(element: add_years, compiler: SQLCompiler, **kw: Any) -> str:
    day, years = (compiler.process(c, **kw) for c in element.clauses)
    return f"date({day}, printf('+%d years', {years}))"


@compiles(add_years, "postgresql")
def _add_years_pg(element: add_years, compiler: SQLCompiler, **kw: Any) -> str:
    day, years = (compiler.process(c, **kw) for c in element.clauses)
    return f"to_char(({day})::date + make_interval(years => ({years})::integer), 'YYYY-MM-DD')"
