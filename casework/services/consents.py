"""Consents: recorded per purpose and recipient, withdrawn by date, and checked before a referral.

A consent to INFORMATION_SHARING with no recipient organisation is a *general* consent: the
client agreed (usually on a general form) to information being shared with any organisation
involved in their support. It covers every organisation, and the UI shows it as "all
organisations" so nobody mistakes it for a specific one. A consent may also record a *refusal*
(the client said no): it is a decision like a withdrawal. What a referral may carry is decided by
one function with written precedence rules: casework.services.sharing.what_may_go.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from casework.errors import TransitionRefused, ValidationError
from casework.i18n import N_
from casework.model import Case, Consent, Organisation, User
from casework.model.enums import ConsentMethod, ConsentPurpose, InfoScope
from casework.services import concurrency
from casework.services.context import ServiceContext
from casework.services.sharing import GAP_MESSAGES as GAP_MESSAGES  # re-exported
from casework.services.sharing import ConsentGap, what_may_go


@dataclass(frozen=True)
class ConsentInput:
    purpose: ConsentPurpose
    given_on: dt.date
    method: ConsentMethod
    scope: frozenset[InfoScope] = frozenset()
    recipient_org_id: int | None = None  # None: every organisation (general consent)
    witness: str = ""
    guardian: str = ""
    expires_on: dt.date | None = None
    notes: str = ""
    refused: bool = False  # the client refused: a decision that blocks, never a grant


@dataclass(frozen=True)
class ConsentRow:
    id: int
    case_id: int
    purpose: ConsentPurpose
    recipient_org_id: int | None
    recipient_name: str  # "" for a general consent (all organisations)
    scope: frozenset[InfoScope]
    given_on: dt.date
    withdrawn_on: dt.date | None
    expires_on: dt.date | None
    method: ConsentMethod
    witness: str
    guardian: str
    notes: str
    recorded_by_name: str
    valid_today: bool
    refused: bool = False
    row_version: int = 1  # passed back as expected_version when withdrawing


def _valid_on(day: dt.date):  # noqa: ANN202 - a SQL expression, mirrors Consent.valid_on
    return (
        (Consent.given_on <= day)
        & (Consent.withdrawn_on.is_(None) | (Consent.withdrawn_on > day))
        & (Consent.expires_on.is_(None) | (Consent.expires_on >= day))
    )


def consent_covers(
    source: Session | ServiceContext, case_id: int, org_id: int, day: dt.date
) -> frozenset[InfoScope] | None:
    """The kinds of information that may go to the organisation on `day`, by the precedence
    rules of casework.services.sharing.what_may_go; None when nothing may go (then a referral
    may not be sent without a supervisor's override)."""
    answer = what_may_go(source, case_id, org_id, ConsentPurpose.INFORMATION_SHARING, on=day)
    return answer.kinds or None


def consent_gap(s: Session, case_id: int, org_id: int, day: dt.date) -> ConsentGap:
    """Why nothing may go to the organisation on `day`, for a message that says what to do."""
    answer = what_may_go(s, case_id, org_id, ConsentPurpose.INFORMATION_SHARING, on=day)
    return answer.gap or ConsentGap.NONE


def _validate(s: Session, case: Case, data: ConsentInput, today: dt.date) -> ConsentInput:
    data = replace(
        data, witness=data.witness.strip(), guardian=data.guardian.strip(), notes=data.notes.strip()
    )
    errors: dict[str, str] = {}
    if data.given_on > today:
        errors["given_on"] = N_("The date consent was given cannot be in the future.")
    if data.expires_on is not None and data.expires_on < data.given_on:
        errors["expires_on"] = N_("The expiry date must be after the date consent was given.")
    if data.method is ConsentMethod.VERBAL_WITNESSED and not data.witness:
        errors["witness"] = N_("Verbal consent needs the name of the witness.")
    if case.is_minor and not data.guardian:
        errors["guardian"] = N_("The client is a minor: record the guardian who gave consent.")
    if data.purpose is ConsentPurpose.INFORMATION_SHARING and not data.scope and not data.refused:
        errors["scope"] = N_("Choose which kinds of information may be shared.")
    if data.recipient_org_id is not None and s.get(Organisation, data.recipient_org_id) is None:
        errors["recipient_org_id"] = N_("Choose an organisation from the directory.")
    if errors:
        raise ValidationError(errors)
    return data


def record_consent(ctx: ServiceContext, case_id: int, data: ConsentInput) -> int:
    with ctx.write() as uow:
        s = uow.session
        case = ctx.case_for_write(s, case_id)
        data = _validate(s, case, data, ctx.today())
        consent = Consent(
            case_id=case.id,
            purpose=data.purpose,
            recipient_org_id=data.recipient_org_id,
            scope=sorted(v.value for v in data.scope),
            given_on=data.given_on,
            expires_on=data.expires_on,
            method=data.method,
            witness=data.witness,
            guardian=data.guardian,
            notes=data.notes,
            refused=data.refused,
            recorded_by_id=ctx.actor.user_id,
        )
        s.add(consent)
        s.flush()
        uow.audit(
            "consent.recorded",
            "consent",
            consent.id,
            case=case.id,
            purpose=data.purpose.value,
            recipient=data.recipient_org_id,
            scope=consent.scope,
            method=data.method.value,
            refused=data.refused,
        )
        return consent.id


def withdraw_consent(
    ctx: ServiceContext,
    consent_id: int,
    withdrawn_on: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Record that the client withdrew a consent; from that day it covers nothing."""
    with ctx.write() as uow:
        s = uow.session
        consent = s.get(Consent, consent_id)
        if consent is None:
            raise ctx.missing(s, Consent, consent_id)
        ctx.case_for_write(s, consent.case_id)
        concurrency.check(s, consent, expected_version, ("withdrawn_on", "notes"), "consent")
        if consent.withdrawn_on is not None:
            raise TransitionRefused(N_("This consent has already been withdrawn."))
        if consent.refused:
            raise TransitionRefused(
                N_("A refusal cannot be withdrawn: record the client's new consent instead.")
            )
        day = withdrawn_on or ctx.today()
        if day > ctx.today():
            raise ValidationError(
                {"withdrawn_on": N_("The withdrawal date cannot be in the future.")}
            )
        if day < consent.given_on:
            raise ValidationError(
                {"withdrawn_on": N_("The withdrawal date cannot be before consent was given.")}
            )
        consent.withdrawn_on = day
        uow.audit("consent.withdrawn", "consent", consent.id, case=consent.case_id)


def list_consents(
    ctx: ServiceContext,
    case_id: int,
    *,
    purpose: ConsentPurpose | None = None,
    valid_only: bool = False,
) -> list[ConsentRow]:
    """A case's consents, newest first, each marked valid or not as of today."""
    today = ctx.today()
    recorder = aliased(User)
    with ctx.read() as s:
        ctx.case_for_read(s, case_id)
        conditions = [Consent.case_id == case_id]
        if purpose is not None:
            conditions.append(Consent.purpose == purpose)
        if valid_only:
            conditions.append(_valid_on(today))
        stmt = (
            select(Consent, Organisation.name, recorder.display_name)
            .outerjoin(Organisation, Organisation.id == Consent.recipient_org_id)
            .outerjoin(recorder, recorder.id == Consent.recorded_by_id)
            .where(*conditions)
            .order_by(Consent.given_on.desc(), Consent.id.desc())
        )
        return [
            ConsentRow(
                id=c.id,
                case_id=c.case_id,
                purpose=c.purpose,
                recipient_org_id=c.recipient_org_id,
                recipient_name=org_name or "",
                scope=frozenset(InfoScope(v) for v in c.scope),
                given_on=c.given_on,
                withdrawn_on=c.withdrawn_on,
                expires_on=c.expires_on,
                method=c.method,
                witness=c.witness,
                guardian=c.guardian,
                notes=c.notes,
                recorded_by_name=who or "",
                valid_today=c.valid_on(today),
                refused=c.refused,
                row_version=c.row_version,
            )
            for c, org_name, who in s.execute(stmt)
        ]
