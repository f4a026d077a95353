"""Case stories: referrals sent, answered, declined, withdrawn; incoming referrals."""

from __future__ import annotations

import datetime as dt

from casework.model.enums import CustodyStatus, DeclineReason, OrgType, ServiceType
from casework.model.labels import label
from casework.services import (
    cases,
    referrals,
)
from casework.services.context import ServiceContext
from casework.workshop import content
from casework.workshop.story_cases import StoryBase
from casework.workshop.world import SERVICE_REFERRALS_STAGE, OrgRef


class ReferralStory(StoryBase):
    """Referrals, outgoing and incoming, taken to a chosen outcome."""

    def referral(
        self,
        cw: ServiceContext,
        case_id: int,
        country: str,
        outcome: str,
        start_ago: int,
        service: ServiceType | None = None,
        org: OrgRef | None = None,
        override: bool = False,
    ) -> tuple[int, OrgRef]:
        """One referral taken to `outcome`, starting `start_ago` days before today."""
        w, rng = self.w, self.rng
        subregion = cases.subregion_of(country)
        assert subregion is not None
        stage_id, days = w.stages[subregion][SERVICE_REFERRALS_STAGE - 1]
        if org is None:
            service = service or rng.choice(content.SERVICE_MIX)
            org = rng.choice(w.targets(country, service))
        service = service or org.services[0]
        purpose = w.t(content.REFERRAL_PURPOSE, service=label(service, w.lang).lower())
        # When it is sent: recently (answer not yet due) or long enough ago to be overdue.
        if outcome == "draft":
            sent_ago = start_ago
        elif outcome == "sent":
            sent_ago = min(start_ago, rng.randint(0, days - 2))
        elif outcome == "sent_overdue":
            sent_ago = max(days + 3, min(start_ago, days + rng.randint(5, 40)))
        else:
            sent_ago = max(start_ago, 12)
        w.at(sent_ago)
        rid = referrals.create_referral(
            cw, case_id, referrals.ReferralInput(service, org.id, stage_id, purpose)
        )
        if outcome == "draft":
            return rid, org
        if override:
            referrals.send_referral(
                w.supervisor, rid, override_reason=w.t(content.CONSENT_OVERRIDE)
            )
        else:
            referrals.send_referral(cw, rid)
        if outcome in ("sent", "sent_overdue"):
            return rid, org
        answer_ago = sent_ago - rng.randint(2, 6)
        w.at(answer_ago)
        behalf = org.focal_person
        if outcome.startswith("declined"):
            reason = (
                DeclineReason(outcome.split(":")[1])
                if ":" in outcome
                else (DeclineReason.NO_CAPACITY)
            )
            referrals.decline_referral(
                cw, rid, reason, w.t(content.DECLINE_TEXTS[reason]), on_behalf_of=behalf
            )
            return rid, org
        if outcome == "withdrawn":
            referrals.withdraw_referral(cw, rid, w.t(rng.choice(content.WITHDRAW_REASONS)))
            return rid, org
        if outcome == "accepted_overdue":
            end = w.today - dt.timedelta(days=rng.randint(2, max(3, answer_ago - 1)))
        else:
            end = w.today + dt.timedelta(days=rng.randint(15, 120))
        if outcome in ("completed", "ended_unsuccessfully"):
            end = w.clock.day + dt.timedelta(days=rng.randint(5, 8))
        referrals.accept_referral(cw, rid, expected_end_on=end, on_behalf_of=behalf)
        if outcome == "completed":
            w.at(max(0, answer_ago - rng.randint(3, 8)))
            referrals.complete_referral(
                cw, rid, w.t(rng.choice(content.OUTCOMES)), on_behalf_of=behalf
            )
        elif outcome == "ended_unsuccessfully":
            w.at(max(0, answer_ago - rng.randint(3, 8)))
            referrals.end_referral_unsuccessfully(
                cw, rid, w.t(rng.choice(content.ENDED_REASONS)), on_behalf_of=behalf
            )
        return rid, org

    def incoming(
        self,
        cw: ServiceContext,
        case_id: int,
        country: str,
        custody: CustodyStatus,
        opened_ago: int,
    ) -> None:
        """Some clients arrive referred by the prison or probation service: an incoming
        referral, answered here (or still waiting for an answer)."""
        w, rng = self.w, self.rng
        if custody is CustodyStatus.RETURNED or rng.random() > 0.4:
            return
        senders = [
            o
            for o in w.orgs.get(country, [])
            if o.org_type in (OrgType.PRISON_SERVICE, OrgType.PROBATION)
        ]
        if not senders:
            return
        sender = rng.choice(senders)
        received = w.at(opened_ago)
        rid = referrals.record_incoming_referral(
            cw,
            case_id,
            referrals.IncomingReferralInput(
                ServiceType.PSYCHOSOCIAL,
                sender.id,
                received,
                purpose=w.t(
                    content.REFERRAL_PURPOSE,
                    service=label(ServiceType.PSYCHOSOCIAL, w.lang).lower(),
                ),
                on_behalf_of=sender.focal_person,
            ),
        )
        if rng.random() < 0.7:
            w.at(max(0, opened_ago - 3))
            referrals.accept_referral(cw, rid, on_behalf_of="")
        w.at(opened_ago - 3)
