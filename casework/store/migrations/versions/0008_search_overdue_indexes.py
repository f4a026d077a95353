"""overdue check indexes: a case's referrals and tasks as the list's overdue flag reads them

Every page of the case list (each keystroke of a search too) flags its 200 cases overdue from
their referrals and open tasks (services/case_list.py, `overdue_condition`). Through the case_id
indexes SQLite then read each referral and task row itself: on a cold cache at 500,000 cases
some 600 more pages decrypted, 10-20 ms of a first search. These hold what the check reads, so
it never reads the rows (issue 13). About 10 s on a 500,000-case vault.

Revision ID: 0008_search_overdue_indexes
Revises: 0007_stats_cell_indexes
Create Date: 2026-11-30
"""

from alembic import op

revision = '0008_search_overdue_indexes'
down_revision = '0007_stats_cell_indexes'
branch_labels = None
depends_on = None

INDEXES = (
    (
        'ix_referrals_case_overdue',
        'referrals',
        ['case_id', 'state', 'due_on', 'expected_end_on', 'follow_up_on'],
    ),
    ('ix_tasks_case_open_due', 'tasks', ['case_id', 'done_on', 'due_on']),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
