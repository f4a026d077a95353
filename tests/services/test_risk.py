"""Risk and protective factors through the services: observations, judgements, metadata."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from casework.errors import PermissionDenied, ValidationError
from casework.model import AuditEvent
from casework.model.enums import (
    Change,
    ClientCategory,
    Confidence,
    CustodyStatus,
    Direction,
    RiskDomain,
)
from casework.services import cases, risk
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.risk import AssessmentInput, JudgementInput, ObservationInput

TODAY = dt.date(2026, 3, 10)


def _audit_count(ctx) -> int:
    """Events other than refusals (a refused call writes its refusal and nothing else)."""
    with ctx.vault.session() as s:
        return s.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action != "access.refused")
        )


@pytest.fixture
def cw(office) -> ServiceContext:
    return ServiceContext(office.caseworker.vault, office.caseworker.actor, lambda: TODAY)


@pytest.fixture
def case_id(cw) -> int:
    return cases.create_case(
        cw,
        CaseInput(
            alias="Abu Layla",
            category=ClientCategory.RELEASED_OFFENDER,
            custody_status=CustodyStatus.ON_PROBATION,
            country="PH",
        ),
    )


def test_observations_list_and_filter_without_scores(cw, case_id):
    first = risk.add_observation(
        cw,
        case_id,
        ObservationInput(
            RiskDomain.GROUP_TIES,
            Direction.CONCERN,
            "Visited by former associates",
            dt.date(2026, 2, 1),
            Confidence.MEDIUM,
            source="Neighbour",
        ),
    )
    risk.add_observation(
        cw,
        case_id,
        ObservationInput(
            RiskDomain.EMPLOYMENT, Direction.STRENGTH, "Steady job", TODAY, Confidence.HIGH
        ),
    )
    rows = risk.list_observations(cw, case_id)
    assert [r.domain for r in rows] == [RiskDomain.EMPLOYMENT, RiskDomain.GROUP_TIES]
    assert rows[0].recorded_by_name == "Carl Caseworker"
    concerns = risk.list_observations(cw, case_id, direction=Direction.CONCERN)
    assert [r.id for r in concerns] == [first]
    risk.update_observation(
        cw,
        first,
        ObservationInput(
            RiskDomain.GROUP_TIES,
            Direction.CONCERN,
            "Contacts have stopped",
            TODAY,
            Confidence.MEDIUM,
            change=Change.IMPROVED,
        ),
    )
    assert risk.list_observations(cw, case_id, domain=RiskDomain.GROUP_TIES)[0].change is (
        Change.IMPROVED
    )
    # The read model has no score, total or label field at all.
    names = {f.name for f in dataclasses.fields(risk.ObservationRow)}
    assert not names & {"score", "total", "level", "label"}
    with pytest.raises(ValidationError) as err:
        risk.add_observation(
            cw,
            case_id,
            ObservationInput(
                RiskDomain.SAFETY, Direction.CONCERN, " ", dt.date(2026, 4, 1), Confidence.LOW
            ),
        )
    assert set(err.value.fields) == {"evidence", "observed_on"}


def test_judgement_with_second_reviewer_and_client_response(office, cw, case_id):
    sup_id = office.supervisor.actor.user_id
    with pytest.raises(ValidationError):
        risk.add_judgement(
            cw, case_id, JudgementInput(TODAY, "x", second_reviewer_id=cw.actor.user_id)
        )
    jid = risk.add_judgement(
        cw, case_id, JudgementInput(TODAY, "Engaged and stable", second_reviewer_id=sup_id)
    )
    risk.record_client_response(cw, jid, "I agree, I want to keep my job")
    [row] = risk.list_judgements(office.supervisor, case_id)
    assert row.author_name == "Carl Caseworker"
    assert row.second_reviewer_name == "Sara Supervisor"
    assert row.client_response == "I agree, I want to keep my job"
    risk.set_second_reviewer(cw, jid, None)
    assert risk.list_judgements(cw, case_id)[0].second_reviewer_name == ""


def test_external_assessment_metadata_only(cw, case_id):
    risk.add_external_assessment(
        cw,
        case_id,
        AssessmentInput(
            "Licensed tool", dt.date(2026, 1, 15), "Prison service", "moderate", "Ref 12"
        ),
    )
    with pytest.raises(ValidationError) as err:
        risk.add_external_assessment(
            cw, case_id, AssessmentInput("", TODAY, "", reported_level="x" * 200)
        )
    assert set(err.value.fields) == {"tool", "assessing_body", "reported_level"}
    [row] = risk.list_external_assessments(cw, case_id)
    assert (row.tool, row.reported_level, row.document_reference) == (
        "Licensed tool",
        "moderate",
        "Ref 12",
    )


def test_other_caseworker_and_admin_refused(office, cw, case_id):
    before = _audit_count(cw)
    obs = ObservationInput(RiskDomain.SAFETY, Direction.CONCERN, "x", TODAY, Confidence.LOW)
    for ctx in (office.other_caseworker, office.admin):
        with pytest.raises(PermissionDenied):
            risk.add_observation(ctx, case_id, obs)
        with pytest.raises(PermissionDenied):
            risk.list_observations(ctx, case_id)
        with pytest.raises(PermissionDenied):
            risk.add_judgement(ctx, case_id, JudgementInput(TODAY, "x"))
        with pytest.raises(PermissionDenied):
            risk.list_external_assessments(ctx, case_id)
    assert _audit_count(cw) == before
