"""The triggers that keep the statistics' summary cells exact (store/stat_cells.py describes
the cells), the set-based count that builds them from the base tables, and the check that they
were counted with the vault's record keys.

Each write adds its row's contribution to a cell and takes its old one away: n is ±1 and the key
sum ±the row's record key ((id * a + b) mod 65521) mod 256, with (a, b) read from `stat_keys`.
"""

from __future__ import annotations

from typing import Any

from casework.store.stat_cells import CELL_TABLES, KEY_TABLES, TRIGGER_PREFIX, mixer_params

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
            "stat_referral_states",
            "month, subregion, country, state",
            f"{ref_month}, {_AREA}, {r}.state, {_KEY.format(r=r)}",
            area_of % KEY_TABLES["referrals"],
        ),
        (
            "stat_referral_services",
            "month, subregion, country, service",
            f"{ref_month}, {_AREA}, {r}.service_type, {_KEY.format(r=r)}",
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
        (
            "stat_tasks",
            "month, subregion, country, due_month, done_month",
            f"{_MONTH.format(r=r, col='created_at')}, {_AREA}, "
            f"{_MONTH.format(r=r, col='due_on')}, "
            f"coalesce({_MONTH.format(r=r, col='done_on')}, ''), {_KEY.format(r=r)}",
            # Done in its due month (or before): never open past a month end it was due by.
            area_of
            % KEY_TABLES["tasks"]
            + f" AND ({r}.done_on IS NULL OR {_MONTH.format(r=r, col='done_on')} > "
            f"{_MONTH.format(r=r, col='due_on')})",
        ),
    ]


_SOURCE = {
    "stat_cases": "cases",
    "stat_referral_states": "referrals",
    "stat_referral_services": "referrals",
    "stat_overdue": "referrals",
    "stat_answered": "referrals",
    "stat_plans": "plans",
    "stat_tasks": "tasks",
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


# The base tables counted in cells (besides the goals, kept by their own triggers below), and
# those whose records count in their case's area.
SOURCES = ("cases", "referrals", "plans", "tasks")
_OF_A_CASE = SOURCES[1:]

# The columns whose change moves a row to another cell.
_WATCHED = {
    "cases": "opened_on, status, category, subregion, country",
    "referrals": (
        "case_id, created_at, state, service_type, due_on, expected_end_on, follow_up_on, "
        "sent_at, accepted_at, closed_at"
    ),
    "plans": "case_id, created_at, state",
    "tasks": "case_id, created_at, due_on, done_on",
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


def trigger_ddl(sources: tuple[str, ...] = SOURCES) -> list[str]:
    """The triggers that keep the cells of `sources` (and the goals) exact. Cells that fall to
    0 stay (read as absent). A migration names the sources it knew (the cells it made)."""
    out = []
    of_a_case = [t for t in _OF_A_CASE if t in sources]
    for table in sources:
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
        *(f"{q};" for t in of_a_case for q in _grouped(t, "r.case_id = NEW.id", -1)),
        _goals("plan_goals", "p.case_id = NEW.id", -1),
        _AREA_ROW,
        *(f"{q};" for t in of_a_case for q in _grouped(t, "r.case_id = NEW.id", +1)),
        _goals("plan_goals", "p.case_id = NEW.id", +1),
    ]
    out.append(
        f"CREATE TRIGGER {TRIGGER_PREFIX}cases_area BEFORE UPDATE OF subregion, country ON cases "
        "WHEN OLD.subregion IS NOT NEW.subregion OR OLD.country IS NOT NEW.country BEGIN "
        + " ".join(moves)
        + " END"
    )
    return out + goal_trigger_ddl()


_NEXT_MONTH = (
    "coalesce((SELECT min(strftime('%Y-%m-01', h.created_at)) FROM plans h "
    "WHERE h.case_id = p.case_id AND h.version > p.version), '')"
)
_GOAL_KEY = "sum(((g.id * k.a + k.b) % 65521) % 256)"


def _goals(goals: str, where: str, sign: int) -> str:
    """Add (or take away) the goals of `goals` (a table or one row as a subquery) matching
    `where`, grouped by cell."""
    neg = "" if sign > 0 else "-"
    keys = "month, next_month, subregion, country, domain, status"
    return (
        f"INSERT INTO stat_goals ({keys}, n, ks) "
        f"SELECT strftime('%Y-%m-01', p.created_at), {_NEXT_MONTH}, a.subregion, a.country, "
        f"g.domain, g.status, {neg}count(*), {neg}{_GOAL_KEY} "
        f"FROM {goals} g JOIN plans p ON p.id = g.plan_id CROSS JOIN stat_keys k "
        "JOIN stat_case_area a ON a.case_id = p.case_id "
        f"WHERE k.tbl = '{KEY_TABLES['plan_goals']}' AND {where} GROUP BY 1, 2, 3, 4, 5, 6 "
        f"ON CONFLICT ({keys}) DO UPDATE SET n = n + excluded.n, ks = ks + excluded.ks;"
    )


def _row(alias: str) -> str:
    return (
        f"(SELECT {alias}.id AS id, {alias}.plan_id AS plan_id, {alias}.domain AS domain, "
        f"{alias}.status AS status)"
    )


def goal_trigger_ddl() -> list[str]:
    """A goal counts in its version's cell; a plan version made, changed or removed moves
    every goal of the case (their versions' next month may change)."""
    case_goals = "p.case_id = {row}.case_id"
    moved = case_goals + " AND NEW.case_id IS NOT OLD.case_id"  # the other case, if it moved
    p = TRIGGER_PREFIX
    return [
        f"CREATE TRIGGER {p}goals_insert AFTER INSERT ON plan_goals BEGIN "
        f"{_goals(_row('NEW'), '1 = 1', +1)} END",
        f"CREATE TRIGGER {p}goals_delete AFTER DELETE ON plan_goals BEGIN "
        f"{_goals(_row('OLD'), '1 = 1', -1)} END",
        f"CREATE TRIGGER {p}goals_update AFTER UPDATE OF plan_id, domain, status ON plan_goals "
        f"BEGIN {_goals(_row('OLD'), '1 = 1', -1)} {_goals(_row('NEW'), '1 = 1', +1)} END",
        f"CREATE TRIGGER {p}plans_goals_before_insert BEFORE INSERT ON plans BEGIN "
        f"{_goals('plan_goals', case_goals.format(row='NEW'), -1)} END",
        f"CREATE TRIGGER {p}plans_goals_after_insert AFTER INSERT ON plans BEGIN "
        f"{_goals('plan_goals', case_goals.format(row='NEW'), +1)} END",
        f"CREATE TRIGGER {p}plans_goals_before_delete BEFORE DELETE ON plans BEGIN "
        f"{_goals('plan_goals', case_goals.format(row='OLD'), -1)} END",
        f"CREATE TRIGGER {p}plans_goals_after_delete AFTER DELETE ON plans BEGIN "
        f"{_goals('plan_goals', case_goals.format(row='OLD'), +1)} END",
        f"CREATE TRIGGER {p}plans_goals_before_update BEFORE UPDATE OF case_id, version, "
        f"created_at ON plans BEGIN {_goals('plan_goals', case_goals.format(row='OLD'), -1)} "
        f"{_goals('plan_goals', moved.format(row='NEW'), -1)} END",
        f"CREATE TRIGGER {p}plans_goals_after_update AFTER UPDATE OF case_id, version, "
        f"created_at ON plans BEGIN {_goals('plan_goals', case_goals.format(row='OLD'), +1)} "
        f"{_goals('plan_goals', moved.format(row='NEW'), +1)} END",
    ]


def drop_trigger_ddl() -> list[str]:
    names = [t.removeprefix("CREATE TRIGGER ").split()[0] for t in trigger_ddl()]
    return [f"DROP TRIGGER IF EXISTS {n}" for n in names]


def drop_ddl() -> list[str]:
    return drop_trigger_ddl() + [f"DROP TABLE IF EXISTS {t}" for t in CELL_TABLES]


def cells_of(sources: tuple[str, ...]) -> list[str]:
    """The cell tables counting `sources`, the goals' and the shared ones (keys, areas)."""
    return [t for t in CELL_TABLES if t not in _SOURCE or _SOURCE[t] in sources]


def _put_key(execute: Any, secret: bytes, table: str) -> None:
    a, b = mixer_params(secret, KEY_TABLES[table])
    execute(
        "INSERT OR REPLACE INTO stat_keys (tbl, a, b) VALUES (:t, :a, :b)",
        {"t": KEY_TABLES[table], "a": a, "b": b},
    )


def rebuild(execute: Any, secret: bytes, sources: tuple[str, ...] = SOURCES) -> None:
    """Count every cell again from the base tables (set-based): the key table from `secret`,
    the case areas, then each cell table. `execute(sql, params)` runs one statement."""
    execute("DELETE FROM stat_keys", {})
    for table in (*sources, "plan_goals"):
        _put_key(execute, secret, table)
    for t in cells_of(sources):
        if t != "stat_keys":
            execute(f"DELETE FROM {t}", {})
    execute(
        "INSERT INTO stat_case_area (case_id, subregion, country) "
        "SELECT id, subregion, country FROM cases",
        {},
    )
    for table in sources:
        count(execute, table)
    execute(_goals("plan_goals", "1 = 1", +1), {})


def count(execute: Any, table: str, secret: bytes | None = None) -> None:
    """Add every `table` row to its (empty) cells; with `secret`, its record keys' row first
    (a migration adding a table's cells to counted ones)."""
    if secret is not None:
        _put_key(execute, secret, table)
    for q in _grouped(table, "1 = 1", +1):
        execute(q, {})


def keys_match(execute: Any, secret: bytes) -> bool:
    """Whether the cells were counted with this secret's record keys."""
    rows = {tbl: (a, b) for tbl, a, b in execute("SELECT tbl, a, b FROM stat_keys", {}).all()}
    return rows == {n: mixer_params(secret, n) for n in KEY_TABLES.values()}
