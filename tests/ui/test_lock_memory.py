"""Memory across lock/unlock cycles (issue 13): a locked session leaves nothing of itself behind.

Every cycle logs in through the login window, opens every page the supervisor may see, locks, and
lets the event loop run (the closed window is deleted there, as in the app). Before the fix, every
background job ever run kept its work and callbacks (a cycle through Qt's connections that Python
cannot collect) and with them each session's context, vault, engine and pages: the process grew
with every cycle.
"""

from __future__ import annotations

import gc

from shell_helpers import SUPERVISOR_PASSWORD, log_in
from sqlalchemy import Engine

from casework.services.context import ServiceContext
from casework.store.vault import Vault
from casework.ui import background
from casework.ui.pages import build_pages
from casework.ui.session import SessionController

CYCLES = 6


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _objects(kind: type) -> list[object]:
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, kind)]


def _alive(kind: type, before: list[object]) -> int:
    """How many `kind` objects are alive that were not already alive before this test's cycles
    (earlier tests in the same process may keep their own: not this test's business). `before`
    holds them, so no new object can take one of their ids."""
    known = {id(o) for o in before}
    return sum(1 for o in _objects(kind) if id(o) not in known)


def _one_cycle(qtbot, controller: SessionController) -> None:  # noqa: ANN001
    log_in(qtbot, controller, "sara", SUPERVISOR_PASSWORD)
    window = controller.window
    for row in range(window.nav.count()):  # every page, built and loaded
        window.nav.setCurrentRow(row)
        qtbot.wait(5)
    qtbot.waitUntil(lambda: controller.vault.pages_checked, timeout=10_000)
    controller.lock()
    qtbot.waitUntil(lambda: not background._running, timeout=10_000)
    qtbot.wait(50)  # the event loop deletes the closed window, then memory is released


def test_lock_unlock_cycles_leave_no_session_behind(qtbot, shell_vault) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    controller = SessionController(shell_vault, build_pages)
    qtbot.addWidget(controller.login)
    try:
        _one_cycle(qtbot, controller)  # the first cycle loads modules, fonts and caches
        _one_cycle(qtbot, controller)
        widgets = len(QApplication.allWidgets())
        before = {kind: _objects(kind) for kind in (ServiceContext, Vault, Engine)}
        rss = _rss_kib()
        for _ in range(CYCLES):
            _one_cycle(qtbot, controller)
            # Nothing of a locked session is alive: its context, vault and engine are gone.
            for kind, known in before.items():
                assert _alive(kind, known) == 0, kind.__name__
            assert len(QApplication.allWidgets()) <= widgets
        grown_mib = (_rss_kib() - rss) / 1024
        assert grown_mib < 2 * CYCLES, f"the process grew {grown_mib:.1f} MiB in {CYCLES} cycles"
    finally:
        controller.shutdown()


def test_a_finished_job_lets_go_of_its_work_and_callbacks(qtbot) -> None:  # noqa: ANN001
    class Payload:
        pass

    def start() -> list[object]:
        payload, got = Payload(), []
        background.run_in_background(None, lambda _r: payload, got.append, None, lambda *_: None)
        return got

    got = start()
    qtbot.waitUntil(lambda: bool(got))
    got.clear()
    assert _alive(Payload, []) == 0
    assert not background._running

    def fail(_report: object) -> None:
        raise ValueError(Payload())

    errors: list[BaseException] = []
    background.run_in_background(None, fail, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    errors.clear()
    assert _alive(Payload, []) == 0
