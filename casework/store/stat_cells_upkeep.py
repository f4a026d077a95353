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
    ]


_SOURCE = {
    "stat_cases": "cases",
    "stat_referral_states": "referrals",
    "stat_referral_services": "referrals",
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
        _goals("plan_goals", "p.case_id = NEW.id", -1),
        _AREA_ROW,
        *(f"{q};" for t in ("referrals", "plans") for q in _grouped(t, "r.case_id = NEW.id", +1)),
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
    execute(_goals("plan_goals", "1 = 1", +1), {})


def keys_match(execute: Any, secret: bytes) -> bool:
    """Whether the cells were counted with this secret's record keys."""
    rows = {tbl: (a, b) for tbl, a, b in execute("SELECT tbl, a, b FROM stat_keys", {}).all()}
    return rows == {n: mixer_params(secret, n) for n in KEY_TABLES.values()}
