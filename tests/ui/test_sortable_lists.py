"""Short lists sort on a header click (My tasks, a case's notes and tasks, partners): by the
date itself for a date column, by text as a reader orders it otherwise; the order holds across
a reload and the selected row stays selected. Before any click, the service's order is kept."""

from __future__ import annotations

import datetime as dt

from fixtures_screens import World
from PySide6.QtCore import Qt

from casework.services import tasks
from casework.ui.tasks_screen import TasksScreen
from casework.ui.widgets.tables import Column, RowsModel

pytest_plugins = ["fixtures_screens"]


def _titles(screen: TasksScreen) -> list[str]:
    return [r.title for r in screen.model.rows]


def test_my_tasks_sort_by_date_and_by_title(world: World, qtbot) -> None:  # noqa: ANN001
    cw, today = world.caseworker, dt.date.today()
    for title, days in (("école", 30), ("Home visit", 5), ("Call the centre", -2), ("Zeal", 12)):
        tasks.create_task(cw, world.carl_case, tasks.TaskInput(title, today + dt.timedelta(days)))
    screen = TasksScreen(cw)
    qtbot.addWidget(screen)
    service_order = _titles(screen)
    header = screen.table.horizontalHeader()
    assert header.sortIndicatorSection() == -1  # nothing chosen: the service's order
    assert _titles(screen)[0] == "Call the centre"  # overdue first, as the service gives

    header.setSortIndicator(3, Qt.SortOrder.AscendingOrder)  # Task: accents and case aside
    assert _titles(screen) == ["Call the centre", "école", "Home visit", "Zeal"]
    screen.table.selectRow(2)
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # Due: the dates, latest first
    assert _titles(screen) == ["école", "Zeal", "Home visit", "Call the centre"]
    assert screen.model.rows[screen.table.currentIndex().row()].title == "Home visit"

    screen.refresh()
    qtbot.waitUntil(lambda: len(screen.model.rows) == 4)
    assert _titles(screen) == ["école", "Zeal", "Home visit", "Call the centre"]  # kept
    assert sorted(service_order) == sorted(_titles(screen))


def test_a_sorted_rows_model_passes_qtmodeltester(qtmodeltester) -> None:  # noqa: ANN001
    model: RowsModel[tuple[str, int | None]] = RowsModel(
        [Column("Name", lambda r: r[0]), Column("Count", str, key=lambda r: r[1])]
    )
    model.set_rows([("b", 2), ("a", None), ("C", 1)])
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [r[0] for r in model.rows] == ["C", "b", "a"]  # no count: last
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [r[0] for r in model.rows] == ["C", "b", "a"]
    qtmodeltester.check(model)


def test_the_users_table_sorts_by_any_column(world: World, qtbot) -> None:  # noqa: ANN001
    from casework.ui.admin.users_tab import UsersTab

    tab = UsersTab(world.office.admin)  # type: ignore[attr-defined]
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.model.rowCount() >= 3)
    header = tab.table.horizontalHeader()
    assert header.sortIndicatorSection() == -1
    header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # Display name, Z to A
    names = [r.display_name for r in tab.model.rows]
    assert names == sorted(names, key=str.casefold, reverse=True)
    tab.table.selectRow(0)
    assert tab.selected() is tab.model.rows[0]  # what is edited is the row shown selected


def test_statistics_counts_sort_as_shown_and_their_texts_follow(qtbot) -> None:  # noqa: ANN001
    """Numbers in order, "< 5" and "x" below them (their true values never reach the screen);
    the cached cell texts move with their rows."""
    from casework.services import statistics
    from casework.ui.statistics_tables import CountsModel, count_column

    model = CountsModel([Column("Name", lambda r: r[0]), count_column("Count", lambda r: r[1])])
    model.set_rows([("b", 7), ("a", None), ("c", 12), ("d", statistics.WITHHELD)])
    model.sort(1, Qt.SortOrder.DescendingOrder)
    shown = [[model.data(model.index(r, c)) for c in range(2)] for r in range(4)]
    assert shown == [["c", "12"], ["b", "7"], ["a", "< 5"], ["d", "x"]]
    model.set_rows([("e", 3_000), ("f", None)])  # new figures keep the order asked for
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["e", "f"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["f", "e"]


def test_the_key_figures_keep_their_order(world: World, qtbot) -> None:  # noqa: ANN001
    from casework.ui.statistics_screen import StatisticsScreen

    screen = StatisticsScreen(world.supervisor)
    qtbot.addWidget(screen)
    assert not screen.counts.tables["figures"].isSortingEnabled()  # facts, not a ranking
    assert screen.counts.tables["cases_by_country"].isSortingEnabled()
