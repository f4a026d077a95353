"""Reintegration plans through the services on a real vault: versions, approval, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from casework.errors import PermissionDenied, TransitionRefused, ValidationError
from casework.model import AuditEvent
from casework.model.enums import (
    ActionStatus,
    ClientCategory,
    CustodyStatus,
    GoalStatus,
    GoalTerm,
    LifeDomain,
    OrgType,
    PlanState,
)
from casework.services import cases, directory, plans
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationInput
from casework.services.plans import ActionInput, GoalInput, ReviewInput


def _audit_count(ctx) -> int:
    """Events other than refusals (a refused call writes its refusal and nothing else)."""
    with ctx.vault.session() as s:
        return s.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action != "access.refused")
        )


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


def _approved_plan(office, case_id: int) -> int:
    plan_id = plans.create_plan(office.caseworker, case_id, "To work as a mechanic")
    goal = plans.add_goal(
        office.caseworker,
        plan_id,
        GoalInput(LifeDomain.EMPLOYMENT, "Find a job", need="No income", term=GoalTerm.LONG),
    )
    plans.add_action(
        office.caseworker, goal, ActionInput("Enrol in mechanics course", responsible_person="Self")
    )
    plans.add_review_date(office.caseworker, plan_id, dt.date(2026, 6, 1))
    plans.submit_plan(office.caseworker, plan_id)
    plans.approve_plan(office.supervisor, plan_id)
    return plan_id


def test_draft_goals_actions_and_reorder(office):
    case_id = _case(office.caseworker)
    org = directory.create_organisation(
        office.supervisor, OrganisationInput("Nairobi TVET", OrgType.VOCATIONAL_TRAINING)
    )
    plan_id = plans.create_plan(office.caseworker, case_id, "A quiet life with my family")
    with pytest.raises(TransitionRefused):
        plans.create_plan(office.caseworker, case_id)
    g1 = plans.add_goal(office.caseworker, plan_id, GoalInput(LifeDomain.HOUSING, "Own room"))
    g2 = plans.add_goal(office.caseworker, plan_id, GoalInput(LifeDomain.FAMILY, "See children"))
    a1 = plans.add_action(office.caseworker, g1, ActionInput("Visit landlord", org))
    plans.add_action(office.caseworker, g1, ActionInput("Pay deposit"))
    plans.reorder_goals(office.caseworker, plan_id, [g2, g1])
    plans.update_action(office.caseworker, a1, ActionInput("Visit two landlords", org))
    with pytest.raises(ValidationError) as err:
        plans.update_goal(
            office.caseworker, g1, GoalInput(LifeDomain.HOUSING, "", status=GoalStatus.DROPPED)
        )
    assert set(err.value.fields) == {"goal", "dropped_reason"}
    plans.update_goal(
        office.caseworker,
        g1,
        GoalInput(
            LifeDomain.HOUSING, "Own room", status=GoalStatus.DROPPED, dropped_reason="Moved"
        ),
    )
    detail = plans.get_plan(office.caseworker, plan_id)
    assert detail.editable and detail.state is PlanState.DRAFT and detail.version == 1
    assert [g.id for g in detail.goals] == [g2, g1]
    housing = detail.goals[1]
    assert housing.dropped_reason == "Moved"
    assert [a.description for a in housing.actions] == ["Visit two landlords", "Pay deposit"]
    assert housing.actions[0].responsible_org_name == "Nairobi TVET"
    plans.remove_action(office.caseworker, a1)
    assert [
        (a.position, a.description)
        for a in plans.get_plan(office.caseworker, plan_id).goals[1].actions
    ] == [(1, "Pay deposit")]
    plans.remove_goal(office.caseworker, g2)
    assert [g.position for g in plans.get_plan(office.caseworker, plan_id).goals] == [1]


def test_submit_needs_a_goal_and_only_supervisor_approves_or_returns(office):
    case_id = _case(office.caseworker)
    plan_id = plans.create_plan(office.caseworker, case_id)
    with pytest.raises(ValidationError) as err:
        plans.submit_plan(office.caseworker, plan_id)
    assert "goals" in err.value.fields
    plans.add_goal(office.caseworker, plan_id, GoalInput(LifeDomain.LEGAL, "Get an ID card"))
    assert plans.submit_plan(office.caseworker, plan_id) is PlanState.SUBMITTED
    before = _audit_count(office.admin)
    with pytest.raises(PermissionDenied):
        plans.approve_plan(office.caseworker, plan_id)
    with pytest.raises(PermissionDenied):
        plans.return_plan(office.caseworker, plan_id, "no")
    with pytest.raises(TransitionRefused):
        plans.add_goal(office.caseworker, plan_id, GoalInput(LifeDomain.LEGAL, "More"))
    with pytest.raises(ValidationError):
        plans.return_plan(office.supervisor, plan_id, "  ")
    assert _audit_count(office.admin) == before
    assert plans.return_plan(office.supervisor, plan_id, "Add a family goal") is PlanState.RETURNED
    # Editing a returned plan reopens it as a draft.
    plans.add_goal(office.caseworker, plan_id, GoalInput(LifeDomain.FAMILY, "Call mother weekly"))
    detail = plans.get_plan(office.caseworker, plan_id)
    assert detail.state is PlanState.DRAFT and detail.return_comment == "Add a family goal"
    plans.submit_plan(office.caseworker, plan_id)
    assert plans.approve_plan(office.supervisor, plan_id) is PlanState.APPROVED
    detail = plans.get_plan(office.caseworker, plan_id)
    assert detail.approved_by_name == "Sara Supervisor" and not detail.editable
    with pytest.raises(TransitionRefused):
        plans.update_aspirations(office.caseworker, plan_id, "changed")


def test_new_version_copies_approved_and_supersedes_on_approval(office):
    case_id = _case(office.caseworker)
    v1 = _approved_plan(office, case_id)
    with pytest.raises(TransitionRefused):
        plans.create_plan(office.caseworker, case_id)
    v2 = plans.new_version(office.caseworker, case_id)
    with pytest.raises(TransitionRefused):
        plans.new_version(office.caseworker, case_id)  # one version in preparation at a time
    old, new = plans.get_plan(office.caseworker, v1), plans.get_plan(office.caseworker, v2)
    assert new.version == 2 and new.state is PlanState.DRAFT
    assert new.aspirations == old.aspirations
    assert [(g.domain, g.goal, g.need, g.term) for g in new.goals] == [
        (g.domain, g.goal, g.need, g.term) for g in old.goals
    ]
    assert [a.description for a in new.goals[0].actions] == ["Enrol in mechanics course"]
    assert new.goals[0].id != old.goals[0].id
    assert [d.scheduled_on for d in new.review_dates] == [dt.date(2026, 6, 1)]
    # Editing the copy leaves the approved version alone.
    plans.update_aspirations(office.caseworker, v2, "To open a garage")
    assert plans.get_plan(office.caseworker, v1).aspirations == "To work as a mechanic"
    assert plans.approved_plan_id(office.caseworker, case_id) == v1
    plans.submit_plan(office.caseworker, v2)
    plans.approve_plan(office.supervisor, v2)
    versions = plans.plan_versions(office.caseworker, case_id)
    assert [(v.version, v.state, v.goal_count) for v in versions] == [
        (2, PlanState.APPROVED, 1),
        (1, PlanState.SUPERSEDED, 1),
    ]
    assert plans.approved_plan_id(office.caseworker, case_id) == v2
    with office.admin.vault.session() as s:
        actions = [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["plan.superseded", "plan.approved"]


def test_progress_and_reviews_on_the_plan_in_force(office):
    case_id = _case(office.caseworker)
    plan_id = _approved_plan(office, case_id)
    detail = plans.get_plan(office.caseworker, plan_id)
    goal, action = detail.goals[0], detail.goals[0].actions[0]
    plans.set_goal_status(office.caseworker, goal.id, GoalStatus.IN_PROGRESS)
    plans.set_action_status(office.caseworker, action.id, ActionStatus.DONE)
    with pytest.raises(ValidationError):
        plans.set_goal_status(office.caseworker, goal.id, GoalStatus.DROPPED)
    with pytest.raises(TransitionRefused):
        plans.update_goal(office.caseworker, goal.id, GoalInput(LifeDomain.EMPLOYMENT, "Other"))
    ctx = ServiceContext(
        office.caseworker.vault, office.caseworker.actor, lambda: dt.date(2026, 6, 3)
    )
    with pytest.raises(ValidationError):
        plans.record_review(ctx, plan_id, ReviewInput(dt.date(2026, 6, 4), summary="Later"))
    plans.record_review(
        ctx, plan_id, ReviewInput(dt.date(2026, 6, 2), "Client, mentor", "Going well", "Continue")
    )
    plans.add_review_date(ctx, plan_id, dt.date(2026, 9, 1))
    extra = plans.add_review_date(ctx, plan_id, dt.date(2026, 12, 1))
    plans.remove_review_date(ctx, extra)
    detail = plans.get_plan(ctx, plan_id)
    assert detail.goals[0].status is GoalStatus.IN_PROGRESS
    assert detail.goals[0].actions[0].status is ActionStatus.DONE
    assert [(d.scheduled_on, d.held) for d in detail.review_dates] == [
        (dt.date(2026, 6, 1), True),
        (dt.date(2026, 9, 1), False),
    ]
    assert detail.next_review_on == dt.date(2026, 9, 1)
    assert detail.reviews[0].recorded_by_name == "Carl Caseworker"
    assert plans.default_review_dates(dt.date(2026, 1, 1))[0] == dt.date(2026, 1, 31)


def test_other_caseworker_and_admin_refused_and_nothing_written(office):
    case_id = _case(office.caseworker)
    plan_id = plans.create_plan(office.caseworker, case_id)
    before = _audit_count(office.admin)
    for ctx in (office.other_caseworker, office.admin):
        with pytest.raises(PermissionDenied):
            plans.add_goal(ctx, plan_id, GoalInput(LifeDomain.HOUSING, "x"))
        with pytest.raises(PermissionDenied):
            plans.get_plan(ctx, plan_id)
        with pytest.raises(PermissionDenied):
            plans.plan_versions(ctx, case_id)
        with pytest.raises(PermissionDenied):
            plans.new_version(ctx, case_id)
    assert _audit_count(office.admin) == before
    assert plans.get_plan(office.caseworker, plan_id).goals == ()
