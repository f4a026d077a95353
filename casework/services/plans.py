"""Reintegration plans: versions per case, goals by life domain with actions, review dates and
review records, and the approval lifecycle (`casework.model.lifecycle.plan_next`).

Content (aspirations, goals, actions) changes only while a version is a DRAFT. Editing a version
that was RETURNED reopens it as a draft first (audited as "plan.reopen_draft"), so a caseworker
can simply fix what the supervisor asked for and submit again. Progress on the plan in force
(goal and action status) is tracked on the approved version without a new approval: that is
implementation, not a change of plan. One version at a time may be in preparation (draft,
submitted or returned).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from casework.errors import TransitionRefused, ValidationError
from casework.i18n import N_
from casework.model import (
    Case,
    Goal,
    GoalAction,
    Organisation,
    Plan,
    PlanReview,
    PlanReviewDate,
    User,
)
from casework.model.enums import (
    ActionStatus,
    GoalStatus,
    GoalTerm,
    LifeDomain,
    PlanAction,
    PlanState,
)
from casework.model.lifecycle import plan_next
from casework.services import concurrency, four_eyes
from casework.services.context import ServiceContext, UnitOfWork
from casework.services.permissions import Permission

IN_PREPARATION = (PlanState.DRAFT, PlanState.SUBMITTED, PlanState.RETURNED)


# --- inputs and read models ----------------------------------------------------------------------


@dataclass(frozen=True)
class GoalInput:
    domain: LifeDomain
    goal: str
    need: str = ""
    term: GoalTerm = GoalTerm.SHORT
    status: GoalStatus = GoalStatus.NOT_STARTED
    dropped_reason: str = ""
    practice: str = ""  # the good practice from the reference library the goal follows


@dataclass(frozen=True)
class ActionInput:
    description: str
    responsible_org_id: int | None = None
    responsible_person: str = ""
    due_on: dt.date | None = None
    status: ActionStatus = ActionStatus.PLANNED


@dataclass(frozen=True)
class ReviewInput:
    held_on: dt.date
    participants: str = ""
    summary: str = ""
    decisions: str = ""


@dataclass(frozen=True)
class ActionRow:
    id: int
    position: int
    description: str
    responsible_org_id: int | None
    responsible_org_name: str
    responsible_person: str
    due_on: dt.date | None
    status: ActionStatus
    row_version: int = 1  # passed back as expected_version by the action form


@dataclass(frozen=True)
class GoalRow:
    id: int
    position: int
    domain: LifeDomain
    need: str
    goal: str
    term: GoalTerm
    status: GoalStatus
    dropped_reason: str
    practice: str
    actions: tuple[ActionRow, ...]
    row_version: int = 1  # passed back as expected_version by the goal form


@dataclass(frozen=True)
class ReviewDateRow:
    id: int
    scheduled_on: dt.date
    held: bool  # a review was recorded from two weeks before this date up to the next one


@dataclass(frozen=True)
class ReviewRow:
    id: int
    held_on: dt.date
    participants: str
    summary: str
    decisions: str
    recorded_by_name: str


@dataclass(frozen=True)
class PlanDetail:
    id: int
    case_id: int
    version: int
    state: PlanState
    aspirations: str
    return_comment: str
    created_by_name: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    submitted_by_name: str
    approved_at: dt.datetime | None
    approved_by_name: str
    editable: bool  # draft or returned, and this user may write the case
    goals: tuple[GoalRow, ...]
    review_dates: tuple[ReviewDateRow, ...]
    reviews: tuple[ReviewRow, ...]
    next_review_on: dt.date | None
    approval_refusal: str = ""  # why this user may not approve it (four-eyes rule), a msgid
    row_version: int = 1  # the plan row's version (not the plan version number above)


@dataclass(frozen=True)
class PlanVersionRow:
    id: int
    version: int
    state: PlanState
    goal_count: int
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    approved_by_name: str


def default_review_dates(start: dt.date) -> list[dt.date]:
    """A suggested review schedule after release: monthly for three months, then quarterly to
    a year (DOMAIN.md: reviews are more frequent in the first months)."""
    return [start + dt.timedelta(days=d) for d in (30, 60, 90, 180, 270, 365)]


# --- helpers -------------------------------------------------------------------------------------


def _plan(ctx: ServiceContext, s: Session, plan_id: int, write: bool = True) -> tuple[Plan, Case]:
    plan = s.get(Plan, plan_id)
    if plan is None:
        raise ctx.missing(s, Plan, plan_id)
    case = (ctx.case_for_write if write else ctx.case_for_read)(s, plan.case_id)
    return plan, case


def _editable(ctx: ServiceContext, uow: UnitOfWork, plan_id: int) -> Plan:
    """The plan, if its content may change now; a returned plan is reopened as a draft."""
    plan, _ = _plan(ctx, uow.session, plan_id)
    if plan.state is PlanState.RETURNED:
        plan.state = plan_next(plan.state, PlanAction.REOPEN_DRAFT)
        uow.audit("plan.reopen_draft", "plan", plan.id, case=plan.case_id)
    if plan.state is not PlanState.DRAFT:
        raise TransitionRefused(
            N_(
                "Only a draft plan can be changed. This version is '{state}'; start a new "
                "version to change it."
            ),
            state=plan.state,
        )
    return plan


def _goal(ctx: ServiceContext, uow: UnitOfWork, goal_id: int, edit: bool = True) -> Goal:
    goal = uow.session.get(Goal, goal_id)
    if goal is None:
        raise ctx.missing(uow.session, Goal, goal_id)
    if edit:
        _editable(ctx, uow, goal.plan_id)
    else:
        _plan(ctx, uow.session, goal.plan_id)
    return goal


def _action(ctx: ServiceContext, uow: UnitOfWork, action_id: int, edit: bool = True) -> GoalAction:
    action = uow.session.get(GoalAction, action_id)
    if action is None:
        raise ctx.missing(uow.session, GoalAction, action_id)
    _goal(ctx, uow, action.goal_id, edit)
    return action


_GOAL_FIELDS = ("domain", "need", "goal", "term", "status", "dropped_reason")
_ACTION_FIELDS = ("description", "responsible_org_id", "responsible_person", "due_on", "status")


def _check_goal(data: GoalInput) -> GoalInput:
    data = replace(
        data,
        goal=data.goal.strip(),
        need=data.need.strip(),
        dropped_reason=data.dropped_reason.strip(),
        practice=data.practice.strip(),
    )
    errors: dict[str, str] = {}
    if not data.goal:
        errors["goal"] = N_("Write the goal, in the client's words where possible.")
    if data.status is GoalStatus.DROPPED and not data.dropped_reason:
        errors["dropped_reason"] = N_("Say why the goal was dropped.")
    if errors:
        raise ValidationError(errors)
    if data.status is not GoalStatus.DROPPED:
        data = replace(data, dropped_reason="")
    return data


def _check_action(s: Session, data: ActionInput) -> ActionInput:
    data = replace(
        data,
        description=data.description.strip(),
        responsible_person=data.responsible_person.strip(),
    )
    errors: dict[str, str] = {}
    if not data.description:
        errors["description"] = N_("Describe the action.")
    if data.responsible_org_id is not None and s.get(Organisation, data.responsible_org_id) is None:
        errors["responsible_org_id"] = N_("Choose an organisation from the directory.")
    if errors:
        raise ValidationError(errors)
    return data


def _apply_goal(goal: Goal, data: GoalInput) -> list[str]:
    changed = []
    for name in ("domain", "goal", "need", "term", "status", "dropped_reason", "practice"):
        if getattr(goal, name) != getattr(data, name):
            setattr(goal, name, getattr(data, name))
            changed.append(name)
    return changed


def _apply_action(action: GoalAction, data: ActionInput) -> list[str]:
    changed = []
    for name in ("description", "responsible_org_id", "responsible_person", "due_on", "status"):
        if getattr(action, name) != getattr(data, name):
            setattr(action, name, getattr(data, name))
            changed.append(name)
    return changed


def _in_preparation(s: Session, case_id: int) -> bool:
    return bool(
        s.scalar(
            select(func.count(Plan.id)).where(
                Plan.case_id == case_id, Plan.state.in_(IN_PREPARATION)
            )
        )
    )


def _next_version(s: Session, case_id: int) -> int:
    return (s.scalar(select(func.max(Plan.version)).where(Plan.case_id == case_id)) or 0) + 1


def _reorder(items: Sequence[Goal] | Sequence[GoalAction], ids: Sequence[int]) -> None:
    by_id = {item.id: item for item in items}
    if sorted(ids) != sorted(by_id) or len(set(ids)) != len(ids):
        raise ValidationError({"order": N_("List every item exactly once.")})
    for position, item_id in enumerate(ids, start=1):
        by_id[item_id].position = position


# --- versions ------------------------------------------------------------------------------------


def create_plan(ctx: ServiceContext, case_id: int, aspirations: str = "") -> int:
    """The first draft of a case's plan."""
    with ctx.write() as uow:
        s = uow.session
        case = ctx.case_for_write(s, case_id)
        if s.scalar(select(func.count(Plan.id)).where(Plan.case_id == case.id)):
            raise TransitionRefused(
                N_("This case already has a plan. Start a new version of it instead.")
            )
        plan = Plan(
            created_at=ctx.now(),
            case_id=case.id,
            version=1,
            state=PlanState.DRAFT,
            aspirations=aspirations.strip(),
            created_by_id=ctx.actor.user_id,
        )
        s.add(plan)
        s.flush()
        uow.audit("plan.created", "plan", plan.id, case=case.id, version=1)
        return plan.id


def new_version(ctx: ServiceContext, case_id: int) -> int:
    """A new draft that starts as a copy of the approved plan (goals, actions, review dates)."""
    with ctx.write() as uow:
        s = uow.session
        case = ctx.case_for_write(s, case_id)
        if _in_preparation(s, case.id):
            raise TransitionRefused(
                N_("A version of this plan is already being prepared. Finish that one first.")
            )
        approved = s.scalar(
            select(Plan).where(Plan.case_id == case.id, Plan.state == PlanState.APPROVED)
        )
        if approved is None:
            raise TransitionRefused(N_("There is no approved plan to start a new version from."))
        plan = Plan(
            created_at=ctx.now(),
            case_id=case.id,
            version=_next_version(s, case.id),
            state=PlanState.DRAFT,
            aspirations=approved.aspirations,
            created_by_id=ctx.actor.user_id,
        )
        for old in approved.goals:
            goal = Goal(
                position=old.position,
                domain=old.domain,
                need=old.need,
                goal=old.goal,
                term=old.term,
                status=old.status,
                dropped_reason=old.dropped_reason,
                practice=old.practice,
            )
            goal.actions = [
                GoalAction(
                    position=a.position,
                    description=a.description,
                    responsible_org_id=a.responsible_org_id,
                    responsible_person=a.responsible_person,
                    due_on=a.due_on,
                    status=a.status,
                )
                for a in old.actions
            ]
            plan.goals.append(goal)
        plan.review_dates = [
            PlanReviewDate(scheduled_on=d.scheduled_on) for d in approved.review_dates
        ]
        s.add(plan)
        s.flush()
        uow.audit(
            "plan.created", "plan", plan.id, case=case.id, version=plan.version, copy_of=approved.id
        )
        return plan.id


def update_aspirations(
    ctx: ServiceContext, plan_id: int, aspirations: str, expected_version: int | None = None
) -> None:
    """The client's own aspirations, in their words (refused over a newer plan version)."""
    with ctx.write() as uow:
        plan, _case = _plan(ctx, uow.session, plan_id)
        concurrency.check(uow.session, plan, expected_version, ["aspirations"], "plan")
        plan = _editable(ctx, uow, plan_id)
        if plan.aspirations != aspirations.strip():
            plan.aspirations = aspirations.strip()
            uow.audit("plan.updated", "plan", plan.id, case=plan.case_id, fields=["aspirations"])


# --- goals and actions ---------------------------------------------------------------------------


def add_goal(ctx: ServiceContext, plan_id: int, data: GoalInput) -> int:
    data = _check_goal(data)
    with ctx.write() as uow:
        plan = _editable(ctx, uow, plan_id)
        goal = Goal(position=len(plan.goals) + 1)
        _apply_goal(goal, data)
        plan.goals.append(goal)
        uow.session.flush()
        uow.audit(
            "plan.goal_added", "plan", plan.id, case=plan.case_id, goal=goal.id, domain=data.domain
        )
        return goal.id


def update_goal(
    ctx: ServiceContext, goal_id: int, data: GoalInput, expected_version: int | None = None
) -> None:
    data = _check_goal(data)
    with ctx.write() as uow:
        goal = _goal(ctx, uow, goal_id)
        concurrency.check(uow.session, goal, expected_version, _GOAL_FIELDS, "goal")
        changed = _apply_goal(goal, data)
        if changed:
            uow.audit("plan.goal_updated", "plan", goal.plan_id, goal=goal.id, fields=changed)


def set_goal_status(
    ctx: ServiceContext, goal_id: int, status: GoalStatus, dropped_reason: str = ""
) -> None:
    """Track progress on a draft or on the plan in force (no new approval needed)."""
    if status is GoalStatus.DROPPED and not dropped_reason.strip():
        raise ValidationError({"dropped_reason": N_("Say why the goal was dropped.")})
    with ctx.write() as uow:
        goal = _goal(ctx, uow, goal_id, edit=False)
        _require_progress_state(goal.plan)
        goal.status = status
        goal.dropped_reason = dropped_reason.strip() if status is GoalStatus.DROPPED else ""
        uow.audit("plan.goal_status", "plan", goal.plan_id, goal=goal.id, status=status.value)


def remove_goal(ctx: ServiceContext, goal_id: int) -> None:
    with ctx.write() as uow:
        goal = _goal(ctx, uow, goal_id)
        plan = goal.plan
        uow.session.delete(goal)
        uow.session.flush()
        uow.session.expire(plan, ["goals"])
        for position, other in enumerate(plan.goals, start=1):
            other.position = position
        uow.audit("plan.goal_removed", "plan", plan.id, goal=goal_id)


def reorder_goals(ctx: ServiceContext, plan_id: int, goal_ids: Sequence[int]) -> None:
    with ctx.write() as uow:
        plan = _editable(ctx, uow, plan_id)
        _reorder(plan.goals, goal_ids)
        uow.session.flush()
        uow.session.expire(plan, ["goals"])
        uow.audit("plan.goals_reordered", "plan", plan.id, order=list(goal_ids))


def add_action(ctx: ServiceContext, goal_id: int, data: ActionInput) -> int:
    with ctx.write() as uow:
        data = _check_action(uow.session, data)
        goal = _goal(ctx, uow, goal_id)
        action = GoalAction(position=len(goal.actions) + 1)
        _apply_action(action, data)
        goal.actions.append(action)
        uow.session.flush()
        uow.audit(
            "plan.action_added",
            "plan",
            goal.plan_id,
            goal=goal.id,
            goal_action=action.id,
            organisation=data.responsible_org_id,
        )
        return action.id


def update_action(
    ctx: ServiceContext, action_id: int, data: ActionInput, expected_version: int | None = None
) -> None:
    with ctx.write() as uow:
        data = _check_action(uow.session, data)
        action = _action(ctx, uow, action_id)
        concurrency.check(uow.session, action, expected_version, _ACTION_FIELDS, "goal_action")
        changed = _apply_action(action, data)
        if changed:
            uow.audit(
                "plan.action_updated",
                "plan",
                action.goal.plan_id,
                goal_action=action.id,
                fields=changed,
            )


def set_action_status(ctx: ServiceContext, action_id: int, status: ActionStatus) -> None:
    """Track progress on a draft or on the plan in force (no new approval needed)."""
    with ctx.write() as uow:
        action = _action(ctx, uow, action_id, edit=False)
        _require_progress_state(action.goal.plan)
        action.status = status
        uow.audit(
            "plan.action_status",
            "plan",
            action.goal.plan_id,
            goal_action=action.id,
            status=status.value,
        )


def remove_action(ctx: ServiceContext, action_id: int) -> None:
    with ctx.write() as uow:
        action = _action(ctx, uow, action_id)
        goal = action.goal
        uow.session.delete(action)
        uow.session.flush()
        uow.session.expire(goal, ["actions"])
        for position, other in enumerate(goal.actions, start=1):
            other.position = position
        uow.audit("plan.action_removed", "plan", goal.plan_id, goal_action=action_id)


def reorder_actions(ctx: ServiceContext, goal_id: int, action_ids: Sequence[int]) -> None:
    with ctx.write() as uow:
        goal = _goal(ctx, uow, goal_id)
        _reorder(goal.actions, action_ids)
        uow.session.flush()
        uow.session.expire(goal, ["actions"])
        uow.audit("plan.actions_reordered", "plan", goal.plan_id, goal=goal.id)


def _require_progress_state(plan: Plan) -> None:
    if plan.state not in (PlanState.DRAFT, PlanState.APPROVED):
        raise TransitionRefused(
            N_("Progress is recorded on a draft or on the approved plan, not on a '{state}' one."),
            state=plan.state,
        )


# --- lifecycle -----------------------------------------------------------------------------------


def submit_plan(ctx: ServiceContext, plan_id: int) -> PlanState:
    """Send a draft to a supervisor for approval (it needs at least one goal)."""
    with ctx.write() as uow:
        plan, case = _plan(ctx, uow.session, plan_id)
        plan.state = plan_next(plan.state, PlanAction.SUBMIT, goal_count=len(plan.goals))
        plan.submitted_at = ctx.now()
        plan.submitted_by_id = ctx.actor.user_id
        uow.audit("plan.submitted", "plan", plan.id, case=case.id, version=plan.version)
        return plan.state


def approve_plan(ctx: ServiceContext, plan_id: int) -> PlanState:
    """Approve a submitted version; the version approved before it becomes superseded."""
    ctx.require(Permission.APPROVE_PLANS)
    with ctx.write() as uow:
        s = uow.session
        plan, case = _plan(ctx, s, plan_id)
        new = plan_next(plan.state, PlanAction.APPROVE)
        four_eyes.check(ctx, s, plan)
        previous = s.scalars(
            select(Plan).where(
                Plan.case_id == case.id, Plan.state == PlanState.APPROVED, Plan.id != plan.id
            )
        ).all()
        for old in previous:
            old.state = plan_next(old.state, PlanAction.SUPERSEDE)
            uow.audit("plan.superseded", "plan", old.id, case=case.id, by_plan=plan.id)
        plan.state = new
        plan.approved_at = ctx.now()
        plan.approved_by_id = ctx.actor.user_id
        uow.audit("plan.approved", "plan", plan.id, case=case.id, version=plan.version)
        return new


def return_plan(ctx: ServiceContext, plan_id: int, comment: str) -> PlanState:
    """Send a submitted version back with what must change."""
    ctx.require(Permission.APPROVE_PLANS)
    with ctx.write() as uow:
        plan, case = _plan(ctx, uow.session, plan_id)
        plan.state = plan_next(plan.state, PlanAction.RETURN, comment=comment)
        plan.return_comment = comment.strip()
        uow.audit("plan.returned", "plan", plan.id, case=case.id, version=plan.version)
        return plan.state


def reopen_plan(ctx: ServiceContext, plan_id: int) -> PlanState:
    """A returned version back to draft (editing it does this too)."""
    with ctx.write() as uow:
        plan, case = _plan(ctx, uow.session, plan_id)
        plan.state = plan_next(plan.state, PlanAction.REOPEN_DRAFT)
        uow.audit("plan.reopen_draft", "plan", plan.id, case=case.id)
        return plan.state


# --- reviews -------------------------------------------------------------------------------------


def add_review_date(ctx: ServiceContext, plan_id: int, scheduled_on: dt.date) -> int:
    """Schedule a review of a draft or of the plan in force."""
    with ctx.write() as uow:
        plan, case = _plan(ctx, uow.session, plan_id)
        _require_progress_state(plan)
        if any(d.scheduled_on == scheduled_on for d in plan.review_dates):
            raise ValidationError({"scheduled_on": N_("A review is already scheduled that day.")})
        row = PlanReviewDate(scheduled_on=scheduled_on)
        plan.review_dates.append(row)
        uow.session.flush()
        uow.audit("plan.review_scheduled", "plan", plan.id, case=case.id, review_date=row.id)
        return row.id


def remove_review_date(ctx: ServiceContext, review_date_id: int) -> None:
    with ctx.write() as uow:
        row = uow.session.get(PlanReviewDate, review_date_id)
        if row is None:
            raise ctx.missing(uow.session, PlanReviewDate, review_date_id)
        plan, case = _plan(ctx, uow.session, row.plan_id)
        _require_progress_state(plan)
        uow.session.delete(row)
        uow.audit("plan.review_unscheduled", "plan", plan.id, case=case.id)


def record_review(ctx: ServiceContext, plan_id: int, data: ReviewInput) -> int:
    """What a review of the plan in force found and decided."""
    with ctx.write() as uow:
        plan, case = _plan(ctx, uow.session, plan_id)
        if plan.state is not PlanState.APPROVED:
            raise TransitionRefused(N_("Reviews are recorded on the approved plan."))
        if data.held_on > ctx.today():
            raise ValidationError({"held_on": N_("A review cannot be recorded before it is held.")})
        if not data.summary.strip():
            raise ValidationError({"summary": N_("Summarise the review.")})
        review = PlanReview(
            held_on=data.held_on,
            participants=data.participants.strip(),
            summary=data.summary.strip(),
            decisions=data.decisions.strip(),
            recorded_by_id=ctx.actor.user_id,
        )
        plan.reviews.append(review)
        uow.session.flush()
        uow.audit("plan.review_recorded", "plan", plan.id, case=case.id, review=review.id)
        return review.id


# --- reading -------------------------------------------------------------------------------------


def get_plan(ctx: ServiceContext, plan_id: int) -> PlanDetail:
    today = ctx.today()
    with ctx.read() as s:
        plan, _ = _plan(ctx, s, plan_id, write=False)
        # Goals, their actions, reviews and review dates in four queries, not one per goal
        # (a 20-goal plan's PDF spent a seventh of its time in lazy loads).
        s.execute(
            select(Plan)
            .where(Plan.id == plan.id)
            .options(
                selectinload(Plan.goals).selectinload(Goal.actions),
                selectinload(Plan.reviews),
                selectinload(Plan.review_dates),
            )
        ).scalar_one()
        users = {
            uid: name
            for uid, name in s.execute(
                select(User.id, User.display_name).where(
                    User.id.in_(
                        {plan.created_by_id, plan.submitted_by_id, plan.approved_by_id}
                        | {r.recorded_by_id for r in plan.reviews}
                    )
                )
            )
        }
        org_ids = {a.responsible_org_id for g in plan.goals for a in g.actions} - {None}
        orgs = {
            oid: name
            for oid, name in s.execute(
                select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids))
            )
        }
        held = sorted(r.held_on for r in plan.reviews)
        scheduled = [d.scheduled_on for d in plan.review_dates]

        def was_held(i: int) -> bool:
            start = scheduled[i] - dt.timedelta(days=14)  # a review held a little early counts
            end = scheduled[i + 1] if i + 1 < len(scheduled) else dt.date.max
            return any(start <= h < end for h in held)

        goals = tuple(
            GoalRow(
                g.id,
                g.position,
                g.domain,
                g.need,
                g.goal,
                g.term,
                g.status,
                g.dropped_reason,
                g.practice,
                tuple(
                    ActionRow(
                        a.id,
                        a.position,
                        a.description,
                        a.responsible_org_id,
                        orgs.get(a.responsible_org_id, ""),
                        a.responsible_person,
                        a.due_on,
                        a.status,
                        a.row_version,
                    )
                    for a in g.actions
                ),
                g.row_version,
            )
            for g in plan.goals
        )
        may_write = ctx.actor.can(Permission.EDIT_CASE_RECORDS)
        return PlanDetail(
            id=plan.id,
            case_id=plan.case_id,
            version=plan.version,
            state=plan.state,
            aspirations=plan.aspirations,
            return_comment=plan.return_comment,
            created_by_name=users.get(plan.created_by_id, ""),
            created_at=plan.created_at,
            submitted_at=plan.submitted_at,
            submitted_by_name=users.get(plan.submitted_by_id, ""),
            approved_at=plan.approved_at,
            approved_by_name=users.get(plan.approved_by_id, ""),
            editable=may_write and plan.state in (PlanState.DRAFT, PlanState.RETURNED),
            goals=goals,
            review_dates=tuple(
                ReviewDateRow(d.id, d.scheduled_on, was_held(i))
                for i, d in enumerate(plan.review_dates)
            ),
            reviews=tuple(
                ReviewRow(
                    r.id,
                    r.held_on,
                    r.participants,
                    r.summary,
                    r.decisions,
                    users.get(r.recorded_by_id, ""),
                )
                for r in plan.reviews
            ),
            next_review_on=next((d for d in scheduled if d >= today), None),
            approval_refusal=four_eyes.refusal(ctx, s, plan),
            row_version=plan.row_version,
        )


def plan_versions(ctx: ServiceContext, case_id: int) -> list[PlanVersionRow]:
    """Every version of a case's plan, newest first."""
    goal_count = select(func.count(Goal.id)).where(Goal.plan_id == Plan.id).scalar_subquery()
    with ctx.read() as s:
        ctx.case_for_read(s, case_id)
        stmt = (
            select(
                Plan.id,
                Plan.version,
                Plan.state,
                goal_count,
                Plan.created_at,
                Plan.submitted_at,
                Plan.approved_at,
                func.coalesce(User.display_name, ""),
            )
            .outerjoin(User, User.id == Plan.approved_by_id)
            .where(Plan.case_id == case_id)
            .order_by(Plan.version.desc())
        )
        return [PlanVersionRow(*row) for row in s.execute(stmt)]


def approved_plan_id(ctx: ServiceContext, case_id: int) -> int | None:
    """The plan in force for a case, if one is approved."""
    with ctx.read() as s:
        ctx.case_for_read(s, case_id)
        return s.scalar(
            select(Plan.id).where(Plan.case_id == case_id, Plan.state == PlanState.APPROVED)
        )
