"""A background result whose page was deleted meanwhile (its window locked) goes nowhere.

The locked window is deleted while its pages' reads may still be on the pool; delivering one to
a deleted table model raised "Internal C++ object already deleted" on the GUI thread (seen in
bench.py's lock cycles on the Pathways page)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel
from shiboken6 import isValid

from casework.ui import background


def _held_job(owner: QObject, outcome: str, got: list[str]) -> threading.Event:
    gate = threading.Event()

    def work(_report: object) -> str:
        gate.wait(5)
        if outcome == "fail":
            raise RuntimeError("the read failed")
        return "rows"

    background.run_in_background(
        owner,
        work,
        lambda result: got.append(f"shown {result}"),
        lambda exc: got.append(f"error {exc}"),
    )
    return gate


def test_a_result_for_a_deleted_owner_is_dropped(qtbot) -> None:  # noqa: ANN001
    background.use_synchronous_pool(False)  # the real pool: the owner goes while the job runs
    for outcome in ("ok", "fail"):
        page = QLabel()
        got: list[str] = []
        gate = _held_job(page, outcome, got)
        page.deleteLater()
        qtbot.waitUntil(lambda p=page: not isValid(p), timeout=2000)
        gate.set()
        qtbot.waitUntil(lambda: not background._running, timeout=5000)  # delivered (or not)
        assert got == []


def test_a_live_owner_still_gets_its_result_and_its_error(qtbot) -> None:  # noqa: ANN001
    background.use_synchronous_pool(False)
    page = QLabel()
    for outcome, expected in (("ok", "shown rows"), ("fail", "error the read failed")):
        got: list[str] = []
        _held_job(page, outcome, got).set()
        qtbot.waitUntil(lambda g=got: bool(g), timeout=5000)
        assert got == [expected]
