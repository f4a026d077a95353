"""An office server's backup: `pg_dump` output sealed into the vault backup format (backup.py).

The file is the same as a vault's: magic, a JSON header holding key slots, the payload, the
SHA-256 of the body and an HMAC-SHA256 under a key derived from the file's key. A vault's
payload is its SQLCipher pages; a server's (header `"kind": "server"`) is the dump in
pg_dump's custom format, encrypted with AES-256-GCM under a key made for this file alone and
wrapped, like a vault key, to one password slot: the backup passphrase the administrator
chooses (Argon2id, as users' passwords). Nothing in the file is readable without it, and a
changed byte is refused before anything is restored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from casework.errors import BackupError, BackupTampered, KeyslotsDamaged, WeakKdfParameters
from casework.store import passwords
from casework.store.backup import FORMAT_VERSION, MAGIC, _mac_key, _parse, _read
from casework.store.kdf import active_policy, calibrated
from casework.store.keyslots import KeySlots

KIND = "server"
SLOT_USER = "backup"  # the one slot: the backup passphrase
_AAD = b"casework server backup"
NONCE_BYTES = 12


def seal(dump: bytes, passphrase: str, target: Path, about: dict[str, str]) -> int:
    """Write the sealed backup file (atomically, owner-only); returns its size in bytes."""
    dek = secrets.token_bytes(32)
    slots = KeySlots.new()
    slots.set_password_slot(
        SLOT_USER, passwords.encode(passphrase), dek, calibrated(active_policy())
    )
    nonce = secrets.token_bytes(NONCE_BYTES)
    payload = nonce + AESGCM(dek).encrypt(nonce, dump, _AAD)
    header = {
        "format": "casework-backup",
        "version": FORMAT_VERSION,
        "kind": KIND,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "keyslots": slots.to_json(),
        "db_size": len(payload),
        "db_sha256": hashlib.sha256(payload).hexdigest(),
        "server": dict(about),  # the database's name and schema revision: no client data
    }
    body = MAGIC + json.dumps(header).encode("utf-8") + b"\n" + payload
    mac = hmac.new(_mac_key(dek), body, hashlib.sha256).digest()
    target = Path(target)
    part = target.with_name(target.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, body)
        os.write(fd, hashlib.sha256(body).digest())
        os.write(fd, mac)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(part, target)
    return target.stat().st_size


def is_server_backup(source: Path) -> bool:
    header, *_rest = _parse(_read(source))
    return header.get("kind") == KIND


def unseal(source: Path, passphrase: str) -> tuple[dict[str, object], bytes]:
    """(header, the dump) after authenticating the whole file with the passphrase.
    BackupError for anything that is not a server backup, BackupTampered for a changed file,
    WrongPassword for a wrong passphrase."""
    header, payload, body, mac, _files = _parse(_read(source))
    if header.get("kind") != KIND or not mac:
        raise BackupError()
    try:
        slots = KeySlots.parse(json.dumps(header["keyslots"]).encode("utf-8"))
        dek = slots.open_password(SLOT_USER, passwords.encode(passphrase), active_policy()).dek
    except (KeyslotsDamaged, WeakKdfParameters):
        raise BackupError() from None
    if not hmac.compare_digest(mac, hmac.new(_mac_key(dek), body, hashlib.sha256).digest()):
        raise BackupTampered()
    try:
        dump = AESGCM(dek).decrypt(payload[:NONCE_BYTES], payload[NONCE_BYTES:], _AAD)
    except (InvalidTag, ValueError):
        raise BackupTampered() from None
    return header, dump
