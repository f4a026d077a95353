"""office server: search through the index under row-level security; places weighted apart

The case search vector gets a weight for places of its own (a three-letter word finds places,
not notes, as on a vault) and the restricted notes a vector of their own. The search function
that uses the index for app roles (store/server_search.py) is created with the other grants
by `apply_security`, which runs after every upgrade.

Revision ID: 0005_srvperf_search
Revises: 0005_srvme_statistics
Create Date: 2026-11-30
"""

from alembic import op

from casework.store import postgres

revision = '0005_srvperf_search'
down_revision = '0005_srvme_statistics'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A vault's search tables already answer each question with a column of their own.
    if op.get_bind().dialect.name != 'postgresql':
        return
    for statement in postgres.search_v3():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for statement in postgres.search_v3_down():
        op.execute(statement)
