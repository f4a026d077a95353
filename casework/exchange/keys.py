"""An organisation's two key pairs (Ed25519 to sign, X25519 to receive) and their fingerprint.

The fingerprint is what two people compare by phone: ten groups of five digits computed from
both public keys (BLAKE2b, like Signal's safety numbers), the same on both sides.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from nacl.public import PrivateKey, PublicKey
from nacl.signing import SigningKey, VerifyKey

KEY_BYTES = 32
KEY_ID_BYTES = 16
_FINGERPRINT_DOMAIN = b"casework organisation key v1"


@dataclass(frozen=True)
class PublicIdentity:
    """The public half of an organisation's keys, as a card carries it."""

    signing_key: bytes  # Ed25519 verify key, 32 bytes
    encryption_key: bytes  # X25519 public key, 32 bytes

    def __post_init__(self) -> None:
        if len(self.signing_key) != KEY_BYTES or len(self.encryption_key) != KEY_BYTES:
            raise ValueError("public keys are 32 bytes each")

    def _digest(self) -> bytes:
        h = hashlib.blake2b(digest_size=64, person=b"casework-fp-v1")
        h.update(_FINGERPRINT_DOMAIN + self.signing_key + self.encryption_key)
        return h.digest()

    @property
    def key_id(self) -> bytes:
        """16 bytes naming these keys in a packet's clear header (no personal data)."""
        return self._digest()[:KEY_ID_BYTES]

    @property
    def fingerprint(self) -> str:
        """Ten groups of five digits, for people to compare."""
        digest = self._digest()
        groups = [int.from_bytes(digest[i * 5 : i * 5 + 5], "big") % 100000 for i in range(10)]
        return " ".join(f"{g:05d}" for g in groups)

    def verify_key(self) -> VerifyKey:
        return VerifyKey(self.signing_key)

    def public_key(self) -> PublicKey:
        return PublicKey(self.encryption_key)


class KeyNotHanded(Exception):
    """A private key this step was not handed (an office server hands each step only the half
    it needs: the signing key to sign, the decryption key to open)."""


@dataclass(frozen=True)
class OrgKeys:
    """This organisation's private keys (held only inside the encrypted vault, or handed out by
    the office server for one step, when `known` carries the public halves and the half the
    step does not need is None)."""

    signing_seed: bytes | None  # Ed25519 seed, 32 bytes
    encryption_secret: bytes | None  # X25519 secret, 32 bytes
    known: PublicIdentity | None = None

    @classmethod
    def generate(cls) -> OrgKeys:
        return cls(bytes(SigningKey.generate()), bytes(PrivateKey.generate()))

    def signer(self) -> SigningKey:
        if self.signing_seed is None:
            raise KeyNotHanded("signing key")
        return SigningKey(self.signing_seed)

    def private_key(self) -> PrivateKey:
        if self.encryption_secret is None:
            raise KeyNotHanded("decryption key")
        return PrivateKey(self.encryption_secret)

    @property
    def public(self) -> PublicIdentity:
        if self.known is not None:
            return self.known
        return PublicIdentity(bytes(self.signer().verify_key), bytes(self.private_key().public_key))


def normalise_fingerprint(text: str) -> str:
    """Digits only, regrouped: what a person reads out may have other spacing."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return " ".join(digits[i : i + 5] for i in range(0, len(digits), 5))
