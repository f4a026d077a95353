"""Referrals from a case, for a service, to an organisation, at a pathway stage."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.model.base import Base, UTCDateTime, Versioned, enum_type, utcnow
from casework.model.enums import (
    DeclineReason,
    ReferralAction,
    ReferralDirection,
    ReferralState,
    ServiceType,
)

STATISTICS_COLUMNS = (
    "created_at",
    "state",
    "service_type",
    "due_on",
    "expected_end_on",
    "follow_up_on",
    "sent_at",
    "accepted_at",
    "closed_at",
    "case_id",
    "id",
)


class Referral(Versioned, Base):
    __tablename__ = "referrals"
    # The inbox walks these in order and stops after a page (issue 13): newest first per
    # direction, and the two overdue conditions (sent past due, accepted past the end), with the
    # case id so the overdue filter never reads the referrals themselves.
    __table_args__ = (
        # The newest-first walk holds what the overdue check reads, and the overdue ranges the
        # direction, so neither reads the referrals themselves (migration 0005_perfsql).
        Index(
            "ix_referrals_direction_created_at_due",
            "direction",
            "created_at",
            "state",
            "due_on",
            "expected_end_on",
            "follow_up_on",
        ),
        Index("ix_referrals_direction_sent_at", "direction", "sent_at"),
        Index("ix_referrals_state_due_on_direction", "state", "due_on", "direction", "case_id"),
        Index(
            "ix_referrals_state_end_direction",
            "state",
            "expected_end_on",
            "follow_up_on",
            "direction",
            "case_id",
        ),
        # The inbox's other sorts, within a direction (issue 13, migration 0004_perf).
        Index("ix_referrals_direction_due_on", "direction", "due_on"),
        Index("ix_referrals_direction_state", "direction", "state"),
        Index("ix_referrals_direction_service_type", "direction", "service_type"),
        # A caseworker's inbox on an office server: their referrals of a direction, newest
        # first, without walking their thousands of cases (migration 0006_srvaudit).
        Index("ix_referrals_caseworker_inbox", "caseworker_id", "direction", "created_at", "id"),
        # Everything the statistics read of a referral (states, services, overdue, days to an
        # answer), so their passes never read the referrals themselves (migration 0006_stats).
        Index("ix_referrals_statistics", *STATISTICS_COLUMNS),
        # A case's referrals with what its overdue flag checks, so a list page's flags never
        # read the referrals themselves (migration 0008_search).
        Index(
            "ix_referrals_case_overdue",
            "case_id",
            "state",
            "due_on",
            "expected_end_on",
            "follow_up_on",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # The case's caseworker, copied and kept by database triggers (store/referral_owner.py),
    # never set by the app: what a caseworker's inbox filters on first.
    caseworker_id: Mapped[int | None] = mapped_column(Integer)
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("pathway_stages.id"))
    service_type: Mapped[ServiceType] = mapped_column(enum_type(ServiceType))
    # The partner organisation: the receiving one for an outgoing referral, the sending one for
    # an incoming referral (received from a partner, answered here).
    to_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    direction: Mapped[ReferralDirection] = mapped_column(
        enum_type(ReferralDirection),
        default=ReferralDirection.OUTGOING,
        server_default=ReferralDirection.OUTGOING.value,
        index=True,
    )
    state: Mapped[ReferralState] = mapped_column(
        enum_type(ReferralState), default=ReferralState.DRAFT, index=True
    )
    purpose: Mapped[str] = mapped_column(Text, default="")
    decline_reason: Mapped[DeclineReason | None] = mapped_column(enum_type(DeclineReason))
    reason_text: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    previous_referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"))
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    expected_end_on: Mapped[dt.date | None] = mapped_column(Date)
    # Set on acceptance from the pathway stage's expected days: an accepted referral with no
    # expected end date becomes overdue when this passes (it is never left open forever).
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    consent_override_reason: Mapped[str] = mapped_column(Text, default="")
    consent_override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    events: Mapped[list[ReferralEvent]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="ReferralEvent.id"
    )


class ReferralEvent(Base):
    """One step of a referral: who did it, when, and on whose behalf."""

    __tablename__ = "referral_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[ReferralAction] = mapped_column(enum_type(ReferralAction))
    from_state: Mapped[ReferralState] = mapped_column(enum_type(ReferralState))
    to_state: Mapped[ReferralState] = mapped_column(enum_type(ReferralState))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    on_behalf_of: Mapped[str] = mapped_column(String(200), default="")
    comment: Mapped[str] = mapped_column(Text, default="")

    referral: Mapped[Referral] = relationship(back_populates="events")
