"""My tasks: follow-ups across the user's cases, overdue first, done from the list."""

from __future__ import annotations

import datetime as dt

from fixtures_screens import World, model_texts

from casework.i18n import set_language
from casework.services import tasks
from casework.services.context import ServiceContext
from casework.ui.tasks_screen import TasksScreen

pytest_plugins = ["fixtures_screens"]


def test_lists_my_tasks_marks_overdue_and_completes(world: World, qtbot):
    cw = world.caseworker
    today = dt.date.today()
    late = tasks.create_task(
        cw, world.carl_case, tasks.TaskInput("Call the training centre", today - dt.timedelta(2))
    )
    tasks.create_task(cw, world.carl_case, tasks.TaskInput("Home visit", today + dt.timedelta(5)))
    screen = TasksScreen(cw)
    qtbot.addWidget(screen)
    texts = model_texts(screen.model)
    assert "Call the training centre" in texts and "Home visit" in texts
    assert screen.model.rows[0].id == late  # overdue first
    assert "1 overdue" in screen.summary.text()
    opened: list[int] = []
    screen.open_case_requested.connect(opened.append)
    screen.table.selectRow(0)
    screen.open_button.click()
    assert opened == [world.carl_case]
    screen.done_button.click()
    assert [r.title for r in screen.model.rows] == ["Home visit"]
    screen.show_done.setChecked(True)
    assert len(screen.model.rows) == 2
    set_language("fr")
    assert "en retard" in screen.summary.text()


def test_another_caseworker_sees_none_of_them(world: World, qtbot):
    cw = world.caseworker
    tasks.create_task(cw, world.carl_case, tasks.TaskInput("Private", dt.date.today()))
    other: ServiceContext = world.office.other_caseworker  # type: ignore[attr-defined]
    screen = TasksScreen(other)
    qtbot.addWidget(screen)
    assert "Private" not in model_texts(screen.model)
    screen.clear()
    assert screen.model.rowCount() == 0
