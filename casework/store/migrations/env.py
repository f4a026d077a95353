"""Alembic environment: runs on the connection Casework hands it (never opens its own)."""

from __future__ import annotations

from alembic import context

from casework.model import Base
from casework.store.ddl import is_search_table
from casework.store.stat_cells import is_cells_table
from casework.store.stat_rollups import is_rollup_table

config = context.config
connection = config.attributes["connection"]


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    return not (
        type_ == "table"
        and name is not None
        and (is_search_table(name) or is_cells_table(name) or is_rollup_table(name))
    )


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_name=include_name,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
