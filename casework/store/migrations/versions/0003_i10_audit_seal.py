"""audit seal: a forward-secure seal on every audit event

Revision ID: 0003_i10_audit_seal
Revises: 0002
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa


revision = '0003_i10_audit_seal'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Events written before sealing began keep NULL: they are protected by the chain only.
    op.add_column('audit_events', sa.Column('seal', sa.LargeBinary(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('seal')
