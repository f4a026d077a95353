"""The figures of the statistics overview: the read model, the SQL counts and their protection.

casework.services.statistics checks permissions, audits and exports; this module counts (GROUP
BY and COUNT only, plus the sum of record keys the cell key method needs) and applies the
disclosure control of casework.services.disclosure to every figure before anyone sees it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

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
from casework.services.disclosure import (
    SMALL_CELL,
    WITHHELD,
    KeyMixer,
    Relation,
    Withheld,
    check_remainder,
    cuts_until,
    perturb,
    protect,
    reference_end,
    snap_since,
    vault_secret,
)
from casework.services.referrals import overdue_condition
from casework.store import backends

E = TypeVar("E", bound=StrEnum)

# None: between 1 and 4, suppressed; WITHHELD: withheld so that a small count stays hidden.
Count = int | Withheld | None


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
    as_of: dt.date | None  # the end of the period shown; None: nothing can be shown yet
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


# --- raw counts and their protection -------------------------------------------------------------

Raw = tuple[int, int]  # (count, sum of the record keys of the counted rows)


class _Table:
    """Raw counts of one overview by key, then what is published for each key."""

    def __init__(self) -> None:
        self.raw: dict[tuple, Raw] = {}
        self.relations: list[Relation] = []
        self.primary: set[tuple] = set()
        self.complement: set[tuple] = set()

    def put(self, key: tuple, raw: Raw) -> tuple:
        self.raw[key] = (int(raw[0]), int(raw[1]))
        return key

    def relate(self, total: tuple, cells: list[tuple]) -> None:
        self.relations.append(Relation(total, cells))

    def protect(self) -> None:
        values = {k: n for k, (n, _ks) in self.raw.items()}
        self.primary, self.complement = protect(values, self.relations)

    def shown(self, key: tuple) -> Count:
        n, key_sum = self.raw[key]
        if key in self.primary:
            return None
        if key in self.complement:
            return WITHHELD
        return perturb(n, key_sum)


def _enum_keys(table: _Table, name: str, enum_type: type[E], raw: dict[Any, Raw]) -> list[tuple]:
    """One key per member, in declaration order, zero for the members no record has."""
    return [table.put((name, m), raw.get(m, (0, 0))) for m in enum_type]


def _total(raw: dict[Any, Raw]) -> Raw:
    return sum(n for n, _ in raw.values()), sum(k for _, k in raw.values())


# --- the queries ---------------------------------------------------------------------------------


def _grouped(
    s: Session, column: Any, *where: Any, join_case: bool = True, base: Any, mixer: KeyMixer
) -> dict[Any, Raw]:
    stmt = select(column, func.count(), mixer.key_sum(base.id)).select_from(base)
    if join_case:
        stmt = stmt.join(Case, Case.id == base.case_id)
    rows = s.execute(stmt.where(*where).group_by(column)).all()
    return {key: (int(n), int(ks)) for key, n, ks in rows}


def _counted(s: Session, base: Any, *where: Any, mixer: KeyMixer) -> Raw:
    n, ks = s.execute(
        select(func.count(), mixer.key_sum(base.id))
        .select_from(base)
        .join(Case, Case.id == base.case_id)
        .where(*where)
    ).one()
    return int(n), int(ks)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _days_between(later: Any, earlier: Any) -> Any:
    return backends.days_between(later, earlier)


def _median_days_to_answer(s: Session, where: list[Any], mixer: KeyMixer) -> tuple[int, int, float]:
    """(how many were answered, their key sum, the median days from sent to accepted/declined)."""
    answered_at = case(
        (Referral.accepted_at.is_not(None), Referral.accepted_at),
        (Referral.state == ReferralState.DECLINED, Referral.closed_at),
        else_=None,
    )
    days = _days_between(answered_at, Referral.sent_at).label("days")
    answered = (
        select(days, mixer.record_key(Referral.id).label("rk"))
        .select_from(Referral)
        .join(Case, Case.id == Referral.case_id)
        .where(Referral.sent_at.is_not(None), answered_at.is_not(None), *where)
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
    total, key_sum = s.execute(
        select(func.count(), func.coalesce(func.sum(answered.c.rk), 0))
    ).one()
    median = s.execute(middle).one()[1]
    return int(total or 0), int(key_sum or 0), float(median or 0.0)


def compute(
    ctx: ServiceContext,
    s: Session,
    subregion: Subregion | None,
    country: str | None,
    since: dt.date | None,
) -> Overview:
    secret = vault_secret(s)
    mix = {name: KeyMixer.for_table(secret, name) for name in ("cases", "ref", "plans", "goals")}
    mix["tasks"] = KeyMixer.for_table(secret, "tasks")
    area: list[Any] = []
    if subregion is not None:
        area.append(Case.subregion == subregion)
    if country:
        area.append(Case.country == country)
    cuts = cuts_until(s, reference_end(ctx.today()), area)
    # No cut yet (fewer than 5 cases in the area): nothing can be shown yet.
    as_of = cuts[-1] if cuts else dt.date(1, 1, 1)
    since = snap_since(since, cuts)
    cut = _day_start(as_of + dt.timedelta(days=1))  # records created before this count
    case_when = [Case.opened_on <= as_of, *([Case.opened_on >= since] if since else [])]
    check_remainder(s, subregion, country, case_when)
    ref_when = [Referral.created_at < cut]
    plan_when = [Plan.created_at < cut]
    task_when = [Task.created_at < cut]
    if since:
        start = _day_start(since)
        ref_when.append(Referral.created_at >= start)
        plan_when.append(Plan.created_at >= start)
        task_when.append(Task.created_at >= start)
    table = _Table()

    # Cases.
    def cases_by(column: Any) -> dict[Any, Raw]:
        return _grouped(
            s, column, *area, *case_when, join_case=False, base=Case, mixer=mix["cases"]
        )

    by_status = cases_by(Case.status)
    cases_total = table.put(("cases_total",), _total(by_status))
    status_keys = _enum_keys(table, "case_status", CaseStatus, by_status)
    category_keys = _enum_keys(table, "case_category", ClientCategory, cases_by(Case.category))
    by_subregion = cases_by(Case.subregion)
    by_country = cases_by(Case.country)
    shown_regions = [
        r
        for r in Subregion
        if (subregion or (subregion_of(country) if country else None)) in (None, r)
    ]
    region_keys = [table.put(("subregion", r), by_subregion.get(r, (0, 0))) for r in shown_regions]
    countries = [
        (region, code)
        for region in Subregion
        for code in sorted(by_country)
        if subregion_of(code) is region
    ]
    country_keys = [table.put(("country", code), by_country[code]) for _r, code in countries]
    table.relate(cases_total, status_keys)
    table.relate(cases_total, category_keys)
    table.relate(cases_total, region_keys)
    table.relate(cases_total, country_keys)
    for region in shown_regions:
        table.relate(("subregion", region), [("country", c) for r, c in countries if r is region])

    # Referrals.
    ref_where = [*area, *ref_when]
    by_state = _grouped(s, Referral.state, *ref_where, base=Referral, mixer=mix["ref"])
    referrals_total = table.put(("referrals_total",), _total(by_state))
    state_keys = _enum_keys(table, "referral_state", ReferralState, by_state)
    by_service = _grouped(s, Referral.service_type, *ref_where, base=Referral, mixer=mix["ref"])
    service_keys = _enum_keys(table, "referral_service", ServiceType, by_service)
    table.relate(referrals_total, state_keys)
    table.relate(referrals_total, service_keys)
    overdue_on = as_of + dt.timedelta(days=1)
    table.put(
        ("referrals_overdue",),
        _counted(s, Referral, overdue_condition(overdue_on), *ref_where, mixer=mix["ref"]),
    )
    answered, answered_keys, median = _median_days_to_answer(s, ref_where, mix["ref"])
    table.put(("referrals_answered",), (answered, answered_keys))

    # Plans, and the goals of each case's latest version (older versions repeat them).
    plans_by_state = _grouped(s, Plan.state, *area, *plan_when, base=Plan, mixer=mix["plans"])
    plans_total = table.put(("plans_total",), _total(plans_by_state))
    table.relate(plans_total, _enum_keys(table, "plan_state", PlanState, plans_by_state))
    latest = (
        select(Plan.case_id, func.max(Plan.version).label("version"))
        .where(*plan_when)
        .group_by(Plan.case_id)
        .subquery()
    )
    goal_rows = s.execute(
        select(Goal.domain, Goal.status, func.count(), mix["goals"].key_sum(Goal.id))
        .select_from(Goal)
        .join(Plan, Plan.id == Goal.plan_id)
        .join(latest, and_(latest.c.case_id == Plan.case_id, latest.c.version == Plan.version))
        .join(Case, Case.id == Plan.case_id)
        .where(*area, *plan_when)
        .group_by(Goal.domain, Goal.status)
    ).all()
    goal_counts: dict[LifeDomain, dict[GoalStatus, Raw]] = {d: {} for d in LifeDomain}
    for domain, status, n, ks in goal_rows:
        goal_counts[domain][status] = (int(n), int(ks))
    domain_keys = []
    for d in LifeDomain:
        total = table.put(("goal_domain", d), _total(goal_counts[d]))
        domain_keys.append(total)
        table.relate(total, _enum_keys(table, f"goal_status:{d.value}", GoalStatus, goal_counts[d]))
    all_goals = [r for d in LifeDomain for r in goal_counts[d].values()]
    goals_total = table.put(
        ("goals_total",), (sum(n for n, _ in all_goals), sum(k for _, k in all_goals))
    )
    table.relate(goals_total, domain_keys)

    # Tasks open at the end of the reference period and due before it.
    table.put(
        ("tasks_overdue",),
        _counted(
            s,
            Task,
            or_(Task.done_on.is_(None), Task.done_on > as_of),
            Task.due_on <= as_of,
            *area,
            *task_when,
            mixer=mix["tasks"],
        ),
    )

    table.protect()
    rows = table.shown

    def enum_rows(name: str, enum_type: type[E]) -> tuple[CountRow, ...]:
        return tuple(CountRow(m, rows((name, m))) for m in enum_type)

    return Overview(
        subregion=subregion,
        country=country,
        since=since,
        as_of=cuts[-1] if cuts else None,
        cases_total=rows(cases_total),
        cases_by_status=enum_rows("case_status", CaseStatus),
        cases_by_category=enum_rows("case_category", ClientCategory),
        cases_by_subregion=tuple(CountRow(r, rows(("subregion", r))) for r in shown_regions),
        cases_by_country=tuple(
            AreaRow(region, code, rows(("country", code))) for region, code in countries
        ),
        referrals_total=rows(referrals_total),
        referrals_by_state=enum_rows("referral_state", ReferralState),
        referrals_by_service=enum_rows("referral_service", ServiceType),
        referrals_overdue=rows(("referrals_overdue",)),
        referrals_answered=rows(("referrals_answered",)),
        median_days_to_answer=round(median, 1) if answered >= SMALL_CELL else None,
        plans_total=rows(plans_total),
        plans_by_state=enum_rows("plan_state", PlanState),
        goals_total=rows(goals_total),
        goals_by_domain=tuple(
            DomainRow(d, rows(("goal_domain", d)), enum_rows(f"goal_status:{d.value}", GoalStatus))
            for d in LifeDomain
        ),
        tasks_overdue=rows(("tasks_overdue",)),
    )
