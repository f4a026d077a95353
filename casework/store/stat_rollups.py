"""Roll-ups of the statistics' summary cells: each cell table's sums without its month key.

The overview without a start date counts every month up to the period's last one: most of each
cell table (store/stat_cells.py), some 70,000 cells at 500,000 cases, whose pages a session's
pool connection decrypts again on its first look at the page (issue 13). A roll-up holds the
same sums over every month, a few hundred rows: the overview reads it, less the cells of the
months after the period's last one (the current month, and the few an incomplete month may
cut off), which the cell table's month key finds at once (services/statistics_counts.py).

Triggers on the cell tables themselves keep each roll-up exact: whatever adds to, takes from or
removes a cell (the base tables' triggers, `stat_cells_upkeep.rebuild`, the workshop's bulk
load) does the same to its roll-up row. A roll-up is a WITHOUT ROWID table whose primary key is
its keys: the table is its own covering index. Only a vault has these (SQLite).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table

TRIGGER_PREFIX = "stat_rollup_"

# The roll-up of each cell table: (its name, its key columns), or several.
ROLLUPS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "stat_cases": (
        ("stat_cases_all", ("status", "category", "subregion", "country")),
        # The cases opened each month by area: the periods' cuts and the area check.
        ("stat_case_months", ("month", "subregion", "country")),
    ),
    "stat_referral_states": (("stat_referral_states_all", ("subregion", "country", "state")),),
    "stat_referral_services": (
        ("stat_referral_services_all", ("subregion", "country", "service")),
    ),
    "stat_overdue": (("stat_overdue_all", ("late_month", "subregion", "country")),),
    "stat_answered": (("stat_answered_all", ("subregion", "country", "days")),),
    "stat_plans": (("stat_plans_all", ("subregion", "country", "state")),),
    "stat_goals": (("stat_goals_all", ("next_month", "subregion", "country", "domain", "status")),),
    # Open tasks first (done_month ''), then those done in each month.
    "stat_tasks": (("stat_tasks_all", ("done_month", "due_month", "subregion", "country")),),
}
# The roll-up without the month key of each cell table.
WHOLE = {cell: rollups[0][0] for cell, rollups in ROLLUPS.items()}

rollups = MetaData()


def _table(name: str, keys: tuple[str, ...]) -> Table:
    columns: list[Column[Any]] = [
        Column(key, Float if key == "days" else String, primary_key=True) for key in keys
    ]
    return Table(
        name,
        rollups,
        *columns,
        Column("n", Integer, nullable=False),
        Column("ks", Integer, nullable=False),
        sqlite_with_rowid=False,
    )


for _cell, _rollups in ROLLUPS.items():
    for _name, _keys in _rollups:
        _table(_name, _keys)
ROLLUP_TABLES = tuple(rollups.tables)


def is_rollup_table(name: str) -> bool:
    return name in ROLLUP_TABLES


def _of(cells: Iterable[str]) -> list[tuple[str, tuple[str, tuple[str, ...]]]]:
    """(cell table, (roll-up, its keys)) of the cell tables named."""
    return [(cell, target) for cell in cells for target in ROLLUPS[cell]]


def table_ddl(cells: Iterable[str] = ROLLUPS) -> list[str]:
    """The roll-up tables of the cell tables named (a migration names those it knew)."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    dialect = sqlite.dialect()
    return [
        str(CreateTable(rollups.tables[name]).compile(dialect=dialect))
        for _cell, (name, _keys) in _of(cells)
    ]


def _add(rollup: str, keys: tuple[str, ...], row: str, sign: str) -> str:
    """Add a cell row's sums (`sign` "-": take them away) to its roll-up row."""
    names = ", ".join(keys)
    values = ", ".join(f"{row}.{k}" for k in keys)
    return (
        f"INSERT INTO {rollup} ({names}, n, ks) VALUES ({values}, {sign}{row}.n, {sign}{row}.ks) "
        f"ON CONFLICT ({names}) DO UPDATE SET n = n + excluded.n, ks = ks + excluded.ks;"
    )


def trigger_ddl(cells: Iterable[str] = ROLLUPS) -> list[str]:
    """A cell added, changed (an upsert's update) or removed changes its roll-up rows alike."""
    out = []
    for cell in cells:
        targets = ROLLUPS[cell]
        new = " ".join(_add(r, keys, "NEW", "") for r, keys in targets)
        old = " ".join(_add(r, keys, "OLD", "-") for r, keys in targets)
        p = f"{TRIGGER_PREFIX}{cell}"
        out += [
            f"CREATE TRIGGER {p}_insert AFTER INSERT ON {cell} BEGIN {new} END",
            f"CREATE TRIGGER {p}_update AFTER UPDATE ON {cell} BEGIN {old} {new} END",
            f"CREATE TRIGGER {p}_delete AFTER DELETE ON {cell} BEGIN {old} END",
        ]
    return out


def fill_ddl(cells: Iterable[str] = ROLLUPS) -> list[str]:
    """Count the roll-ups from their cells (set-based): the migration that makes them."""
    out = []
    for cell, (rollup, keys) in _of(cells):
        names = ", ".join(keys)
        out += [
            f"DELETE FROM {rollup}",
            f"INSERT INTO {rollup} ({names}, n, ks) "
            f"SELECT {names}, sum(n), sum(ks) FROM {cell} GROUP BY {names}",
        ]
    return out


def drop_ddl(cells: Iterable[str] = ROLLUPS) -> list[str]:
    cells = tuple(cells)
    names = [t.removeprefix("CREATE TRIGGER ").split()[0] for t in trigger_ddl(cells)]
    return [f"DROP TRIGGER IF EXISTS {n}" for n in names] + [
        f"DROP TABLE IF EXISTS {name}" for _cell, (name, _keys) in _of(cells)
    ]
