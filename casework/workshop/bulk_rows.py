"""The bulk path's rows: one chunk of fictional cases, table by table (bulk.py writes them).

A case with its consents, notes, task and observation here; its referrals and plans in
bulk_referrals.py and bulk_plans.py.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from casework.model import (
    Case,
    Consent,
    Goal,
    GoalAction,
    Note,
    Plan,
    PlanReviewDate,
    Referral,
    ReferralEvent,
    RiskObservation,
    Task,
)
from casework.model.enums import (
    CaseStatus,
    Change,
    ClientCategory,
    CloseReason,
    Confidence,
    ConsentMethod,
    ConsentPurpose,
    LifeDomain,
    NoteKind,
    Subregion,
)
from casework.model.labels import label
from casework.services.cases import subregion_of
from casework.workshop import content
from casework.workshop.bulk_plans import PlanRows
from casework.workshop.bulk_referrals import ReferralRows
from casework.workshop.bulk_values import _days, _randint, _stamp, _weighted
from casework.workshop.generator import initial, stage_index
from casework.workshop.names import COUNTRY_DATA, HUB_COUNTRIES
from casework.workshop.names_ar import country_data

if TYPE_CHECKING:
    from casework.workshop.generator import World

_SUBREGIONS = tuple(Subregion)
_CATEGORIES = tuple(ClientCategory)
_CLOSE_REASONS = tuple(CloseReason)
_CONFIDENCES = tuple(Confidence)
_CHANGES = tuple(Change)

NOTES_PER_CASE = (5, 15)  # 10 on average: 500,000 notes for 50,000 cases
# Referrals of a case past intake, 0 to 5, weighted: about 2 per case (100,000 for 50,000).
REFERRAL_COUNTS = ((0, 1), (1, 2), (2, 3), (3, 2), (4, 1), (5, 1))

TABLE_ORDER = (
    ("notes", Note),
    ("cases", Case),
    ("consents", Consent),
    ("referrals", Referral),
    ("referral_events", ReferralEvent),
    ("plans", Plan),
    ("goals", Goal),
    ("goal_actions", GoalAction),
    ("review_dates", PlanReviewDate),
    ("tasks", Task),
    ("observations", RiskObservation),
)

STATUSES = (
    (CaseStatus.INTAKE, 10),
    (CaseStatus.ACTIVE, 55),
    (CaseStatus.ON_HOLD, 10),
    (CaseStatus.CLOSED, 25),
)
KINDS = list(NoteKind)


class Ids:
    """The next free id of each table, so children can point at rows not yet inserted."""

    def __init__(self, world: World) -> None:
        with world.vault.session() as s:
            self.next = {
                name: (s.scalar(select(func.max(model.id))) or 0) + 1 for name, model in TABLE_ORDER
            }
            self.references: dict[tuple[str, int], int] = {}
            for (ref,) in s.execute(select(Case.reference)):
                country, year, number = ref.rsplit("-", 2)
                key = (country, int(year))
                self.references[key] = max(self.references.get(key, 0), int(number))

    def take(self, name: str) -> int:
        value = self.next[name]
        self.next[name] = value + 1
        return value

    def reference(self, country: str, year: int) -> str:
        number = self.references.get((country, year), 0) + 1
        self.references[(country, year)] = number
        return f"{country}-{year}-{number:04d}"


class Rows(ReferralRows, PlanRows):
    """The rows of one chunk of cases, table by table."""

    def __init__(self, world: World, rng: random.Random, ids: Ids) -> None:
        self.w = world
        self.rng = rng
        self.ids = ids
        self.tables: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in TABLE_ORDER}
        self.supervisor = world.supervisor.actor.user_id
        self.countries = {
            sub: [c for c in COUNTRY_DATA if subregion_of(c) is sub] for sub in Subregion
        }
        # Texts translated once (str.format per row is cheap; gettext per row is not).
        t = world.t
        self.notes = {k: [t(m) for m in content.NOTES[k]] for k in KINDS}
        self.restricted_note = t(content.RESTRICTED_NOTE)
        self.goals = {d: tuple(t(m) for m in content.GOALS[d]) for d in LifeDomain}
        self.observations = [(d, r, t(m)) for d, r, m in content.OBSERVATIONS]
        self.sources = [t(m) for m in content.OBSERVATION_SOURCES]
        self.declines = {r: t(m) for r, m in content.DECLINE_TEXTS.items()}
        self.outcomes = [t(m) for m in content.OUTCOMES]
        self.ended = [t(m) for m in content.ENDED_REASONS]
        self.withdrawn = [t(m) for m in content.WITHDRAW_REASONS]
        self.aspirations = [t(m) for m in content.ASPIRATIONS]
        self.returns = [t(m) for m in content.RETURN_COMMENTS]
        self.tasks = [t(m) for m in content.TASKS]
        self.purpose = t(content.REFERRAL_PURPOSE)
        self.service_labels = {s: label(s, world.lang).lower() for s in _services(world)}
        self.close_comment = t(content.CLOSE_COMMENT)
        self.close_other = t(content.CLOSE_OTHER)
        self.hold = [t(m) for m in content.HOLD_COMMENTS]
        self.offence = t(content.OFFENCE)
        self.sentence = t(content.SENTENCE)
        self.best_interests = t(content.BEST_INTERESTS)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables[table].append(row)

    def case(self, index: int) -> None:
        w, rng, ids = self.w, self.rng, self.ids
        today = w.today
        subregion = _SUBREGIONS[index % 3]
        hubs = HUB_COUNTRIES[subregion]
        country = rng.choice(hubs) if rng.random() < 0.8 else rng.choice(self.countries[subregion])
        pool, towns = country_data(country, w.lang)
        town = rng.choice(towns)
        status = _weighted(rng, STATUSES)
        category = rng.choice(_CATEGORIES)
        female = category is ClientCategory.FAMILY_MEMBER or rng.random() < 0.25
        given = rng.choice(pool.female if female else pool.male)
        family = rng.choice(pool.family)
        opened_ago = _randint(rng, 1, 20) if status is CaseStatus.INTAKE else _randint(rng, 60, 700)
        opened = today - _days(opened_ago)
        minor = category is ClientCategory.CHILD
        offender = category is ClientCategory.RELEASED_OFFENDER
        worker = w.caseworkers[index % len(w.caseworkers)].actor.user_id
        stages = w.stages[subregion]
        case_id = ids.take("cases")
        closed_on = None
        close_reason = None
        comment = ""
        if status is CaseStatus.CLOSED:
            closed_on = today - dt.timedelta(days=_randint(rng, 1, min(50, opened_ago - 1)))
            close_reason = rng.choice(_CLOSE_REASONS)
            comment = self.close_other if close_reason is CloseReason.OTHER else self.close_comment
        elif status is CaseStatus.ON_HOLD:
            comment = rng.choice(self.hold)
        stamp = _stamp(opened)
        alias = f"{given} {initial(family)}"
        self.add(
            "cases",
            {
                "id": case_id,
                "reference": ids.reference(country, opened.year),
                "alias": alias,
                "other_aliases": "",
                "category": category,
                "custody_status": rng.choice(
                    ("on_probation", "released") if offender else ("returned", "released")
                ),
                "status": status,
                "subregion": subregion,
                "country": country,
                "locality": town,
                "caseworker_id": worker,
                "pathway_id": w.pathways[subregion],
                "current_stage_id": stages[stage_index(rng, status)][0],
                "is_minor": minor,
                "guardian_name": f"{rng.choice(pool.female)} {family}" if minor else "",
                "best_interests_note": self.best_interests if minor else "",
                "legal_name": f"{given} {family}",
                "date_of_birth": dt.date(
                    opened.year - (_randint(rng, 9, 16) if minor else _randint(rng, 19, 52)),
                    _randint(rng, 1, 12),
                    _randint(rng, 1, 28),
                ),
                "national_id": f"FICT-{_randint(rng, 10**7, 10**8 - 1)}",
                "address": f"{_randint(rng, 1, 120)}, {town}",
                "phone": f"+000 {_randint(rng, 100, 999)} {_randint(rng, 1000, 9999)}",
                "offence_details": self.offence if offender else "",
                "sentence_details": self.sentence.format(years=_randint(rng, 2, 8))
                if offender
                else "",
                "close_reason": close_reason,
                "status_comment": comment,
                "opened_on": opened,
                "closed_on": closed_on,
                "release_date": opened if offender else None,
                "created_at": stamp,
                "updated_at": _stamp(closed_on or opened, 16),
            },
        )
        last_day = closed_on or today
        span = max(1, (last_day - opened).days)
        orgs = w.orgs.get(country) or w.regional[subregion]
        guardian = f"{rng.choice(pool.female)} {family}" if minor else ""
        for purpose in (ConsentPurpose.DATA_PROCESSING, ConsentPurpose.INFORMATION_SHARING):
            if purpose is ConsentPurpose.INFORMATION_SHARING and rng.random() < 0.2:
                continue  # no consent to share: this case's referrals cannot be sent
            self.add(
                "consents",
                {
                    "id": ids.take("consents"),
                    "case_id": case_id,
                    "purpose": purpose,
                    "recipient_org_id": None,
                    "scope": ["contact", "identity", "plan"]
                    if purpose is ConsentPurpose.INFORMATION_SHARING
                    else [],
                    "given_on": opened,
                    "withdrawn_on": closed_on
                    if close_reason is CloseReason.CONSENT_WITHDRAWN
                    else None,
                    "expires_on": None,
                    "method": ConsentMethod.SIGNED_FORM,
                    "witness": "",
                    "guardian": guardian,
                    "notes": "",
                    "recorded_by_id": worker,
                    "created_at": stamp,
                },
            )
        for _ in range(_randint(rng, *NOTES_PER_CASE)):
            day = opened + _days(_randint(rng, 0, span))
            restricted = rng.random() < 0.08
            kind = rng.choice(KINDS)
            body = self.restricted_note if restricted else rng.choice(self.notes[kind])
            self.add(
                "notes",
                {
                    "id": ids.take("notes"),
                    "case_id": case_id,
                    "kind": kind,
                    "occurred_on": day,
                    "body": body.format(alias=alias, town=town, org=rng.choice(orgs).name),
                    "restricted": restricted,
                    "author_id": worker,
                    "created_at": _stamp(day, 12),
                },
            )
        if status is not CaseStatus.INTAKE:
            for _ in range(_weighted(rng, REFERRAL_COUNTS)):
                self.referral(case_id, country, subregion, opened_ago, worker, closed_on)
            if rng.random() < 0.7:
                self.plan(case_id, orgs, opened, worker)
        elif rng.random() < 0.5:
            self.referral(case_id, country, subregion, opened_ago, worker, None, "draft")
        due = today + _days(_randint(rng, -20, 30))
        done = closed_on if closed_on else (due if due < today and rng.random() < 0.4 else None)
        self.add(
            "tasks",
            {
                "id": ids.take("tasks"),
                "case_id": case_id,
                "referral_id": None,
                "goal_id": None,
                "title": rng.choice(self.tasks).format(org=rng.choice(orgs).name),
                "details": "",
                "due_on": due,
                "assignee_id": worker,
                "done_on": done,
                "created_by_id": worker,
                "created_at": stamp,
            },
        )
        domain, direction, evidence = rng.choice(self.observations)
        self.add(
            "observations",
            {
                "id": ids.take("observations"),
                "case_id": case_id,
                "domain": domain,
                "direction": direction,
                "evidence": evidence,
                "source": rng.choice(self.sources),
                "observed_on": opened + _days(_randint(rng, 0, span)),
                "confidence": rng.choice(_CONFIDENCES),
                "change": rng.choice(_CHANGES),
                "recorded_by_id": worker,
            },
        )


def _services(world: World) -> set[Any]:
    return {s for refs in world.orgs.values() for o in refs for s in o.services} | {
        s for refs in world.regional.values() for o in refs for s in o.services
    }
