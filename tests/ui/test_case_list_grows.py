"""A case list filled while its window was narrow gives the room of a wider window back to the
cut columns, not all to the last one; a column the user sized keeps its width."""

from __future__ import annotations

from fixtures_screens import World, make_case
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from casework.ui.cases import CasesScreen
from casework.ui.cases.list_model import COLUMN_KEYS

pytest_plugins = ["fixtures_screens"]


def _screen(qtbot, world: World, width: int) -> CasesScreen:  # noqa: ANN001
    make_case(world.supervisor, "Wanjiku Nyambura-Ochieng", country="KE")
    screen = CasesScreen(world.supervisor)
    qtbot.addWidget(screen)
    screen.resize(width, 500)
    screen.show()
    qtbot.waitExposed(screen)
    panel = screen.list
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0 and panel.columns.fitted)
    return screen


def _alias(screen: CasesScreen) -> tuple[int, int]:
    """The alias column's width, and the width its contents need."""
    table = screen.list.table
    column = COLUMN_KEYS.index("alias")
    return table.horizontalHeader().sectionSize(column), table.sizeHintForColumn(column)


def test_a_wider_window_gives_the_cut_columns_their_room(qtbot, world: World) -> None:  # noqa: ANN001
    screen = _screen(qtbot, world, 640)
    width, need = _alias(screen)
    assert width < need  # cut to fit the narrow window
    screen.resize(1600, 500)
    qtbot.waitUntil(lambda: _alias(screen)[0] >= need)


def test_a_column_the_user_sized_keeps_its_width(qtbot, world: World) -> None:  # noqa: ANN001
    screen = _screen(qtbot, world, 640)
    header = screen.list.table.horizontalHeader()
    column = COLUMN_KEYS.index("alias")
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    y = header.height() // 2
    QTest.mouseMove(header.viewport(), QPoint(edge, y))
    QTest.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    QTest.mouseMove(header.viewport(), QPoint(edge - 20, y))
    QTest.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge - 20, y))
    chosen = header.sectionSize(column)
    assert screen.list.columns.user_sized
    screen.resize(1600, 500)
    qtbot.wait(50)
    assert header.sectionSize(column) == chosen
