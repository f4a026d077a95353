"""incoming referrals: a direction on every referral

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN with a default: existing referrals are all outgoing; no table rebuild.
    op.add_column(
        'referrals',
        sa.Column(
            'direction',
            sa.Enum('outgoing', 'incoming', name='referraldirection', native_enum=False, length=32),
            server_default='outgoing',
            nullable=False,
        ),
    )
    op.create_index(op.f('ix_referrals_direction'), 'referrals', ['direction'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_direction'))
        batch_op.drop_column('direction')
