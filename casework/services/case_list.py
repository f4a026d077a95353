"""The case list: the cases a user may see, filtered, searched, sorted and paged in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from casework.errors import ValidationError
from casework.i18n import N_
from casework.model import Case, PathwayStage, Referral, Task, User
from casework.model.enums import CaseStatus, ClientCategory, ReferralState, Subregion
from casework.services.cases import reference_order
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.store.search import case_ids_matching, count_case_matches


@dataclass(frozen=True)
class CaseRow:
    id: int
    reference: str
    alias: str
    status: CaseStatus
    category: ClientCategory
    subregion: Subregion
    country: str
    caseworker_name: str
    stage_name: str
    overdue: bool
    updated_at: dt.datetime


SORT_INDEXES = {
    "alias": "ix_cases_alias",
    "status": "ix_cases_status",
    "category": "ix_cases_category",
    "country": "ix_cases_country",
    "updated_at": "ix_cases_updated_at",
}


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    status: CaseStatus | None = None
    subregion: Subregion | None = None
    country: str | None = None
    category: ClientCategory | None = None
    caseworker_id: int | None = None
    overdue_only: bool = False
    sort: str = "updated_at"
    descending: bool = True
    offset: int = 0
    limit: int = 200


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    total: int
    total_is_lower_bound: bool = False  # "at least `total`": counting every match costs too much


# Counting every match of a one-letter-prefix search over 50,000 cases costs more than the
# search itself; past this many the list says "2,000+".
COUNT_CAP = 2000


# --- lists ---------------------------------------------------------------------------------------


def overdue_condition(today: dt.date):  # noqa: ANN201 - a SQL expression
    """A case is overdue when one of its referrals or open tasks is late."""
    late_referral = exists().where(
        Referral.case_id == Case.id,
        or_(
            and_(Referral.state == ReferralState.SENT, Referral.due_on < today),
            and_(
                Referral.state == ReferralState.ACCEPTED,
                func.coalesce(Referral.expected_end_on, Referral.follow_up_on) < today,
            ),
        ),
    )
    late_task = exists().where(Task.case_id == Case.id, Task.done_on.is_(None), Task.due_on < today)
    return or_(late_referral, late_task)


def list_cases(ctx: ServiceContext, query: CaseQuery) -> CasePage:
    """One page of the cases this user may see, filtered and sorted in SQL."""
    ctx.require(Permission.VIEW_ASSIGNED_CASES, Permission.VIEW_ALL_CASES)
    today = ctx.today()
    worker = aliased(User)
    stage = aliased(PathwayStage)
    overdue = overdue_condition(today)
    conditions = []
    if not ctx.can_see_all_cases():
        conditions.append(Case.caseworker_id == ctx.actor.user_id)
    match = case_ids_matching(query.text, include_restricted=True) if query.text.strip() else None
    searching = match is not None
    if match is not None:
        conditions.append(match)
    if query.status is not None:
        conditions.append(Case.status == query.status)
    if query.subregion is not None:
        conditions.append(Case.subregion == query.subregion)
    if query.country:
        conditions.append(Case.country == query.country)
    if query.category is not None:
        conditions.append(Case.category == query.category)
    if query.caseworker_id is not None:
        conditions.append(Case.caseworker_id == query.caseworker_id)
    if query.overdue_only:
        conditions.append(overdue)
    sort_columns = {
        "reference": reference_order(),
        "alias": Case.alias,
        "status": Case.status,
        "category": Case.category,
        "country": Case.country,
        "caseworker": worker.display_name,
        "updated_at": Case.updated_at,
    }
    if query.sort not in sort_columns:
        raise ValidationError({"sort": N_("This column cannot be sorted.")})
    order = sort_columns[query.sort]
    order = order.desc() if query.descending else order.asc()
    tiebreak = Case.id.desc() if query.descending else Case.id.asc()
    with ctx.read() as s:
        if searching and len(conditions) == 1:
            # Only the search: the FTS index counts its own matches without touching cases.
            total, capped = count_case_matches(s, query.text, include_restricted=True), False
        else:
            total, capped = _count(s, conditions, searching)
        # Two steps: the page's ids (a narrow, index-friendly query), then the columns of just
        # those rows. Computing the overdue flag for every match before sorting was the cost.
        ids = select(Case.id)
        if query.sort == "caseworker":
            ids = ids.outerjoin(worker, worker.id == Case.caseworker_id)
        ids = (
            ids.where(*conditions)
            .order_by(order, tiebreak)
            .offset(max(0, query.offset))
            .limit(max(1, min(query.limit, 1000)))
        )
        if searching and ctx.can_see_all_cases() and query.sort in SORT_INDEXES:
            # A broad search matches most of the vault: walking the sort column's index and
            # stopping after one page beats sorting every match (SQLite picks the other way).
            ids = ids.with_hint(Case, f"INDEXED BY {SORT_INDEXES[query.sort]}", "sqlite")
        page_ids = list(s.scalars(ids))
        stmt = (
            select(
                Case.id,
                Case.reference,
                Case.alias,
                Case.status,
                Case.category,
                Case.subregion,
                Case.country,
                func.coalesce(worker.display_name, ""),
                func.coalesce(stage.name, ""),
                overdue,
                Case.updated_at,
            )
            .outerjoin(worker, worker.id == Case.caseworker_id)
            .outerjoin(stage, stage.id == Case.current_stage_id)
            .where(Case.id.in_(page_ids))
        )
        by_id = {row[0]: CaseRow(*row) for row in s.execute(stmt)}
        rows = [by_id[i] for i in page_ids if i in by_id]
    return CasePage(rows, total, capped)


def _count(s: Session, conditions: list[Any], searching: bool) -> tuple[int, bool]:
    """The number of matching cases, capped at COUNT_CAP when a text search is involved."""
    if not searching:
        return s.scalar(select(func.count(Case.id)).where(*conditions)) or 0, False
    capped = select(Case.id).where(*conditions).limit(COUNT_CAP + 1).subquery()
    n = s.scalar(select(func.count()).select_from(capped)) or 0
    return min(n, COUNT_CAP), n > COUNT_CAP
