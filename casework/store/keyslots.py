"""`keyslots.json`: the vault key (DEK) wrapped once per user and once for the recovery key.

Like LUKS: each slot opens with a password (Argon2id) or the recovery key (HKDF; it is already
240 random bits). What the derived key opens (AES-256-GCM) is the slot's own X25519 private key;
the DEK is wrapped to the slot's public key (ephemeral X25519 + HKDF + AES-256-GCM). That is what
lets "rotate vault key" rewrap every slot without knowing anybody's password, while a password
change still touches one slot only. The slot's id, lookup, KDF, parameters and public key are the
GCM associated data, so changing any of them breaks the slot instead of weakening it.
Slots are found by an HMAC of the normalised user name under a per-vault salt, so
the file does not list staff names.

An administrator's slot (and the recovery slot) may also carry the audit trail's verification
key, sealed under a key only that slot's private key yields (`seal_info`): see audit_seal.py.

Every value is checked before it is used (`parse`): types, sizes, and KDF parameters bounded
before any derivation, so an edited file is reported as damage, never as a wrong password, and
cannot hang the unlock. Each slot also carries a SHA-256 of its fields, so an accidental edit of
a byte is told apart from a wrong password.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casework.errors import (
    KeyslotsDamaged,
    NotAVault,
    VaultTooNew,
    WeakKdfParameters,
    WrongCredentials,
    WrongRecoveryKey,
)
from casework.store.kdf import SALT_BYTES, KdfParams, KdfPolicy, derive
from casework.store.paths import KEYSLOTS_FILE  # noqa: E402
from casework.store.recovery_key import (  # noqa: F401 - re-exported
    format_recovery_key,
    new_recovery_secret,
    parse_recovery_key,
)
from casework.store.slot import (  # noqa: F401 - re-exported
    RECOVERY_LOOKUP,
    Slot,
    _checksum,
    _new_slot,
    _raw_public,
    b64,
    normalise_username,
    unb64,
)

log = logging.getLogger(__name__)

PREVIOUS_SUFFIX = ".prev"
FORMAT = "casework-keyslots"
FORMAT_VERSION = 1
MAX_SLOTS = 1000


@dataclass
class Opened:
    """What unlocking one slot yields: the DEK and that slot's private key (kept by the open
    vault while it is unlocked, wiped on close)."""

    dek: bytes
    slot: Slot
    private_raw: bytes


@dataclass
class KeySlots:
    vault_id: str
    lookup_salt: bytes
    slots: list[Slot] = field(default_factory=list)
    from_previous: bool = False  # read from keyslots.json.prev after an interrupted write

    # --- lookup --------------------------------------------------------------------------------

    def lookup_for(self, username: str) -> str:
        digest = hmac.new(
            self.lookup_salt, normalise_username(username).encode("utf-8"), hashlib.sha256
        )
        return digest.hexdigest()

    def find(self, username: str) -> Slot | None:
        lookup = self.lookup_for(username)
        return next((s for s in self.slots if s.lookup == lookup), None)

    def recovery_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.lookup == RECOVERY_LOOKUP), None)

    def has_user(self, username: str) -> bool:
        return self.find(username) is not None

    # --- unwrap ------------------------------------------------------------------------------

    def open_password(self, username: str, password: bytes, policy: KdfPolicy) -> Opened:
        slot = self.find(username)
        if slot is None:
            # Spend the same work as a real attempt so timing does not reveal unknown names.
            derive(password, b"\0" * SALT_BYTES, policy.minimum)
            raise WrongCredentials()
        if slot.kdf != "argon2id" or slot.params is None or not slot.params.within(policy):
            raise KeyslotsDamaged()  # bounded before deriving: an edit cannot hang the unlock
        if not slot.params.at_least(policy.minimum):
            raise WeakKdfParameters()
        kek = derive(password, slot.salt, slot.params)
        try:
            private = slot.open_private(kek, self.vault_id)
        except (InvalidTag, ValueError):
            raise WrongCredentials() from None
        return Opened(self._dek_of(slot, private), slot, private)

    def unwrap_with_password(self, username: str, password: bytes, policy: KdfPolicy) -> bytes:
        return self.open_password(username, password, policy).dek

    def open_recovery(self, recovery_key: str) -> Opened:
        slot = self.recovery_slot()
        if slot is None:
            raise KeyslotsDamaged()
        try:
            secret = parse_recovery_key(recovery_key)
        except ValueError:
            raise WrongRecoveryKey() from None
        try:
            private = slot.open_private(_hkdf(secret, slot.salt), self.vault_id)
        except (InvalidTag, ValueError):
            raise WrongRecoveryKey() from None
        return Opened(self._dek_of(slot, private), slot, private)

    def unwrap_with_recovery(self, recovery_key: str) -> bytes:
        return self.open_recovery(recovery_key).dek

    def open_with_private(self, private_raw: bytes) -> Opened:
        """The slot whose key pair is `private_raw` (an unlocked user's own slot, also in a
        backup or another copy of the slots): no password needed. KeyslotsDamaged if none."""
        public = _raw_public(X25519PrivateKey.from_private_bytes(private_raw).public_key())
        slot = next((s for s in self.slots if hmac.compare_digest(s.public_key, public)), None)
        if slot is None:
            raise KeyslotsDamaged()
        return Opened(self._dek_of(slot, private_raw), slot, private_raw)

    def _dek_of(self, slot: Slot, private: bytes) -> bytes:
        try:
            return slot.dek_from_private(private, self.vault_id)
        except (InvalidTag, ValueError):
            # The slot's own secret was right but the wrapped key is not: an edited file.
            raise KeyslotsDamaged() from None

    # --- wrap --------------------------------------------------------------------------------

    def set_password_slot(
        self, username: str, password: bytes, dek: bytes, params: KdfParams
    ) -> bytes:
        """Add or replace the slot of one user; returns the new slot's private key."""
        lookup = self.lookup_for(username)
        salt = secrets.token_bytes(SALT_BYTES)
        slot, private = _new_slot(
            self.vault_id, lookup, "argon2id", params, salt, derive(password, salt, params)
        )
        slot.wrap_dek(dek, self.vault_id)
        self.slots = [s for s in self.slots if s.lookup != lookup] + [slot]
        return private

    def set_recovery_slot(self, secret: bytes, dek: bytes) -> bytes:
        salt = secrets.token_bytes(SALT_BYTES)
        slot, private = _new_slot(
            self.vault_id, RECOVERY_LOOKUP, "hkdf", None, salt, _hkdf(secret, salt)
        )
        slot.wrap_dek(dek, self.vault_id)
        self.slots = [s for s in self.slots if s.lookup != RECOVERY_LOOKUP] + [slot]
        return private

    def rewrap_all(self, dek: bytes) -> None:
        """After a key rotation: wrap the new DEK to every slot."""
        for slot in self.slots:
            slot.wrap_dek(dek, self.vault_id)

    def remove_user(self, username: str) -> bool:
        lookup = self.lookup_for(username)
        before = len(self.slots)
        self.slots = [s for s in self.slots if s.lookup != lookup]
        return len(self.slots) < before

    def copy(self) -> KeySlots:
        return KeySlots.parse(json.dumps(self.to_json()).encode("utf-8"))

    # --- file --------------------------------------------------------------------------------

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "vault_id": self.vault_id,
            "lookup_salt": b64(self.lookup_salt),
            "slots": [s.to_json() for s in self.slots],
        }
        data["check"] = _file_checksum(data)
        return data

    @classmethod
    def new(cls) -> KeySlots:
        return cls(vault_id=secrets.token_hex(16), lookup_salt=secrets.token_bytes(32))

    @classmethod
    def parse(cls, raw: bytes) -> KeySlots:
        """The slots from the file's bytes, every value checked first; KeyslotsDamaged (which
        points to `restore`) for anything malformed, VaultTooNew for a newer format."""
        if len(raw) > 4_000_000:
            raise KeyslotsDamaged()
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise KeyslotsDamaged() from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise KeyslotsDamaged()
        version = data.get("version")
        if type(version) is not int or version < 1:
            raise KeyslotsDamaged()
        if version > FORMAT_VERSION:
            raise VaultTooNew()  # before the checksum: a newer format may compute it otherwise
        check = data.get("check")
        if check is not None and check != _file_checksum(data):
            raise KeyslotsDamaged()  # a changed byte: damage, told apart from a wrong password
        try:
            vault_id, salt, items = data["vault_id"], data["lookup_salt"], data["slots"]
            if not isinstance(vault_id, str) or not 0 < len(vault_id) <= 64:
                raise ValueError("bad vault id")
            if not isinstance(salt, str) or not isinstance(items, list):
                raise ValueError("bad file fields")
            if len(items) > MAX_SLOTS:
                raise ValueError("too many slots")
            slots = [Slot.from_json(s) for s in items]
            lookup_salt = unb64(salt)
        except (KeyError, TypeError, ValueError):
            raise KeyslotsDamaged() from None
        lookups = [s.lookup for s in slots]
        ids = [s.slot_id for s in slots]
        if len(set(lookups)) != len(lookups) or len(set(ids)) != len(ids) or len(lookup_salt) != 32:
            raise KeyslotsDamaged()
        return cls(vault_id, lookup_salt, slots)


def _file_checksum(data: dict[str, object]) -> str:
    fields = {k: v for k, v in data.items() if k != "check"}
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8")).hexdigest()


def _hkdf(secret: bytes, salt: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt, b"casework recovery slot").derive(secret)


# --- atomic file handling ---------------------------------------------------------------------


def keyslots_path(folder: Path) -> Path:
    return folder / KEYSLOTS_FILE


def previous_path(folder: Path) -> Path:
    return folder / (KEYSLOTS_FILE + PREVIOUS_SUFFIX)


def load(folder: Path) -> KeySlots:
    """Read the slots. The previous version is used only when the current file is missing or
    empty, as an interrupted write on a file system without atomic renames can leave it, and
    that is logged and flagged (`from_previous`); a damaged file is never bypassed (it needs a
    person and a backup). The previous version never holds a removed or replaced slot, so
    falling back to it cannot revive a revoked password."""
    path = keyslots_path(folder)
    prev = previous_path(folder)
    try:
        raw = path.read_bytes() if path.exists() else b""
    except OSError:
        raise KeyslotsDamaged() from None
    if raw:
        return KeySlots.parse(raw)
    if not folder.exists() or not (folder / "casework.db").exists():
        raise NotAVault()
    try:
        slots = KeySlots.parse(prev.read_bytes())
    except OSError:
        raise KeyslotsDamaged() from None
    if not slots.slots:  # after a re-key nothing in it fits the database: ask for a restore
        raise KeyslotsDamaged()
    log.warning("keyslots.json is missing or empty: using keyslots.json.prev")
    slots.from_previous = True
    return slots


def save(folder: Path, slots: KeySlots) -> None:
    """Write the slots atomically. `.prev` keeps the previous version without any slot this
    change removed or replaced (nor any slot a key rotation rewrapped: those wrap a key the
    database no longer opens with)."""
    path = keyslots_path(folder)
    data = json.dumps(slots.to_json(), indent=2).encode("utf-8")
    previous: KeySlots | None = None
    if path.exists():
        with contextlib.suppress(OSError, KeyslotsDamaged, VaultTooNew):
            previous = KeySlots.parse(path.read_bytes())
    _write_atomic(path.with_name(path.name + ".tmp"), data)
    if previous is not None:
        # The same slot: same id, same password-sealed key pair, same wrapped database key.
        # A password change, a removal or a re-key changes one of those; a new copy of the audit
        # verification key (seal box) does not.
        current = {(s.slot_id, s.wrapped_private, s.wrapped_dek) for s in slots.slots}
        previous.slots = [
            s for s in previous.slots if (s.slot_id, s.wrapped_private, s.wrapped_dek) in current
        ]
        prev = previous_path(folder)
        _write_atomic(prev.with_name(prev.name + ".tmp"), json.dumps(previous.to_json()).encode())
        os.replace(prev.with_name(prev.name + ".tmp"), prev)
    os.replace(path.with_name(path.name + ".tmp"), path)
    _fsync_dir(folder)


def _write_atomic(tmp: Path, data: bytes) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
