"""Small row models and table views: columns declared once, sized to their headers and rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from casework.i18n import _, isolate
from casework.ui.widgets.forms import Texts, named

T = TypeVar("T")


Index = QModelIndex | QPersistentModelIndex


OVERDUE_COLOUR = QColor("#b3261e")


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str  # an N_() msgid
    value: Callable[[T], Any]
    tooltip: Callable[[T], str] | None = None


class RowsModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a short list of read models (one case's consents, tasks…)."""

    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, columns: Sequence[Column[T]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[T] = []
        self.late: Callable[[T], bool] = lambda row: False

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> T | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return "" if value is None else isolate(value)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row) or None
        if role == Qt.ItemDataRole.ForegroundRole and self.late(row):
            return OVERDUE_COLOUR
        if role == self.IdRole:
            return getattr(row, "id", None)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return _(self.columns[section].title)  # the tooltip shows an elided title whole
        return None

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
            )


def table_view(model: QAbstractTableModel, texts: Texts, accessible: str) -> QTableView:
    """A read-only, row-selecting table that stretches its last column."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # A narrow column shows "Habituellement env…" rather than a title cut at both ends.
    view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setTabKeyNavigation(False)
    named(view, texts, accessible)
    fit_columns(view)
    return view


def fit_columns(view: QTableView, cap: int = 320) -> None:
    """Size columns to their (translated) headers and loaded rows whenever the rows are
    replaced; Qt measures at most 200 rows, so a long list costs no more than a page.
    `cap_column()` narrows one column (long names are elided, the tooltip has them whole)."""

    def fit() -> None:
        model = view.model()
        if model is None:
            return
        header = view.horizontalHeader()
        header.setResizeContentsPrecision(200)
        view.resizeColumnsToContents()
        caps: dict[int, int] = getattr(view, "column_caps", {})
        chars = view.fontMetrics().averageCharWidth()
        for i in range(model.columnCount()):
            limit = caps[i] * chars if i in caps else cap * chars // 7  # 320 px at desk size
            header.resizeSection(i, min(header.sectionSize(i), limit))
        keep_titles_whole(view)
        stretcher = getattr(view, "stretcher", None)
        if stretcher is not None:
            stretcher.apply()

    view.model().modelReset.connect(fit)
    view.model().headerDataChanged.connect(lambda *_a: fit())


def keep_titles_whole(view: QTableView) -> None:
    """Widen any column narrower than its title (and the sort arrow): caps shorten long cell
    texts, never the header, at any zoom (a projector's) and in any language."""
    model = view.model()
    if model is None:
        return
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    for i in range(model.columnCount()):
        if header.isSectionHidden(i):
            continue
        title = str(model.headerData(i, Qt.Orientation.Horizontal) or "")
        if not title:
            continue
        least = metrics.horizontalAdvance(title) + 4 * metrics.averageCharWidth()
        if header.sectionSize(i) < least:
            header.resizeSection(i, least)


def cap_column(view: QTableView, column: int, chars: int) -> None:
    """Keep a column of long texts (organisation names) to about `chars` characters."""
    caps = getattr(view, "column_caps", None)
    if caps is None:
        caps = {}
        view.column_caps = caps  # type: ignore[attr-defined]
    caps[column] = chars


class _Stretcher(QObject):
    """Gives one column whatever width the others leave (at least `chars` characters), so the
    long text of a row (a task, the evidence) is the column that grows, wherever it stands."""

    def __init__(self, view: QTableView, column: int, chars: int) -> None:
        super().__init__(view)
        self.view, self.column, self.chars = view, column, chars
        view.horizontalHeader().setStretchLastSection(False)
        view.viewport().installEventFilter(self)

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        model = self.view.model()
        if model is None or self.column >= model.columnCount():
            return
        others = sum(
            header.sectionSize(i)
            for i in range(model.columnCount())
            if i != self.column and not header.isSectionHidden(i)
        )
        least = self.view.fontMetrics().averageCharWidth() * self.chars
        header.resizeSection(self.column, max(least, self.view.viewport().width() - others))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False


def stretch_column(view: QTableView, column: int, chars: int = 24) -> None:
    view.stretcher = _Stretcher(view, column, chars)  # type: ignore[attr-defined]


def selected_row(view: QTableView) -> int:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].row() if rows else -1
