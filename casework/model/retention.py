"""Retention: how long closed cases keep their personal data, and each case's anonymisation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from casework.model.base import Base, UTCDateTime, enum_type, utcnow
from casework.model.enums import ClientCategory


class RetentionRule(Base):
    """Years after closure before a closed case of this client category is anonymised."""

    __tablename__ = "retention_rules"

    category: Mapped[ClientCategory] = mapped_column(enum_type(ClientCategory), primary_key=True)
    years: Mapped[int]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Anonymisation(Base):
    """A case's anonymisation: asked by one person, confirmed (and done) by another.

    Holds who and when, never what was removed."""

    __tablename__ = "anonymisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), unique=True, index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    years: Mapped[int]  # the rule applied
    certificate: Mapped[str] = mapped_column(String(40), default="")
