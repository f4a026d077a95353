"""Professional judgements: a dated narrative in the professional's own words (no computed
label), an optional second reviewer who signs it off themselves, and the client's response.

The second reviewer must be a colleague who may open the case; the review is their own
sign-off (their account, the date), which the author cannot remove or change afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from casework.errors import PermissionDenied, TransitionRefused, ValidationError
from casework.i18n import N_, _
from casework.model import Case, ProfessionalJudgement, Task, User
from casework.model.enums import Role
from casework.services.context import ServiceContext


def not_future(day: dt.date, today: dt.date, name: str, errors: dict[str, str]) -> None:
    if day > today:
        errors[name] = N_("This date cannot be in the future.")


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
    reviewed_by_name: str = ""  # the reviewer's own sign-off ("" until signed off)
    reviewed_at: dt.datetime | None = None
    author_id: int | None = None


# --- professional judgements ---------------------------------------------------------------------


def _check_reviewer(s: Session, reviewer_id: int | None, author_id: int | None, case: Case) -> None:
    """The reviewer must be a colleague other than the author who may open the case (a
    supervisor, or the case's own caseworker)."""
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
    if Role.SUPERVISOR not in user.role_set and case.caseworker_id != user.id:
        raise ValidationError(
            {
                "second_reviewer_id": N_(
                    "This colleague cannot open the case: choose a supervisor or the case's "
                    "caseworker as reviewer."
                )
            }
        )


def _ask_for_review(
    ctx: ServiceContext, s: Session, row: ProfessionalJudgement, reviewer_id: int | None
) -> None:
    """Put the review on the reviewer's own task list."""
    if reviewer_id is None:
        return
    s.add(
        Task(
            created_at=ctx.now(),
            case_id=row.case_id,
            title=_("Review a professional judgement and sign it off"),
            due_on=ctx.today() + dt.timedelta(days=7),
            assignee_id=reviewer_id,
            created_by_id=ctx.actor.user_id,
        )
    )


def add_judgement(ctx: ServiceContext, case_id: int, data: JudgementInput) -> int:
    """A dated narrative judgement: the professional's own words, no computed label."""
    data = replace(
        data, narrative=data.narrative.strip(), client_response=data.client_response.strip()
    )
    errors: dict[str, str] = {}
    if not data.narrative:
        errors["narrative"] = N_("Write the judgement and what it rests on.")
    not_future(data.made_on, ctx.today(), "made_on", errors)
    if errors:
        raise ValidationError(errors)
    with ctx.write() as uow:
        case = ctx.case_for_write(uow.session, case_id)
        _check_reviewer(uow.session, data.second_reviewer_id, ctx.actor.user_id, case)
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
        _ask_for_review(ctx, uow.session, row, data.second_reviewer_id)
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
            raise ctx.missing(uow.session, ProfessionalJudgement, judgement_id)
        case = ctx.case_for_write(uow.session, row.case_id)
        if row.reviewed_by_id is not None:
            raise TransitionRefused(
                N_("This judgement has been signed off by its reviewer: the review stays.")
            )
        _check_reviewer(uow.session, reviewer_id, row.author_id, case)
        row.second_reviewer_id = reviewer_id
        _ask_for_review(ctx, uow.session, row, reviewer_id)
        uow.audit(
            "judgement.reviewer_set", "judgement", row.id, case=case.id, second_reviewer=reviewer_id
        )


def sign_off_judgement(ctx: ServiceContext, judgement_id: int) -> None:
    """The second reviewer signs the judgement off themselves: their own account, today. Only
    a colleague who may open the case (and the one asked, if someone was), never the author;
    once signed off, the review cannot be removed or changed."""
    with ctx.write() as uow:
        row = uow.session.get(ProfessionalJudgement, judgement_id)
        if row is None:
            raise ctx.missing(uow.session, ProfessionalJudgement, judgement_id)
        case = ctx.case_for_write(uow.session, row.case_id)
        if row.author_id == ctx.actor.user_id:
            raise PermissionDenied(N_("The author cannot review their own judgement."))
        if row.reviewed_by_id is not None:
            raise TransitionRefused(N_("This judgement has already been signed off."))
        if row.second_reviewer_id not in (None, ctx.actor.user_id):
            raise PermissionDenied(N_("Another colleague was asked to review this judgement."))
        row.second_reviewer_id = ctx.actor.user_id
        row.reviewed_by_id = ctx.actor.user_id
        row.reviewed_at = ctx.now()
        uow.audit("judgement.signed_off", "judgement", row.id, case=case.id)


def record_client_response(ctx: ServiceContext, judgement_id: int, response: str) -> None:
    """The client's own response to the judgement, in their words."""
    with ctx.write() as uow:
        row = uow.session.get(ProfessionalJudgement, judgement_id)
        if row is None:
            raise ctx.missing(uow.session, ProfessionalJudgement, judgement_id)
        case = ctx.case_for_write(uow.session, row.case_id)
        row.client_response = response.strip()
        uow.audit("judgement.client_response", "judgement", row.id, case=case.id)


def list_judgements(ctx: ServiceContext, case_id: int) -> list[JudgementRow]:
    author = aliased(User)
    reviewer = aliased(User)
    with ctx.read() as s:
        ctx.case_for_read(s, case_id)
        signer = aliased(User)
        stmt = (
            select(
                ProfessionalJudgement,
                author.display_name,
                reviewer.display_name,
                signer.display_name,
            )
            .outerjoin(author, author.id == ProfessionalJudgement.author_id)
            .outerjoin(reviewer, reviewer.id == ProfessionalJudgement.second_reviewer_id)
            .outerjoin(signer, signer.id == ProfessionalJudgement.reviewed_by_id)
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
                reviewed_by_name=signed or "",
                reviewed_at=j.reviewed_at,
                author_id=j.author_id,
            )
            for j, a, r, signed in s.execute(stmt)
        ]
