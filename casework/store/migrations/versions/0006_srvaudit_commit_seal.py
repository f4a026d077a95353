"""office server: the audit chain sealed at commit, so writers do not queue behind each other

On PostgreSQL only (a vault computes its chain in the app, under its single writer): the
append-only guard lets the server's own sealing trigger number and MAC a provisional row at
commit (store/server_audit.py). The triggers themselves are (re)made by `apply_security`, which
runs after every upgrade; until it has run, the older trigger keeps sealing at insert time.

Revision ID: 0006_srvaudit_commit_seal
Revises: 0005_srvperf_search
Create Date: 2026-11-30
"""

from alembic import op

from casework.store import server_audit

revision = '0006_srvaudit_commit_seal'
down_revision = '0005_srvperf_search'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(server_audit.GUARD_V2)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    # Back to sealing at insert time, when the sealing triggers exist (apply_security made them).
    bind = op.get_bind()
    exists = "SELECT 1 FROM pg_proc WHERE proname = 'casework_audit_chain'"
    if bind.exec_driver_sql(exists).first() is not None:
        for statement in server_audit.seal_at_insert():
            bind.exec_driver_sql(statement)
    op.execute(server_audit.GUARD_V1)
