"""office server push: a NOTIFY (codes and ids only) for every audit event, once committed

On PostgreSQL only: a vault is one laptop and has nothing to push.

Revision ID: 0004_srvui_push
Revises: 0003_i8_exchange
Create Date: 2026-11-30
"""

from alembic import op

from casework.store.server_push import PUSH_V1, PUSH_V1_DOWN


revision = '0004_srvui_push'
down_revision = '0003_i8_exchange'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for statement in PUSH_V1:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for statement in PUSH_V1_DOWN:
            op.execute(statement)
