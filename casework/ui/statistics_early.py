"""The Statistics page's first figures, read as the page is chosen (`Screen.load_early`)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from casework.services import statistics
from casework.services.context import ServiceContext
from casework.services.statistics import Overview
from casework.ui.background import run_in_background

NO_FILTER: dict[str, object] = {"subregion": None, "country": None, "since": None}
# How long choosing the page waits for its figures before building it (`EarlyFigures.wait`):
# the read takes 20-30 ms at 500,000 cases (the roll-up tables, store/stat_rollups.py).
EARLY_WAIT_S = 0.06


class EarlyFigures:
    """The figures without filters, asked for on the pool as the page is chosen, before its
    widgets are made (`Screen.load_early`); `then(deliver)` hands over the result or the
    error once in (at once if it already is).

    `wait(seconds)` lets the GUI thread take them as soon as the read ends, before the page is
    built, rather than through the event loop once the page is on screen. The read holds the
    GIL for most of its time: run beside the page's construction, every Qt call the GUI thread
    made handed the GIL over and waited for it back, and the tables were painted empty, then
    filled and painted again (issue 13)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.outcome: tuple[Overview | None, BaseException | None] | None = None
        self._deliver: Callable[[Overview | None, BaseException | None], None] | None = None
        self._ended = threading.Event()
        self._ending: tuple[Overview | None, BaseException | None] = (None, None)

        def work(_report: object) -> Overview:
            try:
                result = statistics.overview(ctx, **NO_FILTER)  # type: ignore[arg-type]
            except BaseException as exc:
                self._ending = (None, exc)
                raise
            else:
                self._ending = (result, None)
                return result
            finally:
                self._ended.set()

        run_in_background(
            None,
            work,
            on_done=lambda result: self._arrived(result, None),
            on_error=lambda exc: self._arrived(None, exc),
        )

    def wait(self, seconds: float) -> bool:
        """Block up to `seconds` for the read to end (without the GIL: the read runs alone);
        True if the outcome is in. Its delivery through the event loop then comes to nothing."""
        if self.outcome is None and self._ended.wait(seconds):
            self._arrived(*self._ending)
        return self.outcome is not None

    def _arrived(self, result: Overview | None, error: BaseException | None) -> None:
        if self.outcome is not None:  # already taken by `wait`
            return
        self.outcome = (result, error)
        deliver, self._deliver = self._deliver, None
        if deliver is not None:
            deliver(result, error)

    def then(self, deliver: Callable[[Overview | None, BaseException | None], None]) -> None:
        if self.outcome is not None:
            deliver(*self.outcome)
        else:
            self._deliver = deliver
