"""A case workspace opens at once and loads its tabs on the pool when first shown, with real
threads (not the synchronous test pool): each tab shows its own case's data, "Loading…" while
it comes, and a result overtaken by a newer load is dropped."""

from __future__ import annotations

import datetime as dt
import threading

from fixtures_screens import column_values
from PySide6.QtCore import QRunnable, QThreadPool

from casework.model.enums import NoteKind
from casework.services import notes
from casework.services.notes import NoteInput
from casework.ui import background
from casework.ui.cases import CasesScreen
from casework.ui.cases.workspace import CaseWorkspace

pytest_plugins = ["fixtures_screens"]


class _Held:
    """Every pool thread busy until `release()`: loads started meanwhile wait in the queue."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        pool = QThreadPool.globalInstance()
        for _ in range(pool.maxThreadCount()):
            pool.start(QRunnable.create(lambda: self.gate.wait(30)))

    def release(self) -> None:
        self.gate.set()


def _note(ctx, case_id: int, body: str, restricted: bool = False) -> None:  # noqa: ANN001
    notes.add_note(
        ctx, case_id, NoteInput(NoteKind.CONTACT, dt.date.today(), body, restricted=restricted)
    )


def _settled(qtbot) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not background._running, timeout=20000)


def _open(qtbot, screen: CasesScreen, case_id: int) -> CaseWorkspace:  # noqa: ANN001
    ws = screen.open_case(case_id)
    assert isinstance(ws, CaseWorkspace)
    return ws


def test_tabs_of_two_cases_opened_quickly_each_show_their_own_case(qtbot, real_pool) -> None:  # noqa: ANN001
    world = real_pool
    sup = world.supervisor
    _note(sup, world.carl_case, "Visited Amina's family")
    _note(sup, world.omar_case, "Called Yusuf's employer")
    screen = CasesScreen(sup)
    qtbot.addWidget(screen)
    held = _Held()
    try:
        first = _open(qtbot, screen, world.carl_case)
        first.show_tab(first.notes)
        second = _open(qtbot, screen, world.omar_case)
        second.show_tab(second.notes)
        # Opened and shown at once, the rows still on their way.
        assert "Amina" in first.heading.text() and "Yusuf" in second.heading.text()
        assert first.notes.model.rowCount() == 0
        assert first.notes.table.empty_state.label.text() == "Loading…"
    finally:
        held.release()
    _settled(qtbot)
    assert column_values(first.notes.model, "Note") == ["Visited Amina's family"]
    assert column_values(second.notes.model, "Note") == ["Called Yusuf's employer"]
    assert first.notes.table.empty_state.label.isHidden()
    # The pathway strip came with the open.
    assert first.position is not None and first.stages.text()


def test_on_a_vault_the_header_comes_with_the_open(qtbot, real_pool) -> None:  # noqa: ANN001
    """The pathway strip and the suggested status are read with the (audited) open: shown
    with every thread of the global pool busy (the open's audit commits on a pool of its own),
    and no load of them left on its way."""
    world = real_pool
    screen = CasesScreen(world.supervisor)
    qtbot.addWidget(screen)
    held = _Held()
    try:
        before = background.running_jobs()
        ws = _open(qtbot, screen, world.carl_case)
        qtbot.waitUntil(lambda: screen.workspace(world.carl_case) is ws, timeout=10000)
        assert not (background.running_jobs() - before)  # the profile shows, nothing queued
        assert ws.position is not None and ws.position.stages
        current = next(p.stage.name for p in ws.position.stages if p.current)
        assert current in ws.stages.text() and not ws.stages.isHidden()
    finally:
        held.release()
    _settled(qtbot)


def test_a_load_overtaken_by_a_newer_one_is_dropped(qtbot, real_pool) -> None:  # noqa: ANN001
    world = real_pool
    sup = world.supervisor
    _note(sup, world.carl_case, "Disclosed in confidence", restricted=True)
    screen = CasesScreen(sup)
    qtbot.addWidget(screen)
    ws = _open(qtbot, screen, world.carl_case)
    held = _Held()
    try:
        ws.show_tab(ws.notes)  # queued: restricted notes masked
        ws.notes.show_restricted.setChecked(True)  # loads again at once, unmasked
        assert column_values(ws.notes.model, "Note") == ["Disclosed in confidence"]
    finally:
        held.release()
    _settled(qtbot)
    # The older, masked result arrived after and was dropped.
    assert column_values(ws.notes.model, "Note") == ["Disclosed in confidence"]


def test_a_result_for_a_closed_workspace_is_dropped(qtbot, real_pool) -> None:  # noqa: ANN001
    world = real_pool
    screen = CasesScreen(world.supervisor)
    qtbot.addWidget(screen)
    held = _Held()
    try:
        ws = _open(qtbot, screen, world.carl_case)
        ws.show_tab(ws.tasks)
        ws.clear()  # as a lock does
    finally:
        held.release()
    _settled(qtbot)
    assert ws.tasks.model.rowCount() == 0 and ws.position is None
