"""Sizing the case list's columns to its first rows by font metrics, as Qt would measure them.

`QTableView.resizeColumnsToContents` lays out every cell it measures (40 rows × 9 columns) and
asks the model for about thirteen roles of each: 20-40 ms of the window's thread at every
unlock, between the first page's arrival and its rows on screen. A cell of the case list is one
line of text (no wrapping), with the overdue icon on some: Qt's width for it is the text's
advance rounded up plus a margin that depends only on the font, the style, the icon and the
grid. That margin is measured once by Qt itself on a hidden table (a child of the case list's:
the same font and style), with and without the icon and for an empty cell; each cell then
costs one font-metrics call (and equal texts one). The case list answers those widths when its
header sizes its sections (`CaseTable.sizeHintForColumn`), so the header's own part (titles,
sort arrow, the stretched last column, bounds) is Qt's as before.

The rows Qt measures are the first `precision` rows from the top row shown: the same rows as
long as the list is scrolled to its top (always at unlock, when its first page arrives). Scrolled
elsewhere (a language change mid-list), the case list measures its own cells as before.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView

if TYPE_CHECKING:
    from casework.ui.cases.list_model import CaseListModel

_DISPLAY, _DECORATION = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole
# A sample text: Qt's width for it minus its advance is the margin of every text.
_PROBE_TEXT = "x"
# Qt's width of a one-cell column (with its grid line), by what the cell holds: text, text
# and icon, nothing, the icon alone; per font, style (and style sheets), icon size, icon, grid.
_margins: dict[tuple[object, ...], tuple[int, int, int, int]] = {}


def sample_widths(table: QTableView, model: CaseListModel, precision: int) -> list[int] | None:
    """What `table.sizeHintForColumn(c)` measures for each column, or None when the rows it
    would measure are not the first `precision` ones (the list is scrolled)."""
    if table.verticalScrollBar().value() != 0 or precision <= 0:
        return None
    cells = model.sized_cells(min(precision, model.rowCount()))
    # The one icon the case list shows (the overdue mark), if a measured row has it.
    icon = next((icon for column in cells for _text, icon in column if icon is not None), None)
    margins = _margins_for(table, icon)
    metrics = QFontMetricsF(table.font())
    advances: dict[str, int] = {}
    widths = []
    for column in cells:
        widest = 0
        for text, icon in column:
            if text:
                advance = advances.get(text)
                if advance is None:
                    advance = advances[text] = math.ceil(metrics.horizontalAdvance(text))
                width = advance + margins[0 if icon is None else 1]
            else:
                width = margins[2 if icon is None else 3]
            widest = max(widest, width)
        widths.append(widest if column else 0)
    return widths


def _margins_for(table: QTableView, icon: QIcon | None) -> tuple[int, int, int, int]:
    key = (
        table.font().key(),
        table.style().name(),
        table.styleSheet(),
        app.styleSheet() if isinstance(app := QApplication.instance(), QApplication) else "",
        table.iconSize().width(),
        table.iconSize().height(),
        table.showGrid(),
        icon.cacheKey() if icon is not None else None,
    )
    found = _margins.get(key)
    if found is None:
        found = _margins[key] = _measure_margins(table, icon)
    return found


def _measure_margins(table: QTableView, icon: QIcon | None) -> tuple[int, int, int, int]:
    sample = QStandardItemModel(1, 4)
    for column, (text, with_icon) in enumerate(
        ((_PROBE_TEXT, False), (_PROBE_TEXT, True), ("", False), ("", True))
    ):
        item = QStandardItem()
        item.setData(text, _DISPLAY)
        if with_icon and icon is not None:
            item.setData(icon, _DECORATION)
        sample.setItem(0, column, item)
    probe = QTableView(table)  # never shown: a child has the list's font and style
    try:
        probe.setVisible(False)
        probe.setModel(sample)
        probe.setWordWrap(table.wordWrap())
        probe.setShowGrid(table.showGrid())
        probe.setIconSize(table.iconSize())
        probe.setTextElideMode(table.textElideMode())
        text, with_icon, empty, icon_only = (probe.sizeHintForColumn(c) for c in range(4))
    finally:
        probe.setModel(None)
        probe.setParent(None)
        probe.deleteLater()
    advance = math.ceil(QFontMetricsF(table.font()).horizontalAdvance(_PROBE_TEXT))
    return text - advance, with_icon - advance, empty, icon_only


__all__ = ["sample_widths"]
