"""statistics: the overdue tasks counted from an index alone

The Statistics page counts the tasks open at the end of its period and due before it (open, or
done after it). The index on (done_on, due_on, case_id) finds them, but the count also checks
each task's created_at (a task entered after the period does not count), so it read every one
of those tasks' rows: some 35,000 at 200,000 cases, about 45 ms of the page's 60 ms of SQL, on
pages decrypted again after a search had used the cache. With created_at in the index the
count reads the index alone (about 8 ms); the lists that use the index's first three columns
(the overdue filter) keep using it. A second or so on a 500,000-case vault.

Revision ID: 0011_stats_tasks_overdue
Revises: 0010_search_updated_at_id
Create Date: 2026-12-01
"""

from alembic import op

revision = "0011_stats_tasks_overdue"
down_revision = "0010_search_updated_at_id"
branch_labels = None
depends_on = None

OLD = ("ix_tasks_done_on_due_on_case_id", "tasks", ["done_on", "due_on", "case_id"])
NEW = ("ix_tasks_done_on_due_on_case_id_created_at", "tasks",
       ["done_on", "due_on", "case_id", "created_at"])  # fmt: skip


def upgrade() -> None:
    op.create_index(*NEW)
    op.drop_index(OLD[0], table_name=OLD[1])


def downgrade() -> None:
    op.create_index(*OLD)
    op.drop_index(NEW[0], table_name=NEW[1])
