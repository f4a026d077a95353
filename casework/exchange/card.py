"""The organisation card: a small self-signed JSON file with name, country and public keys.

The self-signature proves that whoever made the card holds the signing key; it does not prove
who they are. That is what comparing the fingerprint by phone or in person is for.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass

from nacl.exceptions import BadSignatureError

from casework.exchange.errors import BadCard, TooLarge, WrongVersion
from casework.exchange.keys import OrgKeys, PublicIdentity

CARD_FORMAT = "casework-organisation-card"
CARD_VERSION = 1
CARD_MAX_BYTES = 16 * 1024
CARD_SUFFIX = ".cwcard"
_SIGNED_DOMAIN = b"casework organisation card v1\x00"


@dataclass(frozen=True)
class Card:
    name: str
    country: str
    identity: PublicIdentity
    created_on: dt.date

    @property
    def fingerprint(self) -> str:
        return self.identity.fingerprint


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise BadCard()
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise BadCard() from None


def _canonical(fields: dict[str, object]) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def build_card(keys: OrgKeys, name: str, country: str, today: dt.date) -> bytes:
    pub = keys.public
    fields: dict[str, object] = {
        "format": CARD_FORMAT,
        "version": CARD_VERSION,
        "name": name,
        "country": country,
        "created_on": today.isoformat(),
        "signing_key": _b64(pub.signing_key),
        "encryption_key": _b64(pub.encryption_key),
        "fingerprint": pub.fingerprint,
    }
    signature = keys.signer().sign(_SIGNED_DOMAIN + _canonical(fields)).signature
    fields["signature"] = _b64(signature)
    return json.dumps(fields, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def parse_card(data: bytes) -> Card:
    """A checked card, or BadCard / WrongVersion / TooLarge."""
    if len(data) > CARD_MAX_BYTES:
        raise TooLarge(size=len(data), limit=CARD_MAX_BYTES)
    try:
        fields = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadCard() from None
    if not isinstance(fields, dict) or fields.get("format") != CARD_FORMAT:
        raise BadCard()
    if fields.get("version") != CARD_VERSION:
        raise WrongVersion(version=str(fields.get("version"))[:10])
    expected = {
        "format",
        "version",
        "name",
        "country",
        "created_on",
        "signing_key",
        "encryption_key",
        "fingerprint",
        "signature",
    }
    if set(fields) != expected:
        raise BadCard()
    name, country, created = fields["name"], fields["country"], fields["created_on"]
    if not (isinstance(name, str) and 0 < len(name.strip()) <= 200):
        raise BadCard()
    if not (isinstance(country, str) and len(country) <= 2):
        raise BadCard()
    try:
        created_on = dt.date.fromisoformat(created) if isinstance(created, str) else None
        identity = PublicIdentity(_unb64(fields["signing_key"]), _unb64(fields["encryption_key"]))
    except ValueError:
        raise BadCard() from None
    if created_on is None or fields["fingerprint"] != identity.fingerprint:
        raise BadCard()
    signature = _unb64(fields.pop("signature"))
    try:
        identity.verify_key().verify(_SIGNED_DOMAIN + _canonical(fields), signature)
    except (BadSignatureError, ValueError):
        raise BadCard() from None
    return Card(name.strip(), country.strip().upper(), identity, created_on)
