"""Re-keying the database (rotate the vault key), crash-safe.

Order: the new slots go to `keyslots.json.next` first, then the database is re-keyed
(`PRAGMA rekey`), then the new slots replace the old. An interrupted rotation is finished (or
dropped, if the re-key never happened) on the next unlock. Removing a user and resetting a
password go through here too, with the slot removed or replaced in the new slots: whatever the
person held before (their password, an old keyslots.json, `.prev`) wraps a key the database no
longer opens with.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

import sqlcipher3

from casework.errors import VaultError
from casework.i18n import N_
from casework.store import keyslots
from casework.store.engine import DB_FILE, key_text, open_connection, wipe
from casework.store.keyslots import KeySlots

PENDING_SUFFIX = ".next"


class DatabaseUnreadable(VaultError):
    default_message = N_(
        "The vault's database cannot be read with its key: the file is damaged or was replaced. "
        "Nothing was changed. Restore the latest backup into a new folder."
    )


def pending_path(folder: Path) -> Path:
    return keyslots.keyslots_path(folder).with_name(keyslots.KEYSLOTS_FILE + PENDING_SUFFIX)


def _save_pending(folder: Path, slots: KeySlots) -> None:
    path = pending_path(folder)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, json.dumps(slots.to_json()).encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def rekey(folder: Path, old_dek: bytes | bytearray, new_slots: KeySlots) -> bytes:
    """Re-key the database to a fresh key wrapped to every slot of `new_slots` (which may
    differ from the current slots by a removed or replaced slot); returns the new key. Every
    connection of the vault must be closed by the caller first."""
    new_dek = secrets.token_bytes(32)
    new_slots.rewrap_all(new_dek)
    _save_pending(folder, new_slots)
    conn = open_connection(folder / DB_FILE, old_dek)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        secret = key_text(new_dek)
        try:
            conn.execute(f'PRAGMA rekey = "{secret.decode("ascii")}"')
        finally:
            wipe(secret)
        # In WAL mode the re-encrypted pages sit in the log: copy them into the database file
        # now, so the file on disk holds no page under the old key (a copy of casework.db alone
        # taken afterwards must not open with it).
        _checkpoint(conn)
    finally:
        conn.close()
    keyslots.save(folder, new_slots)
    pending_path(folder).unlink(missing_ok=True)
    return new_dek


def _checkpoint(conn: sqlcipher3.Connection) -> None:
    for _attempt in range(50):
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return
        time.sleep(0.1)
    raise VaultError(N_("The vault is busy in another window or program; close it and try again."))


def finish_pending_rotation(
    folder: Path, dek: bytes, slots: KeySlots, unwrap: Callable[[KeySlots], bytes]
) -> bytes:
    """Finish a rotation that was interrupted. If the database still opens with the old key, the
    re-key never happened and the pending slots are dropped; otherwise the new key is unwrapped
    from the pending slots with the same secret and those slots become the current ones."""
    path = pending_path(folder)
    if not path.exists():
        return dek
    with contextlib.suppress(sqlcipher3.DatabaseError):
        open_connection(folder / DB_FILE, dek).close()
        path.unlink(missing_ok=True)
        return dek
    pending = KeySlots.parse(path.read_bytes())
    new_dek = unwrap(pending)
    try:
        open_connection(folder / DB_FILE, new_dek).close()
    except sqlcipher3.DatabaseError:
        raise DatabaseUnreadable() from None
    keyslots.save(folder, pending)
    path.unlink(missing_ok=True)
    slots.slots = pending.slots
    return new_dek
