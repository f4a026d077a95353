"""statistics: roll-ups of the summary cells without their month key

The statistics overview without a start date summed every month's cells, some 70,000 at
500,000 cases, whose pages a session's pool connection decrypted again on its first look at
the page: 50-70 ms of CPU of a page that must show its figures in under 100 (issue 13). The
roll-ups hold the same sums over every month (a few hundred rows each), kept exact by triggers
on the cells (store/stat_rollups.py); the overview reads them less the few cells after its
period. Counted here once from the cells: about a second at 500,000 cases. Only a vault has
cells (SQLite); the office server counts its figures elsewhere.

Revision ID: 0009_stats_rollups
Revises: 0008_search_overdue_indexes
Create Date: 2026-11-30
"""

from alembic import op

from casework.store import stat_rollups

revision = "0009_stats_rollups"
down_revision = "0008_search_overdue_indexes"
branch_labels = None
depends_on = None


# The cell tables of this revision's day (later ones add their roll-ups).
CELLS = (
    "stat_cases",
    "stat_referral_states",
    "stat_referral_services",
    "stat_overdue",
    "stat_answered",
    "stat_plans",
    "stat_goals",
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if _sqlite():
        for statement in (
            *stat_rollups.table_ddl(CELLS),
            *stat_rollups.fill_ddl(CELLS),
            *stat_rollups.trigger_ddl(CELLS),
        ):
            op.execute(statement)


def downgrade() -> None:
    if _sqlite():
        for statement in stat_rollups.drop_ddl(CELLS):
            op.execute(statement)
