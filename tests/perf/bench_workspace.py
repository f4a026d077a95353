"""Opening a case workspace alone (issue 13), as bench.py's `workspace_ms` measures it, with
CPU time and where it goes. Not a test.

    python tests/perf/bench_workspace.py --vaults DIR --cases 200000 [--sessions 3] [--profile]

Each session: the login window's own unlock, the page check awaited, every page opened once
(as bench.py does), then workspaces opened one after the other (`CasesScreen.open_case` until
its background loads have delivered, then closed as its tab's close button does). The first
open of a session is reported apart: bench.py measures only that one. Per open: wall, the GUI
thread's CPU (`time.thread_time`, with the benchmark's own event polling), the process's CPU
(`process_time`: the pool's loads too) and the SQL statements run with their time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "perf"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import supervisor_account  # noqa: E402
from bench_ui import (  # noqa: E402
    app_and_controller,
    page_opens,
    pump,
    running,
    settle,
    unlock_session,
)

statements: list[tuple[float, str]] = []


def watch_sql(engine: object) -> None:
    from sqlalchemy import event

    def before(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001
        conn.info["casework_t0"] = time.perf_counter()

    def after(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001
        t0 = conn.info.pop("casework_t0", None)
        if t0 is not None:
            statements.append((time.perf_counter() - t0, " ".join(statement.split())[:160]))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)


def open_once(app: object, window: object, case_id: int, profile: bool) -> tuple[float, ...]:
    screen = window.screen_named("CasesScreen")  # type: ignore[attr-defined]
    statements.clear()
    prof = cProfile.Profile() if profile else None
    before = running()
    wall, gui, cpu = time.perf_counter(), time.thread_time(), time.process_time()
    if prof:
        prof.enable()
    ws = screen.open_case(case_id)
    shown = time.perf_counter() - wall
    settle(app, before=before)
    if prof:
        prof.disable()
    out = (
        time.perf_counter() - wall,
        time.thread_time() - gui,
        time.process_time() - cpu,
        shown,
    )
    screen._remove(ws)
    settle(app)  # the closed workspace is deleted before the next open
    pump(app)  # and the case list it uncovered drawn, as the user sees it before a click
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vaults", type=Path, required=True)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--opens", type=int, default=5, help="workspaces opened per session")
    parser.add_argument("--profile", action="store_true", help="cProfile each session's first")
    parser.add_argument("--profile-open", type=int, default=0)
    parser.add_argument("--sql", action="store_true", help="print each open's statements")
    args = parser.parse_args()

    from casework.services import case_list
    from casework.services.case_list import CaseQuery

    app, controller = app_and_controller(args.vaults / f"cases-{args.cases}")
    user, password = supervisor_account()
    first, later = [], []
    for run in range(args.sessions):
        unlock_session(app, controller, user, password)
        settle(app, lambda: controller.vault.pages_checked, limit=900)
        watch_sql(controller.vault.engine)
        window = controller.window
        window.resize(1280, 800)
        page_opens(app, window)
        ids = [
            r.id
            for r in case_list.list_cases(controller.ctx, CaseQuery(limit=20 * (run + 1) + 40)).rows
        ]
        for n in range(args.opens):
            case_id = ids[20 * (run + 1) - 1 + n]
            figures = open_once(app, window, case_id, args.profile and n == args.profile_open)
            (first if n == 0 else later).append(figures)
            print(
                f"session {run} open {n} case {case_id}: wall {figures[0] * 1000:.1f} ms, "
                f"GUI CPU {figures[1] * 1000:.1f}, process CPU {figures[2] * 1000:.1f}, "
                f"open_case returned after {figures[3] * 1000:.1f}; "
                f"SQL {len(statements)} statements {sum(t for t, _s in statements) * 1000:.1f} ms",
                flush=True,
            )
            if args.sql:
                for t, s in statements:
                    print(f"    {t * 1000:6.2f} {s}")
        settle(app)
        controller.lock()
        settle(app)
    for name, rows in (("first open of a session", first), ("later opens", later)):
        if rows:
            cols = list(zip(*rows, strict=True))
            print(
                f"{name}: median wall {statistics.median(cols[0]) * 1000:.1f} ms, GUI CPU "
                f"{statistics.median(cols[1]) * 1000:.1f}, process CPU "
                f"{statistics.median(cols[2]) * 1000:.1f} (lowest: wall "
                f"{min(cols[0]) * 1000:.1f}, GUI CPU {min(cols[1]) * 1000:.1f}, process CPU "
                f"{min(cols[2]) * 1000:.1f})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
