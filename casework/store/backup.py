"""Backup of a vault to one encrypted file, and restore into a new folder.

The file is a short header (format, date, the key slots, size and SHA-256 of the database), a
page-for-page snapshot of the database made with SQLite's online backup API into a file keyed with
the same key, and (format 2) an HMAC-SHA256 of everything before it under a key derived from the
database key. Nothing in it is readable without a user's password or the recovery key: the
database pages are SQLCipher-encrypted and the key slots are wrapped. Never a plain file copy of
the live database (that could catch a half-written WAL), never an unkeyed copy (that would be
plaintext).

Restoring needs a key to the backup (a password, the recovery key, or an unlocked user's own
slot): the whole file is authenticated before anything is written, the copy is built in a hidden
folder beside the target, opened and checked, and only then renamed into place. On any failure
nothing is left behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import sqlcipher3
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casework.errors import (
    BackupError,
    BackupTampered,
    KeyslotsDamaged,
    OutputInVault,
    RestoredVaultUnusable,
    VaultExists,
    VaultTooNew,
    WeakKdfParameters,
)
from casework.store import keyslots, passwords
from casework.store.engine import DB_FILE, hmac_algorithm, open_connection
from casework.store.kdf import active_policy
from casework.store.keyslots import KeySlots
from casework.store.paths import check_output_path, is_vault

MAGIC = b"CASEWORK-BACKUP\n"
FORMAT_VERSION = 3  # 2: the whole file is authenticated; 3: companion files after the database
# Files beside the database that belong to the vault and travel with it: a workshop vault's
# pristine snapshot (itself encrypted, so the restored workshop can still be reset) and its
# trainer settings (nothing personal: training accounts and display choices). A restored
# workshop is still a workshop. Files written with them are format 3, others stay format 2.
COMPANIONS = ("pristine/workshop.backup", "workshop.json")
_COMPANION_ROOTS = {name.split("/")[0] for name in COMPANIONS}
MAC_BYTES = 32
TRAILER_BYTES = 64  # SHA-256 of the body (damage, told without a key) + HMAC (tampering)
Progress = Callable[[int, int], None]  # (done, total) pages; may raise to cancel
Unlock = Callable[[KeySlots], bytes]  # the database key from the backup's slots


def _mac_key(dek: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, None, b"casework backup file").derive(dek)


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
        # The copy keeps the source's page HMAC: a faithful copy, page for page (SQLite copies
        # the source's reserved bytes per page, sized for its HMAC).
        dest = open_connection(snapshot, dek, hmac=hmac_algorithm(source))
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
    extras = [(n, (folder / n).read_bytes()) for n in COMPANIONS if (folder / n).is_file()]
    header = {
        "format": "casework-backup",
        "version": FORMAT_VERSION if extras else 2,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "keyslots": slots.to_json(),
        "db_size": len(data),
        "db_sha256": hashlib.sha256(data).hexdigest(),
    }
    if extras:
        header["files"] = [
            {"name": name, "size": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}
            for name, blob in extras
        ]
        data += b"".join(blob for _name, blob in extras)
    body = MAGIC + json.dumps(header).encode("utf-8") + b"\n" + data
    mac = hmac.new(_mac_key(dek), body, hashlib.sha256).digest()
    tmp_target = target.with_name(target.name + ".part")
    fd = os.open(tmp_target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, body)
        os.write(fd, hashlib.sha256(body).digest())
        os.write(fd, mac)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp_target, target)
    return target.stat().st_size


def _parse(raw: bytes) -> tuple[dict[str, object], bytes, bytes, bytes, dict[str, bytes]]:
    """(header, database bytes, the authenticated body, its MAC, companion files by name) after
    checking the structure; BackupError for anything malformed."""
    if not raw.startswith(MAGIC):
        raise BackupError()
    rest = raw[len(MAGIC) :]
    line_end = rest.find(b"\n")
    if line_end < 0:
        raise BackupError()
    try:
        header = json.loads(rest[:line_end].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BackupError() from None
    if not isinstance(header, dict) or header.get("format") != "casework-backup":
        raise BackupError()
    version = header.get("version")
    if type(version) is not int or version < 1:
        raise BackupError()
    if version > FORMAT_VERSION:
        raise VaultTooNew()
    payload = rest[line_end + 1 :]
    mac = b""
    if version >= 2:
        if len(payload) < TRAILER_BYTES:
            raise BackupError()
        payload, digest_of_body, mac = (
            payload[:-TRAILER_BYTES],
            payload[-TRAILER_BYTES:-MAC_BYTES],
            payload[-MAC_BYTES:],
        )
        body_end = len(raw) - TRAILER_BYTES
        if not hmac.compare_digest(digest_of_body, hashlib.sha256(raw[:body_end]).digest()):
            raise BackupError()
    payload, files = _split_companions(header, payload)
    size, digest = header.get("db_size"), header.get("db_sha256")
    if (
        type(size) is not int
        or size != len(payload)
        or not isinstance(digest, str)
        or not hmac.compare_digest(digest, hashlib.sha256(payload).hexdigest())
        or not isinstance(header.get("keyslots"), dict)
    ):
        raise BackupError()
    body = raw[: len(raw) - TRAILER_BYTES] if mac else raw
    return header, payload, body, mac, files


def _split_companions(header: dict[str, object], payload: bytes) -> tuple[bytes, dict[str, bytes]]:
    """The database bytes and the companion files (format 3) that follow them."""
    listed = header.get("files") or []
    size = header.get("db_size")
    if not listed:
        return payload, {}
    if not isinstance(listed, list) or type(size) is not int or size < 0:
        raise BackupError()
    files: dict[str, bytes] = {}
    offset = size
    for entry in listed:
        if not isinstance(entry, dict) or entry.get("name") not in COMPANIONS:
            raise BackupError()
        length, digest = entry.get("size"), entry.get("sha256")
        if type(length) is not int or length < 0 or not isinstance(digest, str):
            raise BackupError()
        blob = payload[offset : offset + length]
        if len(blob) != length or not hmac.compare_digest(digest, hashlib.sha256(blob).hexdigest()):
            raise BackupError()
        files[str(entry["name"])] = blob
        offset += length
    if offset != len(payload):
        raise BackupError()
    return payload[:size], files


def read_backup(source: Path) -> tuple[dict[str, object], bytes]:
    """Header and database bytes, structure checked (not authenticated: that needs a key)."""
    header, data, _body, _mac, _files = _parse(_read(source))
    return header, data


def _read(source: Path) -> bytes:
    try:
        return Path(source).read_bytes()
    except (OSError, ValueError):
        raise BackupError() from None


def unlock_with_password(username: str, password: str) -> Unlock:
    secret = passwords.encode(password)
    return lambda slots: slots.open_password(username, secret, active_policy()).dek


def unlock_with_recovery(recovery_key: str) -> Unlock:
    return lambda slots: slots.open_recovery(recovery_key).dek


def restore_backup(source: Path, folder: Path, unlock: Unlock) -> None:
    """Restore into a new or empty folder; never overwrites an existing vault. The file is
    authenticated with the key `unlock` finds in it, the copy opened and checked, and only then
    put in place; on any failure nothing is left behind."""
    header, data, body, mac, files = _parse(_read(source))
    if header.get("kind") is not None:  # an office server's backup (server_backup.py)
        raise BackupError()
    try:
        slots = KeySlots.parse(json.dumps(header["keyslots"]).encode("utf-8"))
    except (KeyslotsDamaged, VaultTooNew):
        raise BackupError() from None
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise VaultExists()
    parent = folder.absolute().parent
    if any(is_vault(p) for p in (parent, *parent.parents)):
        raise OutputInVault()
    check_output_path(folder / DB_FILE)
    try:
        dek = unlock(slots)
    except (KeyslotsDamaged, WeakKdfParameters):
        raise BackupError() from None
    if mac and not hmac.compare_digest(mac, hmac.new(_mac_key(dek), body, hashlib.sha256).digest()):
        raise BackupTampered()
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.restoring-"))
    try:
        os.chmod(staging, 0o700)
        fd = os.open(staging / DB_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        keyslots.save(staging, slots)
        for name, blob in files.items():  # a workshop's snapshot and settings
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(target.parent, 0o700)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, blob)
                os.fsync(fd)
            finally:
                os.close(fd)
        if check_restored(staging, dek):
            raise RestoredVaultUnusable()
        kept = {DB_FILE, keyslots.KEYSLOTS_FILE, *_COMPANION_ROOTS}
        for leftover in staging.iterdir():  # the check's WAL files: the copy stays as backed up
            if leftover.name not in kept:
                leftover.unlink()
        if folder.exists():
            folder.rmdir()
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def check_restored(folder: Path, dek: bytes) -> list[str]:
    """Integrity problems of a restored database (empty when clean)."""
    try:
        conn = open_connection(folder / DB_FILE, dek)
    except sqlcipher3.DatabaseError as exc:
        return [str(exc)]
    try:
        problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
        problems += [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        if not problems:
            conn.execute("SELECT count(*) FROM audit_events").fetchone()
        return problems
    except sqlcipher3.DatabaseError as exc:
        return [str(exc)]
    finally:
        with contextlib.suppress(sqlcipher3.Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
