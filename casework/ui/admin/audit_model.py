"""The audit log's table model: the rows fetched so far, the next page read as the view
scrolls (off the window's thread on an office server), and the first page of a search read
with its cells' texts on the pool (`read_page`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QWidget

from casework.i18n import N_, _, current_language, format_datetime, isolate
from casework.services import audit
from casework.services.audit import AuditQuery, AuditRow
from casework.services.context import ServiceContext
from casework.ui.admin.audit_labels import action_label, details_text, record_label
from casework.ui.service_call import call_service
from casework.ui.widgets.column_widths import FIT_ROWS

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200


class AuditModel(QAbstractTableModel):
    """Holds the rows fetched so far; Qt asks for more (fetchMore) as the user scrolls."""

    WHEN, ACTOR, ACTION, RECORD, DETAILS = range(5)
    TITLES = (N_("When"), N_("User"), N_("Action"), N_("Record"), N_("Details"))
    # A click on When's header: the events oldest first (True) or newest first. The other
    # columns are filters' business (the user, the action), not orders: refused, with a word.
    order_chosen = Signal(bool)
    sort_refused = Signal(int)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = AuditQuery(limit=PAGE_SIZE)
        self.rows: list[AuditRow] = []
        self.total = 0
        self._texts: dict[tuple[int, int, str], str] = {}
        self._generation = 0
        self._more_coming = False
        self.on_failed: Any = None  # the tab's way of saying a next page failed

    def load(self, query: AuditQuery) -> None:
        """Run a new search from its first page, here (the tab reads it on the pool with
        `read_page` and hands it to `show`)."""
        self.show(query, read_page(self.ctx, query))

    def show(self, query: AuditQuery, page: AuditPage) -> None:
        """The first page of `query`, with its texts formatted where it was read."""
        self._generation += 1  # a next page asked for an earlier search is dropped
        self._more_coming = False
        self.beginResetModel()
        self.query = query
        self.rows, self.total = page.rows, page.total
        self._texts = dict(page.texts)
        self.endResetModel()

    def clear(self) -> None:
        self._generation += 1
        self._more_coming = False
        self.beginResetModel()
        self.rows, self.total = [], 0
        self._texts.clear()
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._more_coming and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        """The next page as the view scrolls: at once on a vault, off the window's thread on
        an office server (the rows shown stay; a page overtaken by a new search is dropped)."""
        if not self.canFetchMore(parent):
            return
        query = AuditQuery(**{**self.query.__dict__, "offset": len(self.rows)})
        ctx, generation = self.ctx, self._generation
        self._more_coming = True

        def arrived(page: tuple[list[AuditRow], int]) -> None:
            if generation == self._generation:
                self._more_coming = False
                self._append(*page)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._more_coming = False
                if self.on_failed is not None:
                    self.on_failed(exc)

        work = partial(audit.list_events, ctx, query)
        call_service(self, ctx, work, arrived, failed, single=False)

    def _append(self, more: list[AuditRow], total: int) -> None:
        self.total = total
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 5

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return _(self.TITLES[section])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column == self.WHEN:
            self.order_chosen.emit(order == Qt.SortOrder.AscendingOrder)
        else:
            self.sort_refused.emit(column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        return self._cell(index.row(), index.column(), current_language())

    def _cell(self, row: int, column: int, lang: str) -> str:
        key = (row, column, lang)
        text = self._texts.get(key)
        if text is None:  # painting asks for each cell again and again: format it once
            text = self._texts[key] = self._text(self.rows[row], column)
        return text

    def cell_texts(self, row: int) -> tuple[str, ...]:
        """A row's texts as shown, for fitting the columns (widgets/column_widths.py)."""
        lang = current_language()
        return tuple(self._cell(row, c, lang) for c in range(5))

    @staticmethod
    def _text(row: AuditRow, column: int) -> str:
        if column == AuditModel.WHEN:
            at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
            return isolate(format_datetime(at.astimezone(), "short"))
        if column == AuditModel.ACTOR:
            return isolate(row.actor)
        if column == AuditModel.ACTION:
            return action_label(row.action)
        if column == AuditModel.RECORD:
            return isolate(record_label(row.entity, row.entity_id, row.reference))
        return details_text(row.details, dict(row.names))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int
    texts: dict[tuple[int, int, str], str]  # as AuditModel keeps them: (row, column, language)


def read_page(ctx: ServiceContext, query: AuditQuery) -> AuditPage:
    """The first page of a search with its cells' texts: dates through Babel and details
    labels were most of the tab's first open, and here they can be made on the pool."""
    rows, total = audit.list_events(ctx, query)
    lang = current_language()
    # The rows the table measures and shows first; the others are formatted if scrolled to.
    texts = {
        (r, c, lang): AuditModel._text(row, c)  # noqa: SLF001 - the model's own formatting
        for r, row in enumerate(rows[:FIT_ROWS])
        for c in range(5)
    }
    return AuditPage(rows, total, texts)
