"""Make a workshop vault: fictional but plausible cases, partners and histories for training.

Small vaults (the default 60 cases) are written through the services, one call at a time, with a
ServiceContext per acting role, so the audit trail, the search index and every validation are the
real ones. Large vaults (benchmarks) load the bulk of their rows through `casework.workshop.bulk`.

Dates: every date is relative to the "workshop today", the real date the vault is made unless
`today` is given. A service call made "in the past" uses a context whose clock is set to that
day, so a referral sent 40 days before is overdue today, exactly as it would be in real use.
Timestamps that the services take from the system clock (created_at, sent_at, audit times) are
the real generation time. The same seed and the same workshop today give the same data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event, select

from casework.errors import VaultExists
from casework.i18n import current_language, translator
from casework.model import Case, Plan, Referral, VaultMeta
from casework.model.enums import (
    ActionStatus,
    CaseAction,
    CaseStatus,
    Change,
    ClientCategory,
    CloseReason,
    Confidence,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    DeclineReason,
    GoalStatus,
    GoalTerm,
    InfoScope,
    LifeDomain,
    NoteKind,
    OrgType,
    Role,
    ServiceType,
    Subregion,
    label,
)
from casework.services import (
    cases,
    consents,
    directory,
    notes,
    plans,
    referrals,
    risk,
    tasks,
    users,
)
from casework.services.context import Actor, ServiceContext
from casework.store import audit_chain
from casework.store.kdf import KdfPolicy
from casework.store.paths import is_vault
from casework.store.vault import Vault
from casework.workshop import activity, content, exercises, trainer
from casework.workshop.names import COUNTRY_DATA, HUB_COUNTRIES, NamePool

Progress = Callable[[int, int], None]  # (cases done, cases in all)

from casework.workshop.accounts import ACCOUNTS, Account  # noqa: E402, F401

BULK_THRESHOLD = 500  # above this many cases, the bulk path writes most rows
WORKSHOP_KEY = "workshop"
SERVICE_REFERRALS_STAGE = 4  # position of "Service referrals" in the default pathway


@dataclass
class WorkshopInfo:
    """What was made: the accounts to hand out, and counts and timings for the curious."""

    folder: Path
    accounts: list[tuple[str, str, tuple[Role, ...]]]
    recovery_key: str
    seed: int
    cases: int
    today: dt.date
    language: str
    bulk: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class Clock:
    """A settable "today" for service contexts, so past events carry their own dates."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


@dataclass(frozen=True)
class OrgRef:
    id: int
    org_type: OrgType
    services: tuple[ServiceType, ...]
    name: str
    focal_person: str


@dataclass
class World:
    """The vault's users, directory and pathways, as the case stories need them."""

    vault: Vault
    today: dt.date
    lang: str
    clock: Clock
    admin: ServiceContext
    supervisor: ServiceContext
    caseworkers: list[ServiceContext]
    orgs: dict[str, list[OrgRef]] = field(default_factory=dict)  # by country ("" regional)
    regional: dict[Subregion, list[OrgRef]] = field(default_factory=dict)
    stages: dict[Subregion, list[tuple[int, int]]] = field(default_factory=dict)  # (id, days)
    pathways: dict[Subregion, int] = field(default_factory=dict)

    def t(self, msgid: str, **params: object) -> str:
        text = translator(self.lang).gettext(msgid)
        return text.format(**params) if params else text

    def at(self, days_ago: int) -> dt.date:
        """Set the clock `days_ago` days before the workshop today (never after it)."""
        self.clock.day = self.today - dt.timedelta(days=max(0, days_ago))
        return self.clock.day

    def targets(self, country: str, service: ServiceType) -> list[OrgRef]:
        """Organisations that offer a service to a client in this country, nearest first."""
        subregion = cases.subregion_of(country)
        assert subregion is not None
        local = [o for o in self.orgs.get(country, []) if service in o.services]
        if local:
            return local
        regional = [o for o in self.regional[subregion] if service in o.services]
        if regional:
            return regional
        return [
            o
            for c in HUB_COUNTRIES[subregion]
            for o in self.orgs.get(c, [])
            if service in o.services
        ]


# --- names -----------------------------------------------------------------------------------


def person(rng: random.Random, pool: NamePool, female: bool | None = None) -> tuple[str, str]:
    """(given name, family name), a fictional combination."""
    if female is None:
        female = rng.random() < 0.4
    return rng.choice(pool.female if female else pool.male), rng.choice(pool.family)


def initial(family: str) -> str:
    """ "Ould Sidi" → "S.", "bin Ismail" → "I.": the initial of the name, not of a particle."""
    return family.split()[-1][0] + "."


def stage_index(rng: random.Random, status: CaseStatus) -> int:
    """Where on the default pathway a case in this status plausibly stands (0-based)."""
    if status is CaseStatus.INTAKE:
        return rng.randint(0, 1)
    if status is CaseStatus.CLOSED:
        return 5
    return rng.randint(2, 4)


def fake_phone(rng: random.Random) -> str:
    """Numbers in a range no country uses (+000), so nobody is rung by mistake."""
    return f"+000 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


# --- setup -----------------------------------------------------------------------------------


def _relax_durability(vault: Vault) -> None:
    """While the vault is being made, commits need not wait for the disk: a crash leaves a
    half-made vault to delete either way. Closing it checkpoints everything, and the pristine
    snapshot is written and fsynced on its own."""
    vault.engine.dispose()

    @event.listens_for(vault.engine, "connect")
    def _no_fsync(dbapi_conn: object, _record: object) -> None:
        dbapi_conn.execute("PRAGMA synchronous = OFF")  # type: ignore[attr-defined]


def _mark(vault: Vault, seed: int, today: dt.date, lang: str, cases: int) -> None:
    with vault.write() as s:
        for key, value in (
            (WORKSHOP_KEY, "1"),
            ("workshop_seed", str(seed)),
            ("workshop_today", today.isoformat()),
            ("workshop_language", lang),
            ("workshop_cases", str(cases)),
        ):
            s.merge(VaultMeta(key=key, value=value))
        audit_chain.append(
            s,
            "workshop.created",
            actor_id=vault.opened_by_id,
            actor_name=vault.opened_by,
            entity="vault",
            details={"seed": seed},
        )


def _users(vault: Vault, lang: str, clock: Clock) -> dict[str, ServiceContext]:
    tr = translator(lang)
    admin = ServiceContext.for_vault(vault)
    out = {"admin": admin}
    for account in ACCOUNTS:
        if account.name == "admin":
            continue
        uid = users.create_user(
            admin,
            account.name,
            tr.gettext(account.display_name),
            set(account.roles),
            account.password,
            language=lang,
        )
        out[account.name] = ServiceContext(
            vault,
            Actor(uid, account.name, tr.gettext(account.display_name), frozenset(account.roles)),
            today=clock,
        )
    admin.today = clock
    return out


def _directory(world: World, rng: random.Random) -> None:
    ctx = world.supervisor
    for subregion, hubs in HUB_COUNTRIES.items():
        region = label(subregion, world.lang)
        world.pathways[subregion] = directory.create_default_pathway(
            ctx, world.t(content.PATHWAY_NAME, region=region), subregion=subregion, lang=world.lang
        )
        detail = directory.get_pathway(ctx, world.pathways[subregion])
        world.stages[subregion] = [(st.id, st.expected_days) for st in detail.stages]
        name = world.t(
            content.FICTIONAL_NAME, name=world.t(content.REGIONAL_ORGANISATION, region=region)
        )
        world.regional[subregion] = [
            _organisation(
                world,
                rng,
                OrgType.INTERNATIONAL,
                name,
                content.REGIONAL_SERVICES,
                "",
                area=subregion,
            )
        ]
        for country in hubs:
            pool, _towns = COUNTRY_DATA[country]
            refs = []
            for index, (org_type, template, services, _pseudo) in enumerate(content.ORGANISATIONS):
                if "{town}" in template:
                    name = exercises.organisation_name(index, country, world.lang)
                else:
                    given, family = person(rng, pool)
                    name = world.t(
                        content.FICTIONAL_NAME,
                        name=world.t(
                            template,
                            title=pool.religious_title,
                            person=f"{given} {family}",
                            family=family,
                        ),
                    )
                refs.append(_organisation(world, rng, org_type, name, services, country, index))
            world.orgs[country] = refs


def _organisation(
    world: World,
    rng: random.Random,
    org_type: OrgType,
    name: str,
    services: tuple[ServiceType, ...],
    country: str,
    index: int = -1,
    area: Subregion | None = None,
) -> OrgRef:
    """An organisation in `country`, or working across the subregion `area` (regional ones:
    offered to clients of that subregion only, never to one in another)."""
    pool = COUNTRY_DATA[country][0] if country else COUNTRY_DATA["KE"][0]
    towns = COUNTRY_DATA[country][1] if country else ("",)
    given, family = person(rng, pool)
    pseudonymous = index >= 0 and content.ORGANISATIONS[index][3]
    focal = f"{given} {initial(family)}" if pseudonymous else f"{given} {family}"
    slug = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())[:20] or "partner"
    org_id = directory.create_organisation(
        world.supervisor,
        directory.OrganisationInput(
            name=name,
            org_type=org_type,
            country=country,
            subregion=None if country else area,
            locality=towns[index % 3] if country and index >= 0 else "",
            focal_person=focal,
            phone=fake_phone(rng),
            email="" if pseudonymous else f"{slug}@example.org",
            pseudonymous=pseudonymous,
            notes=world.t(content.ORG_NOTE),
            services=tuple(
                directory.ServiceOffer(s, world.t(content.SERVICE_DESCRIPTION)) for s in services
            ),
        ),
    )
    return OrgRef(org_id, org_type, services, name, focal)


# --- one case's story ------------------------------------------------------------------------


CATEGORIES = (
    (ClientCategory.RELEASED_OFFENDER, CustodyStatus.ON_PROBATION),
    (ClientCategory.RELEASED_OFFENDER, CustodyStatus.RELEASED),
    (ClientCategory.RELEASED_OFFENDER, CustodyStatus.IN_CUSTODY),
    (ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED),
    (ClientCategory.FAMILY_MEMBER, CustodyStatus.RETURNED),
    (ClientCategory.CHILD, CustodyStatus.RETURNED),
    (ClientCategory.DISENGAGED, CustodyStatus.RELEASED),
)
# Outcomes a referral is taken to; the first pass covers every state, overdue ones included.
REFERRAL_OUTCOMES = (
    "draft",
    "sent",
    "sent_overdue",
    "accepted",
    "accepted_overdue",
    "completed",
    "declined:no_capacity",
    "declined:not_eligible",
    "declined:safety_concern",
    "declined:client_refused",
    "declined:other",
    "withdrawn",
    "ended_unsuccessfully",
    "declined_rereferred",
)
TERMINAL_OUTCOMES = ("completed", "declined:no_capacity", "withdrawn", "ended_unsuccessfully")
PLAN_OUTCOMES = ("draft", "submitted", "returned", "approved", "superseded", "approved_new_draft")
STATUS_CYCLE = (
    (CaseStatus.ACTIVE, None),
    (CaseStatus.INTAKE, None),
    (CaseStatus.ON_HOLD, None),
    (CaseStatus.CLOSED, CloseReason.PLAN_COMPLETED),
    (CaseStatus.ACTIVE, None),
    (CaseStatus.CLOSED, CloseReason.TRANSFERRED),
    (CaseStatus.ACTIVE, None),
    (CaseStatus.CLOSED, CloseReason.CONSENT_WITHDRAWN),
    (CaseStatus.ACTIVE, None),
    (CaseStatus.CLOSED, CloseReason.RELOCATED),
    (CaseStatus.ON_HOLD, None),
    (CaseStatus.CLOSED, CloseReason.REARRESTED),
    (CaseStatus.ACTIVE, None),
    (CaseStatus.CLOSED, CloseReason.DECEASED),
    (CaseStatus.INTAKE, None),
    (CaseStatus.CLOSED, CloseReason.OTHER),
)


class Stories:
    """Plays out case histories through the services, in date order, with the right actor."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.w = world
        self.rng = rng
        self.referral_turn = 0
        self.plan_turn = 0
        self.reopened = False
        self.overridden = False

    # --- pieces --------------------------------------------------------------------------------

    def create_case(
        self,
        cw: ServiceContext,
        alias: str,
        country: str,
        opened_ago: int,
        category: ClientCategory,
        custody: CustodyStatus,
        female: bool,
        stage: int = SERVICE_REFERRALS_STAGE - 1,
    ) -> tuple[int, str]:
        w, rng = self.w, self.rng
        pool, towns = COUNTRY_DATA[country]
        subregion = cases.subregion_of(country)
        assert subregion is not None
        town = rng.choice(towns)
        opened = w.at(opened_ago)
        minor = category is ClientCategory.CHILD
        given = alias.split(" ")[0]
        family = rng.choice(pool.family)
        guardian = " ".join(person(rng, pool, female=True)) if minor else ""
        age = rng.randint(9, 16) if minor else rng.randint(19, 52)
        birth = dt.date(opened.year - age, rng.randint(1, 12), rng.randint(1, 28))
        offender = category in (ClientCategory.RELEASED_OFFENDER,)
        data = cases.CaseInput(
            alias=alias,
            category=category,
            custody_status=custody,
            country=country,
            locality=town,
            other_aliases=rng.choice(("", "", given[:3] + ".")),
            caseworker_id=cw.actor.user_id,
            pathway_id=w.pathways[subregion],
            is_minor=minor,
            guardian_name=guardian,
            best_interests_note=w.t(content.BEST_INTERESTS) if minor else "",
            release_date=opened + dt.timedelta(days=rng.randint(-30, 30)) if offender else None,
            legal_name=f"{given} {family}",
            date_of_birth=birth,
            national_id=f"FICT-{rng.randint(10**7, 10**8 - 1)}",
            address=f"{rng.randint(1, 120)}, {town}",
            phone=fake_phone(rng),
            offence_details=w.t(content.OFFENCE) if offender else "",
            sentence_details=w.t(content.SENTENCE, years=rng.randint(2, 8)) if offender else "",
        )
        case_id = cases.create_case(cw, data)
        cases.set_stage(cw, case_id, w.stages[subregion][stage][0])
        return case_id, town

    def consent(
        self,
        cw: ServiceContext,
        case_id: int,
        days_ago: int,
        purpose: ConsentPurpose,
        guardian: str,
        org_id: int | None = None,
    ) -> int:
        w, rng = self.w, self.rng
        given = w.at(days_ago)
        verbal = rng.random() < 0.3
        witness = " ".join(person(rng, COUNTRY_DATA["KE"][0])) if verbal else ""
        scope = (
            frozenset({InfoScope.IDENTITY, InfoScope.CONTACT, InfoScope.PLAN})
            if purpose is ConsentPurpose.INFORMATION_SHARING
            else frozenset()
        )
        return consents.record_consent(
            cw,
            case_id,
            consents.ConsentInput(
                purpose=purpose,
                given_on=given,
                method=ConsentMethod.VERBAL_WITNESSED if verbal else ConsentMethod.SIGNED_FORM,
                scope=scope,
                recipient_org_id=org_id,
                witness=witness,
                guardian=guardian,
                expires_on=given + dt.timedelta(days=730) if rng.random() < 0.3 else None,
            ),
        )

    def note(
        self,
        cw: ServiceContext,
        case_id: int,
        days_ago: int,
        alias: str,
        town: str,
        org: str,
        kind: NoteKind | None = None,
    ) -> None:
        w, rng = self.w, self.rng
        restricted = kind is None and rng.random() < 0.12
        kind = kind or rng.choice(list(NoteKind))
        template = content.RESTRICTED_NOTE if restricted else rng.choice(content.NOTES[kind])
        body = w.t(template, alias=alias, town=town, org=org)
        notes.add_note(cw, case_id, notes.NoteInput(kind, w.at(days_ago), body, restricted))

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

    def plan(
        self,
        cw: ServiceContext,
        case_id: int,
        country: str,
        outcome: str,
        start_ago: int,
        domains: int = 2,
    ) -> int:
        w, rng = self.w, self.rng
        sup = w.supervisor
        w.at(start_ago)
        plan_id = plans.create_plan(cw, case_id, w.t(rng.choice(content.ASPIRATIONS)))
        self._goals(cw, plan_id, country, domains)
        plans.add_review_date(cw, plan_id, plans.default_review_dates(w.clock.day)[0])
        if outcome == "draft":
            return plan_id
        w.at(start_ago - 3)
        plans.submit_plan(cw, plan_id)
        if outcome == "submitted":
            return plan_id
        w.at(start_ago - 5)
        if outcome == "returned":
            plans.return_plan(sup, plan_id, w.t(rng.choice(content.RETURN_COMMENTS)))
            return plan_id
        plans.approve_plan(sup, plan_id)
        self._progress(cw, plan_id)
        held = start_ago - 35
        if held > 0:
            w.at(held)
            plans.record_review(
                cw,
                plan_id,
                plans.ReviewInput(
                    w.clock.day,
                    f"{cw.actor.display_name}, {sup.actor.display_name}",
                    w.t(content.REVIEW_SUMMARY),
                    w.t(content.REVIEW_DECISIONS),
                ),
            )
        if outcome == "approved":
            return plan_id
        w.at(max(0, start_ago - 40))
        new_id = plans.new_version(cw, case_id)
        self._goals(cw, new_id, country, 1)
        if outcome == "approved_new_draft":
            return new_id
        plans.submit_plan(cw, new_id)
        plans.approve_plan(sup, new_id)  # the first version becomes superseded
        return new_id

    def _goals(self, cw: ServiceContext, plan_id: int, country: str, count: int) -> None:
        w, rng = self.w, self.rng
        for domain in rng.sample(list(LifeDomain), count):
            need, goal, action = content.GOALS[domain]
            goal_id = plans.add_goal(
                cw,
                plan_id,
                plans.GoalInput(
                    domain,
                    w.t(goal),
                    need=w.t(need),
                    term=rng.choice((GoalTerm.SHORT, GoalTerm.LONG)),
                ),
            )
            org = rng.choice(w.orgs.get(country) or w.regional[cases.subregion_of(country)])  # type: ignore[index]
            plans.add_action(
                cw,
                goal_id,
                plans.ActionInput(
                    w.t(action),
                    responsible_org_id=org.id,
                    responsible_person=org.focal_person,
                    due_on=w.clock.day + dt.timedelta(days=rng.randint(20, 120)),
                ),
            )

    def _progress(self, cw: ServiceContext, plan_id: int) -> None:
        rng = self.rng
        detail = plans.get_plan(cw, plan_id)
        for goal in detail.goals:
            status = rng.choice(list(GoalStatus))
            plans.set_goal_status(
                cw,
                goal.id,
                status,
                self.w.t(content.DROPPED_REASON) if status is GoalStatus.DROPPED else "",
            )
            for action in goal.actions[:1]:
                plans.set_action_status(cw, action.id, rng.choice(list(ActionStatus)))

    def observation(self, cw: ServiceContext, case_id: int, days_ago: int) -> None:
        w, rng = self.w, self.rng
        domain, direction, evidence = rng.choice(content.OBSERVATIONS)
        risk.add_observation(
            cw,
            case_id,
            risk.ObservationInput(
                domain,
                direction,
                w.t(evidence),
                w.at(days_ago),
                rng.choice(list(Confidence)),
                source=w.t(rng.choice(content.OBSERVATION_SOURCES)),
                change=rng.choice(list(Change)),
            ),
        )

    def task(
        self, cw: ServiceContext, case_id: int, org: str, due_in: int, done: bool = False
    ) -> None:
        w, rng = self.w, self.rng
        w.at(max(0, -due_in + 10))
        title = w.t(rng.choice(content.TASKS), org=org)
        task_id = tasks.create_task(
            cw, case_id, tasks.TaskInput(title, w.today + dt.timedelta(days=due_in))
        )
        if done:
            w.at(max(0, -due_in))
            tasks.complete_task(cw, task_id)

    # --- a whole random case -------------------------------------------------------------------

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

    def random_case(self, index: int) -> None:
        w, rng = self.w, self.rng
        status, reason = (
            STATUS_CYCLE[index]
            if index < len(STATUS_CYCLE)
            else rng.choice(STATUS_CYCLE + ((CaseStatus.ACTIVE, None),) * 6)
        )
        subregion = list(Subregion)[index % 3]
        hubs = HUB_COUNTRIES[subregion]
        if rng.random() < 0.8:
            country = rng.choice(hubs)
        else:
            country = rng.choice(
                [c for c in COUNTRY_DATA if cases.subregion_of(c) is subregion and c not in hubs]
            )
        pool = COUNTRY_DATA[country][0]
        category, custody = rng.choice(CATEGORIES)
        female = category is ClientCategory.FAMILY_MEMBER or rng.random() < 0.25
        given, family = person(rng, pool, female)
        alias = f"{given} {initial(family)}"
        cw = w.caseworkers[index % len(w.caseworkers)]
        opened_ago = 8 if status is CaseStatus.INTAKE else rng.randint(90, 420)
        stage = stage_index(rng, status)
        case_id, town = self.create_case(
            cw, alias, country, opened_ago, category, custody, female, stage
        )
        minor = category is ClientCategory.CHILD
        guardian = cases.get_case(cw, case_id).data.guardian_name if minor else ""
        self.consent(cw, case_id, opened_ago, ConsentPurpose.DATA_PROCESSING, guardian)
        first_org = rng.choice(w.orgs.get(country) or w.regional[subregion])
        self.note(cw, case_id, opened_ago, alias, town, first_org.name, NoteKind.CONTACT)
        if status is CaseStatus.INTAKE:
            if rng.random() < 0.5:
                self.referral(cw, case_id, country, "draft", 2)
            self.task(cw, case_id, first_org.name, rng.choice((-3, 0, 5)))
            return
        w.at(opened_ago - 3)
        cases.change_status(cw, case_id, CaseAction.ACTIVATE)
        self.incoming(cw, case_id, country, custody, opened_ago)
        # Consent to share: general, per organisation, or missing (referrals then stay drafts).
        sharing = rng.choices(("general", "specific", "none"), (5, 4, 1))[0]
        sharing_ids = []
        if sharing == "general":
            sharing_ids.append(
                self.consent(
                    cw, case_id, opened_ago - 3, ConsentPurpose.INFORMATION_SHARING, guardian
                )
            )
        for _ in range(rng.randint(2, 5)):
            self.note(cw, case_id, rng.randint(1, opened_ago - 4), alias, town, first_org.name)
        for _ in range(rng.randint(1, 2)):
            self.observation(cw, case_id, rng.randint(1, opened_ago - 4))
        count = rng.randint(1, 3)
        start = opened_ago - 10
        last_org = first_org
        for _ in range(count):
            override = False
            if sharing == "none":
                # No consent to share: a draft the app will not send, or one the supervisor
                # sent with a written override (audited).
                override = not self.overridden and status is not CaseStatus.CLOSED
                self.overridden = self.overridden or override
                outcome = "sent" if override else "draft"
            elif status is CaseStatus.CLOSED:
                outcome = rng.choice(TERMINAL_OUTCOMES)
            elif self.referral_turn < len(REFERRAL_OUTCOMES):
                outcome = REFERRAL_OUTCOMES[self.referral_turn]
                self.referral_turn += 1
            else:
                outcome = rng.choice(REFERRAL_OUTCOMES)
            service = rng.choice(content.SERVICE_MIX)
            org = rng.choice(w.targets(country, service))
            if sharing == "specific":
                sharing_ids.append(
                    self.consent(
                        cw,
                        case_id,
                        opened_ago - 3,
                        ConsentPurpose.INFORMATION_SHARING,
                        guardian,
                        org.id,
                    )
                )
            rereferred = outcome == "declined_rereferred"
            rid, last_org = self.referral(
                cw,
                case_id,
                country,
                "declined:no_capacity" if rereferred else outcome,
                start,
                service,
                org,
                override,
            )
            if rereferred:
                others = [o for o in w.targets(country, service) if o.id != org.id] or [org]
                other = rng.choice(others)
                if sharing == "specific":
                    self.consent(
                        cw,
                        case_id,
                        opened_ago - 3,
                        ConsentPurpose.INFORMATION_SHARING,
                        guardian,
                        other.id,
                    )
                w.at(max(1, start - 20))
                new = referrals.re_refer(cw, rid, to_org_id=other.id)
                referrals.send_referral(cw, new)
            start = max(12, start - rng.randint(10, 40))
        if rng.random() < 0.75:
            if self.plan_turn < len(PLAN_OUTCOMES):
                outcome = PLAN_OUTCOMES[self.plan_turn]
                self.plan_turn += 1
            else:
                outcome = rng.choice(PLAN_OUTCOMES)
            self.plan(cw, case_id, country, outcome, max(45, opened_ago - 20))
        for due in rng.sample((-12, -4, 0, 3, 10, 25), rng.randint(1, 2)):
            closed = status is CaseStatus.CLOSED
            self.task(
                cw, case_id, last_org.name, due, done=closed or (due < 0 and rng.random() < 0.4)
            )
        if status is CaseStatus.ON_HOLD:
            w.at(rng.randint(2, 20))
            cases.change_status(
                cw, case_id, CaseAction.HOLD, comment=w.t(rng.choice(content.HOLD_COMMENTS))
            )
        elif status is CaseStatus.CLOSED:
            w.at(rng.randint(1, 10))
            if reason is CloseReason.CONSENT_WITHDRAWN:
                for consent_id in sharing_ids:
                    consents.withdraw_consent(cw, consent_id)
            comment = w.t(
                content.CLOSE_OTHER if reason is CloseReason.OTHER else (content.CLOSE_COMMENT)
            )
            cases.change_status(
                w.supervisor, case_id, CaseAction.CLOSE, close_reason=reason, comment=comment
            )
        elif not self.reopened and rng.random() < 0.3:
            # One case closed and reopened, so the history shows a reopening.
            self.reopened = True
            w.at(6)
            cases.change_status(
                w.supervisor,
                case_id,
                CaseAction.CLOSE,
                close_reason=CloseReason.RELOCATED,
                comment=w.t(content.CLOSE_COMMENT),
            )
            w.at(2)
            cases.change_status(
                w.supervisor, case_id, CaseAction.REOPEN, comment=w.t(content.REOPEN_COMMENT)
            )

    # --- the exercise cases ----------------------------------------------------------------------

    def exercise_case(self, case: exercises.ExerciseCase) -> int:
        """The fixed case an exercise names: same alias, country and history for every seed."""
        w = self.w
        cw = w.caseworkers[0]
        # Always opened the same number of days before the workshop today (so its history is
        # valid on every day of the year), before any other case of its country: reference
        # CC-YYYY-0001 of the year it was opened in.
        opened_ago = exercises.EXERCISE_OPENED_AGO
        fixed = random.Random(f"exercise:{case.key}")
        saved, self.rng = self.rng, fixed
        try:
            category, custody = (ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED)
            if case is exercises.OVERDUE:
                category, custody = ClientCategory.RELEASED_OFFENDER, CustodyStatus.ON_PROBATION
            case_id, town = self.create_case(
                cw, case.alias, case.country, opened_ago, category, custody, False
            )
            self.consent(cw, case_id, opened_ago, ConsentPurpose.DATA_PROCESSING, "")
            w.at(opened_ago)
            cases.change_status(cw, case_id, CaseAction.ACTIVATE)
            orgs = w.orgs[case.country]
            org = orgs[case.organisation] if case.organisation is not None else orgs[2]
            self.note(cw, case_id, opened_ago, case.alias, town, org.name, NoteKind.CONTACT)
            self.note(cw, case_id, opened_ago // 2, case.alias, town, org.name, NoteKind.HOME_VISIT)
            if case is not exercises.CONSENT:
                self.consent(cw, case_id, opened_ago, ConsentPurpose.INFORMATION_SHARING, "")
            if case is exercises.CONSENT:
                self.referral(cw, case_id, case.country, "draft", 1, org=org)
            elif case is exercises.DECLINE:
                self.referral(cw, case_id, case.country, "sent", 2, org=org)
            elif case is exercises.REREFER:
                self.referral(
                    cw, case_id, case.country, "declined:no_capacity", opened_ago, org=org
                )
            elif case is exercises.OVERDUE:
                self.referral(cw, case_id, case.country, "sent_overdue", opened_ago, org=org)
            elif case is exercises.PLAN:
                w.at(opened_ago // 2)
                plan_id = plans.create_plan(cw, case_id)
                self._goals(cw, plan_id, case.country, 2)
            elif case is exercises.PRINT:
                self.plan(cw, case_id, case.country, "approved", opened_ago, domains=4)
            return case_id
        finally:
            self.rng = saved


# --- entry point -------------------------------------------------------------------------------


def generate(
    folder: Path | str,
    cases: int = 60,
    seed: int = 1,
    progress: Progress | None = None,
    *,
    language: str | None = None,
    today: dt.date | None = None,
    bulk: bool | None = None,
    snapshot: bool = True,
    policy: KdfPolicy | None = None,
) -> WorkshopInfo:
    """Create a workshop vault in `folder` (new or empty) and return its training accounts.

    `bulk` None chooses by size (over BULK_THRESHOLD cases); `snapshot` keeps the pristine copy
    that `reset_workshop` restores. Raises VaultExists for a folder that is not empty.
    """
    from casework.workshop import bulk as bulk_load
    from casework.workshop.reset import save_pristine

    started = time.perf_counter()
    lang = language or current_language()
    today = today or dt.date.today()
    use_bulk = cases > BULK_THRESHOLD if bulk is None else bulk
    target = Path(folder)
    if target.exists() and (is_vault(target) or any(target.iterdir())):
        raise VaultExists()
    # All or nothing: the vault is made in a hidden folder beside the target and renamed into
    # place once complete, so a failure (or a crash) never leaves a half-made vault behind.
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.making-", dir=target.parent))
    info = WorkshopInfo(
        target,
        [(a.name, a.password, a.roles) for a in ACCOUNTS],
        "",
        seed,
        cases,
        today,
        lang,
        use_bulk,
    )
    try:
        info.recovery_key = _fill(work, info, progress, policy, snapshot, bulk_load, save_pristine)
        trainer.save_settings(
            work, trainer.TrainerSettings(data_language=lang, seed=seed, cases=cases)
        )
        if target.exists():
            target.rmdir()  # empty (checked above)
        os.rename(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    info.seconds["total"] = time.perf_counter() - started
    return info


def _fill(
    work: Path,
    info: WorkshopInfo,
    progress: Progress | None,
    policy: KdfPolicy | None,
    snapshot: bool,
    bulk_load: object,
    save_pristine: Callable[[Vault], Path],
) -> str:
    """Make the vault in `work`, fill it and snapshot it; returns the recovery key."""
    started = time.perf_counter()
    lang, today, seed, cases = info.language, info.today, info.seed, info.cases
    rng = random.Random(seed)
    admin = ACCOUNTS[0]
    tr = translator(lang)
    vault, recovery = Vault.create(
        work,
        organisation=tr.gettext(content.VAULT_ORGANISATION),
        admin_username=admin.name,
        admin_password=admin.password,
        admin_display_name=tr.gettext(admin.display_name),
        language=lang,
        policy=policy,
    )
    try:
        _relax_durability(vault)
        _mark(vault, seed, today, lang, cases)
        clock = Clock(today)
        contexts = _users(vault, lang, clock)
        info.seconds["accounts"] = time.perf_counter() - started
        world = World(
            vault,
            today,
            lang,
            clock,
            contexts["admin"],
            contexts["supervisor"],
            [contexts["caseworker1"], contexts["caseworker2"]],
        )
        mark = time.perf_counter()
        _directory(world, rng)
        stories = Stories(world, rng)
        fixed = exercises.EXERCISE_CASES[: max(0, min(cases, len(exercises.EXERCISE_CASES)))]
        for case in fixed:
            stories.exercise_case(case)
        info.seconds["directory"] = time.perf_counter() - mark
        mark = time.perf_counter()
        rest = cases - len(fixed)
        if info.bulk:
            bulk_load.load(world, rng, rest, len(fixed), progress, info)  # type: ignore[attr-defined]
        else:
            for i in range(rest):
                stories.random_case(i)
                if progress is not None:
                    progress(len(fixed) + i + 1, cases)
        info.seconds["cases"] = time.perf_counter() - mark
        info.counts.update(count_rows(vault))
        activity.mark_baseline(vault)
        if snapshot:
            mark = time.perf_counter()
            if info.bulk:  # a copy of a large vault is too big: reset makes it again
                from casework.workshop.reset import save_recipe

                save_recipe(work, seed, cases, today, lang)
            else:
                save_pristine(vault)
            info.seconds["snapshot"] = time.perf_counter() - mark
    finally:
        vault.close()
    return recovery


def count_rows(vault: Vault) -> dict[str, int]:
    from sqlalchemy import func

    from casework.model import Consent, Note, RiskObservation, Task

    with vault.session() as s:
        return {
            name: s.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("cases", Case),
                ("notes", Note),
                ("referrals", Referral),
                ("plans", Plan),
                ("consents", Consent),
                ("tasks", Task),
                ("observations", RiskObservation),
            )
        }


def digest(vault: Vault) -> str:
    """A fingerprint of what a seed decides (aliases, references, states), for comparisons."""
    h = hashlib.sha256()
    with vault.session() as s:
        for row in s.execute(
            select(Case.reference, Case.alias, Case.status, Case.close_reason).order_by(Case.id)
        ):
            h.update(repr(tuple(row)).encode())
        for row in s.execute(
            select(Referral.case_id, Referral.state, Referral.service_type).order_by(Referral.id)
        ):
            h.update(repr(tuple(row)).encode())
        for row in s.execute(select(Plan.case_id, Plan.version, Plan.state).order_by(Plan.id)):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def is_workshop(vault: Vault) -> bool:
    """Whether this vault holds workshop (fictional) data."""
    return vault.meta(WORKSHOP_KEY) == "1"


def exercise_texts_for(vault: Vault, lang: str | None = None) -> list[exercises.ExerciseText]:
    """The exercises as they apply to this vault (its year and data language)."""
    day = vault.meta("workshop_today")
    year = exercises.opening_year(dt.date.fromisoformat(day)) if day else None
    return exercises.exercise_texts(
        lang, year=year, data_lang=vault.meta("workshop_language") or None
    )
