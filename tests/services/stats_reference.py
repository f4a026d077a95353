"""The reference for the statistics' summary cells: the raw counts as full passes over the base
tables (services/statistics_counts.py before the cells, issue 13). The tests compare what the
cells give with this after random writes.

Original description:

The raw counts of the statistics overview on a vault: GROUP BY and COUNT in SQL.

One pass over the area's cases gives the periods and every case figure; one pass over the
referrals gives their states, services and the overdue ones; cases are joined only to filter
by area (every record of a case table belongs to a case).

Each figure is counted with the sum of its records' keys (the cell key method of
casework.services.disclosure). What is published from these counts is decided by
casework.services.statistics_figures, the same for a vault and an office server (whose database
counts them itself: casework.services.statistics_server).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from casework.model import Case, Goal, Plan, Referral, Task
from casework.model.enums import ReferralState, Subregion
from casework.services.context import ServiceContext
from casework.services.disclosure import (
    SMALL_CELL,
    KeyMixer,
    check_remainder,
    period_cuts,
    reference_end,
    snap_since,
    vault_secret,
)
from casework.services.referrals import overdue_condition
from casework.services.statistics_figures import Gathered, Raw
from casework.store import backends


def _grouped(
    s: Session,
    column: Any,
    *where: Any,
    join_case: bool = True,
    base: Any,
    mixer: KeyMixer,
) -> dict[Any, Raw]:
    stmt = select(column, func.count(), mixer.key_sum(base.id)).select_from(base)
    if join_case:
        stmt = stmt.join(Case, Case.id == base.case_id)
    rows = s.execute(stmt.where(*where).group_by(column)).all()
    return {key: (int(n), int(ks)) for key, n, ks in rows}


def _counted(s: Session, base: Any, *where: Any, join_case: bool, mixer: KeyMixer) -> Raw:
    stmt = select(func.count(), mixer.key_sum(base.id)).select_from(base)
    if join_case:
        stmt = stmt.join(Case, Case.id == base.case_id)
    n, ks = s.execute(stmt.where(*where)).one()
    return int(n), int(ks)


def _total(raw: dict[Any, Raw]) -> Raw:
    return sum(n for n, _ in raw.values()), sum(k for _, k in raw.values())


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _median_days_to_answer(
    s: Session, where: list[Any], mixer: KeyMixer, join_case: bool
) -> tuple[int, int, float]:
    """(how many were answered, their key sum, the median days from sent to accepted/declined)."""
    answered_at = case(
        (Referral.accepted_at.is_not(None), Referral.accepted_at),
        (Referral.state == ReferralState.DECLINED, Referral.closed_at),
        else_=None,
    )
    days = backends.days_between(answered_at, Referral.sent_at).label("days")
    answered = select(days, mixer.record_key(Referral.id).label("rk")).select_from(Referral)
    if join_case:
        answered = answered.join(Case, Case.id == Referral.case_id)
    answered = answered.where(
        Referral.sent_at.is_not(None), answered_at.is_not(None), *where
    ).subquery()
    ranked = select(
        answered.c.days,
        func.row_number().over(order_by=answered.c.days).label("rn"),
        func.count().over().label("n"),
    ).subquery()
    middle = select(func.count(), func.avg(ranked.c.days)).where(
        # Integer division (`//`): SQLAlchemy 2 renders `/` as true division, so the code this
        # reference copies took the upper middle of an even count instead of the mean of the
        # two middle values (the office server's percentile_cont, and the cells, take the mean).
        ranked.c.rn.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2])
    )
    total, key_sum = s.execute(
        select(func.count(), func.coalesce(func.sum(answered.c.rk), 0))
    ).one()
    median = s.execute(middle).one()[1]
    return int(total or 0), int(key_sum or 0), float(median or 0.0)


def gather(
    ctx: ServiceContext,
    s: Session,
    subregion: Subregion | None,
    country: str | None,
    since: dt.date | None,
) -> Gathered:
    secret = vault_secret(s)
    mix = {n: KeyMixer.for_table(secret, n) for n in ("cases", "ref", "plans", "goals", "tasks")}
    area: list[Any] = []
    if subregion is not None:
        area.append(Case.subregion == subregion)
    if country:
        area.append(Case.country == country)
    # Cases: one pass over the area's cases, by month and every breakdown; the periods, the
    # figures and the totals are sums of its groups (a period starts and ends on month ends).
    month = backends.month_start(Case.opened_on)
    case_rows = s.execute(
        select(
            month,
            Case.status,
            Case.category,
            Case.subregion,
            Case.country,
            func.count(),
            mix["cases"].key_sum(Case.id),
        )
        .where(Case.opened_on <= reference_end(ctx.today()), *area)
        .group_by(month, Case.status, Case.category, Case.subregion, Case.country)
    ).all()
    by_month: dict[dt.date, int] = {}
    for m, *_keys, n, _ks in case_rows:
        day = dt.date.fromisoformat(m)
        by_month[day] = by_month.get(day, 0) + int(n)
    cuts = period_cuts(sorted(by_month.items()))
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
    raw: dict[tuple, Raw | None] = {}

    def add(key: tuple, n: int, ks: int) -> None:
        count, keys = raw.get(key) or (0, 0)
        raw[key] = (count + int(n), keys + int(ks))

    def put(name: str, counts: dict[Any, Raw]) -> None:
        raw.update({(name, key): value for key, value in counts.items()})

    for m, status, category, region, code, n, ks in case_rows:
        day = dt.date.fromisoformat(m)
        if day > as_of or (since is not None and day < since):
            continue
        for key in (
            ("cases_total",),
            ("case_status", status),
            ("case_category", category),
            ("subregion", region),
            ("country", code),
        ):
            add(key, n, ks)
    raw.setdefault(("cases_total",), (0, 0))

    # Referrals: one pass, by state and service, counting the overdue ones alongside.
    overdue_on = as_of + dt.timedelta(days=1)
    overdue = overdue_condition(overdue_on)
    rk = mix["ref"].record_key(Referral.id)
    ref_stmt = select(
        Referral.state,
        Referral.service_type,
        func.count(),
        func.coalesce(func.sum(rk), 0),
        func.coalesce(func.sum(case((overdue, 1), else_=0)), 0),
        func.coalesce(func.sum(case((overdue, rk), else_=0)), 0),
    ).select_from(Referral)
    if area:
        ref_stmt = ref_stmt.join(Case, Case.id == Referral.case_id)
    ref_where = [*area, *ref_when]
    raw[("referrals_total",)] = (0, 0)
    raw[("referrals_overdue",)] = (0, 0)
    for state, service, n, ks, late, late_ks in s.execute(
        ref_stmt.where(*ref_where).group_by(Referral.state, Referral.service_type)
    ).all():
        add(("referrals_total",), n, ks)
        add(("referral_state", state), n, ks)
        add(("referral_service", service), n, ks)
        add(("referrals_overdue",), late, late_ks)
    answered, answered_keys, median = _median_days_to_answer(s, ref_where, mix["ref"], bool(area))
    raw[("referrals_answered",)] = (answered, answered_keys)

    # Plans, and the goals of each case's latest version (older versions repeat them).
    plans_by_state = _grouped(
        s,
        Plan.state,
        *area,
        *plan_when,
        join_case=bool(area),
        base=Plan,
        mixer=mix["plans"],
    )
    raw[("plans_total",)] = _total(plans_by_state)
    put("plan_state", plans_by_state)
    latest = (
        select(Plan.case_id, func.max(Plan.version).label("version"))
        .where(*plan_when)
        .group_by(Plan.case_id)
        .subquery()
    )
    goal_stmt = (
        select(Goal.domain, Goal.status, func.count(), mix["goals"].key_sum(Goal.id))
        .select_from(Goal)
        .join(Plan, Plan.id == Goal.plan_id)
        .join(
            latest,
            and_(latest.c.case_id == Plan.case_id, latest.c.version == Plan.version),
        )
    )
    if area:
        goal_stmt = goal_stmt.join(Case, Case.id == Plan.case_id)
    goal_rows = s.execute(goal_stmt.where(*area, *plan_when).group_by(Goal.domain, Goal.status))

    domains: dict[Any, dict[Any, Raw]] = {}
    for domain, status, n, ks in goal_rows:
        raw[(f"goal_status:{domain.value}", status)] = (int(n), int(ks))
        domains.setdefault(domain, {})[status] = (int(n), int(ks))
    put("goal_domain", {d: _total(by) for d, by in domains.items()})
    raw[("goals_total",)] = _total({d: _total(by) for d, by in domains.items()})

    # Tasks open at the end of the reference period and due before it.
    raw[("tasks_overdue",)] = _counted(
        s,
        Task,
        or_(Task.done_on.is_(None), Task.done_on > as_of),
        Task.due_on <= as_of,
        *area,
        *task_when,
        join_case=bool(area),
        mixer=mix["tasks"],
    )
    return Gathered(
        as_of=cuts[-1] if cuts else None,
        since=since,
        raw=raw,
        median_days_to_answer=median if answered >= SMALL_CELL else None,
    )
