"""Every (state, action) pair of the referral, plan and case lifecycles: allowed or refused,
and for allowed steps, refused with a ValidationError when what the step needs is missing."""

from __future__ import annotations

import itertools

import pytest

from casework.errors import TransitionRefused, ValidationError
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
from casework.model.lifecycle import case_next, plan_next, referral_next

RS, RA = ReferralState, ReferralAction
PS, PA = PlanState, PlanAction
CS, CA = CaseStatus, CaseAction

# The lifecycles of DOMAIN.md, written out independently of lifecycle.py's tables.
REFERRAL_ALLOWED = {
    (RS.DRAFT, RA.SEND): RS.SENT,
    (RS.DRAFT, RA.WITHDRAW): RS.WITHDRAWN,
    (RS.SENT, RA.ACCEPT): RS.ACCEPTED,
    (RS.SENT, RA.DECLINE): RS.DECLINED,
    (RS.SENT, RA.WITHDRAW): RS.WITHDRAWN,
    (RS.ACCEPTED, RA.COMPLETE): RS.COMPLETED,
    (RS.ACCEPTED, RA.END_UNSUCCESSFULLY): RS.ENDED_UNSUCCESSFULLY,
    (RS.ACCEPTED, RA.WITHDRAW): RS.WITHDRAWN,
}
PLAN_ALLOWED = {
    (PS.DRAFT, PA.SUBMIT): PS.SUBMITTED,
    (PS.SUBMITTED, PA.APPROVE): PS.APPROVED,
    (PS.SUBMITTED, PA.RETURN): PS.RETURNED,
    (PS.RETURNED, PA.REOPEN_DRAFT): PS.DRAFT,
    (PS.APPROVED, PA.SUPERSEDE): PS.SUPERSEDED,
}
CASE_ALLOWED = {
    (CS.INTAKE, CA.ACTIVATE): CS.ACTIVE,
    (CS.INTAKE, CA.CLOSE): CS.CLOSED,
    (CS.ACTIVE, CA.HOLD): CS.ON_HOLD,
    (CS.ACTIVE, CA.CLOSE): CS.CLOSED,
    (CS.ON_HOLD, CA.RESUME): CS.ACTIVE,
    (CS.ON_HOLD, CA.CLOSE): CS.CLOSED,
    (CS.CLOSED, CA.REOPEN): CS.ACTIVE,
}

# Everything a step could need, so only the transition itself decides.
REFERRAL_FULL = {
    "decline_reason": DeclineReason.OTHER,
    "reason_text": "Explained",
    "outcome": "Done",
}
PLAN_FULL = {"comment": "Add a goal", "goal_count": 1}
CASE_FULL = {"close_reason": CloseReason.OTHER, "comment": "Explained"}

# What each step needs, and the field named when it is missing.
REFERRAL_NEEDS: dict[ReferralAction, list[tuple[dict[str, object], str]]] = {
    RA.DECLINE: [
        ({"decline_reason": None}, "decline_reason"),
        ({"decline_reason": DeclineReason.OTHER, "reason_text": "  "}, "reason_text"),
    ],
    RA.WITHDRAW: [({"reason_text": ""}, "reason_text")],
    RA.END_UNSUCCESSFULLY: [({"reason_text": " "}, "reason_text")],
    RA.COMPLETE: [({"outcome": ""}, "outcome")],
}
PLAN_NEEDS: dict[PlanAction, list[tuple[dict[str, object], str]]] = {
    PA.RETURN: [({"comment": " "}, "comment")],
    PA.SUBMIT: [({"goal_count": 0}, "goals")],
}
CASE_NEEDS: dict[CaseAction, list[tuple[dict[str, object], str]]] = {
    CA.CLOSE: [
        ({"close_reason": None}, "close_reason"),
        ({"close_reason": CloseReason.OTHER, "comment": ""}, "comment"),
    ],
    CA.REOPEN: [({"comment": ""}, "comment")],
    CA.HOLD: [({"comment": " "}, "comment")],
}

LIFECYCLES = [
    pytest.param(
        referral_next, RS, RA, REFERRAL_ALLOWED, REFERRAL_FULL, REFERRAL_NEEDS, id="referral"
    ),
    pytest.param(plan_next, PS, PA, PLAN_ALLOWED, PLAN_FULL, PLAN_NEEDS, id="plan"),
    pytest.param(case_next, CS, CA, CASE_ALLOWED, CASE_FULL, CASE_NEEDS, id="case"),
]


def _pairs(states, actions):  # noqa: ANN001, ANN202
    return list(itertools.product(states, actions))


@pytest.mark.parametrize(("step", "states", "actions", "allowed", "full", "needs"), LIFECYCLES)
def test_every_pair_is_allowed_or_refused(step, states, actions, allowed, full, needs):
    for state, action in _pairs(states, actions):
        if (state, action) in allowed:
            assert step(state, action, **full) is allowed[(state, action)], (state, action)
        else:
            with pytest.raises(TransitionRefused):
                step(state, action, **full)


@pytest.mark.parametrize(("step", "states", "actions", "allowed", "full", "needs"), LIFECYCLES)
def test_refused_pairs_stay_refused_without_their_inputs(
    step, states, actions, allowed, full, needs
):
    """An impossible step is TransitionRefused even when its inputs are missing too."""
    for state, action in _pairs(states, actions):
        if (state, action) in allowed:
            continue
        for missing, _field in needs.get(action, []):
            with pytest.raises(TransitionRefused):
                step(state, action, **{**full, **missing})


@pytest.mark.parametrize(("step", "states", "actions", "allowed", "full", "needs"), LIFECYCLES)
def test_allowed_steps_need_their_inputs(step, states, actions, allowed, full, needs):
    for (state, action), _target in allowed.items():
        for missing, field in needs.get(action, []):
            with pytest.raises(ValidationError) as err:
                step(state, action, **{**full, **missing})
            assert field in err.value.fields, (state, action, field)


@pytest.mark.parametrize(("step", "states", "actions", "allowed", "full", "needs"), LIFECYCLES)
def test_steps_without_needs_accept_bare_calls(step, states, actions, allowed, full, needs):
    """Steps that need nothing work with no extra arguments at all."""
    for (state, action), target in allowed.items():
        if action not in needs:
            assert step(state, action) is target


def test_referral_terminal_states_are_final_with_their_own_message():
    for state in (RS.COMPLETED, RS.DECLINED, RS.WITHDRAWN, RS.ENDED_UNSUCCESSFULLY):
        for action in RA:
            with pytest.raises(TransitionRefused) as err:
                referral_next(state, action, **REFERRAL_FULL)
            assert "final" in str(err.value)


def test_decline_with_a_listed_reason_needs_no_text():
    for reason in DeclineReason:
        if reason is DeclineReason.OTHER:
            continue
        assert referral_next(RS.SENT, RA.DECLINE, decline_reason=reason) is RS.DECLINED


def test_close_with_a_listed_reason_needs_no_comment():
    for reason in CloseReason:
        if reason is CloseReason.OTHER:
            continue
        assert case_next(CS.ACTIVE, CA.CLOSE, close_reason=reason) is CS.CLOSED


def test_tables_match_domain():
    """lifecycle.py's own tables say the same as DOMAIN.md (written out above)."""
    from casework.model import lifecycle

    assert lifecycle.REFERRAL_TRANSITIONS == REFERRAL_ALLOWED
    assert lifecycle.PLAN_TRANSITIONS == PLAN_ALLOWED
    assert lifecycle.CASE_TRANSITIONS == CASE_ALLOWED


def test_refusal_messages_name_action_and_state_in_french():
    with pytest.raises(TransitionRefused) as err:
        plan_next(PS.APPROVED, PA.SUBMIT)
    assert err.value.params == {"action": PA.SUBMIT, "state": PS.APPROVED}
    assert err.value.message("en")  # formats without error
    assert err.value.message("fr")
