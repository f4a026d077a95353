"""office server under a team's load: the audit chain sealed at commit; the inbox by caseworker

The audit chain (PostgreSQL only: a vault computes its chain in the app, under its single
writer): the append-only guard lets the server's own sealing trigger number and MAC a
provisional row at commit (store/server_audit.py). The triggers themselves are (re)made by
`apply_security`, which runs after every upgrade; until it has run, the older trigger keeps
sealing at insert time.

The inbox (both backends): each referral keeps its case's caseworker, by triggers
(store/referral_owner.py), under an index that starts with it.

Revision ID: 0006_srvaudit_chain_inbox
Revises: 0005_srvperf_search
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from casework.store import referral_owner, server_audit

revision = '0006_srvaudit_chain_inbox'
down_revision = '0005_srvperf_search'
branch_labels = None
depends_on = None

INBOX_INDEX = ('ix_referrals_caseworker_inbox', ['caseworker_id', 'direction', 'created_at', 'id'])


def _postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade() -> None:
    op.add_column('referrals', sa.Column('caseworker_id', sa.Integer(), nullable=True))
    op.execute(referral_owner.BACKFILL)
    op.create_index(INBOX_INDEX[0], 'referrals', INBOX_INDEX[1])
    for statement in referral_owner.POSTGRESQL if _postgresql() else referral_owner.SQLITE:
        op.execute(statement)
    if _postgresql():
        op.execute(server_audit.GUARD_V2)


def downgrade() -> None:
    if _postgresql():
        # Back to sealing at insert time, when the sealing triggers exist (apply_security).
        bind = op.get_bind()
        exists = "SELECT 1 FROM pg_proc WHERE proname = 'casework_audit_chain'"
        if bind.exec_driver_sql(exists).first() is not None:
            for statement in server_audit.seal_at_insert():
                bind.exec_driver_sql(statement)
        op.execute(server_audit.GUARD_V1)
        # Referrals' access rule back to following their case (server_security.py before 0006).
        policy = "SELECT 1 FROM pg_policies WHERE tablename = 'referrals' AND policyname = :n"
        if bind.execute(sa.text(policy), {'n': 'casework_access'}).first() is not None:
            follows = 'EXISTS (SELECT 1 FROM cases p WHERE p.id = referrals.case_id)'
            op.execute('DROP POLICY casework_access ON referrals')
            op.execute(
                f'CREATE POLICY casework_access ON referrals FOR ALL USING ({follows})'
                f' WITH CHECK ({follows})'
            )
    down = referral_owner.POSTGRESQL_DOWN if _postgresql() else referral_owner.SQLITE_DOWN
    for statement in down:
        op.execute(statement)
    op.drop_index(INBOX_INDEX[0], table_name='referrals')
    op.drop_column('referrals', 'caseworker_id')  # SQLite 3.35+ drops a plain column in place
