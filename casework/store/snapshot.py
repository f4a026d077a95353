"""Reading an encrypted snapshot (a backup file's database) beside the live vault, inside one
write transaction: SQLCipher ATTACH with the vault's own key.

The snapshot's pages are written to a temporary file in the vault folder (0600; they stay
SQLCipher-encrypted, so nothing readable touches the disk) and removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator

from sqlalchemy import Connection

from casework.errors import ReadOnlyVault
from casework.store.engine import key_text, wipe
from casework.store.vault import Vault

SCHEMA = "snapshot"


@contextlib.contextmanager
def attached(vault: Vault, db: bytes) -> Iterator[Connection]:
    """A connection in a write transaction (BEGIN IMMEDIATE) with the snapshot database
    attached as `snapshot`; commits when the block succeeds, rolls everything back if not."""
    if vault.read_only:
        raise ReadOnlyVault()
    fd, name = tempfile.mkstemp(prefix=".snapshot-", suffix=".db", dir=vault.folder)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(db)
        with vault.engine.connect() as conn:
            # ATTACH is refused inside a transaction: run it on the driver's connection first.
            raw = conn.connection.driver_connection
            secret = key_text(vault._dek)  # noqa: SLF001 - the store's own key handling
            try:
                raw.execute(f"ATTACH DATABASE ? AS {SCHEMA} KEY ?", (name, secret.decode()))
            finally:
                wipe(secret)
            try:
                with conn.execution_options(immediate=True).begin():
                    yield conn
            finally:
                raw.execute(f"DETACH DATABASE {SCHEMA}")
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
