"""A click on a column that cannot be sorted: the header's arrow goes back to the column the
list is sorted by, and the status bar says why (the list itself does not change)."""

from __future__ import annotations

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QTableView

from casework.i18n import _
from casework.ui.retranslate import live


def refuse_sort(
    view: QTableView, sorted_by: int, descending: bool, title: str, status: SignalInstance
) -> None:
    """Put the arrow back on column `sorted_by` and tell `status` that `title` (a msgid)
    cannot be sorted."""
    header = view.horizontalHeader()
    header.blockSignals(True)
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    header.setSortIndicator(sorted_by, order)
    header.blockSignals(False)
    status.emit(live(lambda: _("The column '{column}' cannot be sorted.").format(column=_(title))))
