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
from shiboken6 import isValid

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
        self.work: Work | None = work
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
        work, self.work = self.work, None  # nothing of the session kept once it has run
        try:
            result = work(self.report)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
            del work
            self.signals.failed.emit(exc)
        else:
            del work
            self.signals.done.emit(result)


class _SynchronousPool:
    def start(self, job: QRunnable) -> None:
        job.run()


_pool: Any = None
_running: set[Job] = set()
# Waiting for the jobs started since a snapshot to deliver (`when_idle`).
_idle: list[tuple[frozenset[Job], Callable[[], None]]] = []


def pool() -> Any:
    return _pool or QThreadPool.globalInstance()


_own_pools: dict[str, QThreadPool] = {}


def own_pool(name: str, threads: int) -> QThreadPool:
    """A pool kept apart from the global one, made on first use: work that must not queue
    behind page loads (the office server's calls, a case open's audit entry)."""
    found = _own_pools.get(name)
    if found is None:
        found = _own_pools[name] = QThreadPool()
        found.setMaxThreadCount(threads)
    return found


def wait_for_pool(name: str, ms: int = 2000) -> None:
    """Let the jobs of `own_pool(name)` end, if it was ever made (at lock, at quit)."""
    found = _own_pools.get(name)
    if found is not None:
        found.waitForDone(ms)


def use_synchronous_pool(enabled: bool = True) -> None:
    """For tests: run jobs immediately on the calling thread."""
    global _pool
    _pool = _SynchronousPool() if enabled else None


def running_jobs() -> frozenset[Job]:
    """The jobs running now: a snapshot for `when_idle`."""
    return frozenset(_running)


def when_idle(fn: Callable[[], None], since: frozenset[Job] = frozenset()) -> None:
    """Call `fn()` on the GUI thread once every job running now, except those already
    running at the snapshot `since` (`running_jobs()`), has delivered its result: at once
    when there is none. A job left running from before (or stuck) does not hold it."""
    if _running - since:
        _idle.append((since, fn))
    else:
        fn()


def _after_delivery() -> None:
    ready = [w for w in _idle if not (_running - w[0])]
    for waiter in ready:
        _idle.remove(waiter)
    for _since, fn in ready:
        fn()


def run_in_background(
    parent: QObject | None,
    work: Work,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_pool: QThreadPool | None = None,
) -> Job:
    """`on_pool`: a pool of the caller's own (work that must not queue behind page loads on
    the global pool); the synchronous test pool still runs it at once."""
    job = Job(work)
    _running.add(job)

    def owner_gone() -> bool:
        # The page or dialog that asked was deleted meanwhile (its window locked or closed):
        # its widgets are gone, so the result has nowhere to go.
        return parent is not None and not isValid(parent)

    def finished_ok(result: Any) -> None:
        try:
            if on_done is not None and not owner_gone():
                on_done(result)
        finally:
            _forget(job, progress is not None)
            _after_delivery()

    def finished_error(exc: BaseException) -> None:
        try:
            if isinstance(exc, Cancelled) or owner_gone():
                return
            if on_error is not None:
                on_error(exc)
            else:
                from casework.ui.errors import show_error

                show_error(parent if hasattr(parent, "window") else None, exc)  # type: ignore[arg-type]
        finally:
            _forget(job, progress is not None)
            _after_delivery()

    job.signals.done.connect(finished_ok)
    job.signals.failed.connect(finished_error)
    if progress is not None:
        job.signals.progress.connect(progress)
    (on_pool if on_pool is not None and not isinstance(_pool, _SynchronousPool) else pool()).start(
        job
    )
    return job


def _forget(job: Job, with_progress: bool) -> None:
    """A finished job lets go of its callbacks. The job and the closures connected to its
    signals refer to each other through Qt's connections, a cycle Python's collector cannot
    see: kept, every job ever run held its work, its callbacks and through them the session's
    context (vault, engine, pages) — memory that grew with every lock/unlock cycle."""
    _running.discard(job)
    job.signals.done.disconnect()
    job.signals.failed.disconnect()
    if with_progress:
        job.signals.progress.disconnect()


class LatestLoad(QObject):
    """A page's reads on the pool, the latest asked for winning: `start(read, show)` runs
    `read()` on a pool thread and `show(result)` on the GUI thread, unless a newer `start` (or
    `cancel`) came in meanwhile. While `loading`, the page shows its placeholder; `after(fn)`
    runs `fn` once the latest result is shown (at once when nothing is on its way)."""

    def __init__(self, parent: QObject, on_error: Callable[[BaseException], None]) -> None:
        super().__init__(parent)
        self._on_error = on_error
        self._generation = 0
        self._loading = False
        self._then: list[Callable[[], None]] = []

    @property
    def loading(self) -> bool:
        return self._loading

    def start(self, read: Callable[[], Any], show: Callable[[Any], None]) -> None:
        self._generation += 1
        generation = self._generation
        self._loading = True

        def done(result: Any) -> None:
            if generation != self._generation:
                return
            self._loading = False
            show(result)
            self._flush()

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self._then = []
            self._on_error(exc)

        run_in_background(self, lambda _report: read(), done, failed)

    def after(self, callback: Callable[[], None]) -> None:
        if self._loading:
            self._then.append(callback)
        else:
            callback()

    def cancel(self) -> None:
        """Drop whatever is on its way (the page is being cleared)."""
        self._generation += 1
        self._loading = False
        self._then = []

    def _flush(self) -> None:
        then, self._then = self._then, []
        for callback in then:
            callback()
