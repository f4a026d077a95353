"""Organisation keys: made at init, added to existing vaults by the migration, private halves
only inside the encrypted database; cards refuse any change."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import select

from casework.exchange.card import CARD_MAX_BYTES, parse_card
from casework.exchange.errors import BadCard, TooLarge
from casework.model import OwnKey
from casework.services.context import ServiceContext
from casework.services.exchange import partners
from casework.store import schema
from casework.store.vault import Vault

PASSWORD = "orchard lantern quietly ninety"


def _keys(vault: Vault) -> list[bytes]:
    with vault.session() as s:
        return [bytes(k.signing_seed) for k in s.scalars(select(OwnKey))]


def test_keys_made_at_init_and_added_to_an_older_vault(tmp_path):
    folder = tmp_path / "v"
    vault, _ = Vault.create(
        folder, organisation="Hope", admin_username="a", admin_password=PASSWORD
    )
    first = _keys(vault)
    assert len(first) == 1
    # No file in the vault folder holds a private key in clear.
    for path in folder.iterdir():
        assert first[0] not in path.read_bytes()
    # An older vault (before the exchange migration) gets keys on its next unlock.
    with vault.engine.connect() as conn:
        # to just before the exchange (named: later migrations sit on top of it)
        command.downgrade(schema.alembic_config(conn), "0003_i13_list_indexes")
        conn.commit()
    vault.close()
    reopened = Vault.open(folder, "a", PASSWORD, verify_pages=False)
    try:
        again = _keys(reopened)
        assert len(again) == 1 and again != first
        card = parse_card(partners.own_card(ServiceContext.for_vault(reopened)).data)
        assert card.name == "Hope"
    finally:
        reopened.close()


def test_a_card_refuses_any_change(new_vault):
    vault, _ = new_vault
    data = partners.own_card(ServiceContext.for_vault(vault)).data
    assert parse_card(data).name == "Sahel Hope"
    fields = json.loads(data)
    for key, value in (("name", "Evil Twin"), ("country", "KE"), ("created_on", "2020-01-01")):
        changed = dict(fields, **{key: value})
        with pytest.raises(BadCard):
            parse_card(json.dumps(changed).encode())
    with pytest.raises(BadCard):
        parse_card(data[:-40])
    with pytest.raises(TooLarge):
        parse_card(b" " * (CARD_MAX_BYTES + 1))
    with pytest.raises(BadCard):
        parse_card(b"\xff\xfe not json")
