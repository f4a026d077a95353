"""The raw counts of the statistics overview on a vault: sums of summary cells, and GROUP BY.

Every figure, the periods and the area check are sums over the summary cells that triggers
keep exact on every write (store/stat_cells.py): a few thousand cells instead of a pass over
every row. (The overdue tasks were counted from their table's index, one entry per overdue
task: some 88,000 at 500,000 cases, the one figure that grew with the vault, issue 13.)

Each figure is counted with the sum of its records' keys (the cell key method of
casework.services.disclosure). What is published from these counts is decided by
casework.services.statistics_figures, the same for a vault and an office server (whose database
counts them itself: casework.services.statistics_server).

Without a start date (the page's first look) each cell table is read through its roll-up of
every month (store/stat_rollups.py), less the cells of the months after the period's last one:
a few hundred rows instead of most of the table, whose pages a session's pool connection would
otherwise decrypt again (issue 13).

The cells are read with plain SQL handed to the driver, one pass per cell table (the cases'
cells summed by all four of their keys at once, then added up here by each): a session's first
look at the page would otherwise spend more time compiling a dozen statements for its new
engine, and decrypting the same cell pages again for each breakdown, than counting (issue 13).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

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
    period_cuts,
    reference_end,
    remainder_refused,
    snap_since,
    vault_secret,
)
from casework.services.statistics_figures import Gathered, Raw
from casework.store import stat_cells_upkeep, stat_rollups
from casework.store.stat_cells import GROUP_INDEXES


def _total(rows: list[tuple[Any, ...]]) -> Raw:
    """(n, key sum) of a sum without keys: its one row, or none when nothing counted."""
    return (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)


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


class _Cells:
    """Sums of one area's cells (tables and columns are this module's constants, never input):
    `sums(table, keys, where)` gives (key..., n, key sum) per distinct keys, empty ones left
    out (a cell whose records are all gone stays at 0)."""

    def __init__(self, s: Session, subregion: Subregion | None, country: str | None) -> None:
        self.conn = s.connection()
        self.area = ""
        self.params: dict[str, object] = {}
        if subregion is not None:
            self.area += " AND subregion = :subregion"
            self.params["subregion"] = subregion.value
        if country:
            self.area += " AND country = :country"
            self.params["country"] = country

    def sums(
        self, table: str, keys: tuple[str, ...], where: str, area: bool = True, **params: object
    ) -> list[tuple[Any, ...]]:
        columns = ", ".join((*keys, "sum(n)", "sum(ks)"))
        # Every month up to the last (no `since`) is most of the table: read it through the
        # index in the order of the sums (stat_cells.GROUP_INDEXES), or straight through,
        # rather than through the month key's index and a lookup per cell.
        whole = "since" not in params and keys != ("month",)
        source = f"{table} NOT INDEXED" if whole and table not in GROUP_INDEXES else table
        sql = f"SELECT {columns} FROM {source} WHERE {where}{self.area if area else ''}"
        if keys:
            sql += " GROUP BY " + ", ".join(keys)
        sql += " HAVING sum(n) != 0"
        values = {**self.params, **params} if area else params
        return [row for row in self.conn.exec_driver_sql(sql, values).fetchall() if row[-2]]

    def rolled(
        self, table: str, keys: tuple[str, ...], extra: str = "", **params: object
    ) -> list[tuple[Any, ...]]:
        """`sums` over every month up to `:last`: the table's roll-up of every month
        (store/stat_rollups.py) less its cells of the months after (few, found by the month
        key), rather than most of the table. `extra` is a further condition on both."""
        lead = "".join(f"{k}, " for k in keys)
        area = extra + self.area
        sql = (
            f"SELECT {lead}sum(n), sum(ks) FROM ("
            f"SELECT {lead}n, ks FROM {stat_rollups.WHOLE[table]} WHERE 1 = 1{area} UNION ALL "
            f"SELECT {lead}-n, -ks FROM {table} WHERE month > :last{area})"
        )
        if keys:
            sql += " GROUP BY " + ", ".join(keys)
        sql += " HAVING sum(n) != 0"
        values = {**self.params, **params}
        return [row for row in self.conn.exec_driver_sql(sql, values).fetchall() if row[-2]]

    def period(
        self, table: str, keys: tuple[str, ...], when: dict[str, object], extra: str = ""
    ) -> list[tuple[Any, ...]]:
        """`sums` over the period's months (`when`: :last, and :since if set)."""
        if "since" in when:
            return self.sums(table, keys, _months(True) + extra, **when)
        return self.rolled(table, keys, extra, **when)


def _months(since: bool) -> str:
    """Records of the months from `:since` (a month start) to `:last` (the period's last month)."""
    return "month <= :last" + (" AND month >= :since" if since else "")


def _check_remainder(
    cells: _Cells, subregion: Subregion | None, country: str | None, when: dict[str, object]
) -> None:
    """disclosure.check_remainder, counted from the case cells."""
    if not subregion and not country:
        return
    where = _months("since" in when)

    def n(extra: str = "", **params: object) -> int:
        rows = cells.sums("stat_case_months", (), where + extra, area=False, **when, **params)
        return int(rows[0][0]) if rows else 0

    region = subregion or subregion_of(country or "")
    assert region is not None
    if country:
        inside = n(" AND country = :c", c=country)
    else:
        inside = n(" AND subregion = :r", r=region.value)
    wider = [n()]
    if country:
        wider.append(n(" AND subregion = :r", r=region.value))
    if any(0 < w - inside < SMALL_CELL for w in wider):
        raise remainder_refused(country)


def _fresh_cells(s: Session, secret: bytes) -> None:
    """Count the cells again if they were not counted with this vault's record keys (a vault
    whose secret was replaced: its cells would hold the old keys' sums)."""
    run = lambda sql, params: s.execute(text(sql), params)  # noqa: E731
    if not stat_cells_upkeep.keys_match(run, secret):
        stat_cells_upkeep.rebuild(run, secret)


def _by_key(
    raw: dict[tuple, Raw | None],
    rows: Iterable[tuple[Any, ...]],
    names: dict[int, tuple[str, type[StrEnum] | None]],
    total: str | None = None,
) -> None:
    """Add rows (key..., n, key sum) up by each key column: `names` maps a column to the figure
    it counts (and the enum of its values; None for a country code), `total` names the sum."""
    sums: dict[tuple, list[int]] = {}
    members = {i: enum._value2member_map_ if enum else None for i, (_n, enum) in names.items()}
    for row in rows:
        n, ks = int(row[-2]), int(row[-1])
        for i, (name, _enum) in names.items():
            found = members[i]
            key = (name, found[row[i]] if found is not None else row[i])
            got = sums.get(key)
            if got is None:
                sums[key] = [n, ks]
            else:
                got[0] += n
                got[1] += ks
        if total:
            got = sums.setdefault((total,), [0, 0])
            got[0] += n
            got[1] += ks
    raw.update({key: (n, ks) for key, (n, ks) in sums.items() if n or key == (total,)})


def gather(
    ctx: ServiceContext,
    s: Session,
    subregion: Subregion | None,
    country: str | None,
    since: dt.date | None,
) -> Gathered:
    secret = vault_secret(s)
    _fresh_cells(s, secret)
    cells = _Cells(s, subregion, country)
    # The area's periods: cases opened by month, up to the last complete month.
    by_month = cells.sums(
        "stat_case_months",
        ("month",),
        "month <= :last",
        last=reference_end(ctx.today()).isoformat(),
    )
    cuts = period_cuts((dt.date.fromisoformat(m), n) for m, n, _ks in by_month)
    # No cut yet (fewer than 5 cases in the area): nothing can be shown yet.
    as_of = cuts[-1] if cuts else dt.date(1, 1, 1)
    since = snap_since(since, cuts)
    last_month = as_of.replace(day=1).isoformat()
    when: dict[str, object] = {"last": last_month}
    if since is not None:
        when["since"] = since.isoformat()
    _check_remainder(cells, subregion, country, when)
    raw: dict[tuple, Raw | None] = {
        (total,): (0, 0)
        for total in ("cases_total", "referrals_total", "plans_total", "goals_total")
    }

    # Cases by status, category, subregion and country: one pass, added up here by each.
    _by_key(
        raw,
        cells.period("stat_cases", ("status", "category", "subregion", "country"), when),
        {
            0: ("case_status", CaseStatus),
            1: ("case_category", ClientCategory),
            2: ("subregion", Subregion),
            3: ("country", None),
        },
        total="cases_total",
    )

    # Referrals: by state, by service; the overdue ones (falling overdue in a month up to the
    # period's end); those answered, with the median days to the answer.
    states = cells.period("stat_referral_states", ("state",), when)
    _by_key(raw, states, {0: ("referral_state", ReferralState)}, total="referrals_total")
    services = cells.period("stat_referral_services", ("service",), when)
    _by_key(raw, services, {0: ("referral_service", ServiceType)})
    late = cells.period("stat_overdue", (), when, " AND late_month <= :last")
    raw[("referrals_overdue",)] = _total(late)
    days = sorted(
        (float(d), int(n), int(ks)) for d, n, ks in cells.period("stat_answered", ("days",), when)
    )
    answered = sum(n for _d, n, _ks in days)
    raw[("referrals_answered",)] = (answered, sum(ks for _d, _n, ks in days))
    median = _median([(d, n) for d, n, _ks in days])

    # Plans, and the goals of each case's latest version (older versions repeat them).
    plans = cells.period("stat_plans", ("state",), when)
    _by_key(raw, plans, {0: ("plan_state", PlanState)}, total="plans_total")
    # A version is the latest of the period when no later one was made by its end.
    goal_rows = cells.period(
        "stat_goals", ("domain", "status"), when, " AND (next_month = '' OR next_month > :last)"
    )
    goals: list[tuple[Any, ...]] = []
    for domain, status, n, ks in goal_rows:
        d = LifeDomain(domain)
        raw[(f"goal_status:{d.value}", GoalStatus(status))] = (int(n), int(ks))
        goals.append((d, n, ks))
    _by_key(raw, goals, {0: ("goal_domain", LifeDomain)}, total="goals_total")

    # Tasks open at the end of the reference period and due before it.
    still_open = " AND due_month <= :last AND (done_month = '' OR done_month > :last)"
    raw[("tasks_overdue",)] = _total(cells.period("stat_tasks", (), when, still_open))
    return Gathered(
        as_of=cuts[-1] if cuts else None,
        since=since,
        raw=raw,
        median_days_to_answer=median if answered >= SMALL_CELL else None,
    )
