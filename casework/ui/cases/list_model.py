"""The case list as a Qt table model: pages of rows fetched on demand, sorted and filtered in SQL.

Like Anki's browser table: the model never holds more than the pages the user has scrolled to;
a header click re-runs the query with that column's sort key (no proxy model sorting in Python),
and a new filter or search drops every page and starts again. Queries run on the background pool;
an answer to an outdated query (the user typed on) is dropped by its generation number.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from casework.i18n import N_, _, country_name, current_language, isolate
from casework.model.labels import label
from casework.services import case_list, case_list_groups
from casework.services.case_list import CasePage, CaseQuery, CaseRow
from casework.services.context import ServiceContext
from casework.ui.background import run_in_background
from casework.ui.widgets.dates import fmt_datetime
from casework.ui.widgets.tables import OVERDUE_COLOUR, Index

PAGE_SIZE = 200


@dataclass(frozen=True)
class CaseColumn:
    key: str
    title: str  # N_() msgid
    sort: str | None  # the service's sort key; None: this column cannot be sorted


COLUMNS: tuple[CaseColumn, ...] = (
    CaseColumn("reference", N_("Reference"), "reference"),
    CaseColumn("alias", N_("Alias"), "alias"),
    CaseColumn("status", N_("Status"), "status"),
    CaseColumn("category", N_("Category"), "category"),
    CaseColumn("country", N_("Country"), "country"),
    CaseColumn("subregion", N_("Subregion"), None),
    CaseColumn("caseworker", N_("Caseworker"), "caseworker"),
    CaseColumn("stage", N_("Pathway stage"), None),
    CaseColumn("updated", N_("Last updated"), "updated_at"),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


class CaseListModel(QAbstractTableModel):
    """Cases this user may see, one SQL page at a time."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    OverdueRole = Qt.ItemDataRole.UserRole + 2
    SortKeyRole = Qt.ItemDataRole.UserRole + 3

    loaded = Signal()  # a new query's first page arrived (the count is known)
    failed = Signal(object)  # a query raised (shown by the view)
    sort_refused = Signal(int)  # the user asked to sort a column that cannot be sorted

    def __init__(
        self, ctx: ServiceContext, parent: QObject | None = None, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page_size = page_size
        self.query = CaseQuery(limit=page_size)
        self._rows: list[CaseRow] = []
        self._display_cache: dict[tuple[CaseRow, str, str], str] = {}
        self.total = 0
        self.total_is_lower_bound = False
        self._generation = 0
        self._loading = False
        self._exhausted = True
        self._overdue_icon = QApplication.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning
        )

    # --- querying --------------------------------------------------------------------------------

    def set_filters(self, **filters: Any) -> None:
        """Change filters and search text (CaseQuery fields) and reload from the first page."""
        self.query = replace(self.query, **filters, offset=0, limit=self.page_size)
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self.endResetModel()
        self._request(0)

    def _request(self, offset: int) -> None:
        generation = self._generation
        query = replace(self.query, offset=0, limit=self.page_size)
        if offset and self._rows:
            # The next page continues after the last row shown (keyset paging): as quick at
            # the end of 500,000 cases as at the start, and the count is already known.
            after = case_list.cursor_of(self._rows[-1], self.query.sort)
            query = replace(query, after=after, count=False)
        ctx = self.ctx
        self._loading = True

        def work(_report: Any) -> CasePage:
            return case_list.list_cases(ctx, query)

        run_in_background(
            self,
            work,
            on_done=lambda page: self._arrived(generation, offset, page),
            on_error=lambda exc: self._fail(generation, exc),
        )

    def _fail(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._exhausted = True
        self.failed.emit(exc)

    def _arrived(self, generation: int, offset: int, page: CasePage) -> None:
        if generation != self._generation or offset != len(self._rows):
            return  # the user changed the query meanwhile, or this page is already here
        self._loading = False
        if offset == 0:
            self.total = page.total
            self.total_is_lower_bound = page.total_is_lower_bound
        if len(page.rows) < self.page_size:
            self._exhausted = True
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        if offset == 0:
            self.loaded.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._loading and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self._request(len(self._rows))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].sort
        if key is None:
            self.sort_refused.emit(column)
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self.query.sort and descending == self.query.descending and self._rows:
            return
        self.query = replace(self.query, sort=key, descending=descending)
        self.reload()

    def sort_column(self) -> int:
        return next(i for i, c in enumerate(COLUMNS) if c.sort == self.query.sort)

    def clear(self) -> None:
        """Drop every row (the vault is locking); nothing is fetched until `reload()`."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self.total = 0
        self.total_is_lower_bound = False
        self._loading = False
        self._exhausted = True
        self.endResetModel()

    # --- reading ---------------------------------------------------------------------------------

    def case_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_data(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def _display(self, row: CaseRow, key: str) -> str:
        """Display text, isolated, computed once per row and language (views ask for it many
        times)."""
        cache_key = (row, key, current_language())  # rows are frozen: equal rows, same text
        text = self._display_cache.get(cache_key)
        if text is None:
            text = isolate(self._display_uncached(row, key))
            if len(self._display_cache) > 20_000:
                self._display_cache.clear()
            self._display_cache[cache_key] = text
        return text

    def _display_uncached(self, row: CaseRow, key: str) -> str:
        if key == "reference":
            return row.reference
        if key == "alias":
            return row.alias
        if key == "status":
            return label(row.status)
        if key == "category":
            return label(row.category)
        if key == "country":
            return country_name(row.country)
        if key == "subregion":
            return label(row.subregion)
        if key == "caseworker":
            return row.caseworker_name
        if key == "stage":
            return row.stage_name
        if key == "updated":
            return fmt_datetime(row.updated_at)
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for about ten roles per cell each time they size or paint one (font,
        # alignment, background, check state…): the roles this model never answers return at
        # once, before the index is read. Roles are compared as plain ints (a Qt enum member
        # is looked up on its class at each use), and an invalid index's row is -1.
        if role not in _ANSWERED_ROLES:
            return None
        r, c = index.row(), index.column()
        if not 0 <= r < len(self._rows) or not 0 <= c < _COLUMN_COUNT:
            return None
        row = self._rows[r]
        if role == _DISPLAY:
            return self._display(row, COLUMN_KEYS[c])
        if role == _ID:
            return row.id
        if role == _OVERDUE:
            return row.overdue
        if row.overdue:
            if role == _DECORATION and c == _REFERENCE_COLUMN:
                return self._overdue_icon
            if role == _FOREGROUND:
                return OVERDUE_COLOUR
            if role == _TOOLTIP:
                return _("Overdue: a referral or a task of this case is late.")
            if role == _ACCESSIBLE_DESCRIPTION:
                return _("Overdue")
        return None

    def sized_cells(self, rows: int) -> list[list[tuple[str, QIcon | None]]]:
        """Per column, the text and icon of the first `rows` rows, as `data` answers them: all
        a cell's width depends on (list_fit.py), read without a call through Qt per role."""
        shown = self._rows[:rows]
        return [
            [
                (
                    self._display(row, column.key),
                    self._overdue_icon if row.overdue and c == _REFERENCE_COLUMN else None,
                )
                for row in shown
            ]
            for c, column in enumerate(COLUMNS)
        ]

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.title)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.sort is None:
                return _("This column cannot be sorted.")
            return _("Click to sort by this column.")
        if role == self.SortKeyRole:
            return column.sort
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.query.sort in case_list_groups.LABEL_SORTS:
            self.reload()  # sorted by labels: the new language's order
        elif self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE_DESCRIPTION = int(Qt.ItemDataRole.AccessibleDescriptionRole)
_ID = int(CaseListModel.IdRole)
_OVERDUE = int(CaseListModel.OverdueRole)
_COLUMN_COUNT = len(COLUMNS)
_REFERENCE_COLUMN = COLUMN_KEYS.index("reference")

# What `CaseListModel.data` answers (any other role is None).
_ANSWERED_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleDescriptionRole,
        CaseListModel.IdRole,
        CaseListModel.OverdueRole,
    )
)
