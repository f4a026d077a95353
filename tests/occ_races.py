"""Two people editing the same record, for every kind of record people edit in a form.

Shared by the vault tests (tests/services/test_concurrency.py: two logins, two connections)
and the server tests (tests/server/test_concurrency_on_server.py: two login roles on
PostgreSQL). Each race: both load the record, the first saves, the second's save over the
version it loaded is refused with the first's name, time and values (nothing overwritten),
then the second overwrites deliberately with the version the refusal carried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from casework.errors import ConcurrentEditError
from casework.model.enums import (
    ClientCategory,
    Confidence,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    Direction,
    LifeDomain,
    OrgType,
    RiskDomain,
    ServiceType,
)
from casework.services import cases, consents, directory, pathways, plans, referrals, risk, tasks
from casework.services.context import ServiceContext

Load = Callable[[ServiceContext], int]  # the version a form would remember
Save = Callable[[ServiceContext, str, int | None], None]  # save `text` over a version
Read = Callable[[ServiceContext], str]  # the saved text, as anyone reopening it sees it


@dataclass
class Race:
    field: str  # the service's field name carrying the text
    load: Load
    save: Save
    read: Read


def new_case(ctx: ServiceContext, alias: str = "Aïcha") -> int:
    return cases.create_case(
        ctx,
        cases.CaseInput(
            alias=alias,
            category=ClientCategory.RETURNEE_FTF,
            custody_status=CustodyStatus.RETURNED,
            country="KE",
        ),
    )


def new_org(ctx: ServiceContext, name: str = "Mercy Clinic") -> int:
    return directory.create_organisation(
        ctx,
        directory.OrganisationInput(
            name=name,
            org_type=OrgType.HEALTH,
            country="KE",
            services=(directory.ServiceOffer(ServiceType.MENTAL_HEALTH),),
        ),
    )


def case_race(worker: ServiceContext, _manager: ServiceContext) -> Race:
    case_id = new_case(worker)

    def save(ctx: ServiceContext, text: str, version: int | None) -> None:
        data = replace(cases.get_case(ctx, case_id).data, other_aliases=text)
        cases.update_case(ctx, case_id, data, expected_version=version)

    return Race(
        "other_aliases",
        lambda ctx: cases.get_case(ctx, case_id).row_version,
        save,
        lambda ctx: cases.get_case(ctx, case_id).data.other_aliases,
    )


def _plan(worker: ServiceContext) -> tuple[int, int]:
    plan_id = plans.create_plan(worker, new_case(worker))
    goal_id = plans.add_goal(worker, plan_id, plans.GoalInput(LifeDomain.HOUSING, "A room"))
    return plan_id, goal_id


def aspirations_race(worker: ServiceContext, _manager: ServiceContext) -> Race:
    plan_id, _goal = _plan(worker)
    return Race(
        "aspirations",
        lambda ctx: plans.get_plan(ctx, plan_id).row_version,
        lambda ctx, text, v: plans.update_aspirations(ctx, plan_id, text, expected_version=v),
        lambda ctx: plans.get_plan(ctx, plan_id).aspirations,
    )


def goal_race(worker: ServiceContext, _manager: ServiceContext) -> Race:
    plan_id, goal_id = _plan(worker)

    def goal(ctx: ServiceContext) -> plans.GoalRow:
        return next(g for g in plans.get_plan(ctx, plan_id).goals if g.id == goal_id)

    def save(ctx: ServiceContext, text: str, version: int | None) -> None:
        data = plans.GoalInput(LifeDomain.HOUSING, text)
        plans.update_goal(ctx, goal_id, data, expected_version=version)

    return Race("goal", lambda ctx: goal(ctx).row_version, save, lambda ctx: goal(ctx).goal)


def action_race(worker: ServiceContext, _manager: ServiceContext) -> Race:
    plan_id, goal_id = _plan(worker)
    action_id = plans.add_action(worker, goal_id, plans.ActionInput("Visit the landlord"))

    def action(ctx: ServiceContext) -> plans.ActionRow:
        goals = plans.get_plan(ctx, plan_id).goals
        return next(a for g in goals for a in g.actions if a.id == action_id)

    def save(ctx: ServiceContext, text: str, version: int | None) -> None:
        plans.update_action(ctx, action_id, plans.ActionInput(text), expected_version=version)

    return Race(
        "description", lambda ctx: action(ctx).row_version, save,
        lambda ctx: action(ctx).description,
    )  # fmt: skip


def referral_race(worker: ServiceContext, manager: ServiceContext) -> Race:
    org = new_org(manager)
    case_id = new_case(worker)
    referral_id = referrals.create_referral(
        worker, case_id, referrals.ReferralInput(ServiceType.MENTAL_HEALTH, org)
    )

    def save(ctx: ServiceContext, text: str, version: int | None) -> None:
        data = referrals.ReferralInput(ServiceType.MENTAL_HEALTH, org, None, text)
        referrals.update_draft(ctx, referral_id, data, expected_version=version)

    return Race(
        "purpose",
        lambda ctx: referrals.get_referral(ctx, referral_id).row_version,
        save,
        lambda ctx: referrals.get_referral(ctx, referral_id).purpose,
    )


def organisation_race(_worker: ServiceContext, manager: ServiceContext) -> Race:
    org = new_org(manager)

    def save(ctx: ServiceContext, text: str, version: int | None) -> None:
        data = replace(directory.get_organisation(ctx, org).data, notes=text)
        directory.update_organisation(ctx, org, data, expected_version=version)

    return Race(
        "notes",
        lambda ctx: directory.get_organisation(ctx, org).row_version,
        save,
        lambda ctx: directory.get_organisation(ctx, org).data.notes,
    )


def pathway_race(_worker: ServiceContext, manager: ServiceContext) -> Race:
    pathway = pathways.create_pathway(
        manager, pathways.PathwayInput("Kenya returnees", "KE"), [pathways.StageInput("Intake")]
    )

    def save(ctx: ServiceContext, text: str, version: int | None) -> None:
        data = replace(pathways.get_pathway(ctx, pathway).data, description=text)
        pathways.update_pathway(ctx, pathway, data, expected_version=version)

    return Race(
        "description",
        lambda ctx: pathways.get_pathway(ctx, pathway).row_version,
        save,
        lambda ctx: pathways.get_pathway(ctx, pathway).data.description,
    )


def stage_race(_worker: ServiceContext, manager: ServiceContext) -> Race:
    pathway = pathways.create_pathway(
        manager, pathways.PathwayInput("Kenya returnees", "KE"), [pathways.StageInput("Intake")]
    )

    def stage(ctx: ServiceContext) -> pathways.StageRow:
        return pathways.get_pathway(ctx, pathway).stages[0]

    def save(ctx: ServiceContext, text: str, version: int | None) -> None:
        pathways.update_stage(ctx, stage(ctx).id, pathways.StageInput(text),
                               expected_version=version)  # fmt: skip

    return Race("name", lambda ctx: stage(ctx).row_version, save, lambda ctx: stage(ctx).name)


def task_race(worker: ServiceContext, _manager: ServiceContext) -> Race:
    case_id = new_case(worker)
    due = worker.today() + dt.timedelta(days=3)
    task_id = tasks.create_task(worker, case_id, tasks.TaskInput("Call the family", due))

    def task(ctx: ServiceContext) -> tasks.TaskRow:
        return next(t for t in tasks.case_tasks(ctx, case_id) if t.id == task_id)

    def save(ctx: ServiceContext, text: str, version: int | None) -> None:
        data = tasks.TaskInput(text, due, task(ctx).assignee_id)
        tasks.update_task(ctx, task_id, data, expected_version=version)

    return Race("title", lambda ctx: task(ctx).row_version, save, lambda ctx: task(ctx).title)


def observation_race(worker: ServiceContext, _manager: ServiceContext) -> Race:
    case_id = new_case(worker)
    day = worker.today()

    def data(text: str) -> risk.ObservationInput:
        return risk.ObservationInput(
            RiskDomain.HOUSING, Direction.STRENGTH, text, day, Confidence.MEDIUM
        )

    obs = risk.add_observation(worker, case_id, data("Stable room"))

    def row(ctx: ServiceContext) -> risk.ObservationRow:
        return next(o for o in risk.list_observations(ctx, case_id) if o.id == obs)

    return Race(
        "evidence",
        lambda ctx: row(ctx).row_version,
        lambda ctx, text, v: risk.update_observation(ctx, obs, data(text), expected_version=v),
        lambda ctx: row(ctx).evidence,
    )


RACES = {
    "case profile": case_race,
    "plan aspirations": aspirations_race,
    "plan goal": goal_race,
    "goal action": action_race,
    "referral draft": referral_race,
    "directory entry": organisation_race,
    "pathway": pathway_race,
    "pathway stage": stage_race,
    "task": task_race,
    "risk observation": observation_race,
}


def run_race(race: Race, first: ServiceContext, second: ServiceContext) -> None:
    """Both load; the first saves; the second is refused, then overwrites deliberately."""
    seen_first, seen_second = race.load(first), race.load(second)
    assert seen_first == seen_second
    race.save(first, "first's words", seen_first)
    with pytest.raises(ConcurrentEditError) as refused:
        race.save(second, "second's words", seen_second)
    error = refused.value
    assert error.name == first.actor.display_name
    assert error.at is not None
    assert error.theirs[race.field] == "first's words"
    assert error.version == race.load(second) > seen_second
    assert f"Changed by {first.actor.display_name} at" in str(error)
    assert race.read(second) == "first's words"  # nothing overwritten
    race.save(second, "second's words", error.version)  # deliberately, over theirs
    assert race.read(first) == "second's words"
    # A write that passes no version still bumps it: the first's old form is now stale too.
    with pytest.raises(ConcurrentEditError):
        race.save(first, "first again", seen_first)


def withdraw_consent_race(first: ServiceContext, second: ServiceContext, case_id: int) -> None:
    consent = consents.record_consent(
        first,
        case_id,
        consents.ConsentInput(
            ConsentPurpose.DATA_PROCESSING, first.today(), ConsentMethod.SIGNED_FORM
        ),
    )
    version = consents.list_consents(second, case_id)[0].row_version
    consents.withdraw_consent(first, consent, expected_version=version)
    with pytest.raises(ConcurrentEditError) as refused:
        consents.withdraw_consent(second, consent, expected_version=version)
    assert refused.value.theirs["withdrawn_on"] == first.today()
