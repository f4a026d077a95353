"""Memory figures of the benchmark (bench.py): a long session's peak, apart from the bench's own.

- `rss_mb()`: this process's resident memory now and its peak (VmRSS, VmHWM);
- `long_session(...)`: what an hour of use does to a session, compressed: lock/unlock cycles
  through the login window, each with every page opened, searches typed into the case list,
  every sort clicked, case workspaces opened and closed; resident memory after each lock and
  SQLite's own peak are recorded.

`peak_memory_mb` (bench.py) is read after this phase and before the encryption ratio's plaintext
copy is opened: it is what a user's process reaches. The whole benchmark process's peak
(the plain copy's connection and caches included) is reported apart as
`bench_process_peak_mb`.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from casework.store.engine import sqlite_memory

CYCLES = 4
SEARCHES_PER_CYCLE = 40
WORKSPACES_PER_CYCLE = 5


def rss_mb() -> tuple[float, float]:
    """(resident now, resident peak) in MB (MiB, as ru_maxrss / 1024)."""
    now = peak = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return round(now, 1), round(peak, 1)


def long_session(
    ui: ModuleType, app: Any, controller: Any, account: tuple[str, str], typed: dict[int, list[str]]
) -> dict[str, object]:
    """`ui` is bench_ui.py (its unlock, settle, page and workspace drivers)."""
    from PySide6.QtCore import Qt

    from casework.services import case_list
    from casework.services.case_list import CaseQuery
    from casework.ui.cases.list_model import COLUMNS

    user, password = account
    words = [w for n in sorted(typed) for w in typed[n]]
    after_lock: list[float] = []
    for cycle in range(CYCLES):
        if controller.window is None:
            ui.unlock_session(app, controller, user, password)
            ui.settle(app, lambda: controller.vault.pages_checked, limit=600)
        window = controller.window
        window.resize(1280, 800)
        ui.page_opens(app, window)  # every page, loaded, then back to the case list
        screen = window.screen_named("CasesScreen")
        model = screen.list.model
        for i in range(SEARCHES_PER_CYCLE):  # search as you type, one word after another
            word = words[(cycle * SEARCHES_PER_CYCLE + i) % len(words)]
            model.set_filters(text=word)
            ui.settle(app)
        model.set_filters(text="")
        for column in [i for i, c in enumerate(COLUMNS) if c.sort is not None]:
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                model.sort(column, order)
                ui.settle(app)
        ids = [r.id for r in case_list.list_cases(controller.ctx, CaseQuery(limit=200)).rows]
        for k in range(WORKSPACES_PER_CYCLE):
            ui.workspace_open(app, window, ids[(cycle * 37 + k * 11) % len(ids)])
        ui.settle(app)
        controller.lock()
        ui.settle(app)
        for _ in range(20):  # the closed window is deleted, then its memory released
            ui.pump(app)
        after_lock.append(rss_mb()[0])
    ui.unlock_session(app, controller, user, password)  # the session goes on, as after a lock
    ui.settle(app, lambda: controller.vault.pages_checked, limit=600)
    return {
        "session_cycles": CYCLES,
        "rss_after_each_lock_mb": after_lock,
        "rss_growth_per_lock_cycle_mb": round((after_lock[-1] - after_lock[0]) / (CYCLES - 1), 1),
    }


def sqlite_peak_mb() -> float:
    return round(sqlite_memory()[1] / 2**20, 1)


def same_memory_for_both(ctx: Any) -> None:
    """Before the encryption ratio's plain copy is opened in this process: twice the heap
    budget for the process, one budget per connection's cache, the session's connections
    opened again under these settings (its next reads warm them)."""
    from casework.store import engine

    budget = engine.HEAP_BUDGET_KIB
    engine.CACHE_MAX_KIB = min(engine.CACHE_MAX_KIB, budget)
    engine.CACHE_MIN_KIB = min(engine.CACHE_MIN_KIB, budget)
    engine.HEAP_BUDGET_KIB = 2 * budget
    ctx.vault.engine.dispose()
