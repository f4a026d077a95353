"""Cases: create, read (audited), edit, lifecycle steps.

Listing and searching cases is `casework.services.case_list`; assignment and transfer is
`casework.services.handovers`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from casework.errors import NotFound, TransitionRefused, ValidationError
from casework.i18n import N_
from casework.model import (
    RESTRICTED_CASE_FIELDS,
    Case,
    Pathway,
    PathwayStage,
    User,
)
from casework.model.enums import (
    CaseAction,
    CaseStatus,
    ClientCategory,
    CloseReason,
    CustodyStatus,
    Role,
    Subregion,
)
from casework.model.geography import COUNTRIES, subregion_of  # noqa: F401 - re-exported
from casework.model.lifecycle import case_next
from casework.services import concurrency, limits
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.services.retention import is_anonymised
from casework.store import backends
from casework.store.sort_keys import ReferenceOrder

T = TypeVar("T")


@dataclass(frozen=True)
class CaseInput:
    """What a caseworker types into the case form."""

    alias: str
    category: ClientCategory
    custody_status: CustodyStatus
    country: str
    locality: str = ""
    other_aliases: str = ""
    caseworker_id: int | None = None
    pathway_id: int | None = None
    current_stage_id: int | None = None
    is_minor: bool = False
    guardian_name: str = ""
    best_interests_note: str = ""
    release_date: dt.date | None = None
    legal_name: str = ""
    date_of_birth: dt.date | None = None
    national_id: str = ""
    address: str = ""
    phone: str = ""
    offence_details: str = ""
    sentence_details: str = ""


@dataclass(frozen=True)
class CaseDetail:
    id: int
    reference: str
    status: CaseStatus
    subregion: Subregion
    caseworker_name: str
    pathway_name: str
    stage_name: str
    close_reason: CloseReason | None
    status_comment: str
    opened_on: dt.date
    closed_on: dt.date | None
    updated_at: dt.datetime
    restricted_visible: bool
    data: CaseInput  # restricted fields blank when not visible
    row_version: int = 1  # what the form passes back as expected_version (optimistic concurrency)


# --- validation --------------------------------------------------------------------------------


def _validate(data: CaseInput) -> CaseInput:
    data = replace(
        data,
        alias=data.alias.strip(),
        country=data.country.strip().upper(),
        locality=data.locality.strip(),
        legal_name=data.legal_name.strip(),
    )
    limits.check({f.name: getattr(data, f.name) for f in fields(data)})
    errors: dict[str, str] = {}
    if not data.alias:
        errors["alias"] = N_("Enter an alias or display name.")
    if data.category is None:
        errors["category"] = N_("Choose the client's category.")
    if data.custody_status is None:
        errors["custody_status"] = N_("Choose the custody status.")
    if subregion_of(data.country) is None:
        errors["country"] = N_("Choose a country.")
    if data.date_of_birth and data.date_of_birth > dt.date.today():
        errors["date_of_birth"] = N_("The date of birth cannot be in the future.")
    minor_category = data.category is ClientCategory.CHILD
    if (data.is_minor or minor_category) and not data.guardian_name.strip():
        errors["guardian_name"] = N_("A minor needs a guardian recorded.")
    if errors:
        raise ValidationError(errors)
    return replace(data, is_minor=data.is_minor or minor_category)


def check_caseworker(session: Session, user_id: int | None) -> None:
    if user_id is None:
        return
    user = session.get(User, user_id)
    if user is None or not user.active or not ({Role.CASEWORKER, Role.SUPERVISOR} & user.role_set):
        raise ValidationError({"caseworker_id": N_("Choose an active caseworker.")})


def _next_reference(session: Session, country: str, year: int) -> str:
    """`KE-2026-0042`: at least four digits, more past 9,999 (`KE-2026-10000`). The highest
    number is taken as a number, not as text ("9999" > "10000" as text)."""
    prefix = f"{country}-{year}-"
    if backends.is_postgresql(session.connection()):
        # Row-level security hides colleagues' cases: the server numbers across all of them.
        last = backends.last_case_number(session, prefix)
    else:
        last = session.scalar(
            select(func.max(cast(func.substr(Case.reference, len(prefix) + 1), Integer))).where(
                Case.reference.like(prefix + "%")
            )
        )
    number = int(last) + 1 if last else 1
    return f"{prefix}{number:04d}"


def reference_order() -> Any:
    """A sort key for references that puts `KE-2026-9999` before `KE-2026-10000`: the
    country-year prefix, then the number padded to twelve digits (SQL, for ORDER BY; on SQLite
    an expression index serves it, store/sort_keys.py)."""
    return ReferenceOrder(Case.reference)


def reference_key(reference: str) -> str:
    """`reference_order()` computed in Python, for a keyset cursor: the prefix, then the number
    padded to twelve digits (SQLite's CAST reads the leading digits, 0 when there are none)."""
    digits = ""
    for ch in reference[8:].lstrip():
        if not ch.isdigit():
            break
        digits += ch
    return f"{reference[:8]}{int(digits or 0):012d}"


# --- create / read / update ----------------------------------------------------------------------


def create_case(ctx: ServiceContext, data: CaseInput) -> int:
    ctx.require(Permission.EDIT_CASE_RECORDS)
    data = _validate(data)
    if data.caseworker_id is None or not ctx.actor.can(Permission.ASSIGN_CASES):
        data = replace(data, caseworker_id=ctx.actor.user_id)
    with ctx.write() as uow:
        s = uow.session
        check_caseworker(s, data.caseworker_id)
        today = ctx.today()
        stamp = ctx.now()
        case = Case(
            created_at=stamp,
            updated_at=stamp,
            reference=_next_reference(s, data.country, today.year),
            subregion=subregion_of(data.country),
            status=CaseStatus.INTAKE,
            opened_on=today,
            **{f.name: getattr(data, f.name) for f in fields(CaseInput)},
        )
        if case.pathway_id and not case.current_stage_id:
            first = s.scalar(
                select(PathwayStage.id)
                .where(PathwayStage.pathway_id == case.pathway_id)
                .order_by(PathwayStage.position)
            )
            case.current_stage_id = first
        s.add(case)
        s.flush()
        uow.audit("case.created", "case", case.id)
        return case.id


def _detail(ctx: ServiceContext, s: Session, case: Case) -> CaseDetail:
    visible = ctx.may_see_restricted(case)
    data = CaseInput(**{f.name: getattr(case, f.name) for f in fields(CaseInput)})
    if not visible:
        data = replace(
            data,
            **{name: (None if name == "date_of_birth" else "") for name in RESTRICTED_CASE_FIELDS},
        )
    worker = s.get(User, case.caseworker_id) if case.caseworker_id else None
    pathway = s.get(Pathway, case.pathway_id) if case.pathway_id else None
    stage = s.get(PathwayStage, case.current_stage_id) if case.current_stage_id else None
    return CaseDetail(
        id=case.id,
        reference=case.reference,
        status=case.status,
        subregion=case.subregion,
        caseworker_name=worker.display_name if worker else "",
        pathway_name=pathway.name if pathway else "",
        stage_name=stage.name if stage else "",
        close_reason=case.close_reason,
        status_comment=case.status_comment,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        updated_at=case.updated_at,
        restricted_visible=visible,
        data=data,
        row_version=case.row_version,
    )


def open_case(ctx: ServiceContext, case_id: int) -> CaseDetail:
    """Open a case record: permission-checked and audited (DOMAIN.md, "Audit")."""
    return open_case_with(ctx, case_id, lambda _s, _case: None)[0]


def open_case_with(
    ctx: ServiceContext, case_id: int, more: Callable[[Session, Case], T]
) -> tuple[CaseDetail, T]:
    """`open_case`, and `more(session, case)` read in the same transaction (what a case
    workspace's header shows: services/case_open.py). The open is audited before either is
    returned."""
    detail, extra = read_for_open(ctx, case_id, more)
    audit_open(ctx, case_id)
    return detail, extra


def read_for_open(
    ctx: ServiceContext, case_id: int, more: Callable[[Session, Case], T]
) -> tuple[CaseDetail, T]:
    """The first half of `open_case_with`: the case permission-checked and read, NOT yet
    audited. The caller must call `audit_open` and show nothing of it before that returned
    (the case screen builds the workspace's widgets, unshown, while the audit commits)."""
    with ctx.read() as s:
        case = ctx.case_for_read(s, case_id)
        return _detail(ctx, s, case), more(s, case)


def audit_open(ctx: ServiceContext, case_id: int) -> None:
    """The second half: the open audited (committed, or queued behind the page check)."""
    ctx.record_read("case.opened", "case", case_id)


def get_case(ctx: ServiceContext, case_id: int) -> CaseDetail:
    """Re-read a case already opened (after an edit); not audited again."""
    with ctx.read() as s:
        return _detail(ctx, s, ctx.case_for_read(s, case_id))


def update_case(
    ctx: ServiceContext, case_id: int, data: CaseInput, expected_version: int | None = None
) -> None:
    """Save the case form; refused with `ConcurrentEditError` when the case changed since the
    form loaded `expected_version` (the colleague's values then carry only what the user may
    see)."""
    data = _validate(data)
    with ctx.write() as uow:
        case = ctx.case_for_write(uow.session, case_id)
        visible = ctx.may_see_restricted(case)
        shown = [f.name for f in fields(CaseInput)
                 if visible or f.name not in RESTRICTED_CASE_FIELDS]  # fmt: skip
        concurrency.check(uow.session, case, expected_version, shown, "case")
        changed: list[str] = []
        for f in fields(CaseInput):
            if f.name == "caseworker_id":
                continue  # assignment is its own step (supervisors only)
            if f.name in RESTRICTED_CASE_FIELDS and not visible:
                continue
            new = getattr(data, f.name)
            if getattr(case, f.name) != new:
                setattr(case, f.name, new)
                changed.append(f.name)
        case.subregion = subregion_of(case.country) or case.subregion
        if changed:
            case.updated_at = ctx.now()
            uow.audit("case.updated", "case", case.id, fields=changed)


def change_status(
    ctx: ServiceContext,
    case_id: int,
    action: CaseAction,
    *,
    close_reason: CloseReason | None = None,
    comment: str = "",
) -> CaseStatus:
    if action in (CaseAction.CLOSE, CaseAction.REOPEN):
        ctx.require(Permission.CLOSE_REOPEN_CASES)
    with ctx.write() as uow:
        case = ctx.case_for_write(uow.session, case_id)
        if action is CaseAction.REOPEN and is_anonymised(uow.session, case.id):
            raise TransitionRefused(N_("This case was anonymised: it cannot be reopened."))
        new = case_next(case.status, action, close_reason=close_reason, comment=comment)
        case.status = new
        case.status_comment = comment.strip()
        if action is CaseAction.CLOSE:
            case.close_reason = close_reason
            case.closed_on = ctx.today()
        elif action is CaseAction.REOPEN:
            case.close_reason = None
            case.closed_on = None
        case.updated_at = ctx.now()
        uow.audit(
            f"case.{action.value}",
            "case",
            case.id,
            status=new.value,
            close_reason=close_reason.value if close_reason else None,
        )
        return new


def set_stage(ctx: ServiceContext, case_id: int, stage_id: int) -> None:
    with ctx.write() as uow:
        case = ctx.case_for_write(uow.session, case_id)
        stage = uow.session.get(PathwayStage, stage_id)
        if stage is None or (case.pathway_id and stage.pathway_id != case.pathway_id):
            raise ValidationError({"stage": N_("Choose a stage of the case's pathway.")})
        case.pathway_id = stage.pathway_id
        case.current_stage_id = stage.id
        uow.audit("case.stage_changed", "case", case.id, stage=stage.id)


def case_reference(ctx: ServiceContext, reference: str) -> int:
    """The id of the case with this reference, if this user may see it."""
    with ctx.read() as s:
        case_id = s.scalar(select(Case.id).where(Case.reference == reference.strip().upper()))
        if case_id is None:
            raise NotFound()
        ctx.case_for_read(s, case_id)  # refuses a case this user may not open
        return case_id
