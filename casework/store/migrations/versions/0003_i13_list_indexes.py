"""list indexes: the referral inbox and the overdue filter walk an index and stop after a page

Revision ID: 0003_i13_list_indexes
Revises: 0003_i11_case_places
Create Date: 2026-11-29
"""

from alembic import op


revision = '0003_i13_list_indexes'
down_revision = '0003_i11_case_places'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_referrals_direction_created_at', 'referrals', ['direction', 'created_at']),
    ('ix_referrals_direction_sent_at', 'referrals', ['direction', 'sent_at']),
    ('ix_referrals_state_due_on', 'referrals', ['state', 'due_on', 'case_id']),
    ('ix_referrals_state_expected_end_on', 'referrals', ['state', 'expected_end_on', 'case_id']),
    ('ix_tasks_done_on_due_on_case_id', 'tasks', ['done_on', 'due_on', 'case_id']),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
