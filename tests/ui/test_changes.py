"""Pages show current data: a write made on one page makes the others stale; they reload when
shown, keeping the selected row."""

from __future__ import annotations

import datetime as dt

from fixtures_screens import World, model_texts

from casework.services import tasks
from casework.services.context import changed_kinds
from casework.ui.main_window import MainWindow
from casework.ui.tasks_screen import TasksScreen

pytest_plugins = ["fixtures_screens"]


def test_kinds_come_from_the_audit_events():
    events = [
        {"action": "referral.received", "entity": "case", "entity_id": 1, "details": {}},
        {"action": "case.opened", "entity": "case", "entity_id": 1, "details": {}},
    ]
    assert changed_kinds(events) == {"referral", "case", "audit"}
    opened_only = [{"action": "case.opened", "entity": "case", "entity_id": 1, "details": {}}]
    assert changed_kinds(opened_only) == {"audit"}


def test_my_tasks_reloads_when_shown_after_a_change_elsewhere(world: World, qtbot):
    cw = world.caseworker
    today = dt.date.today()
    first = tasks.create_task(cw, world.carl_case, tasks.TaskInput("Call the centre", today))
    window = MainWindow(cw)
    qtbot.addWidget(window)
    window.show()
    assert window.show_page("TasksScreen")
    page = window.current_screen()
    assert isinstance(page, TasksScreen)
    page.table.selectRow(0)
    assert window.show_page("CasesScreen")
    # Written "elsewhere": a dialog on the Cases page, a background job…
    tasks.create_task(
        cw, world.carl_case, tasks.TaskInput("Earlier visit", today - dt.timedelta(3))
    )
    qtbot.waitUntil(lambda: window.screen_named("TasksScreen") is not None)
    qtbot.wait(10)  # the change is delivered on the GUI thread's next turn
    assert "Earlier visit" not in model_texts(page.model)  # hidden: not reloaded yet
    window.show_page("TasksScreen")
    assert "Earlier visit" in model_texts(page.model)
    assert "1 overdue" in page.summary.text()
    # The task that was selected is still selected, though it moved down a row.
    assert page.model.row_at(page.table.currentIndex().row()).id == first


def test_a_case_changed_elsewhere_shows_in_its_open_workspace(world: World, qtbot):
    from casework.services import cases

    sup = world.supervisor
    window = MainWindow(sup)
    qtbot.addWidget(window)
    window.show()
    window.open_case(world.carl_case)
    cases_page = window.screen_named("CasesScreen")
    ws = cases_page.workspace(world.carl_case)
    assert ws is not None
    window.show_page("TasksScreen")
    data = cases.get_case(sup, world.carl_case).data
    cases.update_case(
        sup, world.carl_case, data.__class__(**{**data.__dict__, "alias": "Amina K."})
    )
    qtbot.wait(10)
    window.show_page("CasesScreen")
    assert "Amina K." in ws.heading.text()
