"""How the benchmarks drive the app as its user does (issue 13): the event loop turned as
`app.exec()` turns it, the login window's own unlock, a page chosen in the navigation, a case
opened; bench.py, bench_unlock.py and bench_workspace.py time these.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

# PySide6 6.12.0 (this venv) releases one reference to None too many on every call of a Qt
# method that returns nothing: `app.processEvents()`, `label.setText()`… (and to True/False for
# one that returns a bool, e.g. `signal.emit`). Python 3.11's None is not immortal, so a process
# that makes about 50,000 such calls dies with "Fatal Python error: none_dealloc" — the crash
# seen at shutdown and in long runs. The settle loop below calls processEvents thousands of times
# a second while a large vault is checked; it gives back what each of its own calls took.
_NONE_TAKEN_PER_CALL = 0


def _measure_none_leak(app: object) -> None:
    global _NONE_TAKEN_PER_CALL
    before = sys.getrefcount(None)
    for _ in range(200):
        app.processEvents()  # type: ignore[attr-defined]
    _NONE_TAKEN_PER_CALL = max(0, round((before - sys.getrefcount(None)) / 200))
    _give_back(200)
    print(f"PySide6 takes {_NONE_TAKEN_PER_CALL} reference(s) to None per call", flush=True)


def _give_back(calls: int) -> None:
    import ctypes

    for _ in range(calls * _NONE_TAKEN_PER_CALL):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))


def pump(app: object) -> None:
    """One turn of the event loop, as `app.exec()` makes it: events, then the objects closed
    with `deleteLater()` (which `processEvents` outside a running loop never deletes, so the
    benchmark would keep every locked session's window)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    app.processEvents()  # type: ignore[attr-defined]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if _NONE_TAKEN_PER_CALL:
        _give_back(2)


def settle(
    app: object,
    until: Callable[[], bool] = lambda: True,
    limit: float = 120,
    before: frozenset[object] = frozenset(),
) -> None:
    """Process events until `until()` holds and the background jobs started since `before`
    (a snapshot of the running jobs) have delivered their results. Jobs already running then
    (the page check the session starts after unlock) are not waited for."""
    from casework.ui import background

    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        pump(app)
        if until() and not (background._running - before):
            return
        time.sleep(0.0005)
    raise TimeoutError("the window did not settle")


def running() -> frozenset[object]:
    from casework.ui import background

    return frozenset(background._running)


# The shortest time a user takes to type a password (the benchmark's pause before each unlock).
TYPING_S = 0.5


def rows_shown(controller: object) -> bool:
    """The session's case list shows rows (where an unlock's timing ends)."""
    window = controller.window  # type: ignore[attr-defined]
    if window is None:
        return False
    screen = window.screen_named("CasesScreen")
    return screen is not None and screen.list.model.rowCount() > 0


# When the key derivation of the unlock being timed ended (wall, process CPU).
kdf_marks: dict[str, tuple[float, float]] = {}


def mark_kdf_end() -> None:
    """Note when each password's key derivation ends: an unlock is timed from there, rather
    than less a separately timed derivation (on a loaded machine that leaves mostly noise)."""
    from casework.store.keyslots import KeySlots

    derive = KeySlots.open_password
    if getattr(derive, "marks_kdf_end", False):
        return

    def timed_open(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        try:
            return derive(self, *args, **kwargs)
        finally:
            kdf_marks["kdf_end"] = (time.perf_counter(), time.process_time())

    timed_open.marks_kdf_end = True  # type: ignore[attr-defined]
    KeySlots.open_password = timed_open  # type: ignore[method-assign]


def unlock_session(
    app: object, controller: object, user: str, password: str
) -> tuple[float, float]:
    """The login window's own unlock, until the case list shows rows: seconds with key
    derivation, and after it."""
    mark_kdf_end()
    login = controller.login  # type: ignore[attr-defined]
    controller._last_page = ""  # type: ignore[attr-defined]  # start on the first page
    controller.show_login()  # type: ignore[attr-defined]
    # A user takes seconds to type a password. Meanwhile the event loop runs what the last lock
    # left to it: the old window's deletion, then its memory release (ui/memory.py: a full
    # gc.collect and malloc_trim on the GUI thread, 80-100 ms of CPU). Submitting at once made
    # that release run inside the unlock being timed, holding back the key derivation's start.
    typing_ends = time.perf_counter() + TYPING_S
    while time.perf_counter() < typing_ends:
        pump(app)
        time.sleep(0.005)
    login.username.setText(user)
    login.password.setText(password)
    kdf_marks.clear()
    start = time.perf_counter()
    login.submit()

    settle(app, lambda: rows_shown(controller), before=running())
    end = time.perf_counter()
    return end - start, end - kdf_marks["kdf_end"][0]


def page_opens(app: object, window: object) -> dict[str, tuple[float, float]]:
    """Seconds from choosing each page (after the first) to it being on screen, and to its
    background loads (if any) having delivered."""
    out = {}
    keys = window.page_keys()  # type: ignore[attr-defined]
    for row, key in enumerate(keys):
        if row == 0:
            continue
        before = running()
        start = time.perf_counter()
        window.nav.setCurrentRow(row)  # type: ignore[attr-defined]
        pump(app)
        shown = time.perf_counter() - start
        settle(app, before=before)
        out[key] = (shown, time.perf_counter() - start)
    window.nav.setCurrentRow(0)  # type: ignore[attr-defined]
    # Back on the case list, drawn, as the user has it before clicking a row: left pending, its
    # display (40-100 ms of the GUI thread's CPU) was timed as part of the workspace's open.
    settle(app)
    pump(app)
    return out


def workspace_open(app: object, window: object, case_id: int) -> float:
    screen = window.screen_named("CasesScreen")  # type: ignore[attr-defined]
    before = running()
    start = time.perf_counter()
    ws = screen.open_case(case_id)
    settle(app, before=before)
    elapsed = time.perf_counter() - start
    screen._remove(ws)  # closed as its tab's close button does once nothing is unsaved
    return elapsed


def app_and_controller(folder: Path) -> tuple[object, object]:
    """For the scripts that time one part of a session: the Qt application (its event pumping
    made safe, `_measure_none_leak`), what an unlock needs preloaded as the app does while the
    password is typed, and a session controller on the vault, as the login window has it."""
    from PySide6.QtWidgets import QApplication

    from casework.ui.application import preload
    from casework.ui.pages import build_pages
    from casework.ui.session import SessionController

    app = QApplication.instance() or QApplication([])
    _measure_none_leak(app)
    preload()
    return app, SessionController(folder, build_pages)
