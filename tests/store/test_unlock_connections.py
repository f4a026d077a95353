"""An unlock opens the database once: the connection that checked the key becomes the engine's
first connection (each connection costs its keying, schema read and pragmas, on the way to the
first rows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ADMIN, ADMIN_PASSWORD

from casework.store import vault as vault_module
from casework.store.vault import Vault


@pytest.fixture
def opened_connections(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    made: list[object] = []
    real = vault_module.open_connection

    def counting(*args: object, **kwargs: object) -> object:
        conn = real(*args, **kwargs)
        made.append(conn)
        return conn

    monkeypatch.setattr(vault_module, "open_connection", counting)
    return made


def test_the_key_check_connection_is_the_engines_first(
    new_vault: tuple[Vault, str], vault_dir: Path, opened_connections: list[object]
) -> None:
    new_vault[0].close()

    vault = Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD, verify_pages=False)
    try:
        # The key check, the schema check and the user's row: one connection.
        assert len(opened_connections) == 1
        with vault.session() as s:
            assert s.connection().connection.dbapi_connection is opened_connections[0]
        assert vault.meta("organisation") == "Sahel Hope"
    finally:
        vault.close()


def test_an_unused_spare_connection_is_closed_with_the_vault(
    new_vault: tuple[Vault, str], vault_dir: Path, opened_connections: list[object]
) -> None:
    new_vault[0].close()
    vault = Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD, verify_pages=False)
    vault.engine.dispose()  # the pooled connection goes; a spare left behind must not leak
    spare = vault_module.open_connection(vault_dir / "casework.db", bytes(vault._dek))
    vault._spare.append(spare)

    vault.close()

    assert vault._spare == []
    with pytest.raises(Exception, match="closed"):
        spare.execute("SELECT 1")
