"""Tasks through the services on a real vault: my list, due and overdue, links, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from casework.errors import PermissionDenied, TransitionRefused, ValidationError
from casework.model import AuditEvent
from casework.model.enums import ClientCategory, CustodyStatus, LifeDomain, OrgType, ServiceType
from casework.services import cases, directory, handovers, plans, referrals, tasks
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationInput
from casework.services.plans import GoalInput
from casework.services.referrals import ReferralInput
from casework.services.tasks import TaskInput

TODAY = dt.date(2026, 3, 10)


def _at(ctx: ServiceContext, day: dt.date = TODAY) -> ServiceContext:
    return ServiceContext(ctx.vault, ctx.actor, today=lambda: day)


def _audit_count(ctx) -> int:
    """Events other than refusals (a refused call writes its refusal and nothing else)."""
    with ctx.vault.session() as s:
        return s.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action != "access.refused")
        )


def _case(ctx, alias: str = "Abu Layla") -> int:
    return cases.create_case(
        ctx,
        CaseInput(
            alias=alias,
            category=ClientCategory.DISENGAGED,
            custody_status=CustodyStatus.RELEASED,
            country="ID",
        ),
    )


def test_my_tasks_sorted_with_due_and_overdue_flags(office):
    cw = _at(office.caseworker)
    case_id = _case(cw)
    late = tasks.create_task(cw, case_id, TaskInput("Call probation", TODAY - dt.timedelta(days=2)))
    today = tasks.create_task(cw, case_id, TaskInput("Home visit", TODAY))
    later = tasks.create_task(cw, case_id, TaskInput("Check ID card", TODAY + dt.timedelta(days=5)))
    rows = tasks.my_tasks(cw)
    assert [r.id for r in rows] == [late, today, later]
    assert [(r.overdue, r.due_today) for r in rows] == [
        (True, False),
        (False, True),
        (False, False),
    ]
    tasks.complete_task(cw, late)
    assert [r.id for r in tasks.my_tasks(cw)] == [today, later]
    done = tasks.my_tasks(cw, include_done=True)
    assert [r.id for r in done] == [today, later, late]
    assert done[-1].done_on == TODAY and not done[-1].overdue
    with pytest.raises(TransitionRefused):
        tasks.complete_task(cw, late)
    tasks.reopen_task(cw, late)
    assert tasks.my_tasks(_at(office.caseworker, TODAY + dt.timedelta(days=6)))[-1].overdue


def test_assignee_must_be_able_to_open_the_case(office):
    cw = _at(office.caseworker)
    case_id = _case(cw)
    with pytest.raises(ValidationError) as err:
        tasks.create_task(
            cw, case_id, TaskInput("x", TODAY, assignee_id=office.other_caseworker.actor.user_id)
        )
    assert "assignee_id" in err.value.fields
    sup_id = office.supervisor.actor.user_id
    task = tasks.create_task(cw, case_id, TaskInput("Approve plan", TODAY, assignee_id=sup_id))
    assert [r.id for r in tasks.my_tasks(_at(office.supervisor))] == [task]
    assert tasks.my_tasks(cw) == []


def test_links_to_referral_and_goal_of_the_same_case(office):
    cw = _at(office.caseworker)
    case_id = _case(cw)
    other_case = _case(cw, "Other")
    org = directory.create_organisation(
        office.supervisor, OrganisationInput("Pesantren", OrgType.FAITH_BASED, country="ID")
    )
    rid = referrals.create_referral(cw, case_id, ReferralInput(ServiceType.RELIGIOUS_DIALOGUE, org))
    plan_id = plans.create_plan(cw, case_id)
    goal = plans.add_goal(cw, plan_id, GoalInput(LifeDomain.IDENTITY, "Meet mentor monthly"))
    task = tasks.create_task(
        cw, case_id, TaskInput("Chase reply", TODAY, referral_id=rid, goal_id=goal)
    )
    row = tasks.case_tasks(cw, case_id)[0]
    assert (row.id, row.referral_id, row.goal_id) == (task, rid, goal)
    with pytest.raises(ValidationError) as err:
        tasks.create_task(
            cw, other_case, TaskInput("Wrong case", TODAY, referral_id=rid, goal_id=goal)
        )
    assert set(err.value.fields) == {"referral_id", "goal_id"}


def test_refused_users_write_nothing_and_transfer_moves_tasks(office):
    cw = _at(office.caseworker)
    case_id = _case(cw)
    task = tasks.create_task(cw, case_id, TaskInput("Visit", TODAY))
    before = _audit_count(cw)
    for ctx in (office.other_caseworker, office.admin):
        with pytest.raises(PermissionDenied):
            tasks.create_task(ctx, case_id, TaskInput("x", TODAY))
        with pytest.raises(PermissionDenied):
            tasks.complete_task(ctx, task)
        with pytest.raises(PermissionDenied):
            tasks.case_tasks(ctx, case_id)
    with pytest.raises(PermissionDenied):
        tasks.my_tasks(office.admin)
    assert _audit_count(cw) == before
    handovers.assign_case(office.supervisor, case_id, office.other_caseworker.actor.user_id)
    assert tasks.my_tasks(cw) == []
    # The open task moved with the case, next to the handover notice.
    moved = tasks.my_tasks(_at(office.other_caseworker))
    assert task in [r.id for r in moved] and len(moved) == 2
