"""The four-eyes rule for plan approval: a supervisor cannot approve a plan they wrote or
submitted; on by default; an administrator may switch it off (audited)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from casework.errors import PermissionDenied
from casework.model import AuditEvent
from casework.model.enums import ClientCategory, CustodyStatus, LifeDomain, PlanState, Role
from casework.services import cases, four_eyes, plans
from casework.services.cases import CaseInput
from casework.services.context import REFUSED
from casework.services.plans import GoalInput

SAM_PW = "violet harbour tunes at noon"


def _events(ctx) -> list[AuditEvent]:
    with ctx.vault.session() as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _case(ctx) -> int:
    return cases.create_case(
        ctx,
        CaseInput(
            alias="Abu Layla",
            category=ClientCategory.RELEASED_OFFENDER,
            custody_status=CustodyStatus.RELEASED,
            country="KE",
        ),
    )


def _plan(writer, submitter) -> int:
    plan_id = plans.create_plan(writer, _case(writer), "To work as a mechanic")
    plans.add_goal(writer, plan_id, GoalInput(LifeDomain.EMPLOYMENT, "Find a job"))
    plans.submit_plan(submitter, plan_id)
    return plan_id


@pytest.fixture
def second_supervisor(office):
    return office.add_user("sam", "Sam Supervisor", {Role.SUPERVISOR}, SAM_PW)


def test_a_supervisor_cannot_approve_a_plan_they_wrote(office, second_supervisor):
    sara = office.supervisor
    plan_id = _plan(sara, sara)
    with pytest.raises(PermissionDenied) as refused:
        plans.approve_plan(sara, plan_id)
    assert refused.value.msgid == four_eyes.REFUSAL
    assert plans.get_plan(sara, plan_id).state is PlanState.SUBMITTED
    # The refusal is audited like every refusal, naming the plan.
    last = _events(sara)[-1]
    assert (last.action, last.actor_name, last.entity, last.entity_id) == (
        REFUSED,
        sara.actor.username,
        "plan",
        plan_id,
    )
    # Another supervisor approves it.
    assert plans.approve_plan(second_supervisor, plan_id) is PlanState.APPROVED


def test_a_supervisor_cannot_approve_a_plan_they_submitted(office, second_supervisor):
    sara = office.supervisor
    plan_id = plans.create_plan(sara, _case(sara))
    plans.add_goal(sara, plan_id, GoalInput(LifeDomain.HOUSING, "A room"))
    # Written by sara, submitted by sam: neither of them may approve it.
    plans.submit_plan(second_supervisor, plan_id)
    for supervisor in (sara, second_supervisor):
        with pytest.raises(PermissionDenied):
            plans.approve_plan(supervisor, plan_id)
    assert plans.get_plan(sara, plan_id).state is PlanState.SUBMITTED


def test_a_caseworkers_plan_is_approved_by_a_supervisor_as_before(office):
    plan_id = _plan(office.caseworker, office.caseworker)
    assert plans.get_plan(office.supervisor, plan_id).approval_refusal == ""
    assert plans.approve_plan(office.supervisor, plan_id) is PlanState.APPROVED


def test_the_plan_says_why_its_approval_is_unavailable(office, second_supervisor):
    sara = office.supervisor
    plan_id = _plan(sara, sara)
    assert plans.get_plan(sara, plan_id).approval_refusal == four_eyes.REFUSAL
    assert plans.get_plan(second_supervisor, plan_id).approval_refusal == ""


def test_four_eyes_is_on_by_default_and_an_administrator_may_switch_it_off(office):
    sara = office.supervisor
    assert four_eyes.is_on(sara)
    plan_id = _plan(sara, sara)
    # Only an administrator may change the rule; the attempt is refused and audited.
    with pytest.raises(PermissionDenied):
        four_eyes.set_rule(sara, False)
    assert four_eyes.is_on(office.admin)
    four_eyes.set_rule(office.admin, False)
    changed = [e for e in _events(office.admin) if e.action == "vault.four_eyes_changed"]
    assert len(changed) == 1 and json.loads(changed[0].details) == {"four_eyes": False}
    assert changed[0].actor_name == office.admin.actor.username
    # A one-person office: the supervisor approves their own plan.
    assert not four_eyes.is_on(sara)
    assert plans.get_plan(sara, plan_id).approval_refusal == ""
    assert plans.approve_plan(sara, plan_id) is PlanState.APPROVED
    # Setting it to what it already is writes nothing; switching it back on is audited.
    four_eyes.set_rule(office.admin, False)
    four_eyes.set_rule(office.admin, True)
    changes = [e for e in _events(office.admin) if e.action == "vault.four_eyes_changed"]
    assert [json.loads(e.details)["four_eyes"] for e in changes] == [False, True]
    assert four_eyes.is_on(sara)


def test_the_audit_log_shows_the_rule_change_in_words(office):
    from casework.i18n import set_language
    from casework.ui.admin.audit_labels import action_label, details_text

    four_eyes.set_rule(office.admin, False)
    event = [e for e in _events(office.admin) if e.action == "vault.four_eyes_changed"][0]
    assert action_label(event.action) == "Four-eyes rule for plan approval changed"
    assert details_text(event.details) == "off"
    set_language("fr")
    assert action_label(event.action).startswith("Règle des quatre yeux")
    assert details_text(event.details) == "désactivée"
