"""An unlock opens the database once: the connection that checked the key becomes the engine's
first connection (each connection costs its keying, schema read and pragmas, on the way to the
first rows)."""

from __future__ import annotations

import threading
import time
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


def _wait_for(condition, seconds: float = 30.0) -> bool:  # noqa: ANN001
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_held_page_check_opens_the_second_connection_off_the_reading_thread(
    new_vault: tuple[Vault, str], vault_dir: Path, opened_connections: list[object]
) -> None:
    """While the app builds its window, the first page's rows are read on the first connection
    and the window's own reads (drafts, settings) need a second: the held check's thread opens
    it meanwhile, so the reading thread finds it ready."""
    new_vault[0].close()
    vault = Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD, verify_pages=False)
    try:
        vault.start_check(hold_s=60)
        assert _wait_for(lambda: len(opened_connections) == 2)
        assert threading.current_thread() is threading.main_thread()
        with vault.session() as first, vault.session() as second:
            # The first page's read holds the first connection; the window's read takes the
            # one opened by the check's thread: nothing is opened on this thread.
            first.connection()
            assert second.connection().connection.dbapi_connection is opened_connections[1]
        assert vault.meta("organisation") == "Sahel Hope"
        assert len(opened_connections) == 2
    finally:
        vault.close()
    assert vault._spare == []


def test_a_vault_locked_while_its_check_is_held_closes_the_early_connection(
    new_vault: tuple[Vault, str], vault_dir: Path, opened_connections: list[object]
) -> None:
    new_vault[0].close()
    vault = Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD, verify_pages=False)
    vault.start_check(hold_s=60)
    assert _wait_for(lambda: len(opened_connections) == 2)

    vault.close()

    assert vault._spare == []
    with pytest.raises(Exception, match="closed"):
        opened_connections[1].execute("SELECT 1")  # type: ignore[attr-defined]
