"""The next case status a caseworker may want after an event (they confirm; nothing changes
on its own).

A case still at *Intake* once its plan is approved, or once a partner accepted or completed a
referral, is being worked on: the app suggests *Activate*. The suggestion names the event so the
caseworker sees why.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from casework.i18n import N_
from casework.model import Case, Plan, Referral
from casework.model.enums import CaseAction, CaseStatus, PlanState, ReferralState
from casework.services.context import ServiceContext
from casework.services.permissions import Permission

PLAN_APPROVED = N_("The reintegration plan was approved.")
REFERRAL_ANSWERED = N_("A partner accepted or completed a referral.")


@dataclass(frozen=True)
class StatusSuggestion:
    action: CaseAction
    reason: str  # an N_() msgid: why the app suggests it


def next_status(ctx: ServiceContext, case_id: int) -> StatusSuggestion | None:
    """What the case's status could move to now, and why; None when nothing suggests a move
    or this user may not change the status."""
    if not ctx.actor.can(Permission.EDIT_CASE_RECORDS):
        return None
    with ctx.read() as s:
        return suggestion_for(ctx, s, ctx.case_for_read(s, case_id))


def suggestion_for(ctx: ServiceContext, s: Session, case: Case) -> StatusSuggestion | None:
    """`next_status` of a case already checked and loaded in the session `s`."""
    if not ctx.actor.can(Permission.EDIT_CASE_RECORDS):
        return None
    if case.status is not CaseStatus.INTAKE:
        return None
    approved = s.scalar(
        select(
            exists().where(
                Plan.case_id == case.id,
                Plan.state.in_((PlanState.APPROVED, PlanState.SUPERSEDED)),
            )
        )
    )
    if approved:
        return StatusSuggestion(CaseAction.ACTIVATE, PLAN_APPROVED)
    answered = s.scalar(
        select(
            exists().where(
                Referral.case_id == case.id,
                Referral.state.in_((ReferralState.ACCEPTED, ReferralState.COMPLETED)),
            )
        )
    )
    if answered:
        return StatusSuggestion(CaseAction.ACTIVATE, REFERRAL_ANSWERED)
    return None
