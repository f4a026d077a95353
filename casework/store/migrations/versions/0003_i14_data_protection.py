"""data protection: consent refusals

Revision ID: 0003_i14_data_protection
Revises: 0002
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa


revision = '0003_i14_data_protection'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        'consents', sa.Column('refused', sa.Boolean(), server_default='0', nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_column('refused')
