"""What the exchange services share: keys from the vault, partners by key, refusals."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.errors import CaseworkError, NotFound
from casework.exchange.keys import OrgKeys, PublicIdentity
from casework.exchange.packet import PACKET_SUFFIX, seal
from casework.i18n import N_
from casework.model import ExchangePacket, Organisation, OwnKey, PartnerKey, Referral, VaultMeta
from casework.model.enums import PartnerStatus, ReferralDirection
from casework.store import backends

NO_KEYS = N_("This vault has no organisation keys. Unlock it again to add them.")


class ExchangeRefused(CaseworkError):
    """A step of the exchange that this vault's records do not allow (nothing was changed)."""


@dataclass(frozen=True)
class PartnerRow:
    id: int
    organisation_id: int
    organisation_name: str
    name_on_card: str
    country: str
    fingerprint: str
    status: PartnerStatus
    imported_at: dt.datetime
    verified_at: dt.datetime | None


def new_id() -> str:
    """A random 128-bit id in hex (packet ids, shared referral references)."""
    return secrets.token_hex(16)


def own_keys(s: Session, step: str) -> list[OrgKeys]:
    """This organisation's key pairs, the active one first, for one exchange step (`seal`,
    `open` or `card`, store/server_exchange_keys.py). On a vault they are read from the
    encrypted database; on an office server no app role reads them: the server hands out the
    private half the step needs, to the roles that take it, and audits the hand-out."""
    if backends.is_postgresql(s.connection()):
        from casework.store.server_exchange_keys import handed_keys

        handed = handed_keys(s.get_bind(), step)
        if not handed:
            raise CaseworkError(NO_KEYS)
        return [
            OrgKeys(
                h.signing_seed,
                h.encryption_secret,
                PublicIdentity(h.signing_key, h.encryption_key),
            )
            for h in handed
        ]
    rows = s.scalars(select(OwnKey).order_by(OwnKey.active.desc(), OwnKey.id.desc())).all()
    if not rows:
        raise CaseworkError(NO_KEYS)
    return [OrgKeys(bytes(r.signing_seed), bytes(r.encryption_secret)) for r in rows]


def active_key(s: Session, step: str) -> OrgKeys:
    return own_keys(s, step)[0]


def own_identity(s: Session) -> PublicIdentity:
    """The public halves of the active key pair (no private key is read)."""
    row = s.execute(
        select(OwnKey.signing_key, OwnKey.encryption_key)
        .order_by(OwnKey.active.desc(), OwnKey.id.desc())
        .limit(1)
    ).first()
    if row is None:
        raise CaseworkError(NO_KEYS)
    return PublicIdentity(bytes(row.signing_key), bytes(row.encryption_key))


def organisation_name(s: Session) -> str:
    row = s.get(VaultMeta, "organisation")
    return row.value if row is not None else ""


def organisation_country(s: Session) -> str:
    row = s.get(VaultMeta, "country")
    return row.value if row is not None else ""


def partner_by_identity(s: Session, identity: PublicIdentity) -> PartnerKey | None:
    row = s.scalar(select(PartnerKey).where(PartnerKey.fingerprint == identity.fingerprint))
    if row is None or bytes(row.signing_key) != identity.signing_key:
        return None
    if bytes(row.encryption_key) != identity.encryption_key:
        return None
    return row


def current_partner(s: Session, org_id: int) -> PartnerKey | None:
    """The organisation's card in use (not one it replaced)."""
    return s.scalar(
        select(PartnerKey)
        .where(PartnerKey.organisation_id == org_id, PartnerKey.status != PartnerStatus.REPLACED)
        .order_by(PartnerKey.id.desc())
    )


def partner_row(s: Session, p: PartnerKey) -> PartnerRow:
    org = s.get(Organisation, p.organisation_id)
    if org is None:
        raise NotFound()
    return PartnerRow(
        p.id,
        p.organisation_id,
        org.name,
        p.name_on_card,
        p.country,
        p.fingerprint,
        p.status,
        p.imported_at,
        p.verified_at,
    )


def partner_identity(p: PartnerKey) -> PublicIdentity:
    return PublicIdentity(bytes(p.signing_key), bytes(p.encryption_key))


def seal_for_partner(
    s: Session, referral: Referral, kind: str, content: Any, at: dt.datetime, user_id: int
) -> tuple[str, bytes]:
    """Seal `content` (already plain data) for the referral's partner and record the outgoing
    packet in the same transaction; returns the packet id and the sealed bytes."""
    pkey = current_partner(s, referral.to_org_id)
    if pkey is None:
        raise NotFound()
    packet_id = new_id()
    data = seal(
        kind,
        content,
        packet_id=packet_id,
        created_at=at,
        sender=active_key(s, "seal"),
        recipient=partner_identity(pkey),
    )
    s.add(
        ExchangePacket(
            packet_id=packet_id,
            direction=ReferralDirection.OUTGOING,
            kind=kind,
            partner_id=pkey.id,
            referral_id=referral.id,
            at=at,
            by_user_id=user_id,
        )
    )
    return packet_id, data


def packet_path(target: Path, packet_id: str) -> Path:
    """Where a packet goes: `target` itself, or inside it under a name that reveals nothing."""
    return target / f"casework-{packet_id[:12]}{PACKET_SUFFIX}" if target.is_dir() else target
