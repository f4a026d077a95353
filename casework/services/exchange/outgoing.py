"""A sent referral as a packet for the receiving partner: preview, then write.

What travels is decided by the client's consent to that organisation today (DOMAIN.md,
"Consent"): `shareable_scopes` is the one place that asks. Parts outside the consent's scope
are left out entirely; without any valid consent (a supervisor's override sent the referral)
only the referral itself and the sender's case reference travel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.exchange.content import (
    ClientExtract,
    Contact,
    GoalExtract,
    Identity,
    Legal,
    PlanExtract,
    ReferralContent,
    to_plain,
)
from casework.exchange.files import write_private
from casework.exchange.packet import PACKET_SUFFIX
from casework.i18n import N_
from casework.model import (
    Case,
    PathwayStage,
    Plan,
    Referral,
    ReferralLink,
    User,
)
from casework.model.enums import (
    ConsentPurpose,
    InfoScope,
    LifeDomain,
    PartnerStatus,
    PlanState,
    ReferralDirection,
    ReferralState,
)
from casework.services.context import ServiceContext
from casework.services.exchange.common import (
    ExchangeRefused,
    PartnerRow,
    current_partner,
    new_id,
    organisation_name,
    packet_path,
    partner_row,
    seal_for_partner,
)
from casework.services.sharing import what_may_go

HEALTH_DOMAINS = frozenset({LifeDomain.PHYSICAL_HEALTH, LifeDomain.MENTAL_HEALTH})
SENDABLE = (ReferralState.SENT, ReferralState.ACCEPTED)


def shareable_scopes(s: Session, case_id: int, org_id: int, day: dt.date) -> frozenset[InfoScope]:
    """What the client's consent lets go to `org_id` on `day` (nothing when no consent covers
    it), by the same precedence rules as referral forms: a consent naming the organisation
    decides over a general one, a withdrawal or refusal over an earlier grant."""
    return what_may_go(s, case_id, org_id, ConsentPurpose.INFORMATION_SHARING, on=day).kinds


@dataclass(frozen=True)
class OutgoingPreview:
    referral_id: int
    partner: PartnerRow
    content: ReferralContent
    file_name: str  # suggested; reveals no personal data


@dataclass(frozen=True)
class WrittenPacket:
    path: Path
    packet_id: str


def _client(s: Session, case: Case, scopes: frozenset[InfoScope]) -> ClientExtract:
    identity = contact = legal = plan = None
    if InfoScope.IDENTITY in scopes:
        identity = Identity(
            case.alias,
            case.other_aliases,
            case.legal_name,
            case.date_of_birth,
            case.national_id,
            case.guardian_name,
        )
    if InfoScope.CONTACT in scopes:
        contact = Contact(case.country, case.locality, case.address, case.phone)
    if InfoScope.LEGAL in scopes:
        legal = Legal(
            case.custody_status, case.release_date, case.offence_details, case.sentence_details
        )
    if {InfoScope.PLAN, InfoScope.HEALTH} & scopes:
        approved = s.scalar(
            select(Plan)
            .where(Plan.case_id == case.id, Plan.state == PlanState.APPROVED)
            .order_by(Plan.version.desc())
        )
        if approved is not None:
            goals = tuple(
                GoalExtract(g.domain, g.goal, g.need, g.term, g.status)
                for g in approved.goals
                if (InfoScope.HEALTH in scopes if g.domain in HEALTH_DOMAINS else True)
                and (InfoScope.PLAN in scopes or g.domain in HEALTH_DOMAINS)
            )
            aspirations = approved.aspirations if InfoScope.PLAN in scopes else ""
            plan = PlanExtract(approved.version, aspirations, goals)
    return ClientExtract(
        case.reference, case.category, case.is_minor, scopes, identity, contact, legal, plan
    )


def _build(
    ctx: ServiceContext, s: Session, referral_id: int, contact: str
) -> tuple[Referral, PartnerRow, ReferralContent, str]:
    referral = s.get(Referral, referral_id)
    if referral is None:
        raise ctx.missing(s, Referral, referral_id)  # a colleague's, hidden on a server
    case = ctx.case_for_write(s, referral.case_id)
    if referral.direction is not ReferralDirection.OUTGOING:
        raise ExchangeRefused(N_("Only a referral made here can be sent as a file."))
    if referral.state not in SENDABLE:
        raise ExchangeRefused(
            N_("Send the referral first; only a sent referral can be sent as a file.")
        )
    partner = current_partner(s, referral.to_org_id)
    if partner is None:
        raise ExchangeRefused(
            N_(
                "The receiving organisation's card is not imported. Import their organisation "
                "card on the Partners page first."
            )
        )
    if partner.status is not PartnerStatus.VERIFIED:
        raise ExchangeRefused(
            N_(
                "The receiving organisation's card is not verified yet. An administrator must "
                "compare its fingerprint with them by phone or in person first."
            )
        )
    link = s.scalar(select(ReferralLink).where(ReferralLink.referral_id == referral.id))
    ref = link.ref if link is not None else new_id()
    stage = s.get(PathwayStage, referral.stage_id) if referral.stage_id else None
    creator = s.get(User, ctx.actor.user_id) if ctx.actor.user_id else None
    sent_on = (referral.sent_at or ctx.now()).date()
    days = (referral.due_on - sent_on).days if referral.due_on else 14
    scopes = shareable_scopes(s, case.id, referral.to_org_id, ctx.today())
    content = ReferralContent(
        ref=ref,
        organisation=organisation_name(s),
        service=referral.service_type,
        reason=referral.purpose,
        stage=stage.name if stage else "",
        stage_position=stage.position if stage else None,
        expected_response_days=max(1, days),
        sent_on=sent_on,
        caseworker=creator.display_name if creator else ctx.actor.display_name,
        contact=contact.strip(),
        client=_client(s, case, scopes),
    )
    return referral, partner_row(s, partner), content, ref


def preview_referral_packet(
    ctx: ServiceContext, referral_id: int, contact: str = ""
) -> OutgoingPreview:
    """Exactly what the packet will carry, for the user to check before it is written."""
    with ctx.read() as s:
        _referral, partner, content, _ref = _build(ctx, s, referral_id, contact)
    return OutgoingPreview(referral_id, partner, content, "casework-referral" + PACKET_SUFFIX)


def write_referral_packet(
    ctx: ServiceContext, referral_id: int, target: Path, contact: str = ""
) -> WrittenPacket:
    """Seal the referral for its partner and write it to `target` (a file, or a folder for a
    name that reveals nothing). Recorded and audited in the same transaction."""
    target = Path(target)
    with ctx.write() as uow:
        s = uow.session
        referral, partner, content, ref = _build(ctx, s, referral_id, contact)
        packet_id, data = seal_for_partner(
            s, referral, "referral", to_plain(content), ctx.now(), ctx.actor.user_id
        )
        if s.scalar(select(ReferralLink).where(ReferralLink.referral_id == referral.id)) is None:
            s.add(ReferralLink(referral_id=referral.id, partner_org_id=referral.to_org_id, ref=ref))
        path = packet_path(target, packet_id)
        uow.audit(
            "exchange.referral_written",
            "referral",
            referral.id,
            case=referral.case_id,
            organisation=referral.to_org_id,
            packet=packet_id,
            scopes=sorted(content.client.scopes),
        )
        s.flush()
        write_private(path, data)
    return WrittenPacket(path, packet_id)
