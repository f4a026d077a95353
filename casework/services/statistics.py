"""Aggregated statistics for supervisors and M&E officers: counts only, computed in SQL.

Nothing here loads a case, referral, plan or task into Python: every figure is a GROUP BY or a
COUNT, and the read model holds enum values, country codes and counts, never a name, alias,
reference or anything else about one person.

Small cells are suppressed: a count from 1 to 4 is stored as `None` (shown "< 5"), so a country
with one case does not point at that person. Zero stays 0. (Only primary suppression: a hidden
cell can still be worked out by subtracting the others from a total.)

Filters: `subregion` and `country` restrict everything to cases of that area; `since` counts
cases opened, and referrals, plans and tasks created, on or after that day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from casework.errors import ValidationError
from casework.i18n import N_
from casework.model import Case, Goal, Plan, Referral, Task
from casework.model.enums import (
    CaseStatus,
    ClientCategory,
    GoalStatus,
    LifeDomain,
    PlanState,
    ReferralState,
    ServiceType,
    Subregion,
)
from casework.model.geography import subregion_of
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.services.referrals import overdue_condition

SMALL_CELL = 5  # counts below this are shown "< 5" and kept out of the read model
SUPPRESSED = "< 5"

E = TypeVar("E", bound=StrEnum)

Count = int | None  # None: between 1 and 4, suppressed


@dataclass(frozen=True)
class CountRow:
    key: StrEnum
    count: Count


@dataclass(frozen=True)
class AreaRow:
    subregion: Subregion
    country: str  # ISO code
    count: Count


@dataclass(frozen=True)
class DomainRow:
    domain: LifeDomain
    total: Count
    by_status: tuple[CountRow, ...]  # one per GoalStatus, in declaration order


@dataclass(frozen=True)
class Overview:
    # The filters the figures answer (echoed in the export).
    subregion: Subregion | None
    country: str | None
    since: dt.date | None
    as_of: dt.date
    cases_total: Count
    cases_by_status: tuple[CountRow, ...]
    cases_by_category: tuple[CountRow, ...]
    cases_by_subregion: tuple[CountRow, ...]
    cases_by_country: tuple[AreaRow, ...]  # countries with at least one case
    referrals_total: Count
    referrals_by_state: tuple[CountRow, ...]
    referrals_by_service: tuple[CountRow, ...]
    referrals_overdue: Count
    referrals_answered: Count  # sent and then accepted or declined
    median_days_to_answer: float | None  # None when fewer than 5 were answered
    plans_total: Count
    plans_by_state: tuple[CountRow, ...]
    goals_total: Count  # goals of each case's latest plan version
    goals_by_domain: tuple[DomainRow, ...]
    tasks_overdue: Count  # open tasks past their due date


# --- suppression ---------------------------------------------------------------------------------


def suppress(n: int) -> Count:
    return None if 0 < n < SMALL_CELL else n


def _enum_rows(enum_type: type[E], raw: dict[Any, int]) -> tuple[CountRow, ...]:
    """One row per member, in declaration order, zero for the members no record has."""
    return tuple(CountRow(member, suppress(int(raw.get(member, 0)))) for member in enum_type)


# --- the queries ---------------------------------------------------------------------------------


def _grouped(s: Session, column: Any, *where: Any, join_case: bool = True, base: Any) -> dict:
    stmt = select(column, func.count()).select_from(base)
    if join_case:
        stmt = stmt.join(Case, Case.id == base.case_id)
    rows = s.execute(stmt.where(*where).group_by(column)).all()
    return {key: int(n) for key, n in rows}


def _since_start(since: dt.date) -> dt.datetime:
    return dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)


def _days_between(later: Any, earlier: Any) -> Any:
    return func.julianday(later) - func.julianday(earlier)


def _median_days_to_answer(s: Session, area: list[Any], since: list[Any]) -> tuple[int, float]:
    """(how many were answered, the median days from sent to accepted/declined), in SQL."""
    answered_at = case(
        (Referral.accepted_at.is_not(None), Referral.accepted_at),
        (Referral.state == ReferralState.DECLINED, Referral.closed_at),
        else_=None,
    )
    days = _days_between(answered_at, Referral.sent_at).label("days")
    answered = (
        select(days)
        .select_from(Referral)
        .join(Case, Case.id == Referral.case_id)
        .where(Referral.sent_at.is_not(None), answered_at.is_not(None), *area, *since)
        .subquery()
    )
    ranked = select(
        answered.c.days,
        func.row_number().over(order_by=answered.c.days).label("rn"),
        func.count().over().label("n"),
    ).subquery()
    middle = select(func.count(), func.avg(ranked.c.days)).where(
        ranked.c.rn.in_([(ranked.c.n + 1) / 2, (ranked.c.n + 2) / 2])
    )
    total = s.scalar(select(func.count()).select_from(answered)) or 0
    median = s.execute(middle).one()[1]
    return int(total), float(median or 0.0)


def _check_filters(subregion: Subregion | None, country: str | None) -> str | None:
    if country:
        country = country.strip().upper()
        region = subregion_of(country)
        if region is None:
            raise ValidationError({"country": N_("Choose a country.")})
        if subregion is not None and region is not subregion:
            raise ValidationError({"country": N_("This country is not in that subregion.")})
    return country or None


def _compute(
    ctx: ServiceContext,
    s: Session,
    subregion: Subregion | None,
    country: str | None,
    since: dt.date | None,
) -> Overview:
    today = ctx.today()
    area: list[Any] = []
    if subregion is not None:
        area.append(Case.subregion == subregion)
    if country:
        area.append(Case.country == country)
    case_since = [Case.opened_on >= since] if since else []
    ref_since = [Referral.created_at >= _since_start(since)] if since else []
    plan_since = [Plan.created_at >= _since_start(since)] if since else []
    task_since = [Task.created_at >= _since_start(since)] if since else []

    # Cases.
    by_status = _grouped(s, Case.status, *area, *case_since, join_case=False, base=Case)
    cases_total = sum(by_status.values())
    by_category = _grouped(s, Case.category, *area, *case_since, join_case=False, base=Case)
    by_subregion = _grouped(s, Case.subregion, *area, *case_since, join_case=False, base=Case)
    by_country = _grouped(s, Case.country, *area, *case_since, join_case=False, base=Case)
    area_rows = tuple(
        AreaRow(region, code, suppress(n))
        for region in Subregion
        for code, n in sorted(by_country.items())
        if subregion_of(code) is region
    )

    # Referrals.
    ref_where = [*area, *ref_since]
    by_state = _grouped(s, Referral.state, *ref_where, base=Referral)
    referrals_total = sum(by_state.values())
    by_service = _grouped(s, Referral.service_type, *ref_where, base=Referral)
    overdue = s.scalar(
        select(func.count())
        .select_from(Referral)
        .join(Case, Case.id == Referral.case_id)
        .where(overdue_condition(today), *ref_where)
    )
    answered, median = _median_days_to_answer(s, area, ref_since)

    # Plans, and the goals of each case's latest version (older versions repeat them).
    plans_by_state = _grouped(s, Plan.state, *area, *plan_since, base=Plan)
    plans_total = sum(plans_by_state.values())
    latest = (
        select(Plan.case_id, func.max(Plan.version).label("version"))
        .group_by(Plan.case_id)
        .subquery()
    )
    goal_rows = s.execute(
        select(Goal.domain, Goal.status, func.count())
        .select_from(Goal)
        .join(Plan, Plan.id == Goal.plan_id)
        .join(latest, and_(latest.c.case_id == Plan.case_id, latest.c.version == Plan.version))
        .join(Case, Case.id == Plan.case_id)
        .where(*area, *plan_since)
        .group_by(Goal.domain, Goal.status)
    ).all()
    goal_counts: dict[LifeDomain, dict[GoalStatus, int]] = {d: {} for d in LifeDomain}
    for domain, status, n in goal_rows:
        goal_counts[domain][status] = int(n)
    domain_totals = {d: sum(goal_counts[d].values()) for d in LifeDomain}
    goals_total = sum(domain_totals.values())
    goals_by_domain = tuple(
        DomainRow(d, suppress(domain_totals[d]), _enum_rows(GoalStatus, goal_counts[d]))
        for d in LifeDomain
    )

    # Tasks.
    tasks_overdue = s.scalar(
        select(func.count())
        .select_from(Task)
        .join(Case, Case.id == Task.case_id)
        .where(Task.done_on.is_(None), Task.due_on < today, *area, *task_since)
    )

    return Overview(
        subregion=subregion,
        country=country,
        since=since,
        as_of=today,
        cases_total=suppress(cases_total),
        cases_by_status=_enum_rows(CaseStatus, by_status),
        cases_by_category=_enum_rows(ClientCategory, by_category),
        cases_by_subregion=tuple(
            CountRow(r, suppress(by_subregion.get(r, 0)))
            for r in Subregion
            if (subregion or (subregion_of(country) if country else None)) in (None, r)
        ),
        cases_by_country=area_rows,
        referrals_total=suppress(referrals_total),
        referrals_by_state=_enum_rows(ReferralState, by_state),
        referrals_by_service=_enum_rows(ServiceType, by_service),
        referrals_overdue=suppress(int(overdue or 0)),
        referrals_answered=suppress(answered),
        median_days_to_answer=round(median, 1) if answered >= SMALL_CELL else None,
        plans_total=suppress(plans_total),
        plans_by_state=_enum_rows(PlanState, plans_by_state),
        goals_total=suppress(goals_total),
        goals_by_domain=goals_by_domain,
        tasks_overdue=suppress(int(tasks_overdue or 0)),
    )


def overview(
    ctx: ServiceContext,
    *,
    subregion: Subregion | None = None,
    country: str | None = None,
    since: dt.date | None = None,
) -> Overview:
    """The aggregates for the area and period asked; audited as "statistics.viewed"."""
    ctx.require(Permission.STATISTICS)
    country = _check_filters(subregion, country)
    with ctx.write() as uow:
        result = _compute(ctx, uow.session, subregion, country, since)
        uow.audit("statistics.viewed")
        return result


# --- export --------------------------------------------------------------------------------------


def shown(count: Count) -> str:
    """A count as it is shown and exported: "< 5" for a suppressed one."""
    return SUPPRESSED if count is None else str(count)


def csv_rows(result: Overview) -> Iterable[Sequence[str]]:
    """(section, group, item, count) rows with the enum values and ISO codes as keys: a file
    for a spreadsheet or another tool, the same in any interface language."""
    yield ("section", "group", "item", "count")
    yield ("filter", "", "subregion", result.subregion.value if result.subregion else "")
    yield ("filter", "", "country", result.country or "")
    yield ("filter", "", "since", result.since.isoformat() if result.since else "")
    yield ("filter", "", "as_of", result.as_of.isoformat())
    yield ("cases", "", "total", shown(result.cases_total))
    for name, rows in (
        ("cases_by_status", result.cases_by_status),
        ("cases_by_category", result.cases_by_category),
        ("cases_by_subregion", result.cases_by_subregion),
    ):
        for row in rows:
            yield (name, "", row.key.value, shown(row.count))
    for area in result.cases_by_country:
        yield ("cases_by_country", area.subregion.value, area.country, shown(area.count))
    yield ("referrals", "", "total", shown(result.referrals_total))
    for name, rows in (
        ("referrals_by_state", result.referrals_by_state),
        ("referrals_by_service", result.referrals_by_service),
    ):
        for row in rows:
            yield (name, "", row.key.value, shown(row.count))
    yield ("referrals", "", "overdue", shown(result.referrals_overdue))
    yield ("referrals", "", "answered", shown(result.referrals_answered))
    median = result.median_days_to_answer
    yield ("referrals", "", "median_days_sent_to_answer", "" if median is None else f"{median}")
    yield ("plans", "", "total", shown(result.plans_total))
    for row in result.plans_by_state:
        yield ("plans_by_state", "", row.key.value, shown(row.count))
    yield ("goals", "", "total", shown(result.goals_total))
    for domain in result.goals_by_domain:
        yield ("goals_by_domain", domain.domain.value, "total", shown(domain.total))
        for row in domain.by_status:
            yield ("goals_by_domain", domain.domain.value, row.key.value, shown(row.count))
    yield ("tasks", "", "open_overdue", shown(result.tasks_overdue))


def export_csv(
    ctx: ServiceContext,
    *,
    subregion: Subregion | None = None,
    country: str | None = None,
    since: dt.date | None = None,
) -> str:
    """The same aggregates as CSV text; audited as "statistics.exported"."""
    ctx.require(Permission.EXPORT_AGGREGATE)
    ctx.require(Permission.STATISTICS)
    country = _check_filters(subregion, country)
    with ctx.write() as uow:
        result = _compute(ctx, uow.session, subregion, country, since)
        uow.audit("statistics.exported")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(csv_rows(result))
    return out.getvalue()
