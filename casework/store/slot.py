"""One key slot of `keyslots.json` (see keyslots.py): the slot's X25519 key pair sealed under a
key derived from the owner's secret, the DEK wrapped to its public key, and optionally the audit
trail's verification key sealed to its private key. Every field is checked when read."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casework.store.kdf import SALT_BYTES, KdfParams

RECOVERY_LOOKUP = "recovery"
# Exact sizes of every binary field: anything else is damage.
_SIZES = {
    "salt": (SALT_BYTES,),
    "nonce": (12,),
    "private": (48,),  # 32-byte key + 16-byte tag
    "public": (32,),
    "ephemeral": (32,),
    "dek_nonce": (12,),
    "dek": (48,),
    "seal_nonce": (0, 12),
}
_MAX_SEAL_BOX = 4096


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
    seal_nonce: bytes = b""  # the audit verification key, sealed to this slot's private key
    seal_box: bytes = b""

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

    def _fields(self) -> dict[str, object]:
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
            "seal_nonce": b64(self.seal_nonce),
            "seal": b64(self.seal_box),
        }

    def to_json(self) -> dict[str, object]:
        data = self._fields()
        data["check"] = _checksum(data)
        return data

    @classmethod
    def from_json(cls, data: object) -> Slot:
        """A slot from the file, every field checked; ValueError when anything is off."""
        if not isinstance(data, dict):
            raise ValueError("slot is not an object")
        text = {k: data.get(k) for k in ("id", "lookup", "kdf")}
        if any(not isinstance(v, str) or not 0 < len(v) <= 80 for v in text.values()):
            raise ValueError("bad slot text field")
        raw: dict[str, bytes] = {}
        for name, sizes in _SIZES.items():
            value = data.get(name, "" if 0 in sizes else None)
            if not isinstance(value, str) or len(value) > 200:
                raise ValueError(f"bad slot field {name}")
            raw[name] = unb64(value)
            if len(raw[name]) not in sizes:
                raise ValueError(f"bad size of slot field {name}")
        seal_text = data.get("seal", "")
        if not isinstance(seal_text, str) or len(seal_text) > _MAX_SEAL_BOX:
            raise ValueError("bad slot field seal")
        kdf, params_json = text["kdf"], data.get("params")
        if kdf == "argon2id":
            params: KdfParams | None = KdfParams.from_json(params_json)
        elif kdf == "hkdf" and params_json is None and text["lookup"] == RECOVERY_LOOKUP:
            params = None
        else:
            raise ValueError("bad slot KDF")
        slot = cls(
            slot_id=str(text["id"]),
            lookup=str(text["lookup"]),
            kdf=str(kdf),
            params=params,
            salt=raw["salt"],
            nonce=raw["nonce"],
            wrapped_private=raw["private"],
            public_key=raw["public"],
            ephemeral=raw["ephemeral"],
            dek_nonce=raw["dek_nonce"],
            wrapped_dek=raw["dek"],
            seal_nonce=raw["seal_nonce"],
            seal_box=unb64(seal_text),
        )
        check = data.get("check")
        if check is not None and check != _checksum(slot._fields()):
            raise ValueError("slot checksum does not match")
        return slot

    # --- opening ---------------------------------------------------------------------------

    def open_private(self, kek: bytes, vault_id: str) -> bytes:
        """The slot's private key, given the key derived from its secret; InvalidTag if wrong."""
        return AESGCM(kek).decrypt(self.nonce, self.wrapped_private, self.associated_data(vault_id))

    def dek_from_private(self, private_raw: bytes, vault_id: str) -> bytes:
        private = X25519PrivateKey.from_private_bytes(private_raw)
        shared = private.exchange(X25519PublicKey.from_public_bytes(self.ephemeral))
        return AESGCM(_dek_key(shared, self.ephemeral)).decrypt(
            self.dek_nonce, self.wrapped_dek, self.associated_data(vault_id)
        )

    def open(self, kek: bytes, vault_id: str) -> bytes:
        """The DEK, given the key derived from this slot's secret; InvalidTag when wrong."""
        return self.dek_from_private(self.open_private(kek, vault_id), vault_id)

    def wrap_dek(self, dek: bytes, vault_id: str) -> None:
        """Wrap the DEK to this slot's public key: needs no secret of the slot's owner."""
        ephemeral = X25519PrivateKey.generate()
        self.ephemeral = _raw_public(ephemeral.public_key())
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(self.public_key))
        self.dek_nonce = secrets.token_bytes(12)
        self.wrapped_dek = AESGCM(_dek_key(shared, self.ephemeral)).encrypt(
            self.dek_nonce, dek, self.associated_data(vault_id)
        )

    # --- the audit verification key -----------------------------------------------------------

    def seal_info(self, private_raw: bytes, vault_id: str) -> dict[str, object] | None:
        """What this slot holds of the audit trail's verification key, or None. Only the holder
        of the slot's private key can read or write it, so nobody else can substitute it."""
        if not self.seal_box:
            return None
        try:
            plain = AESGCM(_seal_key(private_raw)).decrypt(
                self.seal_nonce, self.seal_box, self.associated_data(vault_id)
            )
            info = json.loads(plain.decode("utf-8"))
        except (InvalidTag, ValueError):
            return None
        return info if isinstance(info, dict) else None

    def set_seal_info(self, private_raw: bytes, vault_id: str, info: dict[str, object]) -> None:
        self.seal_nonce = secrets.token_bytes(12)
        self.seal_box = AESGCM(_seal_key(private_raw)).encrypt(
            self.seal_nonce,
            json.dumps(info, sort_keys=True).encode("utf-8"),
            self.associated_data(vault_id),
        )


def _checksum(fields: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8")).hexdigest()


def _dek_key(shared: bytes, ephemeral: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, ephemeral, b"casework dek wrap").derive(shared)


def _seal_key(private_raw: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, None, b"casework audit verification key").derive(private_raw)


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _new_slot(
    vault_id: str, lookup: str, kdf: str, params: KdfParams | None, salt: bytes, kek: bytes
) -> tuple[Slot, bytes]:
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
    return slot, raw_private
