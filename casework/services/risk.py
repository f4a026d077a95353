"""Risk and protective factors, generic and non-proprietary (DOMAIN.md).

Observations (a concern or a strength in a domain, with evidence, source, confidence and change
since the last review), dated professional judgements written as a narrative (with an optional
second reviewer and the client's own response), and licensed assessments done elsewhere stored
as metadata only. Deliberately no scores, totals, item lists or automatic labels: nothing here
adds observations up, and nothing reproduces a licensed instrument.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select

from casework.errors import ValidationError
from casework.i18n import N_
from casework.model import (
    ExternalAssessment,
    RiskObservation,
    User,
)
from casework.model.enums import Change, Confidence, Direction, RiskDomain
from casework.services import concurrency
from casework.services.context import ServiceContext
from casework.services.judgements import JudgementInput as JudgementInput  # re-exported
from casework.services.judgements import JudgementRow as JudgementRow  # re-exported
from casework.services.judgements import add_judgement as add_judgement  # re-exported
from casework.services.judgements import list_judgements as list_judgements  # re-exported
from casework.services.judgements import not_future as _not_future
from casework.services.judgements import (  # re-exported
    record_client_response as record_client_response,
)
from casework.services.judgements import (  # re-exported
    set_second_reviewer as set_second_reviewer,
)
from casework.services.judgements import (  # re-exported
    sign_off_judgement as sign_off_judgement,
)


@dataclass(frozen=True)
class ObservationInput:
    domain: RiskDomain
    direction: Direction
    evidence: str
    observed_on: dt.date
    confidence: Confidence
    source: str = ""
    change: Change = Change.NEW


@dataclass(frozen=True)
class ObservationRow:
    id: int
    case_id: int
    domain: RiskDomain
    direction: Direction
    evidence: str
    source: str
    observed_on: dt.date
    confidence: Confidence
    change: Change
    recorded_by_name: str
    row_version: int = 1  # passed back as expected_version by the observation form


@dataclass(frozen=True)
class AssessmentInput:
    tool: str
    assessed_on: dt.date
    assessing_body: str
    reported_level: str = ""
    document_reference: str = ""


@dataclass(frozen=True)
class AssessmentRow:
    id: int
    case_id: int
    tool: str
    assessed_on: dt.date
    assessing_body: str
    reported_level: str
    document_reference: str


# --- observations --------------------------------------------------------------------------------


def _check_observation(data: ObservationInput, today: dt.date) -> ObservationInput:
    data = replace(data, evidence=data.evidence.strip(), source=data.source.strip())
    errors: dict[str, str] = {}
    if not data.evidence:
        errors["evidence"] = N_("Describe what was observed and how you know it.")
    _not_future(data.observed_on, today, "observed_on", errors)
    if errors:
        raise ValidationError(errors)
    return data


def add_observation(ctx: ServiceContext, case_id: int, data: ObservationInput) -> int:
    data = _check_observation(data, ctx.today())
    with ctx.write() as uow:
        case = ctx.case_for_write(uow.session, case_id)
        row = RiskObservation(
            case_id=case.id,
            domain=data.domain,
            direction=data.direction,
            evidence=data.evidence,
            source=data.source,
            observed_on=data.observed_on,
            confidence=data.confidence,
            change=data.change,
            recorded_by_id=ctx.actor.user_id,
        )
        uow.session.add(row)
        uow.session.flush()
        uow.audit(
            "observation.added",
            "observation",
            row.id,
            case=case.id,
            domain=data.domain.value,
            direction=data.direction.value,
        )
        return row.id


_OBSERVATION_FIELDS = ("domain", "direction", "evidence", "source", "observed_on", "confidence")


def update_observation(
    ctx: ServiceContext,
    observation_id: int,
    data: ObservationInput,
    expected_version: int | None = None,
) -> None:
    data = _check_observation(data, ctx.today())
    with ctx.write() as uow:
        row = uow.session.get(RiskObservation, observation_id)
        if row is None:
            raise ctx.missing(uow.session, RiskObservation, observation_id)
        case = ctx.case_for_write(uow.session, row.case_id)
        fields = (*_OBSERVATION_FIELDS, "change")
        concurrency.check(uow.session, row, expected_version, fields, "observation")
        changed = []
        for name in _OBSERVATION_FIELDS:
            if getattr(row, name) != getattr(data, name):
                setattr(row, name, getattr(data, name))
                changed.append(name)
        if row.change != data.change:
            row.change = data.change
            changed.append("change")
        if changed:
            uow.audit("observation.updated", "observation", row.id, case=case.id, fields=changed)


def list_observations(
    ctx: ServiceContext,
    case_id: int,
    *,
    domain: RiskDomain | None = None,
    direction: Direction | None = None,
) -> list[ObservationRow]:
    """Observations newest first; never summed, scored or labelled."""
    conditions = [RiskObservation.case_id == case_id]
    if domain is not None:
        conditions.append(RiskObservation.domain == domain)
    if direction is not None:
        conditions.append(RiskObservation.direction == direction)
    with ctx.read() as s:
        ctx.case_for_read(s, case_id)
        stmt = (
            select(RiskObservation, User.display_name)
            .outerjoin(User, User.id == RiskObservation.recorded_by_id)
            .where(*conditions)
            .order_by(RiskObservation.observed_on.desc(), RiskObservation.id.desc())
        )
        return [
            ObservationRow(
                o.id,
                o.case_id,
                o.domain,
                o.direction,
                o.evidence,
                o.source,
                o.observed_on,
                o.confidence,
                o.change,
                who or "",
                o.row_version,
            )
            for o, who in s.execute(stmt)
        ]


# --- external assessments (metadata only) --------------------------------------------------------


def add_external_assessment(ctx: ServiceContext, case_id: int, data: AssessmentInput) -> int:
    """Record that a licensed assessment was done elsewhere: tool, date, body, reported level
    and where the document is kept. Never its items, codings or scores."""
    data = replace(
        data,
        tool=data.tool.strip(),
        assessing_body=data.assessing_body.strip(),
        reported_level=data.reported_level.strip(),
        document_reference=data.document_reference.strip(),
    )
    errors: dict[str, str] = {}
    if not data.tool:
        errors["tool"] = N_("Name the assessment tool.")
    if not data.assessing_body:
        errors["assessing_body"] = N_("Name the body that made the assessment.")
    if len(data.reported_level) > 120:
        errors["reported_level"] = N_("Record the reported level only, not the assessment itself.")
    _not_future(data.assessed_on, ctx.today(), "assessed_on", errors)
    if errors:
        raise ValidationError(errors)
    with ctx.write() as uow:
        case = ctx.case_for_write(uow.session, case_id)
        row = ExternalAssessment(
            case_id=case.id,
            tool=data.tool,
            assessed_on=data.assessed_on,
            assessing_body=data.assessing_body,
            reported_level=data.reported_level,
            document_reference=data.document_reference,
        )
        uow.session.add(row)
        uow.session.flush()
        uow.audit("assessment.added", "assessment", row.id, case=case.id)
        return row.id


def list_external_assessments(ctx: ServiceContext, case_id: int) -> list[AssessmentRow]:
    with ctx.read() as s:
        ctx.case_for_read(s, case_id)
        stmt = (
            select(ExternalAssessment)
            .where(ExternalAssessment.case_id == case_id)
            .order_by(ExternalAssessment.assessed_on.desc(), ExternalAssessment.id.desc())
        )
        return [
            AssessmentRow(
                a.id,
                a.case_id,
                a.tool,
                a.assessed_on,
                a.assessing_body,
                a.reported_level,
                a.document_reference,
            )
            for a in s.scalars(stmt)
        ]
