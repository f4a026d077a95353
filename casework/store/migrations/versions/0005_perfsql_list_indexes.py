"""list indexes that hold what a filtered page checks: 500,000 cases without reading the rows

A page or count with several filters, or filtered under the alias or reference sort, checked
each walked case's other filter columns in the cases table (thousands of row reads, decrypted
page by page on a cold cache); the indexes now hold them. The overdue referral ranges hold the
direction, and the inbox's newest-first walk the columns of the overdue check (issue 13).

Revision ID: 0005_perfsql_list_indexes
Revises: 0005_srvroom_server_functions
Create Date: 2026-11-30
"""

from alembic import op

from casework.store.sort_keys import REFERENCE_ORDER_INDEX, reference_order_index_ddl

revision = '0005_perfsql_list_indexes'
down_revision = '0005_srvroom_server_functions'
branch_labels = None
depends_on = None

FILTERS = ('status', 'category', 'country', 'subregion', 'caseworker_id')
OLD_REFERRAL_INDEXES = (
    ('ix_referrals_direction_created_at', ['direction', 'created_at']),
    ('ix_referrals_state_due_on', ['state', 'due_on', 'case_id']),
    ('ix_referrals_state_expected_end_on', ['state', 'expected_end_on', 'case_id']),
)
NEW_REFERRAL_INDEXES = (
    (
        'ix_referrals_direction_created_at_due',
        ['direction', 'created_at', 'state', 'due_on', 'expected_end_on', 'follow_up_on'],
    ),
    ('ix_referrals_state_due_on_direction', ['state', 'due_on', 'direction', 'case_id']),
    (
        'ix_referrals_state_end_direction',
        ['state', 'expected_end_on', 'follow_up_on', 'direction', 'case_id'],
    ),
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def upgrade() -> None:
    for name in FILTERS:
        others = [f for f in FILTERS if f != name]
        op.drop_index(f'ix_cases_{name}_updated_at', table_name='cases')
        op.create_index(
            f'ix_cases_{name}_updated_at_filters', 'cases', [name, 'updated_at', *others]
        )
    op.drop_index('ix_cases_alias', table_name='cases')
    op.create_index('ix_cases_alias_id_filters', 'cases', ['alias', 'id', *FILTERS])
    for index, _columns in OLD_REFERRAL_INDEXES:
        op.drop_index(index, table_name='referrals')
    for index, columns in NEW_REFERRAL_INDEXES:
        op.create_index(index, 'referrals', columns)
    if _sqlite():
        op.execute(f'DROP INDEX IF EXISTS {REFERENCE_ORDER_INDEX}')
        op.execute(reference_order_index_ddl('id', *FILTERS))


def downgrade() -> None:
    if _sqlite():
        op.execute(f'DROP INDEX IF EXISTS {REFERENCE_ORDER_INDEX}')
        op.execute(reference_order_index_ddl())
    for index, _columns in NEW_REFERRAL_INDEXES:
        op.drop_index(index, table_name='referrals')
    for index, columns in OLD_REFERRAL_INDEXES:
        op.create_index(index, 'referrals', columns)
    op.drop_index('ix_cases_alias_id_filters', table_name='cases')
    op.create_index('ix_cases_alias', 'cases', ['alias'])
    for name in FILTERS:
        op.drop_index(f'ix_cases_{name}_updated_at_filters', table_name='cases')
        op.create_index(f'ix_cases_{name}_updated_at', 'cases', [name, 'updated_at'])
