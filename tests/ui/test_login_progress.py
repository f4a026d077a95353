"""A long job behind the login window's busy bar (a large workshop made again on reset: minutes
at 500,000 cases) shows how far it is; the next busy spell starts without an end again."""

from __future__ import annotations

from pathlib import Path

from casework.ui.login import LoginWindow


def test_busy_bar_shows_progress_and_starts_over(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    login = LoginWindow(tmp_path / "vault")
    qtbot.addWidget(login)
    login.show_progress(3, 10)  # not busy: nothing to show
    assert login.busy.maximum() == 0
    login.set_busy(True)
    assert (login.busy.minimum(), login.busy.maximum()) == (0, 0)  # no end known yet
    login.show_progress(250_000, 500_000)
    assert (login.busy.maximum(), login.busy.value()) == (500_000, 250_000)
    login.show_progress(600_000, 500_000)
    assert login.busy.value() == 500_000
    login.set_busy(False)
    login.set_busy(True)
    assert login.busy.maximum() == 0
