"""office server: case search finds places too (locality, country by name), as on a vault

Revision ID: 0004_srv_search_places
Revises: 0003_i8_exchange
Create Date: 2026-11-30
"""

from alembic import op

from casework.store import postgres

revision = '0004_srv_search_places'
down_revision = '0004_occ_versions'
branch_labels = None
depends_on = None

# As 0003_i11_case_places (the vault's): the languages whose country names a search understands.
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
    # A vault's search got its places in 0003_i11_case_places.
    if op.get_bind().dialect.name != 'postgresql':
        return
    for statement in postgres.search_v2(_country_names()):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for statement in postgres.search_v2_down():
        op.execute(statement)
