"""A received file: open and show it, then record its referral or apply its answer.

Opening reads only. Recording opens and verifies the file again inside the write transaction,
so what is written is exactly what was checked; any refusal leaves the database untouched.
Importing the same file twice is refused by its packet id ("already imported on …").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casework.errors import TransitionRefused, ValidationError
from casework.exchange.content import (
    AnswerContent,
    ReferralContent,
    answer_from_plain,
    referral_from_plain,
)
from casework.exchange.errors import Replayed
from casework.exchange.files import read_limited
from casework.exchange.packet import MAX_PACKET_BYTES, Opened, open_packet
from casework.i18n import N_
from casework.model import (
    Case,
    ExchangePacket,
    Note,
    PathwayStage,
    Referral,
    ReferralEvent,
    ReferralLink,
)
from casework.model.enums import (
    CaseStatus,
    CustodyStatus,
    NoteKind,
    PartnerStatus,
    ReferralAction,
    ReferralDirection,
    ReferralState,
)
from casework.model.geography import subregion_of
from casework.model.labels import label
from casework.services.cases import CaseInput, _next_reference, _validate
from casework.services.context import ServiceContext, UnitOfWork
from casework.services.exchange.answers import AnswerPlan, apply_answer, plan_answer
from casework.services.exchange.common import (
    ExchangeRefused,
    PartnerRow,
    organisation_country,
    own_keys,
    partner_by_identity,
    partner_row,
)
from casework.services.matching import LikelyMatch, likely_matches
from casework.services.permissions import Permission

UNVERIFIED_WARNING = N_(
    "The sender's organisation card is not verified: nobody here has compared its fingerprint "
    "with them yet. Check with the sender by phone or in person before acting on this file."
)
REPLACED_WARNING = N_(
    "This file is signed with a card the sender has since replaced by a newer one."
)


@dataclass(frozen=True)
class Received:
    packet_id: str
    kind: str  # "referral" or "answer"
    sent_at: dt.datetime
    partner: PartnerRow
    warning: str  # untranslated, "" when the sender's card is verified
    referral: ReferralContent | None = None
    matches: tuple[LikelyMatch, ...] = ()
    answer: AnswerContent | None = None
    answer_plan: AnswerPlan | None = None


@dataclass(frozen=True)
class NewCase:
    """The new case a received referral opens (defaults come from the packet)."""

    alias: str
    country: str
    custody_status: CustodyStatus = CustodyStatus.RELEASED
    guardian_name: str = ""


@dataclass(frozen=True)
class ImportedReferral:
    case_id: int
    case_reference: str
    referral_id: int
    new_case: bool


def read_file(path: Path | str) -> bytes:
    """A received file's bytes; oversized files are refused before they are read."""
    return read_limited(Path(path), MAX_PACKET_BYTES)


def _open(s: Session, data: bytes) -> tuple[Opened, PartnerRow]:
    opened = open_packet(
        data, own_keys(s, "open"), lambda identity: partner_by_identity(s, identity) is not None
    )
    partner = partner_by_identity(s, opened.sender)
    assert partner is not None
    seen = s.scalar(select(ExchangePacket).where(ExchangePacket.packet_id == opened.packet_id))
    if seen is not None:
        raise Replayed(date=seen.at.date().isoformat())
    return opened, partner_row(s, partner)


def _warning(partner: PartnerRow) -> str:
    if partner.status is PartnerStatus.VERIFIED:
        return ""
    return UNVERIFIED_WARNING if partner.status is PartnerStatus.UNVERIFIED else REPLACED_WARNING


def _existing_link(s: Session, ref: str, org_id: int) -> ReferralLink | None:
    return s.scalar(
        select(ReferralLink).where(ReferralLink.ref == ref, ReferralLink.partner_org_id == org_id)
    )


def _check_new_referral(s: Session, content: ReferralContent, partner: PartnerRow) -> None:
    link = _existing_link(s, content.ref, partner.organisation_id)
    if link is not None:
        referral = s.get(Referral, link.referral_id)
        case = s.get(Case, referral.case_id) if referral else None
        raise ExchangeRefused(
            N_("This referral was already recorded, on case {reference}. Nothing was changed."),
            reference=case.reference if case else "?",
        )


def open_received(ctx: ServiceContext, data: bytes) -> Received:
    """Verify and decrypt a received file and say what importing it would do (reads only)."""
    ctx.require(Permission.EDIT_CASE_RECORDS)
    with ctx.read() as s:
        opened, partner = _open(s, data)
        common = dict(
            packet_id=opened.packet_id,
            kind=opened.kind,
            sent_at=opened.created_at,
            partner=partner,
            warning=_warning(partner),
        )
        if opened.kind == "referral":
            content = referral_from_plain(opened.content)
            _check_new_referral(s, content, partner)
        else:
            answer = answer_from_plain(opened.content)
            plan = plan_answer(ctx, s, answer, partner)
    if opened.kind == "referral":
        identity = content.client.identity
        names = [identity.alias, identity.legal_name] if identity else []
        if identity and identity.other_aliases:
            names += [a for a in identity.other_aliases.replace(";", ",").split(",")]
        matches = likely_matches(ctx, names, identity.date_of_birth if identity else None)
        return Received(**common, referral=content, matches=tuple(matches))
    return Received(**common, answer=answer, answer_plan=plan)


def default_new_case(ctx: ServiceContext, received: Received) -> NewCase:
    """The new case's first values, from what the packet carries."""
    content = received.referral
    assert content is not None
    client = content.client
    alias = client.identity.alias if client.identity else ""
    with ctx.read() as s:
        country = (client.contact.country if client.contact else "") or (
            received.partner.country or organisation_country(s)
        )
    return NewCase(
        alias=alias or client.reference,
        country=country,
        custody_status=client.legal.custody_status if client.legal else CustodyStatus.RELEASED,
        guardian_name=client.identity.guardian_name if client.identity else "",
    )


def _case_input(content: ReferralContent, new: NewCase, caseworker_id: int | None) -> CaseInput:
    client = content.client
    values: dict[str, object] = {}
    if client.identity:
        values.update(
            other_aliases=client.identity.other_aliases,
            legal_name=client.identity.legal_name,
            date_of_birth=client.identity.date_of_birth,
            national_id=client.identity.national_id,
        )
    if client.contact:
        values.update(
            locality=client.contact.locality,
            address=client.contact.address,
            phone=client.contact.phone,
        )
    if client.legal:
        values.update(
            release_date=client.legal.release_date,
            offence_details=client.legal.offence_details,
            sentence_details=client.legal.sentence_details,
        )
    return CaseInput(
        alias=new.alias,
        category=client.category,
        custody_status=new.custody_status,
        country=new.country,
        caseworker_id=caseworker_id,
        is_minor=client.is_minor,
        guardian_name=new.guardian_name,
        **values,  # type: ignore[arg-type]
    )


def _new_case(ctx: ServiceContext, uow: UnitOfWork, data: CaseInput) -> Case:
    data = _validate(data)
    s = uow.session
    stamp = ctx.now()
    case = Case(
        created_at=stamp,
        updated_at=stamp,
        reference=_next_reference(s, data.country, ctx.today().year),
        subregion=subregion_of(data.country),
        status=CaseStatus.INTAKE,
        opened_on=ctx.today(),
        **{f.name: getattr(data, f.name) for f in dataclasses.fields(CaseInput)},
    )
    s.add(case)
    s.flush()
    uow.audit("case.created", "case", case.id, source="exchange")
    return case


def _plan_note(content: ReferralContent) -> str:
    plan = content.client.plan
    if plan is None:
        return ""
    lines = [f"{content.organisation} — {plan.version}"]
    if plan.aspirations:
        lines.append(plan.aspirations)
    lines += [f"- {label(g.domain)}: {g.goal} ({label(g.status)})" for g in plan.goals]
    return "\n".join(lines)


def import_referral(
    ctx: ServiceContext,
    data: bytes,
    *,
    case_id: int | None = None,
    new_case: NewCase | None = None,
) -> ImportedReferral:
    """Record a received referral on an existing case, or on a new case; all or nothing."""
    ctx.require(Permission.EDIT_CASE_RECORDS)
    if (case_id is None) == (new_case is None):
        raise ValidationError({"case": N_("Choose an existing case or open a new one.")})
    with ctx.write() as uow:
        s = uow.session
        opened, partner = _open(s, data)
        if opened.kind != "referral":
            raise ExchangeRefused(N_("This file is an answer, not a referral."))
        content = referral_from_plain(opened.content)
        _check_new_referral(s, content, partner)
        if case_id is not None:
            case = ctx.case_for_write(s, case_id)
            if case.status is CaseStatus.CLOSED:
                raise TransitionRefused(
                    N_("The case is closed. Reopen it before recording the referral.")
                )
        else:
            assert new_case is not None
            case = _new_case(ctx, uow, _case_input(content, new_case, ctx.actor.user_id))
        stage_id = None
        if case.pathway_id and content.stage:
            stage_id = s.scalar(
                select(PathwayStage.id).where(
                    PathwayStage.pathway_id == case.pathway_id,
                    func.lower(PathwayStage.name) == content.stage.lower(),
                )
            )
        now = ctx.now()
        referral = Referral(
            created_at=now,
            case_id=case.id,
            direction=ReferralDirection.INCOMING,
            stage_id=stage_id,
            service_type=content.service,
            to_org_id=partner.organisation_id,
            purpose=content.reason,
            created_by_id=ctx.actor.user_id,
            sent_at=now,
            due_on=ctx.today() + dt.timedelta(days=content.expected_response_days),
            state=ReferralState.SENT,
        )
        s.add(referral)
        referral.events.append(
            ReferralEvent(
                action=ReferralAction.SEND,
                from_state=ReferralState.DRAFT,
                to_state=ReferralState.SENT,
                at=now,
                by_user_id=ctx.actor.user_id,
                on_behalf_of=", ".join(
                    p for p in (content.caseworker, partner.organisation_name) if p
                )[:200],
                comment=content.contact,
            )
        )
        s.flush()
        s.add(
            ReferralLink(
                referral_id=referral.id, partner_org_id=partner.organisation_id, ref=content.ref
            )
        )
        s.add(
            ExchangePacket(
                packet_id=opened.packet_id,
                direction=ReferralDirection.INCOMING,
                kind="referral",
                partner_id=partner.id,
                referral_id=referral.id,
                at=now,
                by_user_id=ctx.actor.user_id,
            )
        )
        note = _plan_note(content)
        if note:
            s.add(
                Note(
                    case_id=case.id,
                    kind=NoteKind.OTHER,
                    occurred_on=ctx.today(),
                    body=note,
                    restricted=True,
                    author_id=ctx.actor.user_id,
                    created_at=now,
                )
            )
        uow.audit(
            "referral.received", "case", case.id, referral=referral.id, org=partner.organisation_id
        )
        uow.audit(
            "exchange.referral_imported",
            "referral",
            referral.id,
            case=case.id,
            organisation=partner.organisation_id,
            packet=opened.packet_id,
            verified=partner.status is PartnerStatus.VERIFIED,
        )
        return ImportedReferral(case.id, case.reference, referral.id, case_id is None)


def import_answer(ctx: ServiceContext, data: bytes) -> AnswerPlan:
    """Move the referral this vault sent along the partner's answer; returns what was done."""
    ctx.require(Permission.EDIT_CASE_RECORDS)
    with ctx.write() as uow:
        s = uow.session
        opened, partner = _open(s, data)
        if opened.kind != "answer":
            raise ExchangeRefused(N_("This file is a referral, not an answer."))
        answer = answer_from_plain(opened.content)
        plan = plan_answer(ctx, s, answer, partner)
        apply_answer(ctx, uow, answer, partner, plan)
        s.add(
            ExchangePacket(
                packet_id=opened.packet_id,
                direction=ReferralDirection.INCOMING,
                kind="answer",
                partner_id=partner.id,
                referral_id=plan.referral_id,
                at=ctx.now(),
                by_user_id=ctx.actor.user_id,
            )
        )
        uow.audit(
            "exchange.answer_imported",
            "referral",
            plan.referral_id,
            organisation=partner.organisation_id,
            packet=opened.packet_id,
            steps=[a.value for a in plan.steps],
            verified=partner.status is PartnerStatus.VERIFIED,
        )
        return plan
