"""office server: anonymisation at the end of retention done by the server's own functions

On PostgreSQL only (a vault has no roles): the SECURITY DEFINER functions of
store/server_retention.py, which the retention services call there because administrators
read no case. The new revision also makes a server made by an older app refuse to open until
its administrator runs `casework server upgrade`, which re-applies the grants and policies
(the exchange tables' among them, store/server_exchange.py) after the schema.

Revision ID: 0005_srvroom_server_functions
Revises: 0004_srv_search_places
Create Date: 2026-11-30
"""

from alembic import op
from sqlalchemy import text

from casework.store import server_retention


revision = '0005_srvroom_server_functions'
down_revision = '0004_srv_search_places'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    database = bind.execute(text('SELECT current_database()')).scalar_one()
    quote = bind.dialect.identifier_preparer.quote_identifier
    exists = "SELECT 1 FROM pg_roles WHERE rolname = :n"
    roles = [f'{database}_supervisor', f'{database}_administrator']
    # The functions are granted to the group roles, which `casework server init` makes after
    # the schema: on a new database apply_security creates them (and the functions) later.
    if all(bind.execute(text(exists), {'n': r}).first() for r in roles):
        for statement in server_retention.statements(quote, database):
            bind.exec_driver_sql(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for signature in server_retention.SIGNATURES:
        op.execute(f'DROP FUNCTION IF EXISTS {signature}')
