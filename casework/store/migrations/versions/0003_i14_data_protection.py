"""data protection: consent refusals, referral follow-up dates

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
    op.add_column('referrals', sa.Column('follow_up_on', sa.Date(), nullable=True))
    # Accepted referrals already open get their follow-up date from their stage (14 days without).
    op.execute(
        "UPDATE referrals SET follow_up_on = date(accepted_at, '+' || coalesce("
        "(SELECT expected_days FROM pathway_stages WHERE pathway_stages.id = referrals.stage_id),"
        " 14) || ' days') WHERE state = 'accepted' AND accepted_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_column('follow_up_on')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_column('refused')
