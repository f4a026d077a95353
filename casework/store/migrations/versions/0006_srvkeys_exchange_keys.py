"""exchange keys: the public halves beside the private ones

On an office server no app role may read the organisation's private exchange keys any more
(store/server_exchange.py hands them out, audited, to the roles that take each exchange step),
so the public halves, which the fingerprint and the Partners page need, get columns of their
own. They are derived here from the private halves, on a vault as on a server.

Revision ID: 0006_srvkeys_exchange_keys
Revises: 0006_srvaudit_chain_inbox
Create Date: 2026-11-30
"""

from alembic import op
import sqlalchemy as sa
from nacl.public import PrivateKey
from nacl.signing import SigningKey


revision = '0006_srvkeys_exchange_keys'
down_revision = '0006_srvaudit_chain_inbox'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('exchange_own_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signing_key', sa.LargeBinary(length=32), nullable=True))
        batch_op.add_column(sa.Column('encryption_key', sa.LargeBinary(length=32), nullable=True))
    bind = op.get_bind()
    keys = sa.table(
        'exchange_own_keys',
        sa.column('id', sa.Integer),
        sa.column('signing_seed', sa.LargeBinary),
        sa.column('encryption_secret', sa.LargeBinary),
        sa.column('signing_key', sa.LargeBinary),
        sa.column('encryption_key', sa.LargeBinary),
    )
    rows = bind.execute(sa.select(keys.c.id, keys.c.signing_seed, keys.c.encryption_secret))
    for key_id, seed, secret in rows.all():
        bind.execute(
            keys.update()
            .where(keys.c.id == key_id)
            .values(
                signing_key=bytes(SigningKey(bytes(seed)).verify_key),
                encryption_key=bytes(PrivateKey(bytes(secret)).public_key),
            )
        )
    with op.batch_alter_table('exchange_own_keys', schema=None) as batch_op:
        batch_op.alter_column('signing_key', existing_type=sa.LargeBinary(length=32), nullable=False)
        batch_op.alter_column(
            'encryption_key', existing_type=sa.LargeBinary(length=32), nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table('exchange_own_keys', schema=None) as batch_op:
        batch_op.drop_column('encryption_key')
        batch_op.drop_column('signing_key')
