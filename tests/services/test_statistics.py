"""Aggregated statistics: counts that match what the services made, small cells suppressed,
nothing about one person, refused to caseworkers and administrators, audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from casework.errors import PermissionDenied, ValidationError
from casework.model import AuditEvent
from casework.model.enums import (
    CaseStatus,
    ClientCategory,
    CustodyStatus,
    DeclineReason,
    GoalStatus,
    LifeDomain,
    OrgType,
    PlanState,
    ReferralState,
    Role,
    ServiceType,
    Subregion,
)
from casework.services import cases, directory, plans, referrals, statistics, tasks, users
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationInput
from casework.services.referrals import ReferralInput
from casework.store.vault import Vault

TODAY = dt.date.today()
ME_PASSWORD = "harbour tulip marches slowly"
ALIASES = [f"Zephyrin Alias{i}" for i in range(6)] + ["Solitary Malian"]
LEGAL = "Legalname Quixote"


def at(ctx: ServiceContext, day: dt.date) -> ServiceContext:
    return ServiceContext(ctx.vault, ctx.actor, today=lambda: day)


def me_officer(office) -> ServiceContext:  # noqa: ANN001
    users.create_user(office.admin, "mona", "Mona M&E", {Role.ME_OFFICER}, ME_PASSWORD)
    vault = Vault.open(office.folder, "mona", ME_PASSWORD, verify_pages=False)
    office.vaults.append(vault)
    return ServiceContext.for_vault(vault)


@dataclass
class Stats:
    office: object
    me: ServiceContext
    kenya: list[int]
    mali: int
    references: list[str]

    @property
    def supervisor(self) -> ServiceContext:
        return self.office.supervisor  # type: ignore[attr-defined]


def build(office) -> Stats:  # noqa: ANN001
    """Six cases in Kenya, one in Mali; 12 referrals (6 sent, 5 declined, 1 accepted); plans and
    goals for every case; five overdue tasks."""
    cw, sup = office.caseworker, office.supervisor
    past = at(cw, TODAY - dt.timedelta(days=10))

    def new_case(alias: str, country: str, category: ClientCategory) -> int:
        data = CaseInput(alias, category, CustodyStatus.RELEASED, country, legal_name=LEGAL)
        return cases.create_case(cw, data)

    kenya = [
        new_case(
            a, "KE", ClientCategory.RELEASED_OFFENDER if i < 5 else ClientCategory.FAMILY_MEMBER
        )
        for i, a in enumerate(ALIASES[:6])
    ]
    mali = new_case(ALIASES[6], "ML", ClientCategory.DISENGAGED)
    clinic = directory.create_organisation(
        sup, OrganisationInput("Nairobi Clinic", OrgType.HEALTH, country="KE")
    )
    sent: list[int] = []
    for case_id in kenya * 2:
        rid = referrals.create_referral(
            cw, case_id, ReferralInput(ServiceType.MENTAL_HEALTH, clinic, None, "Care")
        )
        referrals.send_referral(sup, rid, override_reason="Test without consents")
        sent.append(rid)
    for rid in sent[:5]:
        referrals.decline_referral(cw, rid, DeclineReason.NO_CAPACITY)
    referrals.accept_referral(cw, sent[5])
    for case_id in [*kenya, mali]:
        plan_id = plans.create_plan(cw, case_id, "In my own words")
        domain = LifeDomain.EDUCATION if case_id == mali else LifeDomain.HOUSING
        plans.add_goal(cw, plan_id, plans.GoalInput(domain, "A goal"))
    for case_id in kenya[:5]:
        tasks.create_task(past, case_id, tasks.TaskInput("Call", TODAY - dt.timedelta(days=5)))
    references = [cases.get_case(sup, c).reference for c in [*kenya, mali]]
    return Stats(office, me_officer(office), kenya, mali, references)


@pytest.fixture
def stats(office) -> Stats:  # noqa: ANN001
    return build(office)


def counts(rows) -> dict:  # noqa: ANN001
    return {row.key: row.count for row in rows}


def test_counts_match_what_the_services_made(stats: Stats):
    result = statistics.overview(at(stats.me, TODAY + dt.timedelta(days=30)))
    assert result.cases_total == 7
    assert counts(result.cases_by_status) == {
        CaseStatus.INTAKE: 7,
        CaseStatus.ACTIVE: 0,
        CaseStatus.ON_HOLD: 0,
        CaseStatus.CLOSED: 0,
    }
    by_category = counts(result.cases_by_category)
    assert by_category[ClientCategory.RELEASED_OFFENDER] == 5
    assert by_category[ClientCategory.FAMILY_MEMBER] is None  # one: "< 5"
    assert by_category[ClientCategory.DISENGAGED] is None
    assert by_category[ClientCategory.RETURNEE_FTF] == 0
    assert counts(result.cases_by_subregion) == {
        Subregion.SAHEL_MAGHREB: None,
        Subregion.GREATER_HORN: 6,
        Subregion.SOUTHEAST_ASIA: 0,
    }
    assert [(a.country, a.count) for a in result.cases_by_country] == [("ML", None), ("KE", 6)]
    assert result.referrals_total == 12
    by_state = counts(result.referrals_by_state)
    assert by_state[ReferralState.SENT] == 6
    assert by_state[ReferralState.DECLINED] == 5
    assert by_state[ReferralState.ACCEPTED] is None
    assert by_state[ReferralState.DRAFT] == 0
    assert counts(result.referrals_by_service)[ServiceType.MENTAL_HEALTH] == 12
    assert result.referrals_overdue == 6  # sent, due in 14 days, viewed 30 days on
    assert result.referrals_answered == 6
    assert result.median_days_to_answer is not None and result.median_days_to_answer >= 0
    assert result.plans_total == 7
    assert counts(result.plans_by_state)[PlanState.DRAFT] == 7
    assert result.goals_total == 7
    housing = next(d for d in result.goals_by_domain if d.domain is LifeDomain.HOUSING)
    assert housing.total == 6 and counts(housing.by_status)[GoalStatus.NOT_STARTED] == 6
    education = next(d for d in result.goals_by_domain if d.domain is LifeDomain.EDUCATION)
    assert education.total is None
    assert result.tasks_overdue == 5


def test_filters_and_small_cells(stats: Stats):
    mali = statistics.overview(stats.me, country="ML")
    assert mali.cases_total is None  # one case: never shown as 1
    assert [(a.country, a.count) for a in mali.cases_by_country] == [("ML", None)]
    assert counts(mali.cases_by_subregion) == {Subregion.SAHEL_MAGHREB: None}
    assert mali.referrals_total == 0 and mali.median_days_to_answer is None
    horn = statistics.overview(stats.me, subregion=Subregion.GREATER_HORN)
    assert horn.cases_total == 6 and horn.tasks_overdue == 5
    assert statistics.overview(stats.me, since=TODAY + dt.timedelta(days=1)).cases_total == 0
    assert statistics.overview(stats.me, since=TODAY).cases_total == 7
    with pytest.raises(ValidationError):
        statistics.overview(stats.me, subregion=Subregion.SOUTHEAST_ASIA, country="KE")
    with pytest.raises(ValidationError):
        statistics.overview(stats.me, country="FR")
    # Fewer than five answered: no median (it would be one person's answer time).
    assert statistics.overview(stats.me, country="ML").referrals_answered == 0


def test_nothing_about_one_person_in_the_result_or_the_csv(stats: Stats):
    text = repr(statistics.overview(stats.me)) + statistics.export_csv(stats.me)
    for secret in [*ALIASES, LEGAL, *stats.references, "Nairobi Clinic", "Carl"]:
        assert secret not in text
    for value in ("count=1)", "count=2)", "count=3)", "count=4)"):
        assert value not in text


def test_csv_has_the_same_aggregates_with_small_cells_suppressed(stats: Stats):
    rows = list(csv.reader(io.StringIO(statistics.export_csv(stats.supervisor))))
    assert rows[0] == ["section", "group", "item", "count"]
    table = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert table[("cases", "", "total")] == "7"
    assert table[("cases_by_country", "greater_horn", "KE")] == "6"
    assert table[("cases_by_country", "sahel_maghreb", "ML")] == "< 5"
    assert table[("referrals_by_state", "", "declined")] == "5"
    assert table[("referrals_by_state", "", "accepted")] == "< 5"
    assert table[("goals_by_domain", "housing", "not_started")] == "6"
    assert table[("tasks", "", "open_overdue")] == "5"
    for count in table.values():
        assert count not in {"1", "2", "3", "4"}


def test_caseworkers_and_administrators_are_refused(stats: Stats):
    office = stats.office
    for ctx in (office.caseworker, office.admin):  # type: ignore[attr-defined]
        with pytest.raises(PermissionDenied):
            statistics.overview(ctx)
        with pytest.raises(PermissionDenied):
            statistics.export_csv(ctx)
    assert statistics.overview(stats.supervisor).cases_total == 7


def test_viewing_and_exporting_are_audited_without_details(stats: Stats):
    statistics.overview(stats.me, country="KE")
    statistics.export_csv(stats.me)
    with stats.me.vault.session() as s:
        events = list(
            s.scalars(select(AuditEvent).where(AuditEvent.action.startswith("statistics.")))
        )
    assert [(e.action, e.actor_name, e.details) for e in events] == [
        ("statistics.viewed", "mona", "{}"),
        ("statistics.exported", "mona", "{}"),
    ]
