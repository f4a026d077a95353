"""`when_idle`: a callback once every background job has delivered its result (the session
releases the page check with it, once the first page has its rows)."""

from __future__ import annotations

import threading

from casework.ui import background
from casework.ui.background import run_in_background, use_synchronous_pool, when_idle


def test_when_idle_waits_for_every_running_job_to_deliver(qtbot) -> None:  # noqa: ANN001
    use_synchronous_pool(False)  # real pool threads, as in the app
    gate = threading.Event()
    seen: list[str] = []
    try:
        run_in_background(None, lambda _r: gate.wait(30), on_done=lambda _v: seen.append("slow"))
        run_in_background(None, lambda _r: 1, on_done=lambda _v: seen.append("quick"))
        when_idle(lambda: seen.append("idle"))
        qtbot.waitUntil(lambda: "quick" in seen, timeout=10000)
        qtbot.wait(100)
        assert "idle" not in seen  # the slow job is still running
        gate.set()
        qtbot.waitUntil(lambda: "idle" in seen, timeout=10000)
        assert seen == ["quick", "slow", "idle"]  # after the last result was shown
    finally:
        gate.set()
        qtbot.waitUntil(lambda: not background._running, timeout=10000)


def test_when_idle_calls_at_once_when_nothing_runs() -> None:
    seen: list[str] = []
    when_idle(lambda: seen.append("idle"))
    assert seen == ["idle"]


def test_when_idle_runs_after_a_failed_job_too(qtbot) -> None:  # noqa: ANN001
    use_synchronous_pool(False)
    seen: list[str] = []

    def fail(_r: object) -> None:
        raise ValueError("no")

    run_in_background(None, fail, on_error=lambda _e: seen.append("failed"))
    when_idle(lambda: seen.append("idle"))
    qtbot.waitUntil(lambda: "idle" in seen, timeout=10000)
    assert seen == ["failed", "idle"]


def test_when_idle_ignores_jobs_running_before_its_snapshot(qtbot) -> None:  # noqa: ANN001
    use_synchronous_pool(False)
    gate = threading.Event()
    seen: list[str] = []
    try:
        run_in_background(None, lambda _r: gate.wait(30))  # stuck, from before
        before = background.running_jobs()
        run_in_background(None, lambda _r: 1, on_done=lambda _v: seen.append("page"))
        when_idle(lambda: seen.append("idle"), since=before)
        qtbot.waitUntil(lambda: "idle" in seen, timeout=10000)
        assert seen == ["page", "idle"]
    finally:
        gate.set()
        qtbot.waitUntil(lambda: not background._running, timeout=10000)
