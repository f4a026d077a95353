"""statistics: covering indexes on the largest summary cells, in the order they are summed

The statistics overview sums the cases', referral services' and goals' cells by their keys
(services/statistics_counts.py). Without an index in that order SQLite walked the month key's
index, looked each cell up and sorted them all: at 200,000 cases the goals' cells alone took
30-36 ms of a page that must show in under 100 (issue 13). These indexes hold every column
the sums read, in the order they group them (store/stat_cells.py, GROUP_INDEXES). Only a
vault has cells (SQLite); the office server counts its figures elsewhere.

Revision ID: 0007_stats_cell_indexes
Revises: 0007_lead_search_gin_fastupdate
Create Date: 2026-11-30
"""

from alembic import op

from casework.store import stat_cells

revision = "0007_stats_cell_indexes"
down_revision = "0007_lead_search_gin_fastupdate"
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if _sqlite():
        for statement in stat_cells.index_ddl():
            op.execute(statement)


def downgrade() -> None:
    if _sqlite():
        for statement in stat_cells.drop_index_ddl():
            op.execute(statement)
