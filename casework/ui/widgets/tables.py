"""Small row models and table views: columns declared once, sized to their headers and rows."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Generic, TypeVar

import shiboken6
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
    QLabel,
    QTableView,
    QWidget,
)

from casework.i18n import _, isolate, reading_key
from casework.ui.retranslate import track_language
from casework.ui.widgets.column_widths import (  # noqa: F401 - the table kit in one place
    FIT_ROWS,
    cap_column,
    fit_columns,
    fit_to_width,
    keep_titles_whole,
    keep_to_width,
    optional_columns,
    stretch_column,
)
from casework.ui.widgets.forms import Texts, named

T = TypeVar("T")


Index = QModelIndex | QPersistentModelIndex


OVERDUE_COLOUR = QColor("#b3261e")


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str  # an N_() msgid
    value: Callable[[T], Any]
    tooltip: Callable[[T], str] | None = None
    # What a click on the header sorts by (a date, a number), if not the text shown.
    key: Callable[[T], Any] | None = None


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
        self.rows = self._sorted(list(rows))
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click (`sortable` views): the rows in memory, in the order the user asked
        for, kept on every reload; column -1 keeps the order the service gave."""
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        if not 0 <= column < len(self.columns) or not self.rows:
            return
        self.layoutAboutToBeChanged.emit()
        before = self.rows
        self.rows = self._sorted(before)
        where = {id(row): i for i, row in enumerate(self.rows)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent,
            [self.index(where[id(before[i.row()])], i.column()) for i in persistent],
        )
        self.reordered()
        self.layoutChanged.emit()

    def reordered(self) -> None:
        """After a sort, before the views are told: a subclass that keeps per-row state."""

    def _sorted(self, rows: list[T]) -> list[T]:
        column, descending = getattr(self, "_sort", (-1, False))
        if not 0 <= column < len(self.columns):
            return rows
        spec = self.columns[column]
        if spec.key is not None:
            keyed = [(spec.key(r), r) for r in rows]  # each row's key once
            known = sorted(
                ((k, r) for k, r in keyed if k is not None), key=itemgetter(0), reverse=descending
            )
            unknown = [r for k, r in keyed if k is None]  # no date: last either way
            return [r for _k, r in known] + unknown
        return sorted(rows, key=lambda r: reading_key(str(spec.value(r) or "")), reverse=descending)

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


def sortable(view: QTableView) -> QTableView:
    """Let a click on a header sort a `RowsModel`'s rows; until then they keep the order the
    service gave (no arrow shown)."""
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    return view


def table_view(
    model: QAbstractTableModel,
    texts: Texts,
    accessible: str,
    fit: Callable[[QTableView], None] | None = fit_columns,
) -> QTableView:
    """A read-only, row-selecting table that stretches its last column, its columns sized by
    `fit` (`fit_columns`; None: the caller sizes them)."""
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
    if fit is not None:
        fit(view)
    return view


# Rows Qt measures to fit a column: about a screenful. Each measured cell asks the model for
# several roles; 200 rows made fitting the audit log and the directory most of their first open.
def selected_row(view: QTableView) -> int:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].row() if rows else -1


@contextlib.contextmanager
def keep_place(view: QTableView) -> Iterator[None]:
    """Reload a table's rows without losing the user's place: the same record stays selected
    (found by its id, wherever it moved) and the list stays scrolled where it was."""
    current = view.currentIndex()
    key = _row_id(view, current.row()) if current.isValid() else None
    column = current.column() if current.isValid() else 0
    scroll = view.verticalScrollBar().value()
    yield
    model = view.model()
    if key is not None and model is not None:
        for row in range(model.rowCount()):
            if _row_id(view, row) == key:
                view.setCurrentIndex(model.index(row, column))
                view.selectRow(row)
                break
    view.verticalScrollBar().setValue(scroll)


def _row_id(view: QTableView, row: int) -> object:
    """The id of the record shown in a row (models with `row_at`, over read models with an
    `id`), else the row's IdRole."""
    model = view.model()
    row_at = getattr(model, "row_at", None)
    if callable(row_at):
        record = row_at(row)
        return getattr(record, "id", None)
    return model.index(row, 0).data(RowsModel.IdRole)


class _EmptyState(QObject):
    """A sentence over an empty list saying what goes there and what to do next."""

    def __init__(self, view: QAbstractItemView, text: Callable[[], str]) -> None:
        super().__init__(view)
        self.view, self.text = view, text
        self.label = QLabel(view.viewport())
        self.label.setObjectName("emptyState")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: #555; padding: 12px;")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.layoutChanged,
        ):
            signal.connect(self.update)
        track_language(self)  # calls update() now and on every language switch

    def update(self, *_args: object) -> None:
        if not shiboken6.isValid(self.view) or not shiboken6.isValid(self.label):
            return  # the view is being destroyed (its model empties itself on the way out)
        model = self.view.model()
        empty = model is None or model.rowCount() == 0
        if empty:
            self.label.setText(self.text())
            self.label.setGeometry(self.view.viewport().rect())
        self.label.setVisible(empty and bool(self.label.text()))

    def retranslate(self) -> None:
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.label.setGeometry(self.view.viewport().rect())
        return False


def empty_state(view: QAbstractItemView, text: Callable[[], str]) -> QLabel:
    """Show `text()` (translated when shown: a function) over the view while it has no rows.
    Call `refresh_empty_state(view)` after a language switch or a filter change."""
    state = _EmptyState(view, text)
    view.empty_state = state  # type: ignore[attr-defined]
    return state.label


def refresh_empty_state(view: QAbstractItemView) -> None:
    state = getattr(view, "empty_state", None)
    if state is not None:
        state.update()
