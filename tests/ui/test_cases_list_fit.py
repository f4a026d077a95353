"""The case list's columns are sized on a copy of its first rows (ui/cases/list_fit.py): the
same widths Qt measures on the list's own cells, texts and the overdue icon alike."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures_screens import World, make_case
from PySide6.QtWidgets import QTableView

from casework.i18n import set_language
from casework.services import tasks
from casework.services.tasks import TaskInput
from casework.ui.cases import CasesScreen, list_columns
from casework.ui.cases.list_fit import sample_widths

pytest_plugins = ["fixtures_screens"]


def _screen(qtbot, world: World) -> CasesScreen:  # noqa: ANN001
    sup = world.supervisor
    tasks.create_task(
        sup, world.carl_case, TaskInput("Call the centre", dt.date.today() - dt.timedelta(days=3))
    )
    make_case(sup, "Wanjiku Nyambura-Ochieng Kamau with a long alias", country="KE")
    make_case(sup, "Li", country="TD")
    make_case(sup, "Abdou", country="ML")
    screen = CasesScreen(sup)
    qtbot.addWidget(screen)
    return screen


def _measured_by_qt(table: QTableView, precision: int) -> list[int]:
    table.horizontalHeader().setResizeContentsPrecision(precision)
    return [QTableView.sizeHintForColumn(table, c) for c in range(table.model().columnCount())]


@pytest.mark.parametrize("shown", [False, True])
@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_sample_widths_are_what_qt_measures_on_the_list(qtbot, world: World, shown, lang) -> None:  # noqa: ANN001
    set_language(lang)
    screen = _screen(qtbot, world)
    if shown:
        screen.show()
        qtbot.waitExposed(screen)
    panel = screen.list
    rows = panel.model.rowCount()
    assert rows >= 5
    overdue = [panel.model.row_data(r).overdue for r in range(rows)]
    assert any(overdue) and not all(overdue)  # the icon is measured on some rows only
    for precision in (list_columns.FIT_ROWS, 2):  # all the rows, and only the first two
        widths = sample_widths(panel.table, panel.model, precision)
        assert widths == _measured_by_qt(panel.table, precision)


def test_the_columns_fit_as_when_qt_measured_every_cell(qtbot, world: World, monkeypatch) -> None:  # noqa: ANN001
    screen = _screen(qtbot, world)
    screen.show()
    qtbot.waitExposed(screen)
    panel = screen.list
    header = panel.table.horizontalHeader()

    def fit() -> list[int]:
        for i in range(header.count()):
            header.resizeSection(i, 10)
        panel.columns.refit()
        return [header.sectionSize(i) for i in range(header.count())]

    fast = fit()
    assert panel.table.measured is None  # answered only while the header sizes its sections
    monkeypatch.setattr(list_columns, "sample_widths", lambda *_args: None)
    assert fit() == fast


def test_a_scrolled_list_is_measured_by_qt(qtbot, world: World) -> None:  # noqa: ANN001
    screen = _screen(qtbot, world)
    panel = screen.list
    panel.table.resize(400, 60)  # room for a row or two: it can scroll
    panel.table.verticalScrollBar().setMaximum(5)
    panel.table.verticalScrollBar().setValue(1)
    assert sample_widths(panel.table, panel.model, list_columns.FIT_ROWS) is None


def test_sized_cells_are_what_data_answers(qtbot, world: World) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt

    screen = _screen(qtbot, world)
    model = screen.list.model
    rows = model.rowCount()
    cells = model.sized_cells(rows)
    assert len(cells) == model.columnCount()
    icons = 0
    for c, column in enumerate(cells):
        assert len(column) == rows
        for r, (text, icon) in enumerate(column):
            index = model.index(r, c)
            assert text == model.data(index, Qt.ItemDataRole.DisplayRole)
            assert icon is model.data(index, Qt.ItemDataRole.DecorationRole)
            icons += icon is not None
    assert icons == 1  # the overdue case's reference
