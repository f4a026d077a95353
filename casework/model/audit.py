"""The append-only, HMAC-chained audit trail and the vault's own settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casework.model.base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    """Never updated or deleted (database triggers refuse it). `details` holds no personal data."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(80), index=True)
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[int | None]
    details: Mapped[str] = mapped_column(Text, default="{}")
    prev_mac: Mapped[bytes] = mapped_column(LargeBinary(32))
    mac: Mapped[bytes] = mapped_column(LargeBinary(32))
    # Forward-secure seal (store/audit_seal.py); NULL for events written before sealing began.
    seal: Mapped[bytes | None] = mapped_column(LargeBinary(32))


class VaultMeta(Base):
    """Key/value settings of the vault: organisation name, audit chain key and head, etc."""

    __tablename__ = "vault_meta"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
