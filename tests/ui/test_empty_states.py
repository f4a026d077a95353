"""Empty lists say what goes there and what to do next, not a blank table."""

from __future__ import annotations

from fixtures_screens import World

from casework.i18n import set_language
from casework.ui.cases.screen import CasesScreen
from casework.ui.tasks_screen import TasksScreen
from casework.ui.widgets.tables import refresh_empty_state

pytest_plugins = ["fixtures_screens"]


def _empty_text(view) -> str:  # noqa: ANN001
    label = view.empty_state.label
    return label.text() if label.isVisibleTo(view) else ""


def test_a_search_with_no_result_says_so_and_what_to_try(qtbot, world: World) -> None:
    screen = CasesScreen(world.caseworker)
    qtbot.addWidget(screen)
    screen.show()
    table = screen.list.table
    qtbot.waitUntil(lambda: screen.list.model.rowCount() > 0)
    assert _empty_text(table) == ""  # rows: no sentence over them
    screen.list.search.setText("Zebulon")
    screen.list.reload()
    qtbot.waitUntil(lambda: "Zebulon" in _empty_text(table))
    assert "Check the spelling" in _empty_text(table)
    set_language("fr")
    assert "Vérifiez l'orthographe" in _empty_text(table)


def test_my_tasks_empty_says_nothing_to_do(qtbot, world: World) -> None:
    screen = TasksScreen(world.caseworker)
    qtbot.addWidget(screen)
    screen.show()
    assert "no open task is assigned to you" in _empty_text(screen.table)


def test_case_tabs_say_what_goes_there_and_the_next_step(qtbot, world: World) -> None:
    screen = CasesScreen(world.caseworker)
    qtbot.addWidget(screen)
    screen.show()
    ws = screen.open_case(world.carl_case)
    ws.tabs.setCurrentWidget(ws.consents)
    refresh_empty_state(ws.consents.table)
    text = _empty_text(ws.consents.table)
    assert "No consent recorded yet" in text and "Record consent…" in text
    ws.tabs.setCurrentWidget(ws.plan)
    assert "Start a plan" in _empty_text(ws.plan.tree)
    ws.tabs.setCurrentWidget(ws.notes)
    assert "Add note…" in _empty_text(ws.notes.table)
