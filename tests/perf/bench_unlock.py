"""Unlock to the first case-list rows only (issue 13), with the page check held (as the app
does) and, alternating, started at once: wall and CPU time. Not a test.

    python tests/perf/bench_unlock.py --vaults DIR --cases 500000 [--runs 3]

The same path as bench.py's `unlock_to_rows_s` (the login window's own unlock until the case
list shows rows), timed from the moment key derivation ends (bench_ui.mark_kdf_end), with the
page check held and started at once, and CPU time: the GUI
thread's (`time.thread_time`, from the submit, with the benchmark's own event polling) and the
process's after key derivation (`process_time`: the unlock's worker and, unless held, the
page check's scan). Between runs the session is locked and its page check finishes (a lock
keeps the writes held behind it), so runs do not overlap.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

# bench.py sets up the paths and the offscreen platform when imported.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import kdf_seconds, supervisor_account  # noqa: E402
from bench_ui import (  # noqa: E402
    app_and_controller,
    kdf_marks,
    mark_kdf_end,
    rows_shown,
    running,
    settle,
)


def one_unlock(app: object, controller: object, user: str, password: str) -> tuple[float, ...]:
    """Wall, GUI-thread CPU and process CPU from submit to the first rows."""
    login = controller.login  # type: ignore[attr-defined]
    controller._last_page = ""  # type: ignore[attr-defined]
    controller.show_login()  # type: ignore[attr-defined]
    login.username.setText(user)
    login.password.setText(password)
    kdf_marks.clear()
    wall, gui = time.perf_counter(), time.thread_time()
    login.submit()

    settle(app, lambda: rows_shown(controller), before=running())
    end, end_cpu = time.perf_counter(), time.process_time()
    kdf_end, kdf_end_cpu = kdf_marks["kdf_end"]
    return (
        end - kdf_end,  # after key derivation, to the first rows
        time.thread_time() - gui,  # the GUI thread (it derives no key)
        end_cpu - kdf_end_cpu,  # the process, after key derivation
        end - wall,  # with key derivation
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--vaults", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from casework.store.page_check import wait_for_closing
    from casework.ui import session as session_module

    folder = args.vaults / f"cases-{args.cases}"
    app, controller = app_and_controller(folder)
    user, password = supervisor_account()
    cpu = time.process_time()
    kdf = [kdf_seconds(folder, user, password) for _ in range(args.runs)]
    kdf_cpu = (time.process_time() - cpu) / args.runs
    mark_kdf_end()
    held_hold = session_module.CHECK_HOLD_S
    out: dict[str, object] = {
        "cases": args.cases,
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
        "kdf_s": round(statistics.median(kdf), 3),
        "kdf_process_cpu_ms": round(kdf_cpu * 1000, 1),
    }
    figures: dict[str, list[tuple[float, ...]]] = {"held": [], "at_once": []}
    for run in range(args.runs * 2):
        mode = "held" if run % 2 == 0 else "at_once"
        session_module.CHECK_HOLD_S = held_hold if mode == "held" else 0.0
        figures[mode].append(one_unlock(app, controller, user, password))
        print(mode, [round(x, 3) for x in figures[mode][-1]], flush=True)
        settle(app)
        controller.lock()
        settle(app)
        wait_for_closing()  # this session's check ends before the next unlock
    for mode, rows in figures.items():
        out[f"unlock_to_rows_{mode}_s"] = round(statistics.median(r[0] for r in rows), 3)
        out[f"unlock_to_rows_{mode}_runs_s"] = [round(r[0], 3) for r in rows]
        out[f"unlock_gui_cpu_{mode}_ms"] = round(statistics.median(r[1] for r in rows) * 1000, 1)
        out[f"unlock_process_cpu_{mode}_ms"] = round(
            statistics.median(r[2] for r in rows) * 1000, 1
        )
        out[f"unlock_with_kdf_{mode}_s"] = round(statistics.median(r[3] for r in rows), 3)
    out["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    controller.shutdown()
    text = json.dumps(out, indent=2)
    print(text, flush=True)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
