"""The Alembic migrations and the ORM model describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from casework.model import Base
from casework.store.ddl import is_search_table
from casework.store.schema import at_head, current_revision, head_revision, plain_head
from casework.store.stat_cells import is_cells_table
from casework.store.stat_rollups import is_rollup_table


def _include(name, type_, parent_names):  # noqa: ANN001, ANN202
    return not (
        type_ == "table"
        and name is not None
        and (is_search_table(name) or is_cells_table(name) or is_rollup_table(name))
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


def test_the_head_read_without_alembic_is_alembics_head():
    # An unlock compares the vault's revision with this (store/schema.py, `at_head`): were it
    # wrong, an up-to-date vault would be sent through Alembic, or an old one not upgraded.
    assert plain_head() == head_revision()


def test_at_head_only_when_the_vault_has_the_heads_revision(new_vault):
    from sqlalchemy import text

    with new_vault[0].engine.connect() as conn:
        assert at_head(conn)
        conn.execute(text("UPDATE alembic_version SET version_num = '0006_stats_figures'"))
        assert not at_head(conn)  # an older vault: Alembic checks and upgrades it
        conn.execute(text("DELETE FROM alembic_version"))
        assert not at_head(conn)
        conn.rollback()
        assert at_head(conn)
