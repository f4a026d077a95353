"""Retention: closed cases do not keep their personal data forever.

An administrator sets, per client category, how many years after closure a case is kept whole.
Cases past that date are listed as due. Anonymising one takes two people: an administrator or a
supervisor asks for it, and a *different* administrator or supervisor confirms it, which does
it at once. Anonymisation keeps what the statistics count (category, status, area, dates, the
states and kinds of referrals, plans, goals and tasks) and removes identity, contact details,
the restricted fields and every free text (notes, observations, judgements, plans, referrals'
texts, tasks' details, consents' witnesses, handover comments). The case's reference stays, so
the printed certificate can say which case it was. The audit trail records that it happened
(who asked, who confirmed, the certificate number), never what was removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import literal, select, update
from sqlalchemy.orm import Session, aliased

from casework.errors import NotFound, PermissionDenied, TransitionRefused, ValidationError
from casework.i18n import N_
from casework.model import Anonymisation, Case, RetentionRule, User
from casework.model.base import Base
from casework.model.enums import CaseStatus, ClientCategory
from casework.services import retention_server as on_server
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.store import backends
from casework.store.search import purge_removed_terms
from casework.store.server_retention import SCRUB

MAX_YEARS = 100


@dataclass(frozen=True)
class RuleRow:
    category: ClientCategory
    years: int | None  # None: no rule, cases of this category are never due


@dataclass(frozen=True)
class DueRow:
    case_id: int
    reference: str
    category: ClientCategory
    closed_on: dt.date
    due_on: dt.date
    requested_by_name: str  # "" until someone asks
    requested_at: dt.datetime | None
    requested_by_me: bool


@dataclass(frozen=True)
class AnonymisedRow:
    case_id: int
    reference: str
    category: ClientCategory
    closed_on: dt.date | None
    years: int
    requested_by_name: str
    requested_at: dt.datetime
    confirmed_by_name: str
    confirmed_at: dt.datetime
    certificate: str


# --- the schedule --------------------------------------------------------------------------------


def retention_schedule(ctx: ServiceContext) -> list[RuleRow]:
    ctx.require(Permission.MANAGE_RETENTION, Permission.ANONYMISE)
    with ctx.read() as s:
        rules = {r.category: r.years for r in s.scalars(select(RetentionRule))}
    return [RuleRow(c, rules.get(c)) for c in ClientCategory]


def set_retention(ctx: ServiceContext, category: ClientCategory, years: int | None) -> None:
    """Set (or, with None, remove) the years after closure for a client category."""
    ctx.require(Permission.MANAGE_RETENTION)
    if years is not None and not 1 <= years <= MAX_YEARS:
        raise ValidationError({"years": N_("Enter a number of years from 1 to 100.")})
    with ctx.write() as uow:
        s = uow.session
        rule = s.get(RetentionRule, category)
        if years is None:
            if rule is not None:
                s.delete(rule)
        elif rule is None:
            s.add(RetentionRule(category=category, years=years, updated_by_id=ctx.actor.user_id))
        else:
            rule.years = years
            rule.updated_by_id = ctx.actor.user_id
            rule.updated_at = ctx.now()
        uow.audit("retention.rule_set", "", None, category=category.value, years=years)


# --- cases due -----------------------------------------------------------------------------------


def _due_on():  # noqa: ANN202 - a SQL expression
    return backends.add_years(Case.closed_on, RetentionRule.years)


def cases_due(ctx: ServiceContext) -> list[DueRow]:
    """Closed cases past their retention period, not yet anonymised, oldest first."""
    ctx.require(Permission.ANONYMISE)
    asker = aliased(User)
    today = ctx.today()
    with ctx.read() as s:
        if on_server.on_server(s):
            found = on_server.due(s, today)
            who = on_server.names(s, {row.requested_by_id for row in found})
            return [
                DueRow(
                    r.case_id,
                    r.reference,
                    ClientCategory(r.category),
                    r.closed_on,
                    r.due_on,
                    who.get(r.requested_by_id, ""),
                    on_server.utc(r.requested_at),
                    r.requested_by_id is not None and r.requested_by_id == ctx.actor.user_id,
                )
                for r in found
            ]
        rows = s.execute(
            select(
                Case.id,
                Case.reference,
                Case.category,
                Case.closed_on,
                _due_on(),
                asker.display_name,
                Anonymisation.requested_at,
                Anonymisation.requested_by_id,
            )
            .join(RetentionRule, RetentionRule.category == Case.category)
            .outerjoin(Anonymisation, Anonymisation.case_id == Case.id)
            .outerjoin(asker, asker.id == Anonymisation.requested_by_id)
            .where(
                Case.status == CaseStatus.CLOSED,
                Case.closed_on.is_not(None),
                Anonymisation.confirmed_at.is_(None),
                _due_on() <= today.isoformat(),
            )
            .order_by(_due_on(), Case.id)
        ).all()
    return [
        DueRow(
            cid,
            ref,
            cat,
            closed,
            dt.date.fromisoformat(due),
            who or "",
            at,
            by is not None and by == ctx.actor.user_id,
        )
        for cid, ref, cat, closed, due, who, at, by in rows
    ]


def _due_case(ctx: ServiceContext, s: Session, case_id: int) -> tuple[Case, int]:
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound()
    rule = s.get(RetentionRule, case.category)
    if case.status is not CaseStatus.CLOSED or case.closed_on is None or rule is None:
        raise TransitionRefused(N_("This case is not due for anonymisation."))
    due = s.scalar(select(backends.add_years(literal(case.closed_on.isoformat()), int(rule.years))))
    if due is None or dt.date.fromisoformat(due) > ctx.today():
        raise TransitionRefused(N_("This case is not due for anonymisation."))
    return case, rule.years


# --- asking and confirming -----------------------------------------------------------------------


def request_anonymisation(ctx: ServiceContext, case_id: int) -> None:
    """Ask for a due case to be anonymised; another person must confirm."""
    ctx.require(Permission.ANONYMISE)
    with ctx.write() as uow:
        s = uow.session
        if on_server.on_server(s):  # the server checks, writes and audits it itself
            on_server.request(s, case_id, ctx.today())
            return
        case, years = _due_case(ctx, s, case_id)
        if s.scalar(select(Anonymisation.id).where(Anonymisation.case_id == case.id)):
            raise TransitionRefused(N_("Anonymisation of this case has already been asked for."))
        s.add(
            Anonymisation(
                case_id=case.id,
                requested_by_id=ctx.actor.user_id,
                requested_at=ctx.now(),
                years=years,
            )
        )
        uow.audit("case.anonymisation_requested", "case", case.id)


def cancel_anonymisation(ctx: ServiceContext, case_id: int) -> None:
    """Withdraw a request not yet confirmed (by anyone allowed to anonymise)."""
    ctx.require(Permission.ANONYMISE)
    with ctx.write() as uow:
        s = uow.session
        if on_server.on_server(s):
            on_server.cancel(s, case_id)
            return
        row = s.scalar(select(Anonymisation).where(Anonymisation.case_id == case_id))
        if row is None or row.confirmed_at is not None:
            raise TransitionRefused(N_("There is no pending anonymisation to cancel."))
        s.delete(row)
        uow.audit("case.anonymisation_cancelled", "case", case_id)


def confirm_anonymisation(ctx: ServiceContext, case_id: int) -> str:
    """The second person confirms: the case is anonymised now. Returns the certificate number."""
    ctx.require(Permission.ANONYMISE)
    with ctx.write() as uow:
        s = uow.session
        if on_server.on_server(s):
            return on_server.confirm(s, case_id, ctx.today())
        case, _years = _due_case(ctx, s, case_id)
        row = s.scalar(select(Anonymisation).where(Anonymisation.case_id == case.id))
        if row is None:
            raise TransitionRefused(N_("Ask for the anonymisation first; another person confirms."))
        if row.confirmed_at is not None:
            raise TransitionRefused(N_("This case has already been anonymised."))
        if row.requested_by_id == ctx.actor.user_id:
            raise PermissionDenied(
                N_("A second person must confirm: you asked for this anonymisation yourself.")
            )
        _scrub(s, case)
        now = ctx.now()
        row.confirmed_by_id = ctx.actor.user_id
        row.confirmed_at = now
        row.certificate = f"AN-{now:%Y}-{row.id:05d}"
        case.updated_at = now
        uow.audit(
            "case.anonymised",
            "case",
            case.id,
            requested_by=row.requested_by_id,
            certificate=row.certificate,
            years=row.years,
        )
        return row.certificate


def _scrub(s: Session, case: Case) -> None:
    """Remove identity, contact, restricted fields and free texts; keep what statistics count
    (the list is server_retention.SCRUB, which the office server's own function applies)."""
    cid = case.id
    tables = Base.metadata.tables
    plans, goals, referrals = tables["plans"], tables["plan_goals"], tables["referrals"]
    plan_ids = select(plans.c.id).where(plans.c.case_id == cid)
    rows = {
        "case": lambda t: t.c.case_id == cid,
        "plan": lambda t: t.c.plan_id.in_(plan_ids),
        "goal": lambda t: t.c.goal_id.in_(select(goals.c.id).where(goals.c.plan_id.in_(plan_ids))),
        "referral": lambda t: t.c.referral_id.in_(
            select(referrals.c.id).where(referrals.c.case_id == cid)
        ),
    }
    for name, (scope, values) in SCRUB.items():
        if name == "cases":
            for column, value in values.items():
                setattr(case, column, value)
            continue
        table = tables[name]
        s.execute(update(table).where(rows[scope](table)).values(**values))
    s.flush()
    purge_removed_terms(s)


# --- what was done -------------------------------------------------------------------------------


def anonymised_cases(ctx: ServiceContext) -> list[AnonymisedRow]:
    ctx.require(Permission.ANONYMISE)
    asker, confirmer = aliased(User), aliased(User)
    with ctx.read() as s:
        if on_server.on_server(s):
            found = on_server.anonymised(s)
            who = on_server.names(
                s, {r.requested_by_id for r in found} | {r.confirmed_by_id for r in found}
            )
            return [
                AnonymisedRow(
                    r.case_id,
                    r.reference,
                    ClientCategory(r.category),
                    r.closed_on,
                    r.years,
                    who.get(r.requested_by_id, ""),
                    on_server.utc(r.requested_at),  # type: ignore[arg-type]
                    who.get(r.confirmed_by_id, ""),
                    on_server.utc(r.confirmed_at),  # type: ignore[arg-type]
                    r.certificate,
                )
                for r in found
            ]
        rows = s.execute(
            select(
                Case.id,
                Case.reference,
                Case.category,
                Case.closed_on,
                Anonymisation,
                asker.display_name,
                confirmer.display_name,
            )
            .join(Anonymisation, Anonymisation.case_id == Case.id)
            .outerjoin(asker, asker.id == Anonymisation.requested_by_id)
            .outerjoin(confirmer, confirmer.id == Anonymisation.confirmed_by_id)
            .where(Anonymisation.confirmed_at.is_not(None))
            .order_by(Anonymisation.confirmed_at.desc())
        ).all()
        return [
            AnonymisedRow(
                cid,
                ref,
                cat,
                closed,
                a.years,
                who or "",
                a.requested_at,
                conf or "",
                a.confirmed_at,  # type: ignore[arg-type]
                a.certificate,
            )
            for cid, ref, cat, closed, a, who, conf in rows
        ]


def is_anonymised(s: Session, case_id: int) -> bool:
    return (
        s.scalar(
            select(Anonymisation.id).where(
                Anonymisation.case_id == case_id, Anonymisation.confirmed_at.is_not(None)
            )
        )
        is not None
    )
