"""The Alembic migrations and the ORM model describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from casework.model import Base
from casework.store.ddl import is_search_table
from casework.store.schema import current_revision, head_revision
from casework.store.stat_cells import is_cells_table


def _include(name, type_, parent_names):  # noqa: ANN001, ANN202
    return not (
        type_ == "table" and name is not None and (is_search_table(name) or is_cells_table(name))
    )


def test_models_and_migrations_agree(new_vault):
    vault = new_vault[0]
    with vault.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_name": _include, "compare_type": True}
        )
        assert compare_metadata(ctx, Base.metadata) == []
        assert current_revision(conn) == head_revision()


def test_search_tables_and_audit_guards_exist(new_vault):
    from sqlalchemy import text

    with new_vault[0].engine.connect() as conn:
        names = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
    assert {"case_search", "directory_search"} <= names
    assert {"audit_events_no_update", "audit_events_no_delete"} <= names
