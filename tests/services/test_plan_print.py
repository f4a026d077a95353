"""The printed plan's single read (plan_print) against the services the plan screens use: the
same goals, actions, partners, strengths, valid sharing consents and coming reviews."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import NotFound, PermissionDenied
from casework.model.enums import (
    ActionStatus,
    ClientCategory,
    Confidence,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    Direction,
    GoalTerm,
    InfoScope,
    LifeDomain,
    OrgType,
    RiskDomain,
    ServiceType,
)
from casework.services import cases, consents, directory, documents, plans, risk
from casework.services.audit import AuditQuery, list_events
from casework.services.cases import CaseInput
from casework.services.plan_print import read_plan

NOW = dt.datetime(2026, 3, 4, 10, 15)


def _org(office, name: str) -> int:
    return directory.create_organisation(
        office.supervisor,
        directory.OrganisationInput(
            name=name,
            org_type=OrgType.VOCATIONAL_TRAINING,
            country="BF",
            services=(directory.ServiceOffer(ServiceType.VOCATIONAL_TRAINING),),
        ),
    )


@pytest.fixture
def rich_case(office):
    """A case with two plan versions, goals in several domains, actions with and without an
    organisation, strengths and risks, consents valid, expired, withdrawn and for another
    purpose, and review dates past and to come."""
    cw = office.caseworker
    today = dt.date.today()
    case_id = cases.create_case(
        cw,
        CaseInput(
            "Umm Hawa",
            ClientCategory.FAMILY_MEMBER,
            CustodyStatus.RETURNED,
            "BF",
            legal_name="Aminata Ouédraogo",
        ),
    )
    training, clinic = _org(office, "Centre Espérance"), _org(office, "Clinique Ambulante")
    first = plans.create_plan(cw, case_id, "Version one.")
    plans.add_goal(
        cw, first, plans.GoalInput(LifeDomain.PHYSICAL_HEALTH, "Old goal", term=GoalTerm.SHORT)
    )
    plans.submit_plan(cw, first)
    plans.approve_plan(office.supervisor, first)
    plan_id = plans.new_version(cw, case_id)
    domains = [LifeDomain.EMPLOYMENT, LifeDomain.PHYSICAL_HEALTH, LifeDomain.EMPLOYMENT]
    for i, domain in enumerate(domains):
        goal = plans.add_goal(
            cw,
            plan_id,
            plans.GoalInput(domain, f"Goal {i}", need=f"Need {i}", term=GoalTerm.LONG),
        )
        plans.add_action(
            cw,
            goal,
            plans.ActionInput(
                f"Action {i}a",
                responsible_org_id=clinic if i == 1 else training,
                responsible_person="Mme Diallo" if i == 0 else "",
                due_on=today + dt.timedelta(days=10 * (i + 1)),
                status=ActionStatus.PLANNED,
            ),
        )
        plans.add_action(cw, goal, plans.ActionInput(f"Action {i}b"))
    plans.add_review_date(cw, plan_id, today + dt.timedelta(days=40))
    plans.add_review_date(cw, plan_id, today + dt.timedelta(days=90))
    for direction, evidence, days in (
        (Direction.STRENGTH, "Supportive aunt", 20),
        (Direction.CONCERN, "Debts", 10),
        (Direction.STRENGTH, "Finished school", 5),
    ):
        risk.add_observation(
            cw,
            case_id,
            risk.ObservationInput(
                RiskDomain.FAMILY if days == 20 else RiskDomain.EDUCATION,
                direction,
                evidence,
                today - dt.timedelta(days=days),
                Confidence.MEDIUM,
            ),
        )
    share = ConsentPurpose.INFORMATION_SHARING
    for org, scope, expires in (
        (training, {InfoScope.IDENTITY, InfoScope.CONTACT}, None),
        (clinic, {InfoScope.HEALTH}, today + dt.timedelta(days=60)),
    ):
        consents.record_consent(
            cw,
            case_id,
            consents.ConsentInput(
                share,
                today - dt.timedelta(days=3),
                ConsentMethod.SIGNED_FORM,
                scope=frozenset(scope),
                recipient_org_id=org,
                expires_on=expires,
            ),
        )
    withdrawn = consents.record_consent(
        cw,
        case_id,
        consents.ConsentInput(
            share, today, ConsentMethod.SIGNED_FORM, scope=frozenset({InfoScope.LEGAL})
        ),
    )
    consents.withdraw_consent(cw, withdrawn, today)
    return case_id


def _expected(office, case_id: int, version_id: int) -> dict:
    """What the plan screens' services say the paper should show."""
    cw = office.caseworker
    plan = plans.get_plan(cw, version_id)
    today = dt.date.today()
    return {
        "version": plan.version,
        "goals": [
            (
                g.domain,
                g.goal,
                g.need,
                [
                    (
                        a.description,
                        " — ".join(x for x in (a.responsible_org_name, a.responsible_person) if x),
                        a.due_on,
                    )  # noqa: E501
                    for a in g.actions
                ],
            )
            for g in plan.goals
        ],
        "partners": sorted({a.responsible_org_name for g in plan.goals for a in g.actions} - {""}),
        "strengths": [
            (o.domain, o.evidence)
            for o in risk.list_observations(cw, case_id)
            if o.direction is Direction.STRENGTH
        ],
        "consents": [
            (c.recipient_name, tuple(sorted(c.scope)), c.expires_on)
            for c in consents.list_consents(cw, case_id, valid_only=True)
            if c.purpose is ConsentPurpose.INFORMATION_SHARING
        ],
        "reviews": [r.scheduled_on for r in plan.review_dates if r.scheduled_on >= today],
    }


def _actual(doc) -> dict:  # noqa: ANN001
    return {
        "version": doc.version,
        "goals": [
            (
                g.domain,
                g.goal,
                g.need,
                [(a.description, a.responsible, a.due_on) for a in g.actions],
            )
            for g in doc.goals
        ],
        "partners": list(doc.partner_organisations),
        "strengths": [(f.domain, f.text) for f in doc.protective_factors],
        "consents": [(c.recipient, c.scope, c.valid_until) for c in doc.consents],
        "reviews": list(doc.review_dates),
    }


def test_the_single_read_prints_what_the_plan_services_show(office, rich_case):
    case_id = rich_case
    versions = plans.plan_versions(office.caseworker, case_id)
    printed = read_plan(office.caseworker, case_id, None, include_legal_name=False, printed_at=NOW)
    expected = _expected(office, case_id, versions[0].id)
    assert _actual(printed.doc) == expected
    assert len(expected["goals"]) >= 3 and len(expected["consents"]) == 2
    assert expected["strengths"] == [
        (RiskDomain.EDUCATION, "Finished school"),
        (RiskDomain.FAMILY, "Supportive aunt"),
    ]
    assert len(expected["reviews"]) == 2
    assert expected["partners"] == ["Centre Espérance", "Clinique Ambulante"]
    doc = printed.doc
    assert (doc.alias, doc.legal_name) == ("Umm Hawa", None)
    assert doc.caseworker == office.caseworker.actor.display_name
    assert doc.printed_at == NOW and doc.printed_by == office.caseworker.actor.display_name
    assert doc.supervisor == "" and doc.approved_on is None  # the new version: not approved
    assert printed.version == 2 and not printed.workshop

    old = read_plan(office.supervisor, case_id, 1, include_legal_name=True, printed_at=NOW)
    assert _actual(old.doc) == _expected(office, case_id, versions[1].id)
    assert old.doc.supervisor == office.supervisor.actor.display_name
    assert old.doc.approved_on == dt.date.today()
    assert old.doc.legal_name == "Aminata Ouédraogo"


def test_refusals_are_those_of_the_separate_reads(office, rich_case):
    case_id = rich_case
    with pytest.raises(NotFound):
        read_plan(office.caseworker, case_id, 7, include_legal_name=False, printed_at=NOW)
    with pytest.raises(PermissionDenied):
        read_plan(office.other_caseworker, case_id, None, include_legal_name=False, printed_at=NOW)
    with pytest.raises(PermissionDenied):
        documents.plan_document(office.other_caseworker, case_id, "en", include_legal_name=True)
    empty = cases.create_case(
        office.caseworker,
        CaseInput("No Plan", ClientCategory.FAMILY_MEMBER, CustodyStatus.RETURNED, "BF"),
    )
    with pytest.raises(NotFound):
        documents.plan_document(office.caseworker, empty, "en")
    # Nothing refused or missing was printed.
    rows, _ = list_events(office.supervisor, AuditQuery(action_prefix="document.printed"))
    assert rows == []
