"""The case list's column widths: sized to its first rows once (ui/cases/list_fit.py measures
them), again after a language change, and when its window grows, unless the user sized a column.

Rows that arrive while the window is narrow are cut to fit it (`fit_to_width`); a wider window
then gives the room back to the cut columns rather than all of it to the last one. A column the
user dragged or double-clicked keeps its width: only the fit to the window applies then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from casework.ui.cases.list_fit import sample_widths
from casework.ui.widgets.tables import fit_to_width, keep_titles_whole, keep_to_width

if TYPE_CHECKING:
    from casework.ui.cases.list_model import CaseListModel
    from casework.ui.cases.list_panel import CaseTable

# The rows the columns are sized to (Qt measures up to this many from the top row shown).
FIT_ROWS = 40
# No column is sized wider than this for its cells (its title may make it wider).
CELL_CAP = 320


class CaseColumns(QObject):
    def __init__(self, table: CaseTable, model: CaseListModel) -> None:
        super().__init__(table)
        self.table, self.model = table, model
        self.fitted = False
        self.user_sized = False
        model.loaded.connect(self.fit_once)
        keep_to_width(table, refit=self._refit_on_grow)
        header = table.horizontalHeader()
        header.sectionResized.connect(self._section_resized)
        header.sectionHandleDoubleClicked.connect(self._sized_by_user)

    def fit_once(self) -> None:
        """Size columns to the first page (and the translated headers) once, then leave them
        to the user; measuring is limited to the rows loaded."""
        if self.fitted or self.model.rowCount() == 0:
            return
        self.fitted = True
        header = self.table.horizontalHeader()
        # A sample of rows is enough to size columns; measuring all 200 cost ~0.3 s.
        header.setResizeContentsPrecision(FIT_ROWS)
        self.table.measured = sample_widths(self.table, self.model, FIT_ROWS)
        try:
            self.table.resizeColumnsToContents()
        finally:
            self.table.measured = None
        for i in range(self.model.columnCount()):
            need = header.sectionSizeFromContents(i).width()
            header.resizeSection(i, min(header.sectionSize(i), max(CELL_CAP, need)))
        keep_titles_whole(self.table)
        fit_to_width(self.table)

    def refit(self) -> None:
        """Measure again (headers and texts changed length: "On hold" → "En suspens")."""
        self.fitted = False
        self.fit_once()

    def _refit_on_grow(self) -> None:
        if self.fitted and not self.user_sized:
            self.refit()
        else:
            fit_to_width(self.table)

    def _section_resized(self) -> None:
        """A column dragged wider or narrower by the user (a button held on the header)."""
        header = self.table.horizontalHeader()
        if QApplication.mouseButtons() & Qt.MouseButton.LeftButton and header.underMouse():
            self._sized_by_user()

    def _sized_by_user(self) -> None:
        self.user_sized = True
