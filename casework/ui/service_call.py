"""Service calls from the UI that never make the window wait for the network.

    call_service(owner, ctx, work, on_done, on_error=None, busy=(...), waiting=None)

`work()` is a closure over plain values (read every widget before, on the GUI thread: it must
not touch one); it calls the services. `on_done(result)` / `on_error(exc)` run on the GUI thread.

- On an office server the call runs on a thread of its own pool (a call held by a stalled
  network must not take one of the page loads' threads). Meanwhile the window repaints, timers
  fire and Lock works; the `busy` widgets (the dialog's buttons) are disabled, so a second click
  does not run it twice (`call_service` also refuses a second call from the same owner while
  one is running), and after WAIT_SHOWN_MS `waiting(True)` lets the owner say "Waiting for the
  office server…". If the owner was deleted meanwhile (the session locked), the result is
  dropped; nothing on screen is cleared on a failure, so what was typed stays.
- On a vault (and in tests that install the synchronous pool) the call runs at once on the
  calling thread, as before: a local SQLCipher call is fast and never waits on a network.

A call blocked on a silently dropped network is broken when the session's change listener
notices the connection is gone (server_session.py): it then fails with the translated
"cannot be reached" message and can be retried once the connection is back.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QWidget

from casework.i18n import N_
from casework.ui import background

WAITING = N_("Waiting for the office server…")
WAIT_SHOWN_MS = 300
_RUNNING = "caseworkServiceCall"

_CALLS = "service calls"
_jobs: set[background.Job] = set()


def runs_off_ui(ctx: object) -> bool:
    """True in a session on the office server (its calls go over the network). The server
    module is only imported in such a session: if it is not loaded, this is a vault."""
    server = sys.modules.get("casework.store.server")
    store = getattr(ctx, "vault", None)
    return server is not None and isinstance(store, server.ServerStore)


def _pool() -> QThreadPool:
    return background.own_pool(_CALLS, 4)


def is_running(owner: QObject) -> bool:
    return bool(owner.property(_RUNNING))


def call_service(
    owner: QObject,
    ctx: object,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    busy: Sequence[QWidget] = (),
    waiting: Callable[[bool], None] | None = None,
    single: bool = True,
) -> bool:
    """Run `work` as described in the module's docstring. False if `owner` already has a call
    running (the second click is ignored), unless `single` is False (calls that do not come
    from one button, e.g. reloads: the owner keeps its own generation count)."""
    failed = on_error or (lambda exc: _show(owner, exc))
    if single and is_running(owner):
        return False
    if not runs_off_ui(ctx) or isinstance(background.pool(), background._SynchronousPool):
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - handed to on_error, as off the thread
            failed(exc)
        else:
            on_done(result)
        return True

    import shiboken6

    if single:
        owner.setProperty(_RUNNING, True)
    disabled = [w for w in busy if w.isEnabled()]
    for widget in disabled:
        widget.setEnabled(False)
    timer = QTimer(owner)
    timer.setSingleShot(True)
    if waiting is not None:
        timer.timeout.connect(lambda: waiting(True))
    timer.start(WAIT_SHOWN_MS)
    from casework.store.server import call_begun

    store = getattr(ctx, "vault", None)

    def run(_report: object) -> Any:
        with call_begun(store):
            return work()

    job = background.Job(run)
    _jobs.add(job)

    def finish() -> bool:
        _jobs.discard(job)
        if not shiboken6.isValid(owner):
            return False  # the dialog or page is gone (locked, closed): nothing to show
        if single:
            owner.setProperty(_RUNNING, False)
        timer.stop()
        timer.deleteLater()
        for widget in disabled:
            if shiboken6.isValid(widget):
                widget.setEnabled(True)
        if waiting is not None:
            waiting(False)
        return True

    job.signals.done.connect(lambda result: finish() and on_done(result))
    job.signals.failed.connect(lambda exc: finish() and failed(exc))
    _pool().start(job)
    return True


def wait_for_calls(ms: int = 2000) -> None:
    """At quit and in tests: let running calls end (a broken connection ends them at once)."""
    background.wait_for_pool(_CALLS, ms)


def _show(owner: QObject, exc: BaseException) -> None:
    from casework.ui.errors import show_error

    show_error(owner if isinstance(owner, QWidget) else None, exc)


__all__ = ["WAITING", "call_service", "is_running", "runs_off_ui", "wait_for_calls"]
