"""The raw counts of the statistics overview on a vault: sums of summary cells, and GROUP BY.

The case, referral, plan and goal figures, the periods and the area check are sums over the
summary cells that triggers keep exact on every write (store/stat_cells.py): a few thousand
cells instead of a pass over every row. The overdue tasks (few, found through the index on
done_on and due_on) are counted from their table; cases are joined only to filter by area.

Each figure is counted with the sum of its records' keys (the cell key method of
casework.services.disclosure). What is published from these counts is decided by
casework.services.statistics_figures, the same for a vault and an office server (whose database
counts them itself: casework.services.statistics_server).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from casework.model import Case, Task
from casework.model.enums import Subregion
from casework.model.geography import subregion_of
from casework.services.context import ServiceContext
from casework.services.disclosure import (
    SMALL_CELL,
    KeyMixer,
    period_cuts,
    reference_end,
    remainder_refused,
    snap_since,
    vault_secret,
)
from casework.services.statistics_figures import Gathered, Raw
from casework.store import stat_cells, stat_cells_upkeep


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


def _median(values: list[tuple[float, int]]) -> float:
    """The median of values given with their counts, in order (the middle one, or the mean of
    the middle two), as the office server's percentile_cont gives it."""
    n = sum(count for _v, count in values)
    if n == 0:
        return 0.0
    wanted = sorted({(n + 1) // 2, (n + 2) // 2})
    found: list[float] = []
    seen = 0
    for value, count in values:
        while wanted and wanted[0] <= seen + count:
            found.append(value)
            wanted.pop(0)
        seen += count
    return sum(found) / len(found)


def _sum_cells(
    s: Session, table: Any, columns: list[Any], where: list[Any]
) -> list[tuple[Any, ...]]:
    """(key..., n, key sum) of the cells matching `where`, summed by `columns`; empty ones left
    out (a cell whose records are all gone stays at 0)."""
    n = func.sum(table.c.n)
    stmt = select(*columns, n, func.sum(table.c.ks)).where(*where)
    if columns:
        stmt = stmt.group_by(*columns)
    return [row for row in s.execute(stmt.having(n != 0)).all() if row[-2]]


def _area(table: Any, subregion: Subregion | None, country: str | None) -> list[Any]:
    out = []
    if subregion is not None:
        out.append(table.c.subregion == subregion)
    if country:
        out.append(table.c.country == country)
    return out


def _months(table: Any, as_of: dt.date, since: dt.date | None) -> list[Any]:
    """Records of the months from `since` (a month start) to `as_of` (a month end)."""
    out = [table.c.month <= as_of.replace(day=1).isoformat()]
    if since is not None:
        out.append(table.c.month >= since.isoformat())
    return out


def _check_remainder(
    s: Session, subregion: Subregion | None, country: str | None, when: list[Any]
) -> None:
    """disclosure.check_remainder, counted from the case cells."""
    if not subregion and not country:
        return
    t = stat_cells.stat_cases

    def n(*where: Any) -> int:
        rows = _sum_cells(s, t, [], [*when, *where])
        return int(rows[0][0]) if rows else 0

    region = subregion or subregion_of(country or "")
    inside = n(t.c.country == country) if country else n(t.c.subregion == region)
    wider = [n()]
    if country:
        wider.append(n(t.c.subregion == region))
    if any(0 < w - inside < SMALL_CELL for w in wider):
        raise remainder_refused(country)


def _fresh_cells(s: Session, secret: bytes) -> None:
    """Count the cells again if they were not counted with this vault's record keys (a vault
    whose secret was replaced: its cells would hold the old keys' sums)."""
    run = lambda sql, params: s.execute(text(sql), params)  # noqa: E731
    if not stat_cells_upkeep.keys_match(run, secret):
        stat_cells_upkeep.rebuild(run, secret)


def gather(
    ctx: ServiceContext,
    s: Session,
    subregion: Subregion | None,
    country: str | None,
    since: dt.date | None,
) -> Gathered:
    secret = vault_secret(s)
    _fresh_cells(s, secret)
    mix = {n: KeyMixer.for_table(secret, n) for n in ("tasks",)}
    area: list[Any] = []
    if subregion is not None:
        area.append(Case.subregion == subregion)
    if country:
        area.append(Case.country == country)
    cases_t = stat_cells.stat_cases
    # The area's periods: cases opened by month, up to the last complete month.
    by_month = _sum_cells(
        s,
        cases_t,
        [cases_t.c.month],
        [
            cases_t.c.month <= reference_end(ctx.today()).isoformat(),
            *_area(cases_t, subregion, country),
        ],
    )
    cuts = period_cuts((dt.date.fromisoformat(m), n) for m, n, _ks in by_month)
    # No cut yet (fewer than 5 cases in the area): nothing can be shown yet.
    as_of = cuts[-1] if cuts else dt.date(1, 1, 1)
    since = snap_since(since, cuts)
    cut = _day_start(as_of + dt.timedelta(days=1))  # records created before this count
    _check_remainder(s, subregion, country, _months(cases_t, as_of, since))
    task_when = [Task.created_at < cut]
    if since:
        start = _day_start(since)
        task_when.append(Task.created_at >= start)
    raw: dict[tuple, Raw | None] = {}

    def add(key: tuple, n: int, ks: int) -> None:
        count, keys = raw.get(key) or (0, 0)
        raw[key] = (count + int(n), keys + int(ks))

    def put(name: str, counts: dict[Any, Raw]) -> None:
        raw.update({(name, key): value for key, value in counts.items()})

    def cells(table: Any, *columns: str, where: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        when = [*_months(table, as_of, since), *_area(table, subregion, country), *where]
        return _sum_cells(s, table, [table.c[c] for c in columns], when)

    raw[("cases_total",)] = (0, 0)
    for name, columns in (
        ("case_status", ("status",)),
        ("case_category", ("category",)),
        ("subregion", ("subregion",)),
        ("country", ("country",)),
    ):
        for key, n, ks in cells(cases_t, *columns):
            add((name, key), n, ks)
            if name == "case_status":
                add(("cases_total",), n, ks)

    # Referrals: by state, by service; the overdue ones (falling overdue in a month up to the
    # period's end); those answered, with the median days to the answer.
    raw[("referrals_total",)] = (0, 0)
    for name, table, column in (
        ("referral_state", stat_cells.stat_referral_states, "state"),
        ("referral_service", stat_cells.stat_referral_services, "service"),
    ):
        for key, n, ks in cells(table, column):
            add((name, key), n, ks)
            if name == "referral_state":
                add(("referrals_total",), n, ks)
    late_t = stat_cells.stat_overdue
    late = cells(late_t, where=(late_t.c.late_month <= as_of.replace(day=1).isoformat(),))
    raw[("referrals_overdue",)] = (int(late[0][0]), int(late[0][1])) if late else (0, 0)
    answered_t = stat_cells.stat_answered
    days = sorted((float(d), int(n)) for d, n, _ks in cells(answered_t, "days"))
    total = cells(answered_t)
    raw[("referrals_answered",)] = (int(total[0][0]), int(total[0][1])) if total else (0, 0)
    median = _median(days)
    answered = raw[("referrals_answered",)][0]

    # Plans, and the goals of each case's latest version (older versions repeat them).
    plans_by_state = {
        key: (int(n), int(ks)) for key, n, ks in cells(stat_cells.stat_plans, "state")
    }
    raw[("plans_total",)] = _total(plans_by_state)
    put("plan_state", plans_by_state)
    # A version is the latest of the period when no later one was made by its end.
    goals_t = stat_cells.stat_goals
    last_month = as_of.replace(day=1).isoformat()
    goal_rows = cells(
        goals_t,
        "domain",
        "status",
        where=(or_(goals_t.c.next_month == "", goals_t.c.next_month > last_month),),
    )
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
