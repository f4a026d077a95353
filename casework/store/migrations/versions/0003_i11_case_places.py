"""case search finds places: a case's locality and its country, by name in every language

Revision ID: 0003_i11_case_places
Revises: 0003_i14_data_protection
Create Date: 2026-11-29
"""

from alembic import op

from casework.store.ddl import search_v2, search_v2_down

revision = '0003_i11_case_places'
down_revision = '0003_i14_data_protection'
branch_labels = None
depends_on = None

# The languages whose country names a search understands ("Tchad" finds the cases in Chad).
NAME_LANGUAGES = ('en', 'fr', 'ar')


def _country_names() -> dict[str, str]:
    from babel import Locale

    from casework.model.geography import COUNTRIES

    territories = {lang: Locale.parse(lang).territories for lang in NAME_LANGUAGES}
    names: dict[str, str] = {}
    for codes in COUNTRIES.values():
        for code in codes:
            seen = dict.fromkeys(t[code] for t in territories.values() if code in t)
            names[code] = ' '.join(seen)
    return names


def upgrade() -> None:
    # An office server's search (store/postgres.py) does not search places yet.
    if op.get_bind().dialect.name == 'postgresql':
        return
    for statement in search_v2(_country_names()):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        return
    for statement in search_v2_down():
        op.execute(statement)
