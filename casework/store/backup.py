"""Backup of a vault to one encrypted file, and restore into a new folder.

The file is a short header (format, date, the key slots, size and SHA-256 of the database) then a
page-for-page snapshot of the database made with SQLite's online backup API into a file keyed with
the same key. Nothing in it is readable without a user's password or the recovery key: the
database pages are SQLCipher-encrypted and the key slots are wrapped. Never a plain file copy of
the live database (that could catch a half-written WAL), never an unkeyed copy (that would be
plaintext).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import sqlcipher3

from casework.errors import BackupError, VaultExists
from casework.store import keyslots
from casework.store.engine import DB_FILE, open_connection
from casework.store.keyslots import KeySlots

MAGIC = b"CASEWORK-BACKUP\n"
FORMAT_VERSION = 1
Progress = Callable[[int, int], None]  # (done, total) pages; may raise to cancel


def write_backup(
    folder: Path,
    dek: bytes,
    slots: KeySlots,
    target: Path,
    progress: Progress | None = None,
) -> int:
    """Write the backup file; returns its size in bytes. The target is replaced atomically."""
    target = Path(target)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".casework-backup-") as tmp:
        os.chmod(tmp, 0o700)
        snapshot = Path(tmp) / DB_FILE
        source = open_connection(folder / DB_FILE, dek)
        dest = open_connection(snapshot, dek)
        try:
            dest.execute("PRAGMA journal_mode = DELETE")

            def step(status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            source.backup(dest, pages=256, progress=step)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
            source.close()
        data = snapshot.read_bytes()
    header = {
        "format": "casework-backup",
        "version": FORMAT_VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "keyslots": slots.to_json(),
        "db_size": len(data),
        "db_sha256": hashlib.sha256(data).hexdigest(),
    }
    tmp_target = target.with_name(target.name + ".part")
    fd = os.open(tmp_target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, MAGIC)
        os.write(fd, json.dumps(header).encode("utf-8") + b"\n")
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp_target, target)
    return target.stat().st_size


def read_backup(source: Path) -> tuple[dict[str, object], bytes]:
    try:
        raw = Path(source).read_bytes()
    except OSError:
        raise BackupError() from None
    if not raw.startswith(MAGIC):
        raise BackupError()
    rest = raw[len(MAGIC) :]
    line_end = rest.find(b"\n")
    if line_end < 0:
        raise BackupError()
    try:
        header = json.loads(rest[:line_end].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError() from None
    data = rest[line_end + 1 :]
    if (
        not isinstance(header, dict)
        or header.get("format") != "casework-backup"
        or header.get("db_size") != len(data)
        or header.get("db_sha256") != hashlib.sha256(data).hexdigest()
    ):
        raise BackupError()
    if int(header.get("version", 0)) > FORMAT_VERSION:
        raise BackupError()
    return header, data


def restore_backup(source: Path, folder: Path) -> None:
    """Restore into a new or empty folder; never overwrites an existing vault."""
    header, data = read_backup(source)
    slots = KeySlots.parse(json.dumps(header["keyslots"]).encode("utf-8"))
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise VaultExists()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    db = folder / DB_FILE
    fd = os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    keyslots.save(folder, slots)


def check_restored(folder: Path, dek: bytes) -> list[str]:
    """Integrity problems of a restored database (empty when clean)."""
    conn = open_connection(folder / DB_FILE, dek)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
        problems += [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        return problems
    except sqlcipher3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
