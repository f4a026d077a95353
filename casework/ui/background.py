"""Background work on QThreadPool with results delivered on the GUI thread.

    run_in_background(parent, work, on_done=..., on_error=..., progress=...)

`work(report)` runs on a pool thread with its own database session (services open one per call);
`report(done, total)` may be called from it to show progress. `on_done(result)` / `on_error(exc)`
run on the GUI thread. Tests install a synchronous pool with `use_synchronous_pool()`, so a flow
can be driven without waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], None]], Any]


class Cancelled(Exception):
    """Raised inside work when the user cancelled it."""


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Job(QRunnable):
    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.cancelled = False
        self.setAutoDelete(False)

    def report(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled()
        self.signals.progress.emit(done, total)

    def cancel(self) -> None:
        self.cancelled = True

    def run(self) -> None:
        try:
            result = self.work(self.report)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class _SynchronousPool:
    def start(self, job: QRunnable) -> None:
        job.run()


_pool: Any = None
_running: set[Job] = set()


def pool() -> Any:
    return _pool or QThreadPool.globalInstance()


def use_synchronous_pool(enabled: bool = True) -> None:
    """For tests: run jobs immediately on the calling thread."""
    global _pool
    _pool = _SynchronousPool() if enabled else None


def run_in_background(
    parent: QObject | None,
    work: Work,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Job:
    job = Job(work)
    _running.add(job)

    def finished_ok(result: Any) -> None:
        _running.discard(job)
        if on_done is not None:
            on_done(result)

    def finished_error(exc: BaseException) -> None:
        _running.discard(job)
        if isinstance(exc, Cancelled):
            return
        if on_error is not None:
            on_error(exc)
        else:
            from casework.ui.errors import show_error

            show_error(parent if hasattr(parent, "window") else None, exc)  # type: ignore[arg-type]

    job.signals.done.connect(finished_ok)
    job.signals.failed.connect(finished_error)
    if progress is not None:
        job.signals.progress.connect(progress)
    pool().start(job)
    return job
