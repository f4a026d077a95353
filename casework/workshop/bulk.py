"""The bulk path: tens of thousands of fictional cases in minutes, for benchmarks.

One service call per row would take hours for 650,000 rows, so rows are written as prepared
INSERTs (executemany) in large transactions on one connection of the load's own
(bulk_schema.py: indexes and search triggers set aside, then put back), with the columns and
values the services write. The loaded cases' search rows are made at the end, one statement per
search table, exactly as the triggers would have made them. A few audit events then summarise
the load (counts only).
"""

from __future__ import annotations

import contextlib
import gc
import random
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from casework.store import audit_chain
from casework.workshop.bulk_rows import TABLE_ORDER, Ids, Rows
from casework.workshop.bulk_schema import LoadConnection

if TYPE_CHECKING:
    from casework.workshop.generator import WorkshopInfo, World

CHUNK = 5000  # cases per transaction


def _statement(dialect: Any, table: Any, rows: list[dict[str, Any]]) -> tuple[str, list[tuple]]:
    """`insert(table)` over many rows as one SQL string and its parameter tuples, values
    converted as SQLAlchemy would (enum values, dates, UTC timestamps, column defaults) but
    without its per-row bookkeeping, which cost as much as SQLite's own work. Every row has the
    keys of the first (as for executemany). Conversions are remembered per distinct value
    (dates, stamps and enum values repeat: converting each anew was a fifth of the load)."""
    keys = list(rows[0])
    defaults = {}
    for column in table.columns:
        if column.key in rows[0] or column.default is None:
            continue
        default = column.default
        defaults[column.key] = default.arg if default.is_scalar else default.arg(None)
    names = keys + list(defaults)
    processors = [table.columns[k].type._cached_bind_processor(dialect) for k in names]
    fixed = tuple(defaults.values())
    todo = [(i, p, {}) for i, p in enumerate(processors) if p is not None]
    params = []
    for row in rows:
        values = [row[k] for k in keys]
        values.extend(fixed)
        for i, process, seen in todo:
            value = values[i]
            try:
                values[i] = seen[value]
            except KeyError:
                values[i] = seen[value] = process(value)
            except TypeError:  # not hashable (a JSON list)
                values[i] = process(value)
        params.append(tuple(values))
    columns = ", ".join(table.columns[k].name for k in names)
    marks = ", ".join("?" for _ in names)
    return f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", params


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the load: its rows are plain dicts and tuples, freed
    by reference counting, but the collector's full passes over the hundreds of thousands of
    them alive at a time cost about a sixth of making them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _chunk(world: World, rng: random.Random, ids: Ids, first: int, last: int) -> list[Any]:
    """The statements of cases first..last-1 (run on a helper thread, see `load`)."""
    rows = Rows(world, rng, ids)
    for index in range(first, last):
        rows.case(index)
    dialect = world.vault.engine.dialect
    return [
        (name, *_statement(dialect, model.__table__, rows.tables[name]))
        for name, model in TABLE_ORDER
        if rows.tables[name]
    ]


def load(
    world: World,
    rng: random.Random,
    count: int,
    done_before: int,
    progress: Callable[[int, int], None] | None,
    info: WorkshopInfo,
) -> None:
    """Write `count` cases and everything about them, CHUNK cases per transaction.

    The next chunk's rows are made on a helper thread while SQLite writes the current one (the
    driver lets go of the interpreter while SQLite works), in the same order as one thread
    would: chunk k + 1 starts once chunk k is made, so a seed still gives the same vault.
    """
    ids = Ids(world)
    totals: dict[str, int] = {name: 0 for name, _ in TABLE_ORDER}
    started = time.perf_counter()
    starts = list(range(0, count, CHUNK))

    def make(start: int) -> list[Any]:
        return _chunk(world, rng, ids, done_before + start, done_before + min(count, start + CHUNK))

    tables = [model.__table__.name for _name, model in TABLE_ORDER]
    loading = LoadConnection(world.vault.engine, tables)
    try:
        with (
            _collector_paused(),
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="workshop-rows") as pool,
        ):
            pending = pool.submit(make, starts[0]) if starts else None
            for n, start in enumerate(starts):
                assert pending is not None
                statements = pending.result()
                pending = pool.submit(make, starts[n + 1]) if n + 1 < len(starts) else None
                loading.write(statements)
                for name, _sql, params in statements:
                    totals[name] += len(params)
                if progress is not None:
                    progress(done_before + min(count, start + CHUNK), done_before + count)
        mark = time.perf_counter()
        loading.restore()
        info.seconds["bulk_indexes"] = time.perf_counter() - mark
    finally:
        loading.close()
    world.vault.engine.dispose()
    info.seconds["bulk_rows"] = time.perf_counter() - started
    info.counts.update({f"bulk_{k}": v for k, v in totals.items()})
    actor = world.supervisor.actor
    with world.vault.write() as s:
        audit_chain.append(
            s,
            "workshop.bulk_loaded",
            actor_id=actor.user_id,
            actor_name=actor.username,
            entity="vault",
            details={"rows": totals, "seconds": round(info.seconds["bulk_rows"], 1)},
        )
