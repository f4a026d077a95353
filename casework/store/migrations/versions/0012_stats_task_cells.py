"""statistics: the overdue tasks counted from summary cells

The Statistics page counted the tasks open past their due date at its period's end from the
tasks' index, one entry per such task: some 88,000 at 500,000 cases, about 20 ms on a
session's first look, the one figure of the page that grew with the vault (issue 13 asks the
same time, within 1.5x, at every size). The tasks now have summary cells like the other
records (store/stat_cells.py `stat_tasks`: month entered, area, due month, month done), kept
by triggers and rolled up over every month; the page reads a few hundred rows. Counted here
once from the existing tasks (set-based): about a second at 500,000 cases. Only a vault has
cells (SQLite); the office server counts its figures elsewhere.

Revision ID: 0012_stats_task_cells
Revises: 0011_stats_tasks_overdue
Create Date: 2026-12-01
"""

from alembic import op
from sqlalchemy import text

from casework.store import stat_cells, stat_cells_upkeep, stat_rollups

revision = "0012_stats_task_cells"
down_revision = "0011_stats_tasks_overdue"
branch_labels = None
depends_on = None

CELLS = ("stat_tasks",)
BEFORE = ("cases", "referrals", "plans")  # the sources counted before this revision


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if not _sqlite():
        return
    conn = op.get_bind()
    secret = conn.execute(
        text("SELECT value FROM vault_meta WHERE key = :k"), {"k": stat_cells.SECRET_META}
    ).scalar_one()
    for statement in (
        *stat_cells.table_ddl(CELLS),
        *stat_rollups.table_ddl(CELLS),
        *stat_rollups.trigger_ddl(CELLS),
        # The cases' area trigger now moves a case's tasks too: every trigger made again.
        *stat_cells_upkeep.drop_trigger_ddl(),
    ):
        op.execute(statement)
    stat_cells_upkeep.count(
        lambda sql, params: conn.execute(text(sql), params), "tasks", bytes.fromhex(secret)
    )
    for statement in stat_cells_upkeep.trigger_ddl():
        op.execute(statement)


def downgrade() -> None:
    if not _sqlite():
        return
    for statement in (
        *stat_cells_upkeep.drop_trigger_ddl(),
        *stat_rollups.drop_ddl(CELLS),
        "DROP TABLE stat_tasks",
        f"DELETE FROM stat_keys WHERE tbl = '{stat_cells.KEY_TABLES['tasks']}'",
        *stat_cells_upkeep.trigger_ddl(BEFORE),
    ):
        op.execute(statement)
