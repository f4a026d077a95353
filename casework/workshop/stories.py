"""Whole case stories: a random case of any status, and the exercise cases."""

from __future__ import annotations

import random

from casework.model.enums import (
    CaseAction,
    CaseStatus,
    ClientCategory,
    CloseReason,
    ConsentPurpose,
    CustodyStatus,
    NoteKind,
    Subregion,
)
from casework.services import (
    cases,
    consents,
    plans,
    referrals,
)
from casework.workshop import content, exercises
from casework.workshop.names import COUNTRY_DATA, HUB_COUNTRIES
from casework.workshop.names_ar import country_data
from casework.workshop.story_plans import PlanStory
from casework.workshop.story_referrals import ReferralStory
from casework.workshop.world import initial, person, stage_index

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


class Stories(ReferralStory, PlanStory):
    """Whole case histories: random ones, and the fixed cases the exercises name."""

    # --- a whole random case -------------------------------------------------------------------

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
        pool = country_data(country, w.lang)[0]
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
        alias = exercises.case_alias(case, w.lang)
        try:
            category, custody = (ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED)
            if case is exercises.OVERDUE:
                category, custody = ClientCategory.RELEASED_OFFENDER, CustodyStatus.ON_PROBATION
            case_id, town = self.create_case(
                cw, alias, case.country, opened_ago, category, custody, False
            )
            self.consent(cw, case_id, opened_ago, ConsentPurpose.DATA_PROCESSING, "")
            w.at(opened_ago)
            cases.change_status(cw, case_id, CaseAction.ACTIVATE)
            orgs = w.orgs[case.country]
            org = orgs[case.organisation] if case.organisation is not None else orgs[2]
            self.note(cw, case_id, opened_ago, alias, town, org.name, NoteKind.CONTACT)
            self.note(cw, case_id, opened_ago // 2, alias, town, org.name, NoteKind.HOME_VISIT)
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
