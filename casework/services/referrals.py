"""Referrals: from a case, for a service, to an organisation, at a pathway stage.

Every step goes through `casework.model.lifecycle.referral_next` and leaves a ReferralEvent (who,
when, on whose behalf, comment): the caseworker often records the partner's answer, so
`on_behalf_of` says whose answer it was. Sending needs the client's consent to share information
with the organisation, as decided by casework.services.sharing.what_may_go (a specific withdrawal
or refusal overrides a general consent); a supervisor may override with a written reason, which
is stored on the referral and audited as "referral.consent_override".

Direction: an *outgoing* referral is made here, for a service, to a partner organisation. An
*incoming* referral was received from a partner (a prison service refers a person about to be
released, say): the caseworker records it on the person's case with `record_incoming_referral`
and then records this organisation's own answer (accept, decline, complete…). For both, the
referral's organisation (`to_org_id`) is the partner. (Exchanging referrals electronically as
signed packets is for casework/exchange, later.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.errors import PermissionDenied, TransitionRefused, ValidationError
from casework.i18n import N_
from casework.model import Case, Organisation, PathwayStage, Referral, ReferralEvent, User
from casework.model.enums import (
    CaseStatus,
    DeclineReason,
    InfoScope,
    ReferralAction,
    ReferralDirection,
    ReferralState,
    ServiceType,
)
from casework.model.lifecycle import REFERRAL_TERMINAL, referral_next
from casework.services import concurrency
from casework.services.context import ServiceContext, UnitOfWork
from casework.services.permissions import Permission
from casework.services.referral_list import (  # noqa: F401 - re-exported (moved, issue 13)
    REFERRAL_COUNT_CAP,
    REFERRAL_SORT_KEYS,
    ReferralPage,
    ReferralQuery,
    ReferralRow,
    accepted_deadline,
    is_overdue,
    list_referrals,
    overdue_condition,
)
from casework.services.sharing import GAP_MESSAGES, ConsentGap, what_may_go

DEFAULT_RESPONSE_DAYS = 14


class ConsentNotCovered(PermissionDenied):
    """Sending refused: no valid consent covers the organisation (message says which gap)."""

    def __init__(self, gap: ConsentGap, may_override: bool) -> None:
        super().__init__(GAP_MESSAGES[gap])
        self.gap = gap
        self.may_override = may_override


@dataclass(frozen=True)
class ReferralInput:
    service_type: ServiceType
    to_org_id: int
    stage_id: int | None = None
    purpose: str = ""


@dataclass(frozen=True)
class ReferralEventRow:
    action: ReferralAction
    from_state: ReferralState
    to_state: ReferralState
    at: dt.datetime
    by_name: str
    on_behalf_of: str
    comment: str


@dataclass(frozen=True)
class ReferralDetail:
    id: int
    case_id: int
    case_reference: str
    service_type: ServiceType
    to_org_id: int
    org_name: str
    stage_id: int | None
    stage_name: str
    state: ReferralState
    purpose: str
    decline_reason: DeclineReason | None
    reason_text: str
    outcome: str
    previous_referral_id: int | None
    later_referral_ids: tuple[int, ...]  # re-referrals made from this one
    created_by_name: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    due_on: dt.date | None
    accepted_at: dt.datetime | None
    expected_end_on: dt.date | None
    closed_at: dt.datetime | None
    overdue: bool
    consent_override_reason: str
    consent_override_by_name: str
    consent_scope_today: frozenset[InfoScope] | None  # what may be shared now; None: nothing
    events: tuple[ReferralEventRow, ...]
    direction: ReferralDirection = ReferralDirection.OUTGOING
    follow_up_on: dt.date | None = None  # accepted: when to follow up if no end date is set
    row_version: int = 1  # passed back as expected_version by the draft form


# --- helpers -------------------------------------------------------------------------------------


def _referral_for_write(ctx: ServiceContext, s: Session, referral_id: int) -> tuple[Referral, Case]:
    referral = s.get(Referral, referral_id)
    if referral is None:
        raise ctx.missing(s, Referral, referral_id)
    case = ctx.case_for_write(s, referral.case_id)
    return referral, case


def _check_target(s: Session, case: Case, data: ReferralInput) -> ReferralInput:
    errors: dict[str, str] = {}
    org = s.get(Organisation, data.to_org_id)
    if org is None or not org.active:
        errors["to_org_id"] = N_("Choose an active organisation from the directory.")
    if data.stage_id is not None:
        stage = s.get(PathwayStage, data.stage_id)
        if stage is None or (case.pathway_id is not None and stage.pathway_id != case.pathway_id):
            errors["stage_id"] = N_("Choose a stage of the case's pathway.")
    if errors:
        raise ValidationError(errors)
    return ReferralInput(data.service_type, data.to_org_id, data.stage_id, data.purpose.strip())


def _check_case_open(case: Case) -> None:
    if case.status is CaseStatus.CLOSED:
        raise TransitionRefused(N_("The case is closed. Reopen it before referring the client."))


def _event(
    ctx: ServiceContext,
    referral: Referral,
    action: ReferralAction,
    new: ReferralState,
    on_behalf_of: str,
    comment: str,
) -> None:
    referral.events.append(
        ReferralEvent(
            action=action,
            from_state=referral.state,
            to_state=new,
            at=ctx.now(),
            by_user_id=ctx.actor.user_id,
            on_behalf_of=on_behalf_of.strip(),
            comment=comment.strip(),
        )
    )
    referral.state = new


# --- create --------------------------------------------------------------------------------------


def _new_draft(
    ctx: ServiceContext,
    uow: UnitOfWork,
    case: Case,
    data: ReferralInput,
    previous: int | None = None,
) -> int:
    """Add a checked draft (optionally a re-referral of `previous`) and audit it."""
    referral = Referral(
        created_at=ctx.now(),
        case_id=case.id,
        stage_id=data.stage_id,
        service_type=data.service_type,
        to_org_id=data.to_org_id,
        purpose=data.purpose,
        state=ReferralState.DRAFT,
        previous_referral_id=previous,
        created_by_id=ctx.actor.user_id,
    )
    uow.session.add(referral)
    uow.session.flush()
    details: dict[str, object] = {
        "case": case.id,
        "organisation": data.to_org_id,
        "service": data.service_type.value,
        "stage": data.stage_id,
    }
    if previous is not None:
        details["previous"] = previous
    uow.audit("referral.created", "referral", referral.id, **details)
    return referral.id


def create_referral(ctx: ServiceContext, case_id: int, data: ReferralInput) -> int:
    """A draft referral; nothing leaves the organisation until it is sent."""
    with ctx.write() as uow:
        s = uow.session
        case = ctx.case_for_write(s, case_id)
        _check_case_open(case)
        return _new_draft(ctx, uow, case, _check_target(s, case, data))


def re_refer(
    ctx: ServiceContext,
    referral_id: int,
    *,
    to_org_id: int | None = None,
    stage_id: int | None = None,
    purpose: str | None = None,
) -> int:
    """A new draft linked to a closed referral (same service; organisation may change)."""
    with ctx.write() as uow:
        s = uow.session
        old, case = _referral_for_write(ctx, s, referral_id)
        if old.state not in REFERRAL_TERMINAL:
            raise TransitionRefused(
                N_("This referral is still open. Withdraw it before making a new referral.")
            )
        _check_case_open(case)
        data = _check_target(
            s,
            case,
            ReferralInput(
                old.service_type,
                to_org_id if to_org_id is not None else old.to_org_id,
                stage_id if stage_id is not None else old.stage_id,
                purpose if purpose is not None else old.purpose,
            ),
        )
        return _new_draft(ctx, uow, case, data, previous=old.id)


_DRAFT_FIELDS = ("service_type", "to_org_id", "stage_id", "purpose")


def update_draft(
    ctx: ServiceContext, referral_id: int, data: ReferralInput, expected_version: int | None = None
) -> None:
    """Change a draft's service, organisation, stage or purpose (sent referrals are fixed)."""
    with ctx.write() as uow:
        s = uow.session
        referral, case = _referral_for_write(ctx, s, referral_id)
        concurrency.check(s, referral, expected_version, _DRAFT_FIELDS, "referral")
        if referral.state is not ReferralState.DRAFT:
            raise TransitionRefused(N_("Only a draft referral can be changed."))
        data = _check_target(s, case, data)
        changed = []
        for name in _DRAFT_FIELDS:
            if getattr(referral, name) != getattr(data, name):
                setattr(referral, name, getattr(data, name))
                changed.append(name)
        if changed:
            uow.audit("referral.updated", "referral", referral.id, case=case.id, fields=changed)


# --- lifecycle steps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomingReferralInput:
    """A referral received from a partner, as the caseworker records it."""

    service_type: ServiceType
    from_org_id: int
    received_on: dt.date
    stage_id: int | None = None
    purpose: str = ""
    on_behalf_of: str = ""  # who at the partner made it


def record_incoming_referral(ctx: ServiceContext, case_id: int, data: IncomingReferralInput) -> int:
    """Record a referral received from a partner; it waits for this organisation's answer
    (the pathway stage's expected days, 14 without a stage)."""
    if data.received_on > ctx.today():
        raise ValidationError({"received_on": N_("The date received cannot be in the future.")})
    with ctx.write() as uow:
        s = uow.session
        case = ctx.case_for_write(s, case_id)
        _check_case_open(case)
        org = s.get(Organisation, data.from_org_id)
        if org is None or not org.active:
            raise ValidationError(
                {"from_org_id": N_("Choose an active organisation from the directory.")}
            )
        stage = s.get(PathwayStage, data.stage_id) if data.stage_id else None
        if data.stage_id and (stage is None or stage.pathway_id != case.pathway_id):
            raise ValidationError({"stage_id": N_("Choose a stage of the case's pathway.")})
        received = dt.datetime.combine(data.received_on, dt.datetime.now().time(), dt.UTC)
        referral = Referral(
            created_at=received,
            case_id=case.id,
            direction=ReferralDirection.INCOMING,
            stage_id=data.stage_id,
            service_type=data.service_type,
            to_org_id=org.id,
            purpose=data.purpose.strip(),
            created_by_id=ctx.actor.user_id,
            sent_at=received,
            due_on=data.received_on
            + dt.timedelta(days=stage.expected_days if stage else DEFAULT_RESPONSE_DAYS),
        )
        s.add(referral)
        referral.events.append(
            ReferralEvent(
                action=ReferralAction.SEND,
                from_state=ReferralState.DRAFT,
                to_state=ReferralState.SENT,
                at=received,
                by_user_id=ctx.actor.user_id,
                on_behalf_of=data.on_behalf_of.strip() or org.name,
                comment="",
            )
        )
        referral.state = ReferralState.SENT
        s.flush()
        uow.audit("referral.received", "case", case.id, referral=referral.id, org=org.id)
        return referral.id


def send_referral(
    ctx: ServiceContext,
    referral_id: int,
    *,
    on_behalf_of: str = "",
    comment: str = "",
    override_reason: str = "",
) -> ReferralState:
    """Send a draft. Refused without a consent covering the organisation, unless a supervisor
    overrides with a written reason."""
    with ctx.write() as uow:
        s = uow.session
        referral, case = _referral_for_write(ctx, s, referral_id)
        new = referral_next(referral.state, ReferralAction.SEND)
        _check_case_open(case)
        org = s.get(Organisation, referral.to_org_id)
        if org is None or not org.active:
            raise ValidationError(
                {"to_org_id": N_("Choose an active organisation from the directory.")}
            )
        today = ctx.today()
        overridden: ConsentGap | None = None
        sharing = what_may_go(s, case.id, referral.to_org_id, on=today)
        if not sharing.allowed:
            gap = sharing.gap or ConsentGap.NONE
            may_override = ctx.actor.can(Permission.CONSENT_OVERRIDE)
            if not override_reason.strip():
                raise ConsentNotCovered(gap, may_override)
            if not may_override:
                raise PermissionDenied(
                    N_("Only a supervisor may send a referral without the client's consent.")
                )
            overridden = gap
            referral.consent_override_reason = override_reason.strip()
            referral.consent_override_by_id = ctx.actor.user_id
        stage = s.get(PathwayStage, referral.stage_id) if referral.stage_id else None
        days = stage.expected_days if stage else DEFAULT_RESPONSE_DAYS
        _event(ctx, referral, ReferralAction.SEND, new, on_behalf_of, comment)
        referral.sent_at = ctx.now()
        referral.due_on = today + dt.timedelta(days=days)
        if overridden is not None:
            uow.audit(
                "referral.consent_override",
                "referral",
                referral.id,
                case=case.id,
                organisation=referral.to_org_id,
                gap=overridden.value,
            )
        uow.audit(
            "referral.sent",
            "referral",
            referral.id,
            case=case.id,
            organisation=referral.to_org_id,
            due_on=referral.due_on.isoformat(),
            consent_override=overridden is not None,
        )
        return new


def _finish_step(
    ctx: ServiceContext,
    referral_id: int,
    action: ReferralAction,
    *,
    on_behalf_of: str,
    comment: str,
    decline_reason: DeclineReason | None = None,
    reason_text: str = "",
    outcome: str = "",
    expected_end_on: dt.date | None = None,
) -> ReferralState:
    with ctx.write() as uow:
        s = uow.session
        referral, case = _referral_for_write(ctx, s, referral_id)
        new = referral_next(
            referral.state,
            action,
            decline_reason=decline_reason,
            reason_text=reason_text,
            outcome=outcome,
        )
        if expected_end_on is not None:
            _check_end(expected_end_on, ctx.today())
            referral.expected_end_on = expected_end_on
        _event(ctx, referral, action, new, on_behalf_of, comment)
        now = ctx.now()
        if action is ReferralAction.ACCEPT:
            referral.accepted_at = now
            stage = s.get(PathwayStage, referral.stage_id) if referral.stage_id else None
            days = stage.expected_days if stage else DEFAULT_RESPONSE_DAYS
            referral.follow_up_on = ctx.today() + dt.timedelta(days=days)
        if new in REFERRAL_TERMINAL:
            referral.closed_at = now
        if action is ReferralAction.DECLINE:
            referral.decline_reason = decline_reason
        if reason_text.strip():
            referral.reason_text = reason_text.strip()
        if outcome.strip():
            referral.outcome = outcome.strip()
        uow.audit(
            f"referral.{new.value}",
            "referral",
            referral.id,
            case=case.id,
            step=action.value,
            decline_reason=decline_reason.value if decline_reason else None,
        )
        return new


def _check_end(day: dt.date, today: dt.date) -> None:
    """An end date already past would make the referral overdue the moment it is recorded."""
    if day < today:
        raise ValidationError(
            {"expected_end_on": N_("The expected end date cannot be in the past.")}
        )


def accept_referral(
    ctx: ServiceContext,
    referral_id: int,
    *,
    expected_end_on: dt.date | None = None,
    on_behalf_of: str = "",
    comment: str = "",
) -> ReferralState:
    """Record the partner's acceptance (usually on its behalf) and when the service should end."""
    return _finish_step(
        ctx,
        referral_id,
        ReferralAction.ACCEPT,
        on_behalf_of=on_behalf_of,
        comment=comment,
        expected_end_on=expected_end_on,
    )


def decline_referral(
    ctx: ServiceContext,
    referral_id: int,
    reason: DeclineReason | None,
    reason_text: str = "",
    *,
    on_behalf_of: str = "",
    comment: str = "",
) -> ReferralState:
    return _finish_step(
        ctx,
        referral_id,
        ReferralAction.DECLINE,
        on_behalf_of=on_behalf_of,
        comment=comment,
        decline_reason=reason,
        reason_text=reason_text,
    )


def complete_referral(
    ctx: ServiceContext,
    referral_id: int,
    outcome: str,
    *,
    on_behalf_of: str = "",
    comment: str = "",
) -> ReferralState:
    return _finish_step(
        ctx,
        referral_id,
        ReferralAction.COMPLETE,
        on_behalf_of=on_behalf_of,
        comment=comment,
        outcome=outcome,
    )


def end_referral_unsuccessfully(
    ctx: ServiceContext,
    referral_id: int,
    reason_text: str,
    *,
    on_behalf_of: str = "",
    comment: str = "",
) -> ReferralState:
    return _finish_step(
        ctx,
        referral_id,
        ReferralAction.END_UNSUCCESSFULLY,
        on_behalf_of=on_behalf_of,
        comment=comment,
        reason_text=reason_text,
    )


def withdraw_referral(
    ctx: ServiceContext,
    referral_id: int,
    reason_text: str,
    *,
    comment: str = "",
) -> ReferralState:
    """Withdraw a referral (our decision, so never on a partner's behalf)."""
    return _finish_step(
        ctx,
        referral_id,
        ReferralAction.WITHDRAW,
        on_behalf_of="",
        comment=comment,
        reason_text=reason_text,
    )


def set_expected_end(ctx: ServiceContext, referral_id: int, expected_end_on: dt.date) -> None:
    """Change when an accepted referral's service should end (its overdue date)."""
    with ctx.write() as uow:
        referral, case = _referral_for_write(ctx, uow.session, referral_id)
        if referral.state is not ReferralState.ACCEPTED:
            raise TransitionRefused(
                N_("An expected end date can only be set on an accepted referral.")
            )
        _check_end(expected_end_on, ctx.today())
        referral.expected_end_on = expected_end_on
        uow.audit(
            "referral.expected_end_changed",
            "referral",
            referral.id,
            case=case.id,
            expected_end_on=expected_end_on.isoformat(),
        )


# --- reading -------------------------------------------------------------------------------------


def get_referral(ctx: ServiceContext, referral_id: int) -> ReferralDetail:
    """A referral with its history (names of the staff who recorded each step)."""
    today = ctx.today()
    with ctx.read() as s:
        r = s.get(Referral, referral_id)
        if r is None:
            raise ctx.missing(s, Referral, referral_id)
        case = ctx.case_for_read(s, r.case_id)
        ids = {e.by_user_id for e in r.events} | {r.created_by_id, r.consent_override_by_id}
        names = {
            uid: name
            for uid, name in s.execute(
                select(User.id, User.display_name).where(User.id.in_(ids - {None}))
            )
        }
        org = s.get(Organisation, r.to_org_id)
        stage = s.get(PathwayStage, r.stage_id) if r.stage_id else None
        later = tuple(
            s.scalars(
                select(Referral.id)
                .where(Referral.previous_referral_id == r.id)
                .order_by(Referral.id)
            )
        )
        return ReferralDetail(
            id=r.id,
            direction=r.direction,
            case_id=r.case_id,
            case_reference=case.reference,
            service_type=r.service_type,
            to_org_id=r.to_org_id,
            org_name=org.name if org else "",
            stage_id=r.stage_id,
            stage_name=stage.name if stage else "",
            state=r.state,
            purpose=r.purpose,
            decline_reason=r.decline_reason,
            reason_text=r.reason_text,
            outcome=r.outcome,
            previous_referral_id=r.previous_referral_id,
            later_referral_ids=later,
            created_by_name=names.get(r.created_by_id, ""),
            created_at=r.created_at,
            sent_at=r.sent_at,
            due_on=r.due_on,
            accepted_at=r.accepted_at,
            expected_end_on=r.expected_end_on,
            closed_at=r.closed_at,
            overdue=is_overdue(r.state, r.due_on, r.expected_end_on, today, r.follow_up_on),
            follow_up_on=r.follow_up_on,
            row_version=r.row_version,
            consent_override_reason=r.consent_override_reason,
            consent_override_by_name=names.get(r.consent_override_by_id, ""),
            consent_scope_today=what_may_go(s, r.case_id, r.to_org_id, on=today).kinds or None,
            events=tuple(
                ReferralEventRow(
                    e.action,
                    e.from_state,
                    e.to_state,
                    e.at,
                    names.get(e.by_user_id, ""),
                    e.on_behalf_of,
                    e.comment,
                )
                for e in r.events
            ),
        )
