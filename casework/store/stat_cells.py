"""The statistics' summary cells on a vault: counts kept exact by triggers on every write.

The statistics overview (services/statistics_counts.py) would otherwise make full passes over
the cases, referrals and plans each time it is opened (40 s at 500,000 cases). Instead, each
write to those tables adds or takes away its row's contribution to a cell, a row holding a count
and the sum of the counted rows' record keys (the cell key method, services/disclosure.py):

- `stat_cases`: cases by opening month, status, category, subregion and country;
- `stat_referrals`: referrals by month created, their case's area, state and service;
- `stat_overdue`: referrals that can fall overdue, by month created, area and the month of the
  date they fall overdue after (the due date of a sent one, the end or follow-up date of an
  accepted one): a referral is overdue at a reference period's end (a month end) when that
  month is not later than the period's;
- `stat_answered`: referrals sent and then accepted or declined, by month created, area and the
  exact days from sent to the answer (the median is read from the counts of each value);
- `stat_plans`: plans by month created, their case's area and state.

The area of a case's records is read from `stat_case_area` (kept by the cases' triggers, never
deleted with the case, so a record deleted after its case, as a cascade does, still finds it);
a case that moves to another area moves its records' cells. The record keys need each table's
(a, b) from the vault's secret: `stat_keys` holds them (the migration and `rebuild` write it).

Only a vault has these (SQLite triggers); the office server's database counts its figures in
`casework_statistics` (store/server_statistics.py), where no app role may read a key sum. The
bulk workshop load sets the triggers aside and calls `rebuild` at the end (set-based).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table

from casework.model.base import enum_type
from casework.model.enums import (
    CaseStatus,
    ClientCategory,
    PlanState,
    ReferralState,
    ServiceType,
    Subregion,
)

PRIME = 65521  # the largest prime below 2**16: record ids are mixed modulo it
KEY_MODULUS = 256
SECRET_META = "statistics_record_key_secret"
# The record-key tables of the cell key method, by the base table they count.
KEY_TABLES = {"cases": "cases", "referrals": "ref", "plans": "plans"}
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
stat_referrals = Table(
    "stat_referrals",
    cells,
    Column("month", String, primary_key=True),
    *_area(),
    Column("state", enum_type(ReferralState), primary_key=True),
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
CELL_TABLES = tuple(cells.tables)


def is_cells_table(name: str) -> bool:
    """The tables of this module, which the ORM model does not describe."""
    return name in CELL_TABLES


# --- what each row contributes --------------------------------------------------------------------
#
# Each cell is (key columns..., n, ks). `_parts(row)` gives, for one row alias (NEW, OLD, or a
# table alias in a set-based rebuild), the cells it counts in: (table, key expressions, WHERE).

_MONTH = "strftime('%Y-%m-01', {r}.{col})"
_KEY = "(({r}.id * k.a + k.b) % 65521) % 256"
_AREA = "a.subregion, a.country"


def _contributions(r: str) -> list[tuple[str, str, str, str]]:
    """(cell table, its key columns, their values and the record key, FROM…WHERE) for row `r`."""
    area_of = (
        f"FROM stat_keys k JOIN stat_case_area a ON a.case_id = {r}.case_id WHERE k.tbl = '%s'"
    )
    late = (
        f"CASE {r}.state WHEN 'sent' THEN {r}.due_on "
        f"WHEN 'accepted' THEN coalesce({r}.expected_end_on, {r}.follow_up_on) END"
    )
    answered = (
        f"CASE WHEN {r}.accepted_at IS NOT NULL THEN {r}.accepted_at "
        f"WHEN {r}.state = 'declined' THEN {r}.closed_at END"
    )
    ref_month = _MONTH.format(r=r, col="created_at")
    return [
        (
            "stat_cases",
            "month, status, category, subregion, country",
            f"{_MONTH.format(r=r, col='opened_on')}, {r}.status, {r}.category, "
            f"{r}.subregion, {r}.country, {_KEY.format(r=r)}",
            f"FROM stat_keys k WHERE k.tbl = '{KEY_TABLES['cases']}'",
        ),
        (
            "stat_referrals",
            "month, subregion, country, state, service",
            f"{ref_month}, {_AREA}, {r}.state, {r}.service_type, {_KEY.format(r=r)}",
            area_of % KEY_TABLES["referrals"],
        ),
        (
            "stat_overdue",
            "month, subregion, country, late_month",
            f"{ref_month}, {_AREA}, strftime('%Y-%m-01', {late}), {_KEY.format(r=r)}",
            area_of % KEY_TABLES["referrals"] + f" AND ({late}) IS NOT NULL",
        ),
        (
            "stat_answered",
            "month, subregion, country, days",
            f"{ref_month}, {_AREA}, julianday({answered}) - julianday({r}.sent_at), "
            f"{_KEY.format(r=r)}",
            area_of % KEY_TABLES["referrals"]
            + f" AND {r}.sent_at IS NOT NULL AND ({answered}) IS NOT NULL",
        ),
        (
            "stat_plans",
            "month, subregion, country, state",
            f"{_MONTH.format(r=r, col='created_at')}, {_AREA}, {r}.state, {_KEY.format(r=r)}",
            area_of % KEY_TABLES["plans"],
        ),
    ]


_SOURCE = {
    "stat_cases": "cases",
    "stat_referrals": "referrals",
    "stat_overdue": "referrals",
    "stat_answered": "referrals",
    "stat_plans": "plans",
}


def _add(cell: str, keys: str, values: str, source: str, sign: int) -> str:
    """Add one row's contribution to its cell (sign -1: take it away), then drop empty cells."""
    sign_sql = "" if sign > 0 else "-"
    # `values` ends with the record key; n is ±1 and ks ±key.
    head, key = values.rsplit(", ", 1)
    return (
        f"INSERT INTO {cell} ({keys}, n, ks) SELECT {head}, {sign_sql}1, {sign_sql}({key}) "
        f"{source} ON CONFLICT ({keys}) DO UPDATE SET n = n + excluded.n, ks = ks + excluded.ks"
    )


def _statements(table: str, row: str, sign: int) -> list[str]:
    out = []
    for cell, keys, values, source in _contributions(row):
        if _SOURCE[cell] == table:
            out.append(_add(cell, keys, values, source, sign) + ";")
    return out


# The columns whose change moves a row to another cell.
_WATCHED = {
    "cases": "opened_on, status, category, subregion, country",
    "referrals": (
        "case_id, created_at, state, service_type, due_on, expected_end_on, follow_up_on, "
        "sent_at, accepted_at, closed_at"
    ),
    "plans": "case_id, created_at, state",
}
_AREA_ROW = (
    "INSERT OR REPLACE INTO stat_case_area (case_id, subregion, country) "
    "VALUES (NEW.id, NEW.subregion, NEW.country);"
)


def _grouped(table: str, where: str, sign: int) -> list[str]:
    """Add (or take away) the contributions of every `table` row matching `where`, grouped
    by cell: one set-based statement per cell table (a rebuild, or a case moving area)."""
    out = []
    neg = "" if sign > 0 else "-"
    for cell, keys, values, source in _contributions("r"):
        if _SOURCE[cell] != table:
            continue
        head, key = values.rsplit(", ", 1)
        ordinals = ", ".join(str(i + 1) for i in range(len(keys.split(", "))))
        source = source.replace("FROM stat_keys k", f"FROM {table} r CROSS JOIN stat_keys k", 1)
        out.append(
            f"INSERT INTO {cell} ({keys}, n, ks) SELECT {head}, {neg}count(*), {neg}sum({key}) "
            f"{source} AND {where} GROUP BY {ordinals} "
            f"ON CONFLICT ({keys}) DO UPDATE SET n = n + excluded.n, ks = ks + excluded.ks"
        )
    return out


def trigger_ddl() -> list[str]:
    """The triggers that keep the cells exact. Cells that fall to 0 stay (read as absent)."""
    out = []
    for table in ("cases", "referrals", "plans"):
        ins = _statements(table, "NEW", +1)
        dele = _statements(table, "OLD", -1)
        area = [_AREA_ROW] if table == "cases" else []
        out.append(
            f"CREATE TRIGGER {TRIGGER_PREFIX}{table}_insert AFTER INSERT ON {table} BEGIN "
            + " ".join(area + ins)
            + " END"
        )
        out.append(
            f"CREATE TRIGGER {TRIGGER_PREFIX}{table}_delete AFTER DELETE ON {table} BEGIN "
            + " ".join(dele)
            + " END"
        )
        out.append(
            f"CREATE TRIGGER {TRIGGER_PREFIX}{table}_update AFTER UPDATE OF {_WATCHED[table]} "
            f"ON {table} BEGIN " + " ".join(dele + area + ins) + " END"
        )
    # A case that moves to another area moves its records' cells: taken away under the old
    # area, the area row changed, added back under the new one (before the case's own update).
    moves = [
        *(f"{q};" for t in ("referrals", "plans") for q in _grouped(t, "r.case_id = NEW.id", -1)),
        _AREA_ROW,
        *(f"{q};" for t in ("referrals", "plans") for q in _grouped(t, "r.case_id = NEW.id", +1)),
    ]
    out.append(
        f"CREATE TRIGGER {TRIGGER_PREFIX}cases_area BEFORE UPDATE OF subregion, country ON cases "
        "WHEN OLD.subregion IS NOT NEW.subregion OR OLD.country IS NOT NEW.country BEGIN "
        + " ".join(moves)
        + " END"
    )
    return out


def table_ddl() -> list[str]:
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    dialect = sqlite.dialect()
    return [str(CreateTable(t).compile(dialect=dialect)) for t in cells.tables.values()]


def drop_ddl() -> list[str]:
    names = [t.removeprefix("CREATE TRIGGER ").split()[0] for t in trigger_ddl()]
    return [f"DROP TRIGGER IF EXISTS {n}" for n in names] + [
        f"DROP TABLE IF EXISTS {t}" for t in CELL_TABLES
    ]


def rebuild(execute: Any, secret: bytes) -> None:
    """Count every cell again from the base tables (set-based): the key table from `secret`,
    the case areas, then each cell table. `execute(sql, params)` runs one statement."""
    execute("DELETE FROM stat_keys", {})
    for name in KEY_TABLES.values():
        a, b = mixer_params(secret, name)
        execute(
            "INSERT INTO stat_keys (tbl, a, b) VALUES (:t, :a, :b)", {"t": name, "a": a, "b": b}
        )
    for t in CELL_TABLES:
        if t != "stat_keys":
            execute(f"DELETE FROM {t}", {})
    execute(
        "INSERT INTO stat_case_area (case_id, subregion, country) "
        "SELECT id, subregion, country FROM cases",
        {},
    )
    for table in ("cases", "referrals", "plans"):
        for q in _grouped(table, "1 = 1", +1):
            execute(q, {})


def keys_match(execute: Any, secret: bytes) -> bool:
    """Whether the cells were counted with this secret's record keys."""
    rows = {tbl: (a, b) for tbl, a, b in execute("SELECT tbl, a, b FROM stat_keys", {}).all()}
    return rows == {n: mixer_params(secret, n) for n in KEY_TABLES.values()}
