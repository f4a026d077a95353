"""A table model that pages through a service's list query (SQL-side filter, sort, paging).

Subclasses say how to fetch one page (`fetch(query)` → an object with `rows` and `total`) and
how to show a row (`data`); this class keeps the query, the rows loaded so far and the total,
and asks for the next page when the view scrolls (Qt's fetchMore). The first page of a query is
fetched on the pool (`after_load` runs what needs its rows once they are in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from casework.i18n import current_language
from casework.services.context import ServiceContext
from casework.ui.background import run_in_background
from casework.ui.service_call import call_service

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class Page(Protocol[R]):  # type: ignore[misc]
    rows: list[R]
    total: int


class PagedTableModel(QAbstractTableModel, Generic[R]):
    page_size = 200
    background = True  # the first page of each query is fetched on the pool
    # The sorts whose order follows the labels of the user's language (services/label_order.py):
    # a language switch asks for the rows again in the new order.
    label_sorts: frozenset[str] = frozenset()
    arrived = Signal()  # the first page of the latest query is in
    sort_refused = Signal(int)  # a click on a column that cannot be sorted (widgets/sorting.py)

    def __init__(self, ctx: ServiceContext, query: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = replace(query, offset=0, limit=self.page_size)
        self.rows: list[R] = []
        self.total = 0
        self.loaded = False  # nothing is fetched before the page's first `set_query`/`reload`
        # Display texts per row and language: fitting columns asks for every cell several
        # times, and labels and dates formatted each time were most of a page's first open.
        self._texts: dict[tuple[int, str], tuple[str, ...]] = {}
        self._generation = 0
        self._loading = False
        self._then: list[Callable[[], None]] = []
        self._more_coming = False  # a next page is on its way (fetchMore)

    def fetch(self, query: Any) -> Page[R]:
        raise NotImplementedError

    def set_query(self, **changes: Any) -> None:
        self.query = replace(self.query, **changes, offset=0, limit=self.page_size)
        self.reload()

    def sort_query(self, **changes: Any) -> None:
        """A header click: reload in the new order, unless it is the order already shown, or
        the page has not loaded yet (its first `set_query` will use the order)."""
        new = replace(self.query, **changes, offset=0, limit=self.page_size)
        if new == self.query and self.loaded:
            return
        self.query = new
        if self.loaded:
            self.reload()

    def reload(self) -> None:
        """Ask for the first page again. With `background` set, on the pool: the rows shown
        stay until the new ones arrive, and a page overtaken by a newer query is dropped."""
        self._generation += 1
        self._more_coming = False
        generation, query = self._generation, self.query
        if not self.background:
            self._arrived(generation, self.fetch(query))
            return
        fetch = self.fetch
        self._loading = True
        run_in_background(
            self,
            lambda _report: fetch(query),
            lambda page: self._arrived(generation, page),
            lambda exc: self._failed(generation, exc),
        )

    def _arrived(self, generation: int, page: Page[R]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.loaded = True
        self.beginResetModel()
        self.rows, self.total = list(page.rows), page.total
        self._texts.clear()
        self.endResetModel()
        self.arrived.emit()
        then, self._then = self._then, []
        for callback in then:
            callback()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._then = []
        from casework.ui.errors import show_error

        show_error(None, exc)

    @property
    def loading(self) -> bool:
        """Whether the first page of the latest query is still on its way."""
        return self._loading

    def after_load(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the page asked for last has arrived (now, if it has)."""
        if self._loading:
            self._then.append(callback)
        else:
            callback()

    def clear(self) -> None:
        self._generation += 1
        self._loading = False
        self._more_coming = False
        self._then = []
        self.beginResetModel()
        self.rows, self.total = [], 0
        self._texts.clear()
        self.endResetModel()

    def retranslate(self) -> None:
        """The language changed: headers and cells read again, the rows in their new order
        when sorted by a label."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.loaded and getattr(self.query, "sort", None) in self.label_sorts:
            self.reload()
        elif self.rows:
            last = self.index(len(self.rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def texts(self, row: int, build: Callable[[R], tuple[str, ...]]) -> tuple[str, ...]:
        """The display texts of a row, built once per language."""
        key = (row, current_language())
        values = self._texts.get(key)
        if values is None:
            values = self._texts[key] = build(self.rows[row])
        return values

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return (
            not parent.isValid()
            and not self._loading
            and not self._more_coming
            and len(self.rows) < self.total
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        """The next page as the view scrolls: at once on a vault, off the UI thread on an
        office server (the rows shown stay; a page overtaken by a new query is dropped)."""
        if not self.canFetchMore(parent):
            return
        generation, fetch = self._generation, self.fetch
        query = replace(self.query, offset=len(self.rows))
        self._more_coming = True

        def arrived(page: Page[R]) -> None:
            if generation == self._generation:
                self._more_coming = False
                self._append(page)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._more_coming = False
                self._failed(generation, exc)

        call_service(self, self.ctx, lambda: fetch(query), arrived, failed, single=False)

    def _append(self, page: Page[R]) -> None:
        if not page.rows:
            self.total = len(self.rows)  # rows went away meanwhile: stop asking
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self.rows.extend(page.rows)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def row_at(self, row: int) -> R | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
