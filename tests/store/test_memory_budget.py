"""SQLite's memory is one budget for the whole process (issue 13), not a cache per connection.

Every connection sets the same process-wide soft heap limit (store/engine.py). Once SQLite's
memory reaches it, a connection reuses its own least recently used pages instead of growing, so
several connections reading a vault larger than the budget stay within it together.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from casework.store import engine
from casework.store.vault import Vault

SMALL_BUDGET_KIB = 4 * 1024


@pytest.fixture
def budget(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield
    # The limit is process-wide: put the app's own budget back for the tests that follow.
    monkeypatch.undo()
    conn = engine.sqlcipher3.connect(":memory:")
    engine.share_heap_budget(conn)
    conn.close()


def _fill(vault: Vault) -> None:
    """About 24 MiB of rows: several times the small budget."""
    with vault.engine.begin() as conn:
        conn.execute(text("CREATE TABLE ballast (id INTEGER PRIMARY KEY, body TEXT)"))
        conn.execute(
            text(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000) "
                "INSERT INTO ballast SELECT i, hex(randomblob(1000)) FROM n"
            )
        )


def _scan_on_threads(vault: Vault, threads: int = 3) -> int:
    """Each thread reads every row twice on a pooled connection of its own while the others
    hold theirs; returns SQLite's highest memory meanwhile."""
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def scan() -> None:
        try:
            with vault.engine.connect() as conn:
                start.wait()
                for _ in range(2):
                    conn.execute(text("SELECT sum(length(body)) FROM ballast")).scalar()
                start.wait()  # every connection still open, its cache full
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    engine.sqlite_memory(reset_peak=True)
    workers = [threading.Thread(target=scan) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors
    return engine.sqlite_memory()[1]


def _reopen_with_budget(new_vault: tuple[Vault, str], kib: int, mp: pytest.MonkeyPatch) -> Vault:
    vault, _ = new_vault
    _fill(vault)
    folder, dek, slots, policy = vault.folder, bytes(vault._dek), vault.slots, vault.policy
    vault.close()
    mp.setattr(engine, "HEAP_BUDGET_KIB", kib)
    mp.setattr(engine, "CACHE_MIN_KIB", 64 * 1024)  # each connection alone may cache it all
    return Vault(folder, dek, slots, policy)


def test_connections_share_one_budget(new_vault, budget, monkeypatch) -> None:  # noqa: ANN001
    vault = _reopen_with_budget(new_vault, SMALL_BUDGET_KIB, monkeypatch)
    try:
        with vault.engine.connect() as conn:
            limit = conn.exec_driver_sql("PRAGMA soft_heap_limit").scalar()
        assert limit == SMALL_BUDGET_KIB * 1024
        peak = _scan_on_threads(vault)
        assert peak < 2 * SMALL_BUDGET_KIB * 1024, f"SQLite held {peak / 2**20:.1f} MiB"
    finally:
        vault.close()


def test_without_the_budget_each_connection_caches_the_table(new_vault, budget, monkeypatch):  # noqa: ANN001, ANN201
    """The same reads with no limit: the test above would fail without the shared budget."""
    vault = _reopen_with_budget(new_vault, 0, monkeypatch)
    try:
        peak = _scan_on_threads(vault)
        assert peak > 3 * 2 * SMALL_BUDGET_KIB * 1024
    finally:
        vault.close()
