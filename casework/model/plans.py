"""Versioned reintegration plans: goals by life domain, actions, review dates and reviews."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.model.base import Base, UTCDateTime, Versioned, enum_type, utcnow
from casework.model.enums import ActionStatus, GoalStatus, GoalTerm, LifeDomain, PlanState


class Plan(Versioned, Base):
    __tablename__ = "plans"
    __table_args__ = (
        UniqueConstraint("case_id", "version"),
        # The statistics' passes over plans and each case's latest version (migration 0006_stats).
        Index("ix_plans_statistics", "case_id", "version", "created_at", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    state: Mapped[PlanState] = mapped_column(enum_type(PlanState), default=PlanState.DRAFT)
    aspirations: Mapped[str] = mapped_column(Text, default="")
    return_comment: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    goals: Mapped[list[Goal]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Goal.position"
    )
    review_dates: Mapped[list[PlanReviewDate]] = relationship(
        cascade="all, delete-orphan", order_by="PlanReviewDate.scheduled_on"
    )
    reviews: Mapped[list[PlanReview]] = relationship(
        cascade="all, delete-orphan", order_by="PlanReview.held_on"
    )


class Goal(Versioned, Base):
    __tablename__ = "plan_goals"
    # The statistics' goals of each latest plan version (migration 0006_stats).
    __table_args__ = (Index("ix_plan_goals_statistics", "plan_id", "domain", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    domain: Mapped[LifeDomain] = mapped_column(enum_type(LifeDomain))
    need: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text)
    term: Mapped[GoalTerm] = mapped_column(enum_type(GoalTerm), default=GoalTerm.SHORT)
    status: Mapped[GoalStatus] = mapped_column(
        enum_type(GoalStatus), default=GoalStatus.NOT_STARTED
    )
    dropped_reason: Mapped[str] = mapped_column(Text, default="")
    practice: Mapped[str] = mapped_column(String(200), default="")

    plan: Mapped[Plan] = relationship(back_populates="goals")
    actions: Mapped[list[GoalAction]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="GoalAction.position"
    )


class GoalAction(Versioned, Base):
    __tablename__ = "goal_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(Text)
    responsible_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    responsible_person: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_type(ActionStatus), default=ActionStatus.PLANNED
    )

    goal: Mapped[Goal] = relationship(back_populates="actions")


class PlanReviewDate(Base):
    __tablename__ = "plan_review_dates"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    scheduled_on: Mapped[dt.date] = mapped_column(Date)


class PlanReview(Base):
    __tablename__ = "plan_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    participants: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
