"""Case stories, the common pieces: the case itself, consents, notes, observations, tasks."""

from __future__ import annotations

import datetime as dt
import random

from casework.model.enums import (
    Change,
    ClientCategory,
    Confidence,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    InfoScope,
    NoteKind,
)
from casework.services import (
    cases,
    consents,
    notes,
    risk,
    tasks,
)
from casework.services.context import ServiceContext
from casework.workshop import content
from casework.workshop.names_ar import country_data
from casework.workshop.world import SERVICE_REFERRALS_STAGE, World, fake_phone, person


class StoryBase:
    """Plays out case histories through the services, in date order, with the right actor:
    the pieces every story uses (a case, its consents, notes, observations and tasks)."""

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
        pool, towns = country_data(country, w.lang)
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
            address=f"{rng.randint(1, 120)}{w.comma}{town}",
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
        witness = " ".join(person(rng, country_data("KE", w.lang)[0])) if verbal else ""
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
