"""Keys and bookkeeping of the exchange between organisations (casework/exchange).

The private halves of this organisation's keys live only here, inside the SQLCipher database
(encrypted at rest, page HMAC): anyone who can unlock the vault can sign as the organisation,
and no file holds them in clear. Partners' public keys come from their organisation cards.
On an office server no app role reads the private halves: the server hands them out, audited,
to the roles that take each exchange step (store/server_exchange.py); the public halves are
kept beside them so that the fingerprint needs no private key.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from casework.model.base import Base, UTCDateTime, enum_type, utcnow
from casework.model.enums import PartnerStatus, ReferralDirection


class OwnKey(Base):
    """This organisation's key pairs. One is active; older ones stay to read older packets."""

    __tablename__ = "exchange_own_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    signing_seed: Mapped[bytes] = mapped_column(LargeBinary(32))
    encryption_secret: Mapped[bytes] = mapped_column(LargeBinary(32))
    # The public halves (Ed25519 verify key, X25519 public key), derived from the private ones.
    signing_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    encryption_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PartnerKey(Base):
    """A partner's organisation card, linked to a directory organisation."""

    __tablename__ = "exchange_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name_on_card: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), default="")
    signing_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    encryption_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    fingerprint: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[PartnerStatus] = mapped_column(
        enum_type(PartnerStatus), default=PartnerStatus.UNVERIFIED
    )
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ExchangePacket(Base):
    """Every packet written or imported, by its random id: importing one twice is refused."""

    __tablename__ = "exchange_packets"

    id: Mapped[int] = mapped_column(primary_key=True)
    packet_id: Mapped[str] = mapped_column(String(32), unique=True)
    direction: Mapped[ReferralDirection] = mapped_column(enum_type(ReferralDirection))
    kind: Mapped[str] = mapped_column(String(16))
    partner_id: Mapped[int] = mapped_column(ForeignKey("exchange_partners.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ReferralLink(Base):
    """The reference both organisations share for one referral (random, in every packet)."""

    __tablename__ = "exchange_referral_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), unique=True
    )
    partner_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    ref: Mapped[str] = mapped_column(String(32), index=True)
