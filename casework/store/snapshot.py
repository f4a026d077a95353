"""Reading an encrypted snapshot (a backup file's database) beside the live vault, inside one
write transaction: SQLCipher ATTACH with the vault's own key.

The snapshot's pages are written to a temporary file in the vault folder (0600; they stay
SQLCipher-encrypted, so nothing readable touches the disk) and removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3
from sqlalchemy import Connection

from casework.errors import ReadOnlyVault
from casework.store.engine import hmac_of_file, key_text, wipe
from casework.store.vault import Vault

SCHEMA = "snapshot"

# ATTACH reads the file at once with SQLCipher's process-wide default settings, not the main
# database's: the default page HMAC is set to the snapshot's for the ATTACH and put back.
_DEFAULTS = threading.Lock()


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
            _attach(raw, name, vault._dek)  # noqa: SLF001 - the store's own key handling
            try:
                with conn.execution_options(immediate=True).begin():
                    yield conn
            finally:
                raw.execute(f"DETACH DATABASE {SCHEMA}")
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _attach(raw: sqlcipher3.Connection, name: str, dek: bytearray) -> None:
    """ATTACH the snapshot under the page HMAC it was written with (a backup keeps its vault's:
    HMAC-SHA256, or SHA-512 for a vault made before)."""
    algorithm = hmac_of_file(Path(name), dek)
    secret = key_text(dek)
    try:
        with _DEFAULTS:
            before = raw.execute("PRAGMA cipher_default_hmac_algorithm").fetchone()[0]
            raw.execute(f"PRAGMA cipher_default_hmac_algorithm = {algorithm}")
            try:
                raw.execute(f"ATTACH DATABASE ? AS {SCHEMA} KEY ?", (name, secret.decode()))
            finally:
                raw.execute(f"PRAGMA cipher_default_hmac_algorithm = {before}")
    finally:
        wipe(secret)
