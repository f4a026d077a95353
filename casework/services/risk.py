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
from sqlalchemy.orm import Session, aliased

from casework.errors import NotFound, ValidationError
from casework.i18n import N_
from casework.model import ExternalAssessment, ProfessionalJudgement, RiskObservation, User
from casework.model.enums import Change, Confidence, Direction, RiskDomain, Role
from casework.services.context import ServiceContext


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


@dataclass(frozen=True)
class JudgementInput:
    made_on: dt.date
    narrative: str
    second_reviewer_id: int | None = None
    client_response: str = ""


@dataclass(frozen=True)
class JudgementRow:
    id: int
    case_id: int
    made_on: dt.date
    narrative: str
    author_name: str
    second_reviewer_id: int | None
    second_reviewer_name: str
    client_response: str


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


def _not_future(day: dt.date, today: dt.date, name: str, errors: dict[str, str]) -> None:
    if day > today:
        errors[name] = N_("This date cannot be in the future.")


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


def update_observation(ctx: ServiceContext, observation_id: int, data: ObservationInput) -> None:
    data = _check_observation(data, ctx.today())
    with ctx.write() as uow:
        row = uow.session.get(RiskObservation, observation_id)
        if row is None:
            raise NotFound()
        case = ctx.case_for_write(uow.session, row.case_id)
        changed = []
        for name in ("domain", "direction", "evidence", "source", "observed_on", "confidence"):
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
            )
            for o, who in s.execute(stmt)
        ]


# --- professional judgements ---------------------------------------------------------------------


def _check_reviewer(s: Session, reviewer_id: int | None, author_id: int | None) -> None:
    if reviewer_id is None:
        return
    user = s.get(User, reviewer_id)
    if (
        user is None
        or not user.active
        or user.id == author_id
        or not ({Role.CASEWORKER, Role.SUPERVISOR} & user.role_set)
    ):
        raise ValidationError(
            {"second_reviewer_id": N_("Choose a colleague other than the author as reviewer.")}
        )


def add_judgement(ctx: ServiceContext, case_id: int, data: JudgementInput) -> int:
    """A dated narrative judgement: the professional's own words, no computed label."""
    data = replace(
        data, narrative=data.narrative.strip(), client_response=data.client_response.strip()
    )
    errors: dict[str, str] = {}
    if not data.narrative:
        errors["narrative"] = N_("Write the judgement and what it rests on.")
    _not_future(data.made_on, ctx.today(), "made_on", errors)
    if errors:
        raise ValidationError(errors)
    with ctx.write() as uow:
        case = ctx.case_for_write(uow.session, case_id)
        _check_reviewer(uow.session, data.second_reviewer_id, ctx.actor.user_id)
        row = ProfessionalJudgement(
            case_id=case.id,
            made_on=data.made_on,
            narrative=data.narrative,
            author_id=ctx.actor.user_id,
            second_reviewer_id=data.second_reviewer_id,
            client_response=data.client_response,
        )
        uow.session.add(row)
        uow.session.flush()
        uow.audit(
            "judgement.added",
            "judgement",
            row.id,
            case=case.id,
            second_reviewer=data.second_reviewer_id,
        )
        return row.id


def set_second_reviewer(ctx: ServiceContext, judgement_id: int, reviewer_id: int | None) -> None:
    with ctx.write() as uow:
        row = uow.session.get(ProfessionalJudgement, judgement_id)
        if row is None:
            raise NotFound()
        case = ctx.case_for_write(uow.session, row.case_id)
        _check_reviewer(uow.session, reviewer_id, row.author_id)
        row.second_reviewer_id = reviewer_id
        uow.audit(
            "judgement.reviewer_set", "judgement", row.id, case=case.id, second_reviewer=reviewer_id
        )


def record_client_response(ctx: ServiceContext, judgement_id: int, response: str) -> None:
    """The client's own response to the judgement, in their words."""
    with ctx.write() as uow:
        row = uow.session.get(ProfessionalJudgement, judgement_id)
        if row is None:
            raise NotFound()
        case = ctx.case_for_write(uow.session, row.case_id)
        row.client_response = response.strip()
        uow.audit("judgement.client_response", "judgement", row.id, case=case.id)


def list_judgements(ctx: ServiceContext, case_id: int) -> list[JudgementRow]:
    author = aliased(User)
    reviewer = aliased(User)
    with ctx.read() as s:
        ctx.case_for_read(s, case_id)
        stmt = (
            select(ProfessionalJudgement, author.display_name, reviewer.display_name)
            .outerjoin(author, author.id == ProfessionalJudgement.author_id)
            .outerjoin(reviewer, reviewer.id == ProfessionalJudgement.second_reviewer_id)
            .where(ProfessionalJudgement.case_id == case_id)
            .order_by(ProfessionalJudgement.made_on.desc(), ProfessionalJudgement.id.desc())
        )
        return [
            JudgementRow(
                j.id,
                j.case_id,
                j.made_on,
                j.narrative,
                a or "",
                j.second_reviewer_id,
                r or "",
                j.client_response,
            )
            for j, a, r in s.execute(stmt)
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
