"""Answers: this vault's answer to a received referral as a file, and a partner's answer
applied to the referral this vault sent.

An answer file carries every answer given so far (accepted, then completed…), so a later file
that arrives before an earlier one still moves the referral through each step, and an earlier
file that arrives late is recognised as already applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.errors import CaseworkError
from casework.exchange.content import ANSWER_ACTIONS, AnswerContent, AnswerStep, to_plain
from casework.exchange.files import write_private
from casework.i18n import N_
from casework.model import Referral, ReferralEvent, ReferralLink, User
from casework.model.enums import (
    PartnerStatus,
    ReferralAction,
    ReferralDirection,
    ReferralState,
)
from casework.model.lifecycle import REFERRAL_TERMINAL, referral_next
from casework.services.context import ServiceContext, UnitOfWork
from casework.services.exchange.common import (
    ExchangeRefused,
    PartnerRow,
    current_partner,
    organisation_name,
    packet_path,
    partner_row,
    seal_for_partner,
)
from casework.services.exchange.outgoing import WrittenPacket


@dataclass(frozen=True)
class AnswerPlan:
    """What importing an answer does to the referral this vault sent."""

    referral_id: int
    case_reference: str
    state_now: ReferralState
    state_after: ReferralState
    steps: tuple[ReferralAction, ...]  # the steps not yet recorded here, in order


@dataclass(frozen=True)
class AnswerPreview:
    referral_id: int
    partner: PartnerRow
    content: AnswerContent


# --- our answer, as a file -----------------------------------------------------------------------


def _answer(
    ctx: ServiceContext, s: Session, referral_id: int
) -> tuple[Referral, PartnerRow, AnswerContent]:
    referral = s.get(Referral, referral_id)
    if referral is None:
        raise ctx.missing(s, Referral, referral_id)  # a colleague's, hidden on a server
    ctx.case_for_write(s, referral.case_id)
    link = s.scalar(select(ReferralLink).where(ReferralLink.referral_id == referral.id))
    if referral.direction is not ReferralDirection.INCOMING or link is None:
        raise ExchangeRefused(N_("Only a referral received as a file can be answered with a file."))
    partner = current_partner(s, referral.to_org_id)
    if partner is None or partner.status is not PartnerStatus.VERIFIED:
        raise ExchangeRefused(
            N_(
                "The referring organisation's card is not verified yet. An administrator must "
                "compare its fingerprint with them by phone or in person first."
            )
        )
    names = dict(s.execute(select(User.id, User.display_name)).all())
    steps = []
    for e in referral.events:
        if e.action not in ANSWER_ACTIONS:
            continue
        final = e.to_state is referral.state
        steps.append(
            AnswerStep(
                action=e.action,
                at=e.at,
                by=e.on_behalf_of or names.get(e.by_user_id, ""),
                decline_reason=referral.decline_reason
                if e.action is ReferralAction.DECLINE
                else None,
                reason=referral.reason_text
                if final and e.action in (ReferralAction.DECLINE, ReferralAction.END_UNSUCCESSFULLY)
                else "",
                outcome=referral.outcome if e.action is ReferralAction.COMPLETE else "",
                expected_end_on=referral.expected_end_on
                if e.action is ReferralAction.ACCEPT
                else None,
            )
        )
    if not steps:
        raise ExchangeRefused(
            N_("Record your answer first (accept or decline); then send it as a file.")
        )
    content = AnswerContent(link.ref, organisation_name(s), tuple(steps))
    return referral, partner_row(s, partner), content


def preview_answer(ctx: ServiceContext, referral_id: int) -> AnswerPreview:
    with ctx.read() as s:
        _referral, partner, content = _answer(ctx, s, referral_id)
    return AnswerPreview(referral_id, partner, content)


def write_answer_packet(ctx: ServiceContext, referral_id: int, target: Path) -> WrittenPacket:
    target = Path(target)
    with ctx.write() as uow:
        s = uow.session
        referral, partner, content = _answer(ctx, s, referral_id)
        packet_id, data = seal_for_partner(
            s, referral, "answer", to_plain(content), ctx.now(), ctx.actor.user_id
        )
        uow.audit(
            "exchange.answer_written",
            "referral",
            referral.id,
            case=referral.case_id,
            organisation=referral.to_org_id,
            packet=packet_id,
            state=referral.state.value,
        )
        s.flush()
        path = packet_path(target, packet_id)
        write_private(path, data)
    return WrittenPacket(path, packet_id)


# --- a partner's answer, applied here -----------------------------------------------------------


def _states(answer: AnswerContent) -> list[ReferralState]:
    states = [ReferralState.SENT]
    for step in answer.steps:
        try:
            states.append(
                referral_next(
                    states[-1],
                    step.action,
                    decline_reason=step.decline_reason,
                    reason_text=step.reason,
                    outcome=step.outcome,
                )
            )
        except CaseworkError:
            raise ExchangeRefused(
                N_("The partner's answers are not in an order a referral can follow.")
            ) from None
    return states


def plan_answer(
    ctx: ServiceContext, s: Session, answer: AnswerContent, partner: PartnerRow
) -> AnswerPlan:
    link = s.scalar(
        select(ReferralLink).where(
            ReferralLink.ref == answer.ref, ReferralLink.partner_org_id == partner.organisation_id
        )
    )
    referral = s.get(Referral, link.referral_id) if link is not None else None
    if link is not None and referral is None:  # a colleague's case, hidden on a server
        raise ctx.missing(s, Referral, link.referral_id)
    if referral is None or referral.direction is not ReferralDirection.OUTGOING:
        raise ExchangeRefused(
            N_(
                "This answer is about a referral this organisation never sent to "
                "{organisation}. Nothing was changed."
            ),
            organisation=partner.organisation_name,
        )
    case = ctx.case_for_write(s, referral.case_id)
    states = _states(answer)
    now = referral.state
    if now == states[-1]:
        raise ExchangeRefused(
            N_(
                "Nothing new in this answer: the referral is already '{state}'. "
                "Nothing was changed."
            ),
            state=now,
        )
    if now in states:
        steps = tuple(step.action for step in answer.steps[states.index(now) :])
        return AnswerPlan(referral.id, case.reference, now, states[-1], steps)
    history = {e.to_state for e in referral.events}
    if states[-1] in history:
        raise ExchangeRefused(
            N_(
                "This answer is older than one already imported: the referral is already "
                "'{state}'. Nothing was changed."
            ),
            state=now,
        )
    if now in REFERRAL_TERMINAL:
        raise ExchangeRefused(
            N_(
                "The referral was closed here ('{state}') before this answer arrived, so it was "
                "not recorded. Tell {organisation}; nothing was changed."
            ),
            state=now,
            organisation=partner.organisation_name,
        )
    raise ExchangeRefused(
        N_("This answer does not fit the referral's state here ('{state}'). Nothing was changed."),
        state=now,
    )


def apply_answer(
    ctx: ServiceContext,
    uow: UnitOfWork,
    answer: AnswerContent,
    partner: PartnerRow,
    plan: AnswerPlan,
) -> None:
    s = uow.session
    referral = s.get(Referral, plan.referral_id)
    assert referral is not None
    for step in answer.steps[len(answer.steps) - len(plan.steps) :]:
        new = referral_next(
            referral.state,
            step.action,
            decline_reason=step.decline_reason,
            reason_text=step.reason,
            outcome=step.outcome,
        )
        referral.events.append(
            ReferralEvent(
                action=step.action,
                from_state=referral.state,
                to_state=new,
                at=step.at,
                by_user_id=ctx.actor.user_id,
                on_behalf_of=", ".join(p for p in (step.by, partner.organisation_name) if p)[:200],
                comment="",
            )
        )
        referral.state = new
        if step.action is ReferralAction.ACCEPT:
            referral.accepted_at = step.at
            referral.expected_end_on = step.expected_end_on
        if step.action is ReferralAction.DECLINE:
            referral.decline_reason = step.decline_reason
        if step.reason.strip():
            referral.reason_text = step.reason.strip()
        if step.outcome.strip():
            referral.outcome = step.outcome.strip()
        if new in REFERRAL_TERMINAL:
            referral.closed_at = step.at
        uow.audit(
            f"referral.{new.value}",
            "referral",
            referral.id,
            case=referral.case_id,
            step=step.action.value,
            source="exchange",
            decline_reason=step.decline_reason.value if step.decline_reason else None,
        )


def received_as_file(ctx: ServiceContext, referral_id: int) -> bool:
    """Whether this referral came in a file (so its answer can go back as one)."""
    with ctx.read() as s:
        return (
            s.scalar(select(ReferralLink.id).where(ReferralLink.referral_id == referral_id))
            is not None
        )
