"""data protection: consent refusals, referral follow-up dates, handovers, review sign-offs,
retention schedule and anonymisations

Revision ID: 0003_i14_data_protection
Revises: 0003_i10_audit_seal
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa

import casework.model.base


revision = '0003_i14_data_protection'
down_revision = '0003_i10_audit_seal'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('retention_rules',
    sa.Column('category', sa.Enum('released_offender', 'returnee_ftf', 'family_member', 'child', 'disengaged', name='clientcategory', native_enum=False, length=32), nullable=False),
    sa.Column('years', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', casework.model.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_retention_rules_updated_by_id_users')),
    sa.PrimaryKeyConstraint('category', name=op.f('pk_retention_rules'))
    )
    op.create_table('anonymisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', casework.model.base.UTCDateTime(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', casework.model.base.UTCDateTime(), nullable=True),
    sa.Column('years', sa.Integer(), nullable=False),
    sa.Column('certificate', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_anonymisations_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_anonymisations_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_anonymisations_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_anonymisations'))
    )
    with op.batch_alter_table('anonymisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_anonymisations_case_id'), ['case_id'], unique=True)
    op.create_table('case_handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('from_user_id', sa.Integer(), nullable=True),
    sa.Column('to_user_id', sa.Integer(), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('at', casework.model.base.UTCDateTime(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('tasks_moved', sa.Integer(), nullable=False),
    sa.Column('tasks_kept', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_case_handovers_by_user_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_handovers_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_user_id'], ['users.id'], name=op.f('fk_case_handovers_from_user_id_users')),
    sa.ForeignKeyConstraint(['to_user_id'], ['users.id'], name=op.f('fk_case_handovers_to_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_handovers'))
    )
    with op.batch_alter_table('case_handovers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_handovers_case_id'), ['case_id'], unique=False)
    # The sign-off columns refer to users: added through a batch (SQLite rebuilds the table).
    with op.batch_alter_table('professional_judgements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('reviewed_at', casework.model.base.UTCDateTime(), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_professional_judgements_reviewed_by_id_users'),
            'users',
            ['reviewed_by_id'],
            ['id'],
        )
    op.add_column(
        'consents', sa.Column('refused', sa.Boolean(), server_default='0', nullable=False)
    )
    op.add_column('referrals', sa.Column('follow_up_on', sa.Date(), nullable=True))
    # Accepted referrals already open get their follow-up date from their stage (14 days without).
    days = (
        "coalesce((SELECT expected_days FROM pathway_stages"
        " WHERE pathway_stages.id = referrals.stage_id), 14)"
    )
    if op.get_bind().dialect.name == 'postgresql':  # an office server (store/postgres.py)
        follow_up = f"(accepted_at + make_interval(days => {days}))::date"
    else:
        follow_up = f"date(accepted_at, '+' || {days} || ' days')"
    op.execute(
        f"UPDATE referrals SET follow_up_on = {follow_up}"
        " WHERE state = 'accepted' AND accepted_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table('anonymisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_anonymisations_case_id'))
    op.drop_table('anonymisations')
    op.drop_table('retention_rules')
    with op.batch_alter_table('professional_judgements', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_professional_judgements_reviewed_by_id_users'), type_='foreignkey'
        )
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by_id')
    with op.batch_alter_table('case_handovers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_handovers_case_id'))
    op.drop_table('case_handovers')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_column('follow_up_on')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_column('refused')
