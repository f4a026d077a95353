"""lists at 500,000 cases: names-only search, reference sort index, filter and inbox indexes

Every case-list filter with the default sort walks a (filter, updated_at) index and stops after a
page, instead of sorting every match; the reference sort walks an expression index; the inbox's
sorts by due date, state and service walk a (direction, column) index; a one- or two-letter
search reads the names-only search table's one-letter prefix index (issue 13).

Revision ID: 0004_perf_search_sort
Revises: 0004_srvui_push
Create Date: 2026-11-30
"""

from alembic import op

from casework.store.ddl import name_search_v1, name_search_v1_down
from casework.store.sort_keys import REFERENCE_ORDER_INDEX, reference_order_index_ddl

revision = '0004_perf_search_sort'
down_revision = '0004_srvui_push'
branch_labels = None
depends_on = None

CASE_FILTERS = ('status', 'category', 'country', 'subregion', 'caseworker_id')
REFERRAL_INDEXES = (
    ('ix_referrals_direction_due_on', ['direction', 'due_on']),
    ('ix_referrals_direction_state', ['direction', 'state']),
    ('ix_referrals_direction_service_type', ['direction', 'service_type']),
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def upgrade() -> None:
    for name in CASE_FILTERS:
        op.drop_index(f'ix_cases_{name}', table_name='cases')
        op.create_index(f'ix_cases_{name}_updated_at', 'cases', [name, 'updated_at'])
    for index, columns in REFERRAL_INDEXES:
        op.create_index(index, 'referrals', columns)
    # An office server's search and reference sort (store/postgres.py) are not changed here.
    if _sqlite():
        op.execute(reference_order_index_ddl())
        for statement in name_search_v1():
            op.execute(statement)


def downgrade() -> None:
    if _sqlite():
        for statement in name_search_v1_down():
            op.execute(statement)
        op.execute(f'DROP INDEX IF EXISTS {REFERENCE_ORDER_INDEX}')
    for index, _columns in REFERRAL_INDEXES:
        op.drop_index(index, table_name='referrals')
    for name in CASE_FILTERS:
        op.drop_index(f'ix_cases_{name}_updated_at', table_name='cases')
        op.create_index(f'ix_cases_{name}', 'cases', [name])
