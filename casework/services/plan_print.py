"""What a printed plan shows, read in one transaction with exactly the rows it needs.

A 20-goal plan's document read the case twice, the plan with its reviews, their recorders and
the four-eyes check (for the editor, not the paper), every observation and every consent of the
case, and two vault settings, in seven transactions: a fifth of the document's time. Here: one
read, the columns the paper prints, the case's permission checked once (ServiceContext).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, aliased

from casework.errors import NotFound, PermissionDenied
from casework.i18n import N_
from casework.model import (
    Case,
    Consent,
    Goal,
    GoalAction,
    Organisation,
    Plan,
    PlanReviewDate,
    RiskObservation,
    User,
    VaultMeta,
)
from casework.model.enums import ConsentPurpose, Direction, InfoScope, PlanState
from casework.reports import (
    ActionDoc,
    ConsentLine,
    GoalDoc,
    PlanDoc,
    ProtectiveFactorDoc,
)
from casework.services.consents import _valid_on
from casework.services.context import ServiceContext
from casework.services.permissions import Permission


@dataclass(frozen=True)
class PrintedPlan:
    doc: PlanDoc
    reference: str  # the case's, for the file name
    version: int
    state: PlanState
    workshop: bool


def read_plan(
    ctx: ServiceContext,
    case_id: int,
    version: int | None,
    *,
    include_legal_name: bool,
    printed_at: dt.datetime,
) -> PrintedPlan:
    """The plan version (the newest by default) as the paper shows it. Refuses as the separate
    reads did: no PRINT permission or a case this user may not open (audited by the context),
    a legal name this user may not see (refused, not audited), no plan (NotFound)."""
    ctx.require(Permission.PRINT)
    refused = False
    with ctx.read() as s:
        case = ctx.case_for_read(s, case_id)
        if include_legal_name and not ctx.may_see_restricted(case):
            refused = True
        else:
            printed = _read(ctx, s, case, version, include_legal_name, printed_at)
    if refused:
        raise PermissionDenied(N_("You may not print this client's legal name."))
    return printed


def _read(
    ctx: ServiceContext,
    s: Session,
    case: Case,
    version: int | None,
    include_legal_name: bool,
    printed_at: dt.datetime,
) -> PrintedPlan:
    q = _queries()
    if version is None:
        plan = s.execute(q.latest_plan, {"case_id": case.id}).first()
    else:
        plan = s.execute(q.plan_version, {"case_id": case.id, "version": version}).first()
    if plan is None:
        raise NotFound(N_("This case has no reintegration plan to print."))
    plan_id, number, state, created_at, approved_at, aspirations, approved_by = plan

    caseworker = ""
    if case.caseworker_id:
        caseworker = s.scalar(q.user_name, {"user_id": case.caseworker_id}) or ""
    meta = dict(s.execute(q.meta).all())
    goals, partners = _goals(s, plan_id)
    today = ctx.today()
    reviews = s.scalars(q.reviews, {"plan_id": plan_id, "today": today}).all()
    strengths = s.execute(q.strengths, {"case_id": case.id}).all()
    consents = s.execute(q.consents, {"case_id": case.id, "today": today}).all()
    doc = PlanDoc(
        organisation=meta.get("organisation", ""),
        reference=case.reference,
        alias=case.alias,
        caseworker=caseworker,
        supervisor=approved_by or "",
        version=number,
        state=state,
        created_on=created_at.date(),
        approved_on=approved_at.date() if approved_at else None,
        aspirations=aspirations,
        goals=goals,
        protective_factors=tuple(ProtectiveFactorDoc(domain=d, text=e) for d, e in strengths),
        review_dates=tuple(reviews),
        consents=tuple(
            ConsentLine(
                recipient=org or "",
                purpose=purpose,
                scope=tuple(sorted(frozenset(InfoScope(v) for v in scope))),
                valid_until=expires,
            )
            for purpose, scope, expires, org in consents
        ),
        partner_organisations=partners,
        printed_by=ctx.actor.display_name,
        printed_at=printed_at,
        legal_name=case.legal_name if include_legal_name else None,
        guardian_name=case.guardian_name if case.is_minor else None,
    )
    return PrintedPlan(doc, case.reference, number, state, meta.get("workshop") == "1")


def _goals(s: Session, plan_id: int) -> tuple[tuple[GoalDoc, ...], tuple[str, ...]]:
    """The plan's goals in order with their actions, and the partner organisations named."""
    q = _queries()
    rows = s.execute(q.goals, {"plan_id": plan_id}).all()
    actions: dict[int, list[ActionDoc]] = {row[0]: [] for row in rows}
    partners: set[str] = set()
    for goal_id, description, org, person, due_on, status in s.execute(
        q.actions, {"plan_id": plan_id}
    ):
        if org:
            partners.add(org)
        actions[goal_id].append(
            ActionDoc(
                description=description,
                responsible=" — ".join(x for x in (org, person) if x),
                due_on=due_on,
                status=status,
            )
        )
    goals = tuple(
        GoalDoc(
            domain=domain,
            need=need,
            goal=goal,
            term=term,
            status=status,
            dropped_reason=dropped,
            actions=tuple(actions[goal_id]),
        )
        for goal_id, domain, need, goal, term, status, dropped in rows
    )
    return goals, tuple(sorted(partners))


@dataclass(frozen=True)
class _Queries:
    latest_plan: Select
    plan_version: Select
    user_name: Select
    meta: Select
    goals: Select
    actions: Select
    reviews: Select
    strengths: Select
    consents: Select


@functools.cache
def _queries() -> _Queries:
    """The document's statements, built once with bound parameters: building and keying
    nine statements on every print was a third of reading the plan."""
    approver = aliased(User)
    plan = (
        select(
            Plan.id,
            Plan.version,
            Plan.state,
            Plan.created_at,
            Plan.approved_at,
            Plan.aspirations,
            approver.display_name,
        )
        .outerjoin(approver, approver.id == Plan.approved_by_id)
        .where(Plan.case_id == bindparam("case_id"))
        .order_by(Plan.version.desc())
        .limit(1)
    )
    today = bindparam("today")
    return _Queries(
        latest_plan=plan,
        plan_version=plan.where(Plan.version == bindparam("version")),
        user_name=select(User.display_name).where(User.id == bindparam("user_id")),
        meta=select(VaultMeta.key, VaultMeta.value).where(
            VaultMeta.key.in_(("organisation", "workshop"))
        ),
        goals=select(
            Goal.id,
            Goal.domain,
            Goal.need,
            Goal.goal,
            Goal.term,
            Goal.status,
            Goal.dropped_reason,
        )
        .where(Goal.plan_id == bindparam("plan_id"))
        .order_by(Goal.position, Goal.id),
        actions=select(
            GoalAction.goal_id,
            GoalAction.description,
            Organisation.name,
            GoalAction.responsible_person,
            GoalAction.due_on,
            GoalAction.status,
        )
        .join(Goal, Goal.id == GoalAction.goal_id)
        .outerjoin(Organisation, Organisation.id == GoalAction.responsible_org_id)
        .where(Goal.plan_id == bindparam("plan_id"))
        .order_by(GoalAction.goal_id, GoalAction.position, GoalAction.id),
        reviews=select(PlanReviewDate.scheduled_on)
        .where(PlanReviewDate.plan_id == bindparam("plan_id"), PlanReviewDate.scheduled_on >= today)
        .order_by(PlanReviewDate.scheduled_on),
        strengths=select(RiskObservation.domain, RiskObservation.evidence)
        .where(
            RiskObservation.case_id == bindparam("case_id"),
            RiskObservation.direction == Direction.STRENGTH,
        )
        .order_by(RiskObservation.observed_on.desc(), RiskObservation.id.desc()),
        consents=select(Consent.purpose, Consent.scope, Consent.expires_on, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Consent.recipient_org_id)
        .where(
            Consent.case_id == bindparam("case_id"),
            Consent.purpose == ConsentPurpose.INFORMATION_SHARING,
            _valid_on(today),
        )
        .order_by(Consent.given_on.desc(), Consent.id.desc()),
    )
