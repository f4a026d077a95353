"""The figures of the statistics overview: the read model and what is published of the counts.

casework.services.statistics checks permissions, audits and exports. The raw counts come from
the vault's SQL (casework.services.statistics_counts) or from the office server's statistics
function (casework.services.statistics_server), with the sum of record keys the cell key method
needs; `publish` applies the disclosure control of casework.services.disclosure to every figure
before anyone sees it, the same way for both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

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
from casework.services.disclosure import (
    WITHHELD,
    Relation,
    Withheld,
    perturb,
    protect,
)

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

    def put(self, key: tuple, raw: Raw | None) -> tuple:
        # None: a count from 1 to 4 the server's database withheld; any small value stands
        # for it, since suppression never uses the value of a withheld cell.
        self.raw[key] = (1, 0) if raw is None else (int(raw[0]), int(raw[1]))
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


def _enum_keys(table: _Table, name: str, enum_type: type[E], raw: dict[tuple, Any]) -> list[tuple]:
    """One key per member, in declaration order, zero for the members no record has."""
    return [table.put((name, m), raw.get((name, m), (0, 0))) for m in enum_type]


@dataclass(frozen=True)
class Gathered:
    """The raw counts of one overview, by key: ("cases_total",), ("case_status", status),
    ("case_category", …), ("subregion", …), ("country", code), ("referrals_total",),
    ("referral_state", …), ("referral_service", …), ("referrals_overdue",),
    ("referrals_answered",), ("plans_total",), ("plan_state", …), ("goal_domain", domain),
    ("goal_status:<domain>", status), ("goals_total",), ("tasks_overdue",). A missing key
    counts 0; None is a count from 1 to 4 (withheld by the server's database)."""

    as_of: dt.date | None  # None: fewer than 5 cases in the area, nothing can be shown yet
    since: dt.date | None  # the start, moved back to a period boundary
    raw: dict[tuple, Raw | None]
    median_days_to_answer: float | None  # None when fewer than 5 were answered
    # What may be shown, already decided by the office server's database (which applies this
    # module's protection itself, store/server_disclosure.py); None on a vault.
    published: dict[tuple, Count] | None = None


def publish(gathered: Gathered, subregion: Subregion | None, country: str | None) -> Overview:
    """What may be shown of the counts: small cells suppressed, complements withheld, every
    other count perturbed by its cell key."""
    raw = gathered.raw
    table = _Table()

    def put(key: tuple) -> tuple:
        return table.put(key, raw.get(key, (0, 0)))

    # Cases.
    cases_total = put(("cases_total",))
    status_keys = _enum_keys(table, "case_status", CaseStatus, raw)
    category_keys = _enum_keys(table, "case_category", ClientCategory, raw)
    shown_regions = [
        r
        for r in Subregion
        if (subregion or (subregion_of(country) if country else None)) in (None, r)
    ]
    region_keys = [put(("subregion", r)) for r in shown_regions]
    decided = gathered.published
    codes = sorted(str(key[1]) for key in (decided or raw) if key[0] == "country")
    countries = [(region, c) for region in Subregion for c in codes if subregion_of(c) is region]
    country_keys = [put(("country", code)) for _r, code in countries]
    table.relate(cases_total, status_keys)
    table.relate(cases_total, category_keys)
    table.relate(cases_total, region_keys)
    table.relate(cases_total, country_keys)
    for region in shown_regions:
        table.relate(("subregion", region), [("country", c) for r, c in countries if r is region])

    # Referrals.
    referrals_total = put(("referrals_total",))
    table.relate(referrals_total, _enum_keys(table, "referral_state", ReferralState, raw))
    table.relate(referrals_total, _enum_keys(table, "referral_service", ServiceType, raw))
    put(("referrals_overdue",))
    put(("referrals_answered",))

    # Plans, and the goals of each case's latest version.
    plans_total = put(("plans_total",))
    table.relate(plans_total, _enum_keys(table, "plan_state", PlanState, raw))
    domain_keys = []
    for d in LifeDomain:
        total = put(("goal_domain", d))
        domain_keys.append(total)
        table.relate(total, _enum_keys(table, f"goal_status:{d.value}", GoalStatus, raw))
    goals_total = put(("goals_total",))
    table.relate(goals_total, domain_keys)
    put(("tasks_overdue",))

    if decided is None:
        table.protect()
        rows = table.shown
    else:
        rows = lambda key: decided.get(key, 0)  # noqa: E731

    def enum_rows(name: str, enum_type: type[E]) -> tuple[CountRow, ...]:
        return tuple(CountRow(m, rows((name, m))) for m in enum_type)

    median = gathered.median_days_to_answer  # None unless 5 or more were answered
    return Overview(
        subregion=subregion,
        country=country,
        since=gathered.since,
        as_of=gathered.as_of,
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
        median_days_to_answer=None if median is None else round(median, 1),
        plans_total=rows(plans_total),
        plans_by_state=enum_rows("plan_state", PlanState),
        goals_total=rows(goals_total),
        goals_by_domain=tuple(
            DomainRow(d, rows(("goal_domain", d)), enum_rows(f"goal_status:{d.value}", GoalStatus))
            for d in LifeDomain
        ),
        tasks_overdue=rows(("tasks_overdue",)),
    )
