"""The person supported and what is recorded about them: consents, observations, notes, tasks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casework.model.base import Base, UTCDateTime, Versioned, enum_type, utcnow
from casework.model.enums import (
    CaseStatus,
    Change,
    ClientCategory,
    CloseReason,
    Confidence,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    Direction,
    NoteKind,
    RiskDomain,
    Subregion,
)

# Fields only the assigned caseworker and supervisors may see (DOMAIN.md, "Case").
RESTRICTED_CASE_FIELDS: tuple[str, ...] = (
    "legal_name",
    "date_of_birth",
    "national_id",
    "address",
    "phone",
    "offence_details",
    "sentence_details",
)

# The case list's filter columns (services/case_list.py), and for each the others, in the order
# its index holds them.
LIST_FILTERS = ("status", "category", "country", "subregion", "caseworker_id")
LIST_FILTER_INDEXES = tuple(
    (name, tuple(other for other in LIST_FILTERS if other != name)) for name in LIST_FILTERS
)


class Case(Versioned, Base):
    __tablename__ = "cases"
    # Each list filter with the default sort (newest first) walks one of these and stops after a
    # page (issue 13); they serve the filter alone too. Each also holds the other filters'
    # columns, and the alias index every filter's, so a page or count with several filters, or a
    # filter under the alias sort, is checked in the index without reading the cases
    # (migration 0005_perfsql). The reference sort's index is on an expression
    # (store/sort_keys.py), which the model cannot describe.
    __table_args__ = (
        *(
            Index(f"ix_cases_{name}_updated_at_filters", name, "updated_at", *others)
            for name, others in LIST_FILTER_INDEXES
        ),
        Index("ix_cases_alias_id_filters", "alias", "id", *LIST_FILTERS),
        # The statistics' pass over the cases (services/statistics_counts.py) reads only these,
        # and their area by id when referrals, plans and tasks are filtered by area
        # (migration 0006_stats).
        Index(
            "ix_cases_statistics", "opened_on", "status", "category", "subregion", "country", "id"
        ),
        Index("ix_cases_id_area", "id", "subregion", "country"),
        # The default sort (newest first) with the names a short search checks case by case
        # as it walks, so the walk reads no case row (migration 0008_search).
        Index(
            "ix_cases_updated_at_names",
            "updated_at",
            "id",
            "reference",
            "alias",
            "other_aliases",
            "legal_name",
        ),
        # The same sort with only the id: what a walk keeping the cases among a search's
        # matches reads, a quarter of the names index's pages (migration 0010_search).
        Index("ix_cases_updated_at_id", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    alias: Mapped[str] = mapped_column(String(200))
    other_aliases: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[ClientCategory] = mapped_column(enum_type(ClientCategory))
    custody_status: Mapped[CustodyStatus] = mapped_column(enum_type(CustodyStatus))
    status: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus), default=CaseStatus.INTAKE)
    subregion: Mapped[Subregion] = mapped_column(enum_type(Subregion))
    country: Mapped[str] = mapped_column(String(2))
    locality: Mapped[str] = mapped_column(String(200), default="")
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    pathway_id: Mapped[int | None] = mapped_column(ForeignKey("pathways.id"))
    current_stage_id: Mapped[int | None] = mapped_column(ForeignKey("pathway_stages.id"))
    is_minor: Mapped[bool] = mapped_column(default=False)
    guardian_name: Mapped[str] = mapped_column(String(200), default="")
    best_interests_note: Mapped[str] = mapped_column(Text, default="")
    # Restricted fields.
    legal_name: Mapped[str] = mapped_column(String(200), default="")
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    national_id: Mapped[str] = mapped_column(String(80), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(80), default="")
    offence_details: Mapped[str] = mapped_column(Text, default="")
    sentence_details: Mapped[str] = mapped_column(Text, default="")
    # Lifecycle.
    close_reason: Mapped[CloseReason | None] = mapped_column(enum_type(CloseReason))
    status_comment: Mapped[str] = mapped_column(Text, default="")
    opened_on: Mapped[dt.date] = mapped_column(Date, default=dt.date.today)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    release_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Consent(Versioned, Base):
    """Consent per purpose and, for information sharing, per recipient organisation."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[ConsentPurpose] = mapped_column(enum_type(ConsentPurpose))
    recipient_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    given_on: Mapped[dt.date] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    method: Mapped[ConsentMethod] = mapped_column(enum_type(ConsentMethod))
    witness: Mapped[str] = mapped_column(String(200), default="")
    guardian: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # A refusal: the client said no on `given_on` (blocks like a withdrawal; never a grant).
    refused: Mapped[bool] = mapped_column(default=False, server_default="0")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def valid_on(self, day: dt.date) -> bool:
        if self.refused or self.given_on > day:
            return False
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        return self.expires_on is None or self.expires_on >= day


class RiskObservation(Versioned, Base):
    """One observation of a concern or strength: no scores, no licensed instrument items."""

    __tablename__ = "risk_observations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    domain: Mapped[RiskDomain] = mapped_column(enum_type(RiskDomain))
    direction: Mapped[Direction] = mapped_column(enum_type(Direction))
    evidence: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200), default="")
    observed_on: Mapped[dt.date] = mapped_column(Date)
    confidence: Mapped[Confidence] = mapped_column(enum_type(Confidence))
    change: Mapped[Change] = mapped_column(enum_type(Change), default=Change.NEW)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class ProfessionalJudgement(Versioned, Base):
    """The dated narrative judgement, with an optional second reviewer and the client's response."""

    __tablename__ = "professional_judgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    made_on: Mapped[dt.date] = mapped_column(Date)
    narrative: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    second_reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The reviewer's own sign-off: set only by that user, never removed afterwards.
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    client_response: Mapped[str] = mapped_column(Text, default="")


class ExternalAssessment(Base):
    """A licensed assessment done elsewhere: metadata only, never its items or scores."""

    __tablename__ = "external_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    tool: Mapped[str] = mapped_column(String(120))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    assessing_body: Mapped[str] = mapped_column(String(200))
    reported_level: Mapped[str] = mapped_column(String(120), default="")
    document_reference: Mapped[str] = mapped_column(String(200), default="")


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NoteKind] = mapped_column(enum_type(NoteKind))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    restricted: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Task(Versioned, Base):
    """A follow-up with a due date, linked to a case and optionally a referral or goal."""

    __tablename__ = "tasks"
    # Open tasks past their date (the overdue filter) are one range of the first, which the
    # statistics' overdue count reads alone (created_at: migration 0011); a case's open tasks
    # and their dates (its overdue flag, migration 0008_search) the second.
    __table_args__ = (
        Index(
            "ix_tasks_done_on_due_on_case_id_created_at",
            "done_on",
            "due_on",
            "case_id",
            "created_at",
        ),  # fmt: skip
        Index("ix_tasks_case_open_due", "case_id", "done_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id", ondelete="SET NULL"))
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("plan_goals.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    details: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    assignee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseHandover(Base):
    """One assignment or transfer of a case: who handed it to whom, the supervisor's comment,
    and what became of the previous caseworker's open tasks."""

    __tablename__ = "case_handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    to_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str] = mapped_column(Text, default="")
    tasks_moved: Mapped[int] = mapped_column(default=0)
    tasks_kept: Mapped[int] = mapped_column(default=0)
