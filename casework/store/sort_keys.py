"""Sort keys computed in SQL that an index must serve, one spelling per backend.

The reference sort puts `KE-2026-9999` before `KE-2026-10000`: the country-year prefix, then
the number padded to twelve digits. On SQLite the expression index `ix_cases_reference_order`
(migration 0004_perf) serves it, and SQLite only uses an expression index for the very same
expression, constants written out (not bound parameters): `REFERENCE_ORDER_SQLITE` is the one
spelling both the index and the queries use.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

REFERENCE_ORDER_INDEX = "ix_cases_reference_order"
REFERENCE_ORDER_SQLITE = "printf('%s%012d', substr({col}, 1, 8), CAST(substr({col}, 9) AS INTEGER))"
# PostgreSQL: the leading digits after the prefix (SQLite's CAST reads them; 0 when none).
REFERENCE_ORDER_POSTGRESQL = (
    "substr({col}, 1, 8) || lpad(coalesce(substring(substr({col}, 9) from '^\\s*([0-9]+)'), "
    "'0'), 12, '0')"
)


class ReferenceOrder(ColumnElement[str]):
    """`reference_order(cases.reference)` as the backend spells it."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]
    type = String()

    def __init__(self, column: Any) -> None:
        self.column = column


@compiles(ReferenceOrder)
def _sqlite(element: ReferenceOrder, compiler: Any, **kw: Any) -> str:
    return REFERENCE_ORDER_SQLITE.format(col=compiler.process(element.column, **kw))


@compiles(ReferenceOrder, "postgresql")
def _postgresql(element: ReferenceOrder, compiler: Any, **kw: Any) -> str:
    return "(" + REFERENCE_ORDER_POSTGRESQL.format(col=compiler.process(element.column, **kw)) + ")"


def reference_order_index_ddl(*columns: str) -> str:
    """The SQLite expression index behind the reference sort, then `columns` (0005_perfsql:
    the id and the list's filter columns, so a filtered walk never reads the cases)."""
    expression = REFERENCE_ORDER_SQLITE.format(col="reference")
    return f"CREATE INDEX {REFERENCE_ORDER_INDEX} ON cases ({', '.join((expression, *columns))})"


class Unindexed(ColumnElement[Any]):
    """A column SQLite must not look up through an index (`+column`: its way of saying "not
    this index"; SQLAlchemy drops `INDEXED BY` hints on SQLite). Other backends: the column."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: Any) -> None:
        self.column = column
        self.type = column.type


@compiles(Unindexed)
def _unindexed_sqlite(element: Unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + compiler.process(element.column, **kw)


@compiles(Unindexed, "postgresql")
def _unindexed_postgresql(element: Unindexed, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


def unindexed(column: Any) -> Any:
    return Unindexed(column)
