"""Transfers keep the supervisor's comment and the open tasks; a judgement's second reviewer
signs off themselves and the author cannot take it back (real vault)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from casework.errors import PermissionDenied, TransitionRefused, ValidationError
from casework.model import AuditEvent
from casework.model.enums import ClientCategory, CustodyStatus, Role
from casework.services import cases, handovers, risk, tasks
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.risk import JudgementInput
from casework.services.tasks import TaskInput

TODAY = dt.date(2026, 4, 2)


def _at(ctx: ServiceContext) -> ServiceContext:
    return ServiceContext(ctx.vault, ctx.actor, today=lambda: TODAY)


@pytest.fixture
def case_id(office) -> int:
    return cases.create_case(
        _at(office.caseworker),
        CaseInput("Abu Layla", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "ML"),
    )


def _events(ctx, action):  # noqa: ANN001, ANN202
    with ctx.vault.session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_transfer_keeps_the_comment_moves_open_tasks_and_tells_the_new_owner(office, case_id):
    carl, omar, sup = _at(office.caseworker), _at(office.other_caseworker), _at(office.supervisor)
    visit = tasks.create_task(carl, case_id, TaskInput("Home visit", TODAY))
    call = tasks.create_task(carl, case_id, TaskInput("Call the family", TODAY))
    done = tasks.create_task(carl, case_id, TaskInput("Old task", TODAY))
    tasks.complete_task(carl, done)
    assert [t.id for t in handovers.tasks_to_hand_over(sup, case_id)] == [visit, call]
    with pytest.raises(ValidationError):
        handovers.assign_case(sup, case_id, omar.actor.user_id, "x", move_task_ids=[done])
    handover = handovers.assign_case(
        sup,
        case_id,
        omar.actor.user_id,
        "Carl leaves; the family trusts Omar",
        move_task_ids=[visit],
    )
    assert handover is not None
    # The comment is kept, and the audit event points to it (never holds its text).
    [row] = handovers.handovers(sup, case_id)
    assert (row.from_name, row.to_name, row.by_name) == (
        "Carl Caseworker",
        "Omar Caseworker",
        "Sara Supervisor",
    )
    assert row.comment == "Carl leaves; the family trusts Omar"
    assert (row.tasks_moved, row.tasks_kept) == (1, 1)
    [event] = _events(sup, "case.assigned")
    details = json.loads(event.details)
    assert details["handover"] == handover and details["comment"] is True
    assert "Omar" not in event.details and "family" not in event.details
    # Omar has the moved task and a notice carrying the comment; the task not moved went to
    # the supervisor (Carl can no longer open the case); nothing sits on nobody's list.
    omar_tasks = tasks.my_tasks(omar)
    assert visit in [t.id for t in omar_tasks]
    notice = [t for t in omar_tasks if t.id not in (visit,)]
    assert len(notice) == 1 and notice[0].details == "Carl leaves; the family trusts Omar"
    assert [t.id for t in tasks.my_tasks(sup)] == [call]
    assert tasks.my_tasks(carl) == []
    # By default every open task moves.
    handovers.assign_case(sup, case_id, carl.actor.user_id)
    assert {t.id for t in tasks.my_tasks(carl)} >= {visit}
    # Only supervisors transfer.
    with pytest.raises(PermissionDenied):
        handovers.assign_case(carl, case_id, omar.actor.user_id)


def test_second_reviewer_signs_off_themselves_and_the_author_cannot_remove_it(office, case_id):
    carl, omar, sup = _at(office.caseworker), _at(office.other_caseworker), _at(office.supervisor)
    # A reviewer who cannot open the case is refused.
    with pytest.raises(ValidationError) as refused:
        risk.add_judgement(
            carl, case_id, JudgementInput(TODAY, "Stable", second_reviewer_id=omar.actor.user_id)
        )
    assert "cannot open the case" in str(refused.value.fields["second_reviewer_id"])
    jid = risk.add_judgement(
        carl, case_id, JudgementInput(TODAY, "Stable", second_reviewer_id=sup.actor.user_id)
    )
    # The reviewer is told: a task on their own list.
    assert any("Review" in t.title for t in tasks.my_tasks(sup))
    # Nobody signs off for someone else, nor the author for themselves.
    with pytest.raises(PermissionDenied):
        risk.sign_off_judgement(carl, jid)
    sam = office.add_user("sam", "Sam Supervisor", {Role.SUPERVISOR}, "a long pass phrase here")
    with pytest.raises(PermissionDenied):
        risk.sign_off_judgement(sam, jid)
    risk.sign_off_judgement(sup, jid)
    [row] = risk.list_judgements(carl, case_id)
    assert row.reviewed_by_name == "Sara Supervisor" and row.reviewed_at is not None
    assert row.reviewed_at.date() == TODAY
    # The author cannot remove or change the review, nor can it be signed twice.
    with pytest.raises(TransitionRefused):
        risk.set_second_reviewer(carl, jid, None)
    with pytest.raises(TransitionRefused):
        risk.sign_off_judgement(sup, jid)
    assert risk.list_judgements(carl, case_id)[0].reviewed_by_name == "Sara Supervisor"
    assert len(_events(sup, "judgement.signed_off")) == 1
