"""optimistic concurrency: a row version, and who changed the row last and when

Every record people edit in a form gets `row_version` (raised by each UPDATE, checked in its
WHERE clause), `changed_by_id` and `changed_at`, so a save made over a colleague's newer
version is refused with their name and time instead of overwriting it (issue 9). Plain
ADD COLUMNs: no table is rebuilt on a vault, and the same revision runs on PostgreSQL.

Revision ID: 0004_occ_versions
Revises: 0003_i8_exchange
Create Date: 2026-11-30
"""

from alembic import op
import sqlalchemy as sa

import casework.model.base


revision = '0004_occ_versions'
down_revision = '0004_perf_search_sort'
branch_labels = None
depends_on = None

TABLES = (
    'cases', 'consents', 'risk_observations', 'professional_judgements', 'tasks',
    'plans', 'plan_goals', 'goal_actions', 'referrals',
    'organisations', 'pathways', 'pathway_stages',
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column('row_version', sa.Integer(), server_default='1',
                                       nullable=False))
        op.add_column(table, sa.Column('changed_by_id', sa.Integer(), nullable=True))
        op.add_column(table, sa.Column('changed_at', casework.model.base.UTCDateTime(),
                                       nullable=True))


def downgrade() -> None:
    for table in TABLES:
        for column in ('changed_at', 'changed_by_id', 'row_version'):
            op.drop_column(table, column)
