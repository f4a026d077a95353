"""What a referral packet and an answer packet carry, checked field by field on the way in.

Only plain values cross this boundary: enum values as their codes, dates as ISO text. A field
the client's consent does not cover is absent (None), never empty-but-present.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from casework.exchange.errors import BadContent
from casework.model.enums import (
    ClientCategory,
    CustodyStatus,
    DeclineReason,
    GoalStatus,
    GoalTerm,
    InfoScope,
    LifeDomain,
    ReferralAction,
    ServiceType,
)

SHORT = 200
LONG = 20_000
MAX_GOALS = 200
ANSWER_ACTIONS = (
    ReferralAction.ACCEPT,
    ReferralAction.DECLINE,
    ReferralAction.COMPLETE,
    ReferralAction.END_UNSUCCESSFULLY,
)
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class Identity:
    alias: str
    other_aliases: str = ""
    legal_name: str = ""
    date_of_birth: dt.date | None = None
    national_id: str = ""
    guardian_name: str = ""


@dataclass(frozen=True)
class Contact:
    country: str = ""
    locality: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Legal:
    custody_status: CustodyStatus
    release_date: dt.date | None = None
    offence_details: str = ""
    sentence_details: str = ""


@dataclass(frozen=True)
class GoalExtract:
    domain: LifeDomain
    goal: str
    need: str = ""
    term: GoalTerm = GoalTerm.SHORT
    status: GoalStatus = GoalStatus.NOT_STARTED


@dataclass(frozen=True)
class PlanExtract:
    version: int
    aspirations: str = ""
    goals: tuple[GoalExtract, ...] = ()


@dataclass(frozen=True)
class ClientExtract:
    reference: str  # the sender's case reference (a code, not a name)
    category: ClientCategory
    is_minor: bool
    scopes: frozenset[InfoScope]
    identity: Identity | None = None
    contact: Contact | None = None
    legal: Legal | None = None
    plan: PlanExtract | None = None


@dataclass(frozen=True)
class ReferralContent:
    ref: str  # shared by both organisations for this referral (random, 32 hex digits)
    organisation: str
    service: ServiceType
    reason: str
    stage: str
    stage_position: int | None
    expected_response_days: int
    sent_on: dt.date
    caseworker: str
    contact: str
    client: ClientExtract


@dataclass(frozen=True)
class AnswerStep:
    """One of the partner's answers: accepted, declined, completed or ended."""

    action: ReferralAction
    at: dt.datetime
    by: str
    decline_reason: DeclineReason | None = None
    reason: str = ""
    outcome: str = ""
    expected_end_on: dt.date | None = None


@dataclass(frozen=True)
class AnswerContent:
    """Every answer given so far, in order: a later answer file carries the earlier steps too,
    so a file that overtakes an earlier one on the way still moves the referral correctly."""

    ref: str
    organisation: str
    steps: tuple[AnswerStep, ...]


# --- to plain values ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def to_plain(content: ReferralContent | AnswerContent) -> dict[str, Any]:
    return _plain(content)


# --- from plain values, strictly ----------------------------------------------------------------


class _Reader:
    def __init__(self, data: object, keys: set[str]) -> None:
        if not isinstance(data, dict) or set(data) != keys:
            raise BadContent()
        self.data = data

    def text(self, key: str, limit: int = SHORT, required: bool = False) -> str:
        value = self.data[key]
        if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
            raise BadContent()
        return value

    def enum(self, key: str, cls: type[E], optional: bool = False) -> E:
        value = self.data[key]
        if value is None and optional:
            return None  # type: ignore[return-value]
        try:
            return cls(value)
        except (ValueError, TypeError):
            raise BadContent() from None

    def date(self, key: str) -> dt.date | None:
        value = self.data[key]
        if value is None:
            return None
        if not isinstance(value, str) or len(value) != 10:
            raise BadContent()
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise BadContent() from None

    def integer(self, key: str, low: int, high: int, optional: bool = False) -> int | None:
        value = self.data[key]
        if value is None and optional:
            return None
        if type(value) is not int or not low <= value <= high:
            raise BadContent()
        return value

    def flag(self, key: str) -> bool:
        value = self.data[key]
        if type(value) is not bool:
            raise BadContent()
        return value


def _keys(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def _ref(text: str) -> str:
    if len(text) != 32 or any(ch not in "0123456789abcdef" for ch in text):
        raise BadContent()
    return text


def _identity(data: object) -> Identity | None:
    if data is None:
        return None
    r = _Reader(data, _keys(Identity))
    return Identity(
        r.text("alias", required=True),
        r.text("other_aliases", LONG),
        r.text("legal_name"),
        r.date("date_of_birth"),
        r.text("national_id"),
        r.text("guardian_name"),
    )


def _contact(data: object) -> Contact | None:
    if data is None:
        return None
    r = _Reader(data, _keys(Contact))
    return Contact(
        r.text("country", 2), r.text("locality"), r.text("address", LONG), r.text("phone")
    )


def _legal(data: object) -> Legal | None:
    if data is None:
        return None
    r = _Reader(data, _keys(Legal))
    return Legal(
        r.enum("custody_status", CustodyStatus),
        r.date("release_date"),
        r.text("offence_details", LONG),
        r.text("sentence_details", LONG),
    )


def _plan(data: object) -> PlanExtract | None:
    if data is None:
        return None
    r = _Reader(data, _keys(PlanExtract))
    goals = r.data["goals"]
    if not isinstance(goals, list) or len(goals) > MAX_GOALS:
        raise BadContent()
    extracted = []
    for item in goals:
        g = _Reader(item, _keys(GoalExtract))
        extracted.append(
            GoalExtract(
                g.enum("domain", LifeDomain),
                g.text("goal", LONG, required=True),
                g.text("need", LONG),
                g.enum("term", GoalTerm),
                g.enum("status", GoalStatus),
            )
        )
    version = r.integer("version", 1, 10_000)
    assert version is not None
    return PlanExtract(version, r.text("aspirations", LONG), tuple(extracted))


def _client(data: object) -> ClientExtract:
    r = _Reader(data, _keys(ClientExtract))
    scopes = r.data["scopes"]
    if not isinstance(scopes, list) or len(scopes) > len(InfoScope):
        raise BadContent()
    try:
        scope_set = frozenset(InfoScope(s) for s in scopes)
    except (ValueError, TypeError):
        raise BadContent() from None
    client = ClientExtract(
        r.text("reference", 40, required=True),
        r.enum("category", ClientCategory),
        r.flag("is_minor"),
        scope_set,
        _identity(r.data["identity"]),
        _contact(r.data["contact"]),
        _legal(r.data["legal"]),
        _plan(r.data["plan"]),
    )
    # Nothing beyond the consent's scope: a part present without its scope is refused.
    parts = {
        InfoScope.IDENTITY: client.identity,
        InfoScope.CONTACT: client.contact,
        InfoScope.LEGAL: client.legal,
    }
    if any(part is not None and scope not in scope_set for scope, part in parts.items()):
        raise BadContent()
    if client.plan is not None and not ({InfoScope.PLAN, InfoScope.HEALTH} & scope_set):
        raise BadContent()
    return client


def referral_from_plain(data: object) -> ReferralContent:
    r = _Reader(data, _keys(ReferralContent))
    sent_on = r.date("sent_on")
    days = r.integer("expected_response_days", 1, 3650)
    if sent_on is None or days is None:
        raise BadContent()
    return ReferralContent(
        _ref(r.text("ref", 32)),
        r.text("organisation", required=True),
        r.enum("service", ServiceType),
        r.text("reason", LONG),
        r.text("stage"),
        r.integer("stage_position", 0, 1000, optional=True),
        days,
        sent_on,
        r.text("caseworker"),
        r.text("contact", 1000),
        _client(r.data["client"]),
    )


def _step(data: object) -> AnswerStep:
    r = _Reader(data, _keys(AnswerStep))
    action = r.enum("action", ReferralAction)
    if action not in ANSWER_ACTIONS:
        raise BadContent()
    at = r.data["at"]
    try:
        when = dt.datetime.fromisoformat(at) if isinstance(at, str) and len(at) < 40 else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise BadContent()
    return AnswerStep(
        action,
        when,
        r.text("by"),
        r.enum("decline_reason", DeclineReason, optional=True),
        r.text("reason", LONG),
        r.text("outcome", LONG),
        r.date("expected_end_on"),
    )


def answer_from_plain(data: object) -> AnswerContent:
    r = _Reader(data, _keys(AnswerContent))
    steps = r.data["steps"]
    if not isinstance(steps, list) or not 1 <= len(steps) <= len(ANSWER_ACTIONS):
        raise BadContent()
    return AnswerContent(
        _ref(r.text("ref", 32)), r.text("organisation", required=True), tuple(map(_step, steps))
    )
