"""office server: statistics through a SECURITY DEFINER function that protects the figures
at the database (replaces the aggregate views, which an M&E login could difference)

Revision ID: 0005_srvme_statistics
Revises: 0005_perfsql_list_indexes
Create Date: 2026-11-30
"""

from alembic import op

from casework.store import server_statistics

revision = '0005_srvme_statistics'
down_revision = '0005_perfsql_list_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A vault computes its statistics in the services (services/statistics_figures.py).
    if op.get_bind().dialect.name != 'postgresql':
        return
    for statement in server_statistics.create_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for statement in server_statistics.drop_statements():
        op.execute(statement)
