"""The lifecycles of cases, referrals and plans as pure functions (DOMAIN.md).

Each function takes the current state, the action and what the action needs, and returns the new
state or raises `TransitionRefused` (the step is not possible from this state) or
`ValidationError` (the step is possible but something it needs is missing).
"""

from __future__ import annotations

from casework.errors import TransitionRefused, ValidationError
from casework.i18n import N_
from casework.model.enums import (
    CaseAction,
    CaseStatus,
    CloseReason,
    DeclineReason,
    PlanAction,
    PlanState,
    ReferralAction,
    ReferralState,
)

REFERRAL_TRANSITIONS: dict[tuple[ReferralState, ReferralAction], ReferralState] = {
    (ReferralState.DRAFT, ReferralAction.SEND): ReferralState.SENT,
    (ReferralState.DRAFT, ReferralAction.WITHDRAW): ReferralState.WITHDRAWN,
    (ReferralState.SENT, ReferralAction.ACCEPT): ReferralState.ACCEPTED,
    (ReferralState.SENT, ReferralAction.DECLINE): ReferralState.DECLINED,
    (ReferralState.SENT, ReferralAction.WITHDRAW): ReferralState.WITHDRAWN,
    (ReferralState.ACCEPTED, ReferralAction.COMPLETE): ReferralState.COMPLETED,
    (ReferralState.ACCEPTED, ReferralAction.END_UNSUCCESSFULLY): ReferralState.ENDED_UNSUCCESSFULLY,
    (ReferralState.ACCEPTED, ReferralAction.WITHDRAW): ReferralState.WITHDRAWN,
}

REFERRAL_TERMINAL = frozenset(
    {
        ReferralState.COMPLETED,
        ReferralState.DECLINED,
        ReferralState.WITHDRAWN,
        ReferralState.ENDED_UNSUCCESSFULLY,
    }
)

PLAN_TRANSITIONS: dict[tuple[PlanState, PlanAction], PlanState] = {
    (PlanState.DRAFT, PlanAction.SUBMIT): PlanState.SUBMITTED,
    (PlanState.SUBMITTED, PlanAction.APPROVE): PlanState.APPROVED,
    (PlanState.SUBMITTED, PlanAction.RETURN): PlanState.RETURNED,
    (PlanState.RETURNED, PlanAction.REOPEN_DRAFT): PlanState.DRAFT,
    (PlanState.APPROVED, PlanAction.SUPERSEDE): PlanState.SUPERSEDED,
}

CASE_TRANSITIONS: dict[tuple[CaseStatus, CaseAction], CaseStatus] = {
    (CaseStatus.INTAKE, CaseAction.ACTIVATE): CaseStatus.ACTIVE,
    (CaseStatus.INTAKE, CaseAction.CLOSE): CaseStatus.CLOSED,
    (CaseStatus.ACTIVE, CaseAction.HOLD): CaseStatus.ON_HOLD,
    (CaseStatus.ACTIVE, CaseAction.CLOSE): CaseStatus.CLOSED,
    (CaseStatus.ON_HOLD, CaseAction.RESUME): CaseStatus.ACTIVE,
    (CaseStatus.ON_HOLD, CaseAction.CLOSE): CaseStatus.CLOSED,
    (CaseStatus.CLOSED, CaseAction.REOPEN): CaseStatus.ACTIVE,
}


def referral_next(
    state: ReferralState,
    action: ReferralAction,
    *,
    decline_reason: DeclineReason | None = None,
    reason_text: str = "",
    outcome: str = "",
) -> ReferralState:
    """The state a referral moves to, or why it cannot."""
    if state in REFERRAL_TERMINAL:
        raise TransitionRefused(
            N_(
                "This referral is closed ({state}); its state is final. Make a new referral "
                "linked to it instead."
            ),
            state=state,
        )
    target = REFERRAL_TRANSITIONS.get((state, action))
    if target is None:
        raise TransitionRefused(
            N_("'{action}' is not possible while the referral is '{state}'."),
            action=action,
            state=state,
        )
    if action is ReferralAction.DECLINE:
        if decline_reason is None:
            raise ValidationError({"decline_reason": N_("Choose why the referral was declined.")})
        if decline_reason is DeclineReason.OTHER and not reason_text.strip():
            raise ValidationError({"reason_text": N_("Describe the reason.")})
    if action in (ReferralAction.WITHDRAW, ReferralAction.END_UNSUCCESSFULLY) and not (
        reason_text.strip()
    ):
        raise ValidationError({"reason_text": N_("A reason is required.")})
    if action is ReferralAction.COMPLETE and not outcome.strip():
        raise ValidationError({"outcome": N_("Summarise the outcome of the referral.")})
    return target


def plan_next(
    state: PlanState, action: PlanAction, *, comment: str = "", goal_count: int = 1
) -> PlanState:
    """The state a plan version moves to, or why it cannot."""
    target = PLAN_TRANSITIONS.get((state, action))
    if target is None:
        raise TransitionRefused(
            N_("'{action}' is not possible while the plan is '{state}'."),
            action=action,
            state=state,
        )
    if action is PlanAction.RETURN and not comment.strip():
        raise ValidationError({"comment": N_("Say what must change before the plan is approved.")})
    if action is PlanAction.SUBMIT and goal_count < 1:
        raise ValidationError({"goals": N_("Add at least one goal before submitting the plan.")})
    return target


def case_next(
    status: CaseStatus,
    action: CaseAction,
    *,
    close_reason: CloseReason | None = None,
    comment: str = "",
) -> CaseStatus:
    """The status a case moves to, or why it cannot."""
    target = CASE_TRANSITIONS.get((status, action))
    if target is None:
        raise TransitionRefused(
            N_("'{action}' is not possible while the case is '{state}'."),
            action=action,
            state=status,
        )
    if action is CaseAction.CLOSE:
        if close_reason is None:
            raise ValidationError({"close_reason": N_("Choose why the case is being closed.")})
        if close_reason is CloseReason.OTHER and not comment.strip():
            raise ValidationError({"comment": N_("Describe the reason.")})
    if action in (CaseAction.REOPEN, CaseAction.HOLD) and not comment.strip():
        raise ValidationError({"comment": N_("A reason is required.")})
    return target
