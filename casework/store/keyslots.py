"""`keyslots.json`: the vault key (DEK) wrapped once per user and once for the recovery key.

Like LUKS: each slot opens with a password (Argon2id) or the recovery key (HKDF; it is already
240 random bits). What the derived key opens (AES-256-GCM) is the slot's own X25519 private key;
the DEK is wrapped to the slot's public key (ephemeral X25519 + HKDF + AES-256-GCM). That is what
lets "rotate vault key" rewrap every slot without knowing anybody's password, while a password
change still touches one slot only. The slot's id, lookup, KDF, parameters and public key are the
GCM associated data, so changing any of them breaks the slot instead of weakening it.
Slots are found by an HMAC of the normalised user name under a per-vault salt, so
the file does not list staff names.

The file is written atomically (temp file, fsync, rename, fsync of the folder) and the previous
version is kept as `keyslots.json.prev`: a crash while writing leaves the old or the new slots.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
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

PREVIOUS_SUFFIX = ".prev"
FORMAT = "casework-keyslots"
FORMAT_VERSION = 1
RECOVERY_LOOKUP = "recovery"
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed back


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFKC", username).strip().casefold()


@dataclass
class Slot:
    slot_id: str
    lookup: str  # HMAC of the user name, or "recovery"
    kdf: str  # "argon2id" or "hkdf"
    params: KdfParams | None
    salt: bytes
    nonce: bytes
    wrapped_private: bytes  # the slot's X25519 private key, under the password-derived key
    public_key: bytes
    ephemeral: bytes = b""  # the DEK, wrapped to `public_key`
    dek_nonce: bytes = b""
    wrapped_dek: bytes = b""

    def associated_data(self, vault_id: str) -> bytes:
        meta = {
            "vault": vault_id,
            "slot": self.slot_id,
            "lookup": self.lookup,
            "kdf": self.kdf,
            "params": self.params.to_json() if self.params else None,
            "salt": b64(self.salt),
            "public": b64(self.public_key),
        }
        return json.dumps(meta, sort_keys=True).encode("utf-8")

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.slot_id,
            "lookup": self.lookup,
            "kdf": self.kdf,
            "params": self.params.to_json() if self.params else None,
            "salt": b64(self.salt),
            "nonce": b64(self.nonce),
            "private": b64(self.wrapped_private),
            "public": b64(self.public_key),
            "ephemeral": b64(self.ephemeral),
            "dek_nonce": b64(self.dek_nonce),
            "dek": b64(self.wrapped_dek),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Slot:
        params = data.get("params")
        return cls(
            slot_id=str(data["id"]),
            lookup=str(data["lookup"]),
            kdf=str(data["kdf"]),
            params=KdfParams.from_json(params) if isinstance(params, dict) else None,
            salt=unb64(str(data["salt"])),
            nonce=unb64(str(data["nonce"])),
            wrapped_private=unb64(str(data["private"])),
            public_key=unb64(str(data["public"])),
            ephemeral=unb64(str(data["ephemeral"])),
            dek_nonce=unb64(str(data["dek_nonce"])),
            wrapped_dek=unb64(str(data["dek"])),
        )

    def open(self, kek: bytes, vault_id: str) -> bytes:
        """The DEK, given the key derived from this slot's secret; InvalidTag when wrong."""
        aad = self.associated_data(vault_id)
        private = X25519PrivateKey.from_private_bytes(
            AESGCM(kek).decrypt(self.nonce, self.wrapped_private, aad)
        )
        shared = private.exchange(X25519PublicKey.from_public_bytes(self.ephemeral))
        return AESGCM(_dek_key(shared, self.ephemeral)).decrypt(
            self.dek_nonce, self.wrapped_dek, aad
        )

    def wrap_dek(self, dek: bytes, vault_id: str) -> None:
        """Wrap the DEK to this slot's public key: needs no secret of the slot's owner."""
        ephemeral = X25519PrivateKey.generate()
        self.ephemeral = _raw_public(ephemeral.public_key())
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(self.public_key))
        self.dek_nonce = secrets.token_bytes(12)
        self.wrapped_dek = AESGCM(_dek_key(shared, self.ephemeral)).encrypt(
            self.dek_nonce, dek, self.associated_data(vault_id)
        )


@dataclass
class KeySlots:
    vault_id: str
    lookup_salt: bytes
    slots: list[Slot] = field(default_factory=list)

    # --- lookup --------------------------------------------------------------------------------

    def lookup_for(self, username: str) -> str:
        digest = hmac.new(
            self.lookup_salt, normalise_username(username).encode("utf-8"), hashlib.sha256
        )
        return digest.hexdigest()

    def find(self, username: str) -> Slot | None:
        lookup = self.lookup_for(username)
        return next((s for s in self.slots if s.lookup == lookup), None)

    def has_user(self, username: str) -> bool:
        return self.find(username) is not None

    # --- unwrap ------------------------------------------------------------------------------

    def unwrap_with_password(self, username: str, password: bytes, policy: KdfPolicy) -> bytes:
        slot = self.find(username)
        if slot is None:
            # Spend the same work as a real attempt so timing does not reveal unknown names.
            derive(password, b"\0" * SALT_BYTES, policy.minimum)
            raise WrongCredentials()
        if slot.kdf != "argon2id" or slot.params is None:
            raise KeyslotsDamaged()
        if not slot.params.at_least(policy.minimum):
            raise WeakKdfParameters()
        kek = derive(password, slot.salt, slot.params)
        try:
            return slot.open(kek, self.vault_id)
        except (InvalidTag, ValueError):
            raise WrongCredentials() from None

    def unwrap_with_recovery(self, recovery_key: str) -> bytes:
        slot = next((s for s in self.slots if s.lookup == RECOVERY_LOOKUP), None)
        if slot is None:
            raise KeyslotsDamaged()
        try:
            secret = parse_recovery_key(recovery_key)
        except ValueError:
            raise WrongRecoveryKey() from None
        try:
            return slot.open(_hkdf(secret, slot.salt), self.vault_id)
        except (InvalidTag, ValueError):
            raise WrongRecoveryKey() from None

    # --- wrap --------------------------------------------------------------------------------

    def set_password_slot(
        self, username: str, password: bytes, dek: bytes, params: KdfParams
    ) -> None:
        """Add or replace the slot of one user."""
        lookup = self.lookup_for(username)
        salt = secrets.token_bytes(SALT_BYTES)
        slot = _new_slot(
            self.vault_id, lookup, "argon2id", params, salt, derive(password, salt, params)
        )
        slot.wrap_dek(dek, self.vault_id)
        self.slots = [s for s in self.slots if s.lookup != lookup] + [slot]

    def set_recovery_slot(self, secret: bytes, dek: bytes) -> None:
        salt = secrets.token_bytes(SALT_BYTES)
        slot = _new_slot(self.vault_id, RECOVERY_LOOKUP, "hkdf", None, salt, _hkdf(secret, salt))
        slot.wrap_dek(dek, self.vault_id)
        self.slots = [s for s in self.slots if s.lookup != RECOVERY_LOOKUP] + [slot]

    def rewrap_all(self, dek: bytes) -> None:
        """After a key rotation: wrap the new DEK to every slot."""
        for slot in self.slots:
            slot.wrap_dek(dek, self.vault_id)

    def remove_user(self, username: str) -> bool:
        lookup = self.lookup_for(username)
        before = len(self.slots)
        self.slots = [s for s in self.slots if s.lookup != lookup]
        return len(self.slots) < before

    # --- file --------------------------------------------------------------------------------

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "vault_id": self.vault_id,
            "lookup_salt": b64(self.lookup_salt),
            "slots": [s.to_json() for s in self.slots],
        }

    @classmethod
    def new(cls) -> KeySlots:
        return cls(vault_id=secrets.token_hex(16), lookup_salt=secrets.token_bytes(32))

    @classmethod
    def parse(cls, raw: bytes) -> KeySlots:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise KeyslotsDamaged() from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise KeyslotsDamaged()
        version = data.get("version")
        if not isinstance(version, int):
            raise KeyslotsDamaged()
        if version > FORMAT_VERSION:
            raise VaultTooNew()
        try:
            slots = [Slot.from_json(s) for s in data["slots"]]
            return cls(str(data["vault_id"]), unb64(str(data["lookup_salt"])), slots)
        except (KeyError, TypeError, ValueError):
            raise KeyslotsDamaged() from None


def _hkdf(secret: bytes, salt: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt, b"casework recovery slot").derive(secret)


def _dek_key(shared: bytes, ephemeral: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, ephemeral, b"casework dek wrap").derive(shared)


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _new_slot(
    vault_id: str, lookup: str, kdf: str, params: KdfParams | None, salt: bytes, kek: bytes
) -> Slot:
    """A slot with a fresh key pair whose private half is sealed under `kek`."""
    private = X25519PrivateKey.generate()
    raw_private = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    slot = Slot(
        secrets.token_hex(8), lookup, kdf, params, salt, b"", b"", _raw_public(private.public_key())
    )
    slot.nonce = secrets.token_bytes(12)
    slot.wrapped_private = AESGCM(kek).encrypt(
        slot.nonce, raw_private, slot.associated_data(vault_id)
    )
    return slot


# --- recovery key text -------------------------------------------------------------------------


def new_recovery_secret() -> bytes:
    return secrets.token_bytes(30)  # 240 bits = 48 characters of a 32-letter alphabet


def format_recovery_key(secret: bytes) -> str:
    number = int.from_bytes(secret, "big")
    chars = []
    for _ in range(len(secret) * 8 // 5):
        number, digit = divmod(number, 32)
        chars.append(_RECOVERY_ALPHABET[digit])
    text = "".join(reversed(chars))
    return "-".join(text[i : i + 6] for i in range(0, len(text), 6))


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I")
    if len(cleaned) != 48 or any(c not in _RECOVERY_ALPHABET for c in cleaned):
        raise ValueError("not a recovery key")
    number = 0
    for c in cleaned:
        number = number * 32 + _RECOVERY_ALPHABET.index(c)
    return number.to_bytes(30, "big")


# --- atomic file handling ---------------------------------------------------------------------


def keyslots_path(folder: Path) -> Path:
    return folder / KEYSLOTS_FILE


def load(folder: Path) -> KeySlots:
    """Read the slots; fall back to the previous version only when the current one is missing
    (a crash between the two renames), never when it is damaged (that needs a person)."""
    path = keyslots_path(folder)
    prev = path.with_name(path.name + PREVIOUS_SUFFIX)
    if not path.exists():
        if not folder.exists() or not (folder / "casework.db").exists():
            raise NotAVault()
        if prev.exists():
            return KeySlots.parse(prev.read_bytes())
        raise KeyslotsDamaged()
    try:
        raw = path.read_bytes()
    except OSError:
        raise KeyslotsDamaged() from None
    return KeySlots.parse(raw)


def save(folder: Path, slots: KeySlots) -> None:
    path = keyslots_path(folder)
    data = json.dumps(slots.to_json(), indent=2).encode("utf-8")
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    if path.exists():
        prev = path.with_name(path.name + PREVIOUS_SUFFIX)
        # Copy, not rename: the current file must exist at every moment.
        prev_tmp = prev.with_name(prev.name + ".tmp")
        fd = os.open(prev_tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, path.read_bytes())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(prev_tmp, prev)
    os.replace(tmp, path)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
