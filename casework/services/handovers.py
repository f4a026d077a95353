"""Assigning and transferring a case (supervisors): nothing is dropped on the way.

A transfer keeps the supervisor's comment (stored as a `CaseHandover`, the audit event points to
it), moves the previous caseworker's open tasks on the case to the new caseworker (all of them,
or those the supervisor chooses), and tells the new caseworker with a task due today that
carries the comment. Open tasks the supervisor does not move stay with the previous caseworker
only if they can still open the case (a supervisor); otherwise they go to the supervisor making
the transfer, so no task is left on a list nobody can act on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from casework.errors import ValidationError
from casework.i18n import N_, _
from casework.model import CaseHandover, Task, User
from casework.model.enums import Role
from casework.services.cases import check_caseworker
from casework.services.context import ServiceContext
from casework.services.permissions import Permission


@dataclass(frozen=True)
class OpenTask:
    id: int
    title: str
    due_on: dt.date
    assignee_name: str


@dataclass(frozen=True)
class HandoverRow:
    id: int
    at: dt.datetime
    from_name: str
    to_name: str
    by_name: str
    comment: str
    tasks_moved: int
    tasks_kept: int


def _open_tasks(s: Session, case_id: int, user_id: int | None) -> list[Task]:
    if user_id is None:
        return []
    return list(
        s.scalars(
            select(Task)
            .where(Task.case_id == case_id, Task.assignee_id == user_id, Task.done_on.is_(None))
            .order_by(Task.due_on, Task.id)
        )
    )


def tasks_to_hand_over(ctx: ServiceContext, case_id: int) -> list[OpenTask]:
    """The current caseworker's open tasks on the case: what a transfer would move."""
    ctx.require(Permission.ASSIGN_CASES)
    with ctx.read() as s:
        case = ctx.case_for_read(s, case_id)
        worker = s.get(User, case.caseworker_id) if case.caseworker_id else None
        name = worker.display_name if worker else ""
        return [
            OpenTask(t.id, t.title, t.due_on, name)
            for t in _open_tasks(s, case_id, worker and worker.id)
        ]


def assign_case(
    ctx: ServiceContext,
    case_id: int,
    caseworker_id: int,
    comment: str = "",
    *,
    move_task_ids: Iterable[int] | None = None,
) -> int | None:
    """Assign or transfer a case; returns the handover's id (None: already theirs).

    `move_task_ids` None moves every open task of the previous caseworker on the case; a
    collection moves only those (the others stay or go to the supervisor, as above).
    """
    ctx.require(Permission.ASSIGN_CASES)
    comment = comment.strip()
    with ctx.write() as uow:
        s = uow.session
        case = ctx.case_for_read(s, case_id)
        check_caseworker(s, caseworker_id)
        if case.caseworker_id == caseworker_id:
            return None
        previous_id = case.caseworker_id
        open_tasks = _open_tasks(s, case.id, previous_id)
        chosen = {t.id for t in open_tasks} if move_task_ids is None else set(move_task_ids)
        if not chosen <= {t.id for t in open_tasks}:
            raise ValidationError(
                {"tasks": N_("Choose among the open tasks of the previous caseworker.")}
            )
        previous = s.get(User, previous_id) if previous_id else None
        previous_keeps = (
            previous is not None and previous.active and bool({Role.SUPERVISOR} & previous.role_set)
        )
        for task in open_tasks:
            if task.id in chosen:
                task.assignee_id = caseworker_id
            elif not previous_keeps:
                task.assignee_id = ctx.actor.user_id  # type: ignore[assignment]
        case.caseworker_id = caseworker_id
        case.updated_at = ctx.now()
        handover = CaseHandover(
            case_id=case.id,
            from_user_id=previous_id,
            to_user_id=caseworker_id,
            by_user_id=ctx.actor.user_id,
            at=ctx.now(),
            comment=comment,
            tasks_moved=len(chosen),
            tasks_kept=len(open_tasks) - len(chosen),
        )
        s.add(handover)
        notice = Task(
            created_at=ctx.now(),
            case_id=case.id,
            title=_("Case handed over to you: read the handover comment"),
            details=comment,
            due_on=ctx.today(),
            assignee_id=caseworker_id,
            created_by_id=ctx.actor.user_id,  # type: ignore[arg-type]
        )
        s.add(notice)
        s.flush()
        uow.audit(
            "case.assigned",
            "case",
            case.id,
            previous=previous_id,
            to=caseworker_id,
            handover=handover.id,
            comment=bool(comment),
            tasks_moved=len(chosen),
            tasks_kept=len(open_tasks) - len(chosen),
            notice_task=notice.id,
        )
        return handover.id


def handovers(ctx: ServiceContext, case_id: int) -> list[HandoverRow]:
    """The case's handovers, newest first, with the supervisors' comments."""
    who_from, who_to, who_by = aliased(User), aliased(User), aliased(User)
    with ctx.read() as s:
        ctx.case_for_read(s, case_id)
        rows = s.execute(
            select(CaseHandover, who_from.display_name, who_to.display_name, who_by.display_name)
            .outerjoin(who_from, who_from.id == CaseHandover.from_user_id)
            .outerjoin(who_to, who_to.id == CaseHandover.to_user_id)
            .outerjoin(who_by, who_by.id == CaseHandover.by_user_id)
            .where(CaseHandover.case_id == case_id)
            .order_by(CaseHandover.at.desc(), CaseHandover.id.desc())
        ).all()
        return [
            HandoverRow(
                h.id, h.at, f or "", t or "", b or "", h.comment, h.tasks_moved, h.tasks_kept
            )
            for h, f, t, b in rows
        ]
