"""What may go to an organisation, for a purpose, on a day: the one answer every sharing uses.

`what_may_go(source, case_id, organisation_id, purpose, on=day)` decides what a referral may be
sent with, what a referral form prints and what a referral packet carries. Nobody else reads
consents to decide about sharing.

Precedence (DOMAIN.md, "Consent"), for "may information of kind K go to organisation X for
purpose P on day D?":

1. Only the client's consents for purpose P count; consents for other purposes never decide.
2. Each consent is one or two *decisions*: a grant (or a refusal) on the day it was given, and a
   withdrawal on the day it was withdrawn. Decisions dated after D do not count yet.
3. A consent naming X is *specific*; one naming no recipient is *general* (every organisation).
   If any specific decision about X exists by D, the specific decisions alone decide; only when
   there is none do the general decisions decide.
4. At that level the latest decision wins (same day: the one recorded last; a withdrawal or a
   refusal over a grant on the same day). A withdrawal or refusal is a decision like a grant:
   withdrawing (or refusing) consent for X blocks X even while a general consent stands.
5. A grant whose expiry date has passed by D counts as no grant: the answer is no (it does not
   fall back to the general consent, as the client limited what X may receive in time).
6. The answer covers only the kinds in the deciding grant's scope, never the union of several.
7. Client decisions are never inferred: no decision at either level means no.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from casework.i18n import N_
from casework.model import Consent
from casework.model.enums import ConsentPurpose, InfoScope
from casework.services.context import ServiceContext


class ConsentGap(StrEnum):
    """Why nothing may go to an organisation (codes for the audit trail and the UI)."""

    NONE = "none"
    WITHDRAWN = "withdrawn"  # withdrawn or refused
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


GAP_MESSAGES: dict[ConsentGap, str] = {
    ConsentGap.NONE: N_(
        "The client has not consented to share information with this organisation. Record an "
        "information-sharing consent for it first."
    ),
    ConsentGap.WITHDRAWN: N_(
        "The client withdrew consent to share information with this organisation."
    ),
    ConsentGap.EXPIRED: N_(
        "The client's consent to share information with this organisation has expired. Record "
        "a renewed consent first."
    ),
    ConsentGap.NOT_YET_VALID: N_(
        "The client's consent to share information with this organisation only starts on a "
        "later date."
    ),
}


@dataclass(frozen=True)
class SharingScope:
    """The answer: which kinds may go, which consent decided, and why nothing may go if so."""

    kinds: frozenset[InfoScope]  # empty: nothing may go
    deciding_consent_id: int | None  # None: no decision at all
    specific: bool  # the deciding consent names the organisation
    gap: ConsentGap | None  # why nothing may go (None when something may)
    valid_until: dt.date | None = None  # the deciding grant's expiry

    @property
    def allowed(self) -> bool:
        return bool(self.kinds)

    def may(self, kind: InfoScope) -> bool:
        return kind in self.kinds


@dataclass(frozen=True)
class _Decision:
    day: dt.date
    grant: bool
    rank: int  # same day: withdrawal/refusal (1) after grant (0)
    consent_id: int
    scope: frozenset[InfoScope]
    expires_on: dt.date | None


def _decisions(rows: list[Consent], day: dt.date) -> list[_Decision]:
    out: list[_Decision] = []
    for c in rows:
        if c.given_on <= day:
            grant = not c.refused
            out.append(
                _Decision(
                    c.given_on,
                    grant,
                    0 if grant else 1,
                    c.id,
                    frozenset(InfoScope(v) for v in c.scope),
                    c.expires_on,
                )
            )
        if c.withdrawn_on is not None and c.withdrawn_on <= day:
            out.append(_Decision(c.withdrawn_on, False, 1, c.id, frozenset(), None))
    return out


def decide(rows: list[Consent], organisation_id: int, day: dt.date) -> SharingScope:
    """The precedence rules over already loaded consents of one case and purpose."""
    specific = [c for c in rows if c.recipient_org_id == organisation_id]
    general = [c for c in rows if c.recipient_org_id is None]
    for level, is_specific in ((specific, True), (general, False)):
        decisions = _decisions(level, day)
        if not decisions:
            continue
        last = max(decisions, key=lambda d: (d.day, d.rank, d.consent_id))
        if not last.grant:
            return SharingScope(frozenset(), last.consent_id, is_specific, ConsentGap.WITHDRAWN)
        if last.expires_on is not None and last.expires_on < day:
            return SharingScope(frozenset(), last.consent_id, is_specific, ConsentGap.EXPIRED)
        return SharingScope(last.scope, last.consent_id, is_specific, None, last.expires_on)
    relevant = specific + general
    gap = ConsentGap.NOT_YET_VALID if any(c.given_on > day for c in relevant) else ConsentGap.NONE
    return SharingScope(frozenset(), None, False, gap)


def _what_may_go(
    s: Session, case_id: int, organisation_id: int, purpose: ConsentPurpose, day: dt.date
) -> SharingScope:
    rows = list(
        s.scalars(
            select(Consent).where(
                Consent.case_id == case_id,
                Consent.purpose == purpose,
                or_(
                    Consent.recipient_org_id == organisation_id,
                    Consent.recipient_org_id.is_(None),
                ),
            )
        )
    )
    return decide(rows, organisation_id, day)


def what_may_go(
    source: Session | ServiceContext,
    case_id: int,
    organisation_id: int,
    purpose: ConsentPurpose = ConsentPurpose.INFORMATION_SHARING,
    on: dt.date | None = None,
) -> SharingScope:
    """What of the case may go to the organisation for the purpose on `on` (default: today).

    Given a context, the case must be one this user may open and `on` defaults to the context's
    today; given a session (inside another service's transaction) the caller has checked access
    and must pass `on`.
    """
    if isinstance(source, ServiceContext):
        day = on or source.today()
        with source.read() as s:
            source.case_for_read(s, case_id)
            return _what_may_go(s, case_id, organisation_id, purpose, day)
    if on is None:
        raise TypeError("what_may_go over a session needs the day (on=)")
    return _what_may_go(source, case_id, organisation_id, purpose, on)
