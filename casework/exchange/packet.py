"""The sealed packet: signed by the sending organisation, then encrypted to the receiving one.

    header (29 bytes, clear)    magic "\\x89CWX\\r\\n\\x1a\\n" | version u8 | recipient key id (16)
                                | length of what follows, u32 big-endian
    sealed box (libsodium crypto_box_seal to the recipient's X25519 key) of:
        sender's Ed25519 key (32) | sender's X25519 key (32) | signature (64)
        | body length u32 | body (UTF-8 JSON) | zero padding to a multiple of 1,024 bytes

The signature is Ed25519 over "casework exchange packet v1\\0" + body, and the body names both
the sender's and the recipient's fingerprints, so a signed body cannot be re-sealed to another
organisation unnoticed. Sizes are checked before anything is decrypted or parsed.
See docs/exchange-format.md.
"""

from __future__ import annotations

import datetime as dt
import json
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import SealedBox

from casework.exchange.errors import (
    NotAnExchangeFile,
    NotForUs,
    Tampered,
    TooLarge,
    UnknownSender,
    WrongVersion,
)
from casework.exchange.keys import KEY_BYTES, OrgKeys, PublicIdentity

MAGIC = b"\x89CWX\r\n\x1a\n"
VERSION = 1
FORMAT = "casework-exchange"
MAX_PACKET_BYTES = 4 * 1024 * 1024
PACKET_SUFFIX = ".cwx"
HEADER = struct.Struct(">8sB16sI")
_BODY_LEN = struct.Struct(">I")
_SIG_BYTES = 64
_PAD = 1024
_SIGNED_DOMAIN = b"casework exchange packet v1\x00"
KINDS = ("referral", "answer")


@dataclass(frozen=True)
class Opened:
    """A verified, decrypted packet: who sent it and what it says (content still unchecked)."""

    sender: PublicIdentity
    kind: str
    packet_id: str
    created_at: dt.datetime
    content: dict[str, Any]


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def seal(
    kind: str,
    content: dict[str, Any],
    *,
    packet_id: str,
    created_at: dt.datetime,
    sender: OrgKeys,
    recipient: PublicIdentity,
) -> bytes:
    """The packet's bytes (raises ValueError when the result would exceed the size limit)."""
    if kind not in KINDS:
        raise ValueError(kind)
    me = sender.public
    body = _canonical(
        {
            "format": FORMAT,
            "version": VERSION,
            "kind": kind,
            "packet_id": packet_id,
            "created_at": created_at.astimezone(dt.UTC).isoformat(),
            "sender": me.fingerprint,
            "recipient": recipient.fingerprint,
            "content": content,
        }
    )
    signature = sender.signer().sign(_SIGNED_DOMAIN + body).signature
    inner = me.signing_key + me.encryption_key + signature + _BODY_LEN.pack(len(body)) + body
    inner += bytes(-len(inner) % _PAD)
    sealed = SealedBox(recipient.public_key()).encrypt(inner)
    packet = HEADER.pack(MAGIC, VERSION, recipient.key_id, len(sealed)) + sealed
    if len(packet) > MAX_PACKET_BYTES:
        raise ValueError("packet too large")
    return packet


def recipient_key_id(data: bytes) -> bytes:
    """The recipient's key id from the clear header (checks only the header)."""
    if len(data) > MAX_PACKET_BYTES:
        raise TooLarge(size=len(data), limit=MAX_PACKET_BYTES)
    if len(data) < HEADER.size or data[:8] != MAGIC:
        raise NotAnExchangeFile()
    magic, version, key_id, length = HEADER.unpack_from(data)
    if version != VERSION:
        raise WrongVersion(version=version)
    if length > MAX_PACKET_BYTES:
        raise TooLarge(size=length, limit=MAX_PACKET_BYTES)
    if length != len(data) - HEADER.size:
        raise NotAnExchangeFile()
    return key_id


def open_packet(
    data: bytes,
    own_keys: list[OrgKeys],
    is_known: Callable[[PublicIdentity], bool],
) -> Opened:
    """Check, decrypt and verify a packet; every failure is an ExchangeError."""
    key_id = recipient_key_id(data)
    mine = next((k for k in own_keys if k.public.key_id == key_id), None)
    if mine is None:
        raise NotForUs(key=key_id.hex()[:16])
    try:
        inner = SealedBox(mine.private_key()).decrypt(data[HEADER.size :])
    except CryptoError:
        raise Tampered() from None
    fixed = 2 * KEY_BYTES + _SIG_BYTES + _BODY_LEN.size
    if len(inner) < fixed or len(inner) % _PAD:
        raise Tampered()
    try:
        sender = PublicIdentity(inner[:KEY_BYTES], inner[KEY_BYTES : 2 * KEY_BYTES])
    except ValueError:
        raise Tampered() from None
    signature = inner[2 * KEY_BYTES : 2 * KEY_BYTES + _SIG_BYTES]
    (length,) = _BODY_LEN.unpack_from(inner, 2 * KEY_BYTES + _SIG_BYTES)
    body = inner[fixed : fixed + length]
    if len(body) != length or any(inner[fixed + length :]):
        raise Tampered()
    try:
        sender.verify_key().verify(_SIGNED_DOMAIN + body, signature)
    except (BadSignatureError, ValueError):
        raise Tampered() from None
    if not is_known(sender):
        raise UnknownSender(fingerprint=sender.fingerprint)
    return _parse_body(body, sender, mine.public)


def _parse_body(body: bytes, sender: PublicIdentity, me: PublicIdentity) -> Opened:
    try:
        fields = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Tampered() from None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise Tampered()
    if fields.get("version") != VERSION:
        raise WrongVersion(version=str(fields.get("version"))[:10])
    # Signed by the sender for us: anything else was re-sealed or forged.
    if fields.get("sender") != sender.fingerprint or fields.get("recipient") != me.fingerprint:
        raise Tampered()
    kind, packet_id, created = fields.get("kind"), fields.get("packet_id"), fields.get("created_at")
    content = fields.get("content")
    if kind not in KINDS or not isinstance(content, dict):
        raise Tampered()
    if not (isinstance(packet_id, str) and len(packet_id) == 32 and _is_hex(packet_id)):
        raise Tampered()
    try:
        created_at = dt.datetime.fromisoformat(created) if isinstance(created, str) else None
    except ValueError:
        created_at = None
    if created_at is None or created_at.tzinfo is None:
        raise Tampered()
    return Opened(sender, kind, packet_id, created_at, content)


def _is_hex(text: str) -> bool:
    return all(ch in "0123456789abcdef" for ch in text)
