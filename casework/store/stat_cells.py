"""The statistics' summary cells on a vault: counts kept exact by triggers on every write.

The statistics overview (services/statistics_counts.py) would otherwise make full passes over
the cases, referrals and plans each time it is opened (40 s at 500,000 cases). Instead, each
write to those tables adds or takes away its row's contribution to a cell, a row holding a count
and the sum of the counted rows' record keys (the cell key method, services/disclosure.py):

- `stat_cases`: cases by opening month, status, category, subregion and country;
- `stat_referral_states`, `stat_referral_services`: referrals by month created, their case's
  area, and state or service;
- `stat_overdue`: referrals that can fall overdue, by month created, area and the month of the
  date they fall overdue after (the due date of a sent one, the end or follow-up date of an
  accepted one): a referral is overdue at a reference period's end (a month end) when that
  month is not later than the period's;
- `stat_answered`: referrals sent and then accepted or declined, by month created, area and the
  exact days from sent to the answer (the median is read from the counts of each value);
- `stat_tasks`: tasks that can be open past their due date at a month end, by month created,
  area, due month and the month they were done ('' while open): a task is overdue at a
  reference period's end (a month end) when its due month is not later than the period's and
  it was still open then (done in a later month, or not yet). A task done in its due month
  never is, and has no cell;
- `stat_plans`: plans by month created, their case's area and state;
- `stat_goals`: goals by their plan version's month, the month the case's next version was made
  ('' while none is), area, life domain and status: a version is the latest of a period when it
  was made in the period and no later version was made by its end (versions are made in order).

The area of a case's records is read from `stat_case_area` (kept by the cases' triggers, never
deleted with the case, so a record deleted after its case, as a cascade does, still finds it);
a case that moves to another area moves its records' cells. The record keys need each table's
(a, b) from the vault's secret: `stat_keys` holds them (the migration and `rebuild` write it).
The triggers and `rebuild` are in store/stat_cells_upkeep.py; this module describes the cells.
Each cell table also has a roll-up without its month key, kept by triggers on the cells
(store/stat_rollups.py).

Only a vault has these (SQLite triggers); the office server's database counts its figures in
`casework_statistics` (store/server_statistics.py), where no app role may read a key sum. The
bulk workshop load sets the triggers aside and calls `rebuild` at the end (set-based).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table

from casework.model.base import enum_type
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

PRIME = 65521  # the largest prime below 2**16: record ids are mixed modulo it
KEY_MODULUS = 256
SECRET_META = "statistics_record_key_secret"
# The record-key tables of the cell key method, by the base table they count.
KEY_TABLES = {
    "cases": "cases",
    "referrals": "ref",
    "plans": "plans",
    "plan_goals": "goals",
    "tasks": "tasks",
}
TRIGGER_PREFIX = "stat_cells_"


def mixer_params(secret: bytes, table: str) -> tuple[int, int]:
    """(a, b) of a table's record keys ((id * a + b) mod 65521) mod 256, from the secret."""
    digest = hmac.new(secret, table.encode(), hashlib.sha256).digest()
    a = int.from_bytes(digest[:4], "big") % (PRIME - 1) + 1
    b = int.from_bytes(digest[4:8], "big") % PRIME
    return a, b


# --- the tables, as the statistics read them -----------------------------------------------------

cells = MetaData()


def _n() -> list[Column[Any]]:
    return [Column("n", Integer, nullable=False), Column("ks", Integer, nullable=False)]


def _area() -> list[Column[Any]]:
    return [
        Column("subregion", enum_type(Subregion), primary_key=True),
        Column("country", String(2), primary_key=True),
    ]


stat_keys = Table(
    "stat_keys",
    cells,
    Column("tbl", String, primary_key=True),
    Column("a", Integer, nullable=False),
    Column("b", Integer, nullable=False),
)
stat_case_area = Table(
    "stat_case_area",
    cells,
    Column("case_id", Integer, primary_key=True),
    Column("subregion", String, nullable=False),
    Column("country", String, nullable=False),
)
stat_cases = Table(
    "stat_cases",
    cells,
    Column("month", String, primary_key=True),
    Column("status", enum_type(CaseStatus), primary_key=True),
    Column("category", enum_type(ClientCategory), primary_key=True),
    *_area(),
    *_n(),
)
stat_referral_states = Table(
    "stat_referral_states",
    cells,
    Column("month", String, primary_key=True),
    *_area(),
    Column("state", enum_type(ReferralState), primary_key=True),
    *_n(),
)
stat_referral_services = Table(
    "stat_referral_services",
    cells,
    Column("month", String, primary_key=True),
    *_area(),
    Column("service", enum_type(ServiceType), primary_key=True),
    *_n(),
)
stat_overdue = Table(
    "stat_overdue",
    cells,
    Column("month", String, primary_key=True),
    *_area(),
    Column("late_month", String, primary_key=True),
    *_n(),
)
stat_answered = Table(
    "stat_answered",
    cells,
    Column("month", String, primary_key=True),
    *_area(),
    Column("days", Float, primary_key=True),
    *_n(),
)
stat_plans = Table(
    "stat_plans",
    cells,
    Column("month", String, primary_key=True),
    *_area(),
    Column("state", enum_type(PlanState), primary_key=True),
    *_n(),
)
stat_goals = Table(
    "stat_goals",
    cells,
    Column("month", String, primary_key=True),  # the plan version's month
    # The first month a later version of the case's plan was made ('' while none is).
    Column("next_month", String, primary_key=True),
    *_area(),
    Column("domain", enum_type(LifeDomain), primary_key=True),
    Column("status", enum_type(GoalStatus), primary_key=True),
    *_n(),
)
stat_tasks = Table(
    "stat_tasks",
    cells,
    Column("month", String, primary_key=True),  # the month the task was entered
    *_area(),
    Column("due_month", String, primary_key=True),
    Column("done_month", String, primary_key=True),  # '' while open
    *_n(),
)
CELL_TABLES = tuple(cells.tables)

# Covering indexes in the order the statistics group the largest cell tables by: the sums
# stream through them with no sort and no lookup of each cell (migration
# 0007_stats_cell_indexes). The other cell tables are read straight through.
GROUP_INDEXES = {
    "stat_cases": ("status", "category", "subregion", "country", "month", "n", "ks"),
    "stat_referral_services": ("service", "month", "subregion", "country", "n", "ks"),
    "stat_goals": ("domain", "status", "next_month", "month", "subregion", "country", "n", "ks"),
}


def is_cells_table(name: str) -> bool:
    """The tables of this module, which the ORM model does not describe."""
    return name in CELL_TABLES


def index_ddl() -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS ix_{table}_grouped ON {table} ({', '.join(columns)})"
        for table, columns in GROUP_INDEXES.items()
    ]


def drop_index_ddl() -> list[str]:
    return [f"DROP INDEX IF EXISTS ix_{table}_grouped" for table in GROUP_INDEXES]


def table_ddl(names: Iterable[str] = CELL_TABLES) -> list[str]:
    """The tables named (a migration names those it made)."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    dialect = sqlite.dialect()
    return [str(CreateTable(cells.tables[n]).compile(dialect=dialect)) for n in names]
