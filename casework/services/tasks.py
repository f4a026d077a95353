"""Tasks and follow-ups: a due date, an assignee, a link to a case (and a referral or goal).

A task's assignee must be able to open its case (the case's caseworker or a supervisor),
otherwise it would sit on a list its owner cannot act on. `my_tasks` shows only tasks on cases
the user may still open: after a transfer, a supervisor reassigns them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import case as sql_case
from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.errors import TransitionRefused, ValidationError
from casework.i18n import N_
from casework.model import Case, Goal, Plan, Referral, Task, User
from casework.model.enums import Role
from casework.services import concurrency
from casework.services.context import ServiceContext
from casework.services.permissions import Permission


@dataclass(frozen=True)
class TaskInput:
    title: str
    due_on: dt.date
    assignee_id: int | None = None  # None: the user creating it
    details: str = ""
    referral_id: int | None = None
    goal_id: int | None = None


@dataclass(frozen=True)
class TaskRow:
    id: int
    case_id: int
    case_reference: str
    title: str
    details: str
    due_on: dt.date
    assignee_id: int
    assignee_name: str
    referral_id: int | None
    goal_id: int | None
    done_on: dt.date | None
    due_today: bool
    overdue: bool
    row_version: int = 1  # passed back as expected_version by the task form


def _validate(s: Session, case: Case, data: TaskInput, actor_id: int | None) -> TaskInput:
    data = replace(
        data,
        title=data.title.strip(),
        details=data.details.strip(),
        assignee_id=data.assignee_id if data.assignee_id is not None else actor_id,
    )
    errors: dict[str, str] = {}
    if not data.title:
        errors["title"] = N_("Say what needs doing.")
    assignee = s.get(User, data.assignee_id) if data.assignee_id is not None else None
    if (
        assignee is None
        or not assignee.active
        or not (
            Role.SUPERVISOR in assignee.role_set
            or (Role.CASEWORKER in assignee.role_set and assignee.id == case.caseworker_id)
        )
    ):
        errors["assignee_id"] = N_("Assign the task to the case's caseworker or a supervisor.")
    if data.referral_id is not None:
        referral = s.get(Referral, data.referral_id)
        if referral is None or referral.case_id != case.id:
            errors["referral_id"] = N_("Choose a referral of this case.")
    if data.goal_id is not None:
        plan_case = s.scalar(
            select(Plan.case_id).join(Goal, Goal.plan_id == Plan.id).where(Goal.id == data.goal_id)
        )
        if plan_case != case.id:
            errors["goal_id"] = N_("Choose a goal of this case's plan.")
    if errors:
        raise ValidationError(errors)
    return data


def create_task(ctx: ServiceContext, case_id: int, data: TaskInput) -> int:
    with ctx.write() as uow:
        s = uow.session
        case = ctx.case_for_write(s, case_id)
        data = _validate(s, case, data, ctx.actor.user_id)
        task = Task(
            created_at=ctx.now(),
            case_id=case.id,
            referral_id=data.referral_id,
            goal_id=data.goal_id,
            title=data.title,
            details=data.details,
            due_on=data.due_on,
            assignee_id=data.assignee_id,
            created_by_id=ctx.actor.user_id,
        )
        s.add(task)
        s.flush()
        uow.audit(
            "task.created",
            "task",
            task.id,
            case=case.id,
            assignee=data.assignee_id,
            referral=data.referral_id,
            goal=data.goal_id,
        )
        return task.id


def _task(ctx: ServiceContext, s: Session, task_id: int) -> tuple[Task, Case]:
    task = s.get(Task, task_id)
    if task is None:
        raise ctx.missing(s, Task, task_id)
    return task, ctx.case_for_write(s, task.case_id)


_TASK_FIELDS = ("title", "details", "due_on", "assignee_id", "referral_id", "goal_id")


def update_task(
    ctx: ServiceContext, task_id: int, data: TaskInput, expected_version: int | None = None
) -> None:
    with ctx.write() as uow:
        task, case = _task(ctx, uow.session, task_id)
        concurrency.check(uow.session, task, expected_version, _TASK_FIELDS, "task")
        data = _validate(uow.session, case, data, task.assignee_id)
        changed = []
        for name in _TASK_FIELDS:
            if getattr(task, name) != getattr(data, name):
                setattr(task, name, getattr(data, name))
                changed.append(name)
        if changed:
            uow.audit("task.updated", "task", task.id, case=case.id, fields=changed)


def complete_task(ctx: ServiceContext, task_id: int, done_on: dt.date | None = None) -> None:
    with ctx.write() as uow:
        task, case = _task(ctx, uow.session, task_id)
        if task.done_on is not None:
            raise TransitionRefused(N_("This task is already done."))
        day = done_on or ctx.today()
        if day > ctx.today():
            raise ValidationError({"done_on": N_("A task cannot be done in the future.")})
        task.done_on = day
        uow.audit("task.completed", "task", task.id, case=case.id)


def reopen_task(ctx: ServiceContext, task_id: int) -> None:
    with ctx.write() as uow:
        task, case = _task(ctx, uow.session, task_id)
        if task.done_on is None:
            raise TransitionRefused(N_("This task is not done."))
        task.done_on = None
        uow.audit("task.reopened", "task", task.id, case=case.id)


def _select(today: dt.date):  # noqa: ANN202 - a Select of TaskRow's columns
    is_open = Task.done_on.is_(None)
    return (
        select(
            Task.id,
            Task.case_id,
            Case.reference,
            Task.title,
            Task.details,
            Task.due_on,
            Task.assignee_id,
            User.display_name,
            Task.referral_id,
            Task.goal_id,
            Task.done_on,
            sql_case((is_open & (Task.due_on == today), True), else_=False),
            sql_case((is_open & (Task.due_on < today), True), else_=False),
            Task.row_version,
        )
        .join(Case, Case.id == Task.case_id)
        .join(User, User.id == Task.assignee_id)
    )


def _rows(s: Session, stmt) -> list[TaskRow]:  # noqa: ANN001 - a Select from _select
    return [
        TaskRow(*row[:-3], due_today=bool(row[-3]), overdue=bool(row[-2]), row_version=row[-1])
        for row in s.execute(stmt)
    ]


def my_tasks(ctx: ServiceContext, include_done: bool = False) -> list[TaskRow]:
    """The user's follow-ups, open ones first by due date (overdue at the top)."""
    ctx.require(Permission.VIEW_ASSIGNED_CASES, Permission.VIEW_ALL_CASES)
    today = ctx.today()
    stmt = _select(today).where(Task.assignee_id == ctx.actor.user_id)
    if not ctx.can_see_all_cases():
        stmt = stmt.where(Case.caseworker_id == ctx.actor.user_id)
    if not include_done:
        stmt = stmt.where(Task.done_on.is_(None))
    stmt = stmt.order_by(Task.done_on.is_not(None), Task.due_on, Task.id)
    with ctx.read() as s:
        return _rows(s, stmt)


def case_tasks(ctx: ServiceContext, case_id: int, include_done: bool = True) -> list[TaskRow]:
    """A case's tasks: open ones by due date, then done ones, most recent first."""
    today = ctx.today()
    stmt = _select(today).where(Task.case_id == case_id)
    if not include_done:
        stmt = stmt.where(Task.done_on.is_(None))
    stmt = stmt.order_by(Task.done_on.is_not(None), Task.done_on.desc(), Task.due_on, Task.id)
    with ctx.read() as s:
        ctx.case_for_read(s, case_id)
        return _rows(s, stmt)
