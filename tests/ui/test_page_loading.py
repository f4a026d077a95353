"""The pages read on the background pool, with real threads (not the synchronous test pool):
each shows at once with "Loading…", then the same figures the services give directly, also
after edits; a load overtaken by a newer one is dropped. Administration builds only the tab
shown. The session's input watchers see input at the windows, as the platform delivers it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fixtures_screens import World, model_texts
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from test_workspace_loading import _Held, _settled

from casework.model.enums import OrgType
from casework.services import audit, directory, pathways, retention, tasks
from casework.services.audit import AuditQuery
from casework.services.directory import OrganisationInput, OrganisationQuery
from casework.services.exchange import partners
from casework.ui import background
from casework.ui.admin import AdminScreen
from casework.ui.directory import DirectoryScreen, PathwaysScreen
from casework.ui.exchange import PartnersScreen
from casework.ui.session_guards import IdleWatcher
from casework.ui.tasks_screen import TasksScreen

pytest_plugins = ["fixtures_screens"]


@pytest.fixture
def real_pool(world: World) -> Iterator[World]:
    background.use_synchronous_pool(False)
    yield world
    _held_released()
    background.use_synchronous_pool(True)


_gates: list[_Held] = []


def _held() -> _Held:
    """Every pool thread busy: the pages' loads wait, so "Loading…" can be seen."""
    gate = _Held()
    _gates.append(gate)
    return gate


def _held_released() -> None:
    while _gates:
        _gates.pop().release()


def _tasks(world: World) -> tuple[int, int]:
    cw, today = world.caseworker, dt.date.today()
    late = tasks.create_task(
        cw, world.carl_case, tasks.TaskInput("Call the training centre", today - dt.timedelta(2))
    )
    soon = tasks.create_task(
        cw, world.carl_case, tasks.TaskInput("Home visit", today + dt.timedelta(5))
    )
    return late, soon


def _empty_text(view) -> str:  # noqa: ANN001
    return view.empty_state.label.text()


def test_pages_show_loading_then_what_the_services_give(qtbot, real_pool: World) -> None:  # noqa: ANN001
    world = real_pool
    sup, cw = world.supervisor, world.caseworker
    _tasks(world)
    gate = _held()
    my_tasks = TasksScreen(cw)
    dir_page = DirectoryScreen(sup)
    paths = PathwaysScreen(sup)
    partner_page = PartnersScreen(sup)
    admin = AdminScreen(sup)
    for page in (my_tasks, dir_page, paths, partner_page, admin):
        qtbot.addWidget(page)
    admin.show()  # Administration reads when shown
    # Built and shown without waiting for the vault: placeholders until the rows are in.
    assert my_tasks.summary.text() == "Loading…" and _empty_text(my_tasks.table) == "Loading…"
    assert dir_page.count.text() == "Loading…" and _empty_text(dir_page.table) == "Loading…"
    assert paths.heading.text() == "Loading…" and paths.list.count() == 0
    assert partner_page.own_name.text() == "Loading…" and partner_page.model.rowCount() == 0
    assert admin.audit is not None and admin.audit.count.text() == "Loading…"
    assert admin.audit.model.rowCount() == 0
    gate.release()
    _settled(qtbot)

    expected = tasks.my_tasks(cw)
    assert [r.id for r in my_tasks.model.rows] == [r.id for r in expected]
    assert "Call the training centre" in model_texts(my_tasks.model)
    assert my_tasks.summary.text().startswith("1 overdue")
    assert not my_tasks.table.empty_state.label.isVisible()

    page = directory.list_organisations(sup, OrganisationQuery())
    assert dir_page.model.total == page.total == 2
    assert [r.id for r in dir_page.model.rows] == [r.id for r in page.rows]
    assert dir_page.count.text() == "2 entries"

    listed = pathways.list_pathways(sup, include_inactive=True)
    assert paths.list.count() == len(listed) == 1
    assert paths.pathway is not None and paths.pathway.id == world.pathway_id
    assert "Kenya community pathway" in paths.heading.text()
    assert paths.stages.rowCount() == len(pathways.get_pathway(sup, world.pathway_id).stages)

    card = partners.own_card(sup)
    assert card.fingerprint.split()[0] in partner_page.own_fingerprint.text()
    assert partner_page.model.rowCount() == len(partners.list_partners(sup))

    rows, total = audit.list_events(sup, AuditQuery(limit=200))
    assert admin.audit.model.total == total > 0
    assert [r.id for r in admin.audit.model.rows] == [r.id for r in rows]
    assert admin.audit.count.text() == f"{total} events"


def test_figures_follow_edits(qtbot, real_pool: World) -> None:  # noqa: ANN001
    world = real_pool
    sup, cw = world.supervisor, world.caseworker
    dir_page = DirectoryScreen(sup)
    my_tasks = TasksScreen(cw)
    for page in (dir_page, my_tasks):
        qtbot.addWidget(page)
    _settled(qtbot)
    assert dir_page.model.total == 2 and my_tasks.model.rowCount() == 0
    directory.create_organisation(
        sup, OrganisationInput("Mombasa Legal Aid", OrgType.CSO, country="KE")
    )
    late, _soon = _tasks(world)
    dir_page.refresh()
    my_tasks.refresh()
    _settled(qtbot)
    assert dir_page.model.total == directory.list_organisations(sup, OrganisationQuery()).total
    assert dir_page.count.text() == "3 entries"
    assert [r.id for r in my_tasks.model.rows] == [r.id for r in tasks.my_tasks(cw)]
    tasks.complete_task(cw, late)
    my_tasks.refresh()
    _settled(qtbot)
    assert [r.id for r in my_tasks.model.rows] == [r.id for r in tasks.my_tasks(cw)]
    assert my_tasks.summary.text().startswith("0 overdue")


def test_a_load_overtaken_by_a_newer_one_is_dropped(qtbot, real_pool: World) -> None:  # noqa: ANN001
    world = real_pool
    cw = world.caseworker
    late, _soon = _tasks(world)
    tasks.complete_task(cw, late)
    my_tasks = TasksScreen(cw)
    qtbot.addWidget(my_tasks)
    _settled(qtbot)
    gate = _held()
    my_tasks.show_done.setChecked(True)  # asks with done tasks…
    my_tasks.show_done.setChecked(False)  # …then without: only this answer may show
    gate.release()
    _settled(qtbot)
    assert [r.id for r in my_tasks.model.rows] == [r.id for r in tasks.my_tasks(cw)]
    assert late not in [r.id for r in my_tasks.model.rows]


def test_administration_builds_only_the_tab_shown(qtbot, real_pool: World) -> None:  # noqa: ANN001
    sup = real_pool.supervisor
    admin = AdminScreen(sup)
    qtbot.addWidget(admin)
    admin.show()
    _settled(qtbot)
    assert set(admin._built) == {"audit"}  # noqa: SLF001 - what opening the page cost
    assert admin.tabs.count() == 2 and admin.tabs.tabText(1) == "Retention"
    admin.tabs.setCurrentIndex(1)
    _settled(qtbot)
    assert admin.tabs.widget(1) is admin.retention
    assert admin.retention.due_model.rowCount() == len(retention.cases_due(sup))
    assert admin.tabs.currentIndex() == 1


def _key_press() -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")


def test_typing_in_a_window_keeps_the_session_awake(qtbot) -> None:  # noqa: ANN001
    window = QWidget()
    edit = QLineEdit(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    watcher = IdleWatcher()
    watcher.set_interval_ms(60_000)
    watcher.start()
    try:
        watcher.timer.setInterval(400)
        watcher.timer.start()
        qtbot.wait(250)
        left = watcher.timer.remainingTime()
        assert left < 300
        QApplication.sendEvent(window.windowHandle(), _key_press())  # as the platform does
        assert watcher.timer.remainingTime() > left + 100
        assert edit.text() == "a"  # the watcher only looks: the key reached the field
    finally:
        watcher.stop()
