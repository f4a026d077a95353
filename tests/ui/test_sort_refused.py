"""A click on a column the Referrals or Directory list cannot sort by leaves the list as it is,
puts the header's arrow back on the column it is sorted by, and says so (as the case list)."""

from __future__ import annotations

import pytest
from fixtures_screens import World
from PySide6.QtCore import Qt

from casework.ui.directory import DirectoryScreen
from casework.ui.referrals import ReferralsScreen

pytest_plugins = ["fixtures_screens"]


@pytest.mark.parametrize(
    ("screen_class", "sortable", "unsortable", "title"),
    [
        (ReferralsScreen, "Service", "Alias", "Alias"),
        (DirectoryScreen, "Type", "Services", "Services"),
    ],
)
def test_an_unsortable_column_says_so_and_keeps_the_order(
    qtbot, world: World, screen_class, sortable: str, unsortable: str, title: str
) -> None:  # noqa: ANN001
    screen = screen_class(world.supervisor)
    qtbot.addWidget(screen)
    screen.show()
    model, header = screen.model, screen.table.horizontalHeader()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    header.setSortIndicator(titles.index(sortable), Qt.SortOrder.DescendingOrder)
    sorted_by = (model.query.sort, model.query.descending)
    messages: list[str] = []
    screen.status_message.connect(messages.append)
    header.setSortIndicator(titles.index(unsortable), Qt.SortOrder.AscendingOrder)
    assert (model.query.sort, model.query.descending) == sorted_by  # the list as it was
    assert header.sortIndicatorSection() == titles.index(sortable)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert messages == [f"The column '{title}' cannot be sorted."]
