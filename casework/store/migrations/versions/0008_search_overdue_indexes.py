"""overdue check indexes: a case's referrals and tasks as the list's overdue flag reads them

Every page of the case list (each keystroke of a search too) flags its 200 cases overdue from
their referrals and open tasks (services/case_list.py, `overdue_condition`). Through the case_id
indexes SQLite then read each referral and task row itself: on a cold cache at 500,000 cases
some 600 more pages decrypted, 10-20 ms of a first search. These hold what the check reads, so
it never reads the rows (issue 13). The default sort's index also holds the names a one- or
two-letter search checks case by case as it walks that index (store/search.py,
`walk_condition`): the walk read some 800 case rows for "a", decrypted on a cold cache.
About 20 s on a 500,000-case vault (the page check before any upgrade takes longer).

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


NAMES_INDEX = (
    'ix_cases_updated_at_names',
    'cases',
    ['updated_at', 'id', 'reference', 'alias', 'other_aliases', 'legal_name'],
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    op.drop_index('ix_cases_updated_at', table_name='cases')
    op.create_index(*NAMES_INDEX)


def downgrade() -> None:
    op.drop_index(NAMES_INDEX[0], table_name='cases')
    op.create_index('ix_cases_updated_at', 'cases', ['updated_at'])
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
