"""The bulk path's referrals: each one's row and the steps of its lifecycle (its events)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from casework.model.enums import DeclineReason, ReferralAction, ReferralState, Subregion
from casework.workshop import content
from casework.workshop.bulk_values import _days, _randint, _stamp, _weighted

if TYPE_CHECKING:
    from casework.workshop.bulk_rows import Ids
    from casework.workshop.generator import World

_DECLINE_REASONS = tuple(DeclineReason)

REFERRAL_STATES = (
    ("draft", 8),
    ("sent", 10),
    ("sent_overdue", 6),
    ("accepted", 18),
    ("accepted_overdue", 5),
    ("completed", 25),
    ("declined", 12),
    ("withdrawn", 6),
    ("ended_unsuccessfully", 5),
)


class ReferralRows:
    """Mixed into bulk_rows.Rows: the referral rows of a case."""

    w: World
    rng: random.Random
    ids: Ids
    declines: dict[Any, str]
    outcomes: list[str]
    ended: list[str]
    withdrawn: list[str]
    purpose: str
    service_labels: dict[Any, str]

    def add(self, table: str, row: dict[str, Any]) -> None:
        raise NotImplementedError

    def referral(
        self,
        case_id: int,
        country: str,
        subregion: Subregion,
        opened_ago: int,
        worker: int,
        closed_on: dt.date | None,
        outcome: str | None = None,
    ) -> None:
        w, rng, ids = self.w, self.rng, self.ids
        today = w.today
        stage_id, days = w.stages[subregion][3]
        service = rng.choice(content.SERVICE_MIX)
        org = rng.choice(w.targets(country, service))
        outcome = outcome or _weighted(rng, REFERRAL_STATES)
        if closed_on is not None and outcome in ("draft", "sent", "sent_overdue", "accepted"):
            outcome = "withdrawn"
        if closed_on is not None and outcome == "accepted_overdue":
            outcome = "completed"
        if outcome == "sent":
            sent_ago = _randint(rng, 0, min(days - 2, opened_ago))
        elif outcome == "sent_overdue":
            sent_ago = _randint(rng, days + 2, max(days + 3, opened_ago))
        else:
            sent_ago = _randint(rng, min(30, opened_ago), max(30, opened_ago))
        sent = today - dt.timedelta(days=sent_ago)
        rid = ids.take("referrals")
        row: dict[str, Any] = {
            "id": rid,
            "case_id": case_id,
            "stage_id": stage_id,
            "service_type": service,
            "to_org_id": org.id,
            "state": ReferralState.DRAFT,
            "purpose": self.purpose.format(service=self.service_labels[service]),
            "decline_reason": None,
            "reason_text": "",
            "outcome": "",
            "previous_referral_id": None,
            "sent_at": None,
            "due_on": None,
            "accepted_at": None,
            "expected_end_on": None,
            "closed_at": None,
            "consent_override_reason": "",
            "consent_override_by_id": None,
            "created_by_id": worker,
            "created_at": _stamp(sent, 9),
        }
        self.add("referrals", row)
        if outcome == "draft":
            return
        steps = [(ReferralAction.SEND, ReferralState.DRAFT, ReferralState.SENT, sent, "")]
        row.update(state=ReferralState.SENT, sent_at=_stamp(sent), due_on=sent + _days(days))
        answered = sent + _days(_randint(rng, 2, 6))
        behalf = org.focal_person
        if outcome in ("declined", "withdrawn"):
            reason = rng.choice(_DECLINE_REASONS)
            if outcome == "declined":
                step = (ReferralAction.DECLINE, ReferralState.DECLINED, behalf)
                row.update(decline_reason=reason, reason_text=self.declines[reason])
            else:
                step = (ReferralAction.WITHDRAW, ReferralState.WITHDRAWN, "")
                row.update(reason_text=rng.choice(self.withdrawn))
            steps.append((step[0], ReferralState.SENT, step[1], answered, step[2]))
            row.update(state=step[1], closed_at=_stamp(answered))
        elif outcome not in ("sent", "sent_overdue"):
            if outcome == "accepted_overdue":
                end = today - _days(_randint(rng, 1, max(1, min(60, sent_ago - 7))))
            else:
                end = max(answered, today) + _days(_randint(rng, 10, 120))
            steps.append(
                (
                    ReferralAction.ACCEPT,
                    ReferralState.SENT,
                    ReferralState.ACCEPTED,
                    answered,
                    behalf,
                )
            )
            row.update(
                state=ReferralState.ACCEPTED, accepted_at=_stamp(answered), expected_end_on=end
            )
            if outcome in ("completed", "ended_unsuccessfully"):
                finished = min(today, answered + _days(_randint(rng, 20, 90)))
                if outcome == "completed":
                    final = (ReferralAction.COMPLETE, ReferralState.COMPLETED)
                    row.update(outcome=rng.choice(self.outcomes))
                else:
                    final = (ReferralAction.END_UNSUCCESSFULLY, ReferralState.ENDED_UNSUCCESSFULLY)
                    row.update(reason_text=rng.choice(self.ended))
                steps.append((final[0], ReferralState.ACCEPTED, final[1], finished, behalf))
                row.update(state=final[1], closed_at=_stamp(finished), expected_end_on=finished)
        for action, before, after, day, on_behalf in steps:
            self.add(
                "referral_events",
                {
                    "id": ids.take("referral_events"),
                    "referral_id": rid,
                    "action": action,
                    "from_state": before,
                    "to_state": after,
                    "at": _stamp(day, 11),
                    "by_user_id": worker,
                    "on_behalf_of": on_behalf,
                    "comment": "",
                },
            )
