"""The Statistics page's tables: counts as shown (“< 5”, “x”), one titled table per breakdown.

Only counts, never a person: the service suppresses counts from 1 to 4 and withholds those
that would let one be worked out.

The page shows nine small tables at once, filled together when the figures arrive. Each model
writes its cells' texts once per fill (and per language), and each table is sized from those
texts: Qt's `resizeColumnsToContents` would ask the model for every cell in every role, and the
views would ask again at every paint (issue 13: the page's data on screen under 100 ms).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import N_, _, format_number, isolate
from casework.model.labels import label
from casework.services import statistics
from casework.services.statistics import Count, CountRow
from casework.ui.widgets.column_widths import text_widths
from casework.ui.widgets.forms import Texts
from casework.ui.widgets.tables import (
    Column,
    Index,
    RowsModel,
    fit_to_width,
    keep_to_width,
    sortable,
    stretch_column,
    table_view,
)

_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_TIP = Qt.ItemDataRole.ToolTipRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def count_text(count: Count) -> str:
    """A count in the active language; a suppressed one (1 to 4) as "< 5", one withheld to
    protect a small count as "x"."""
    if count is None:
        return _("< 5")
    if count is statistics.WITHHELD:
        return _("x")
    return format_number(count)  # type: ignore[arg-type]


def count_key(count: Count) -> tuple[int, int]:
    """How a count sorts: as shown. The numbers in order, below them "< 5" then "x" (their
    true values are not known here: the service kept them back)."""
    if count is statistics.WITHHELD:
        return (0, 0)
    if count is None:
        return (0, 1)
    return (1, int(count))  # type: ignore[call-overload]


def count_column(title: str, count: Callable[[Any], Count]) -> Column:
    """A column of counts, shown by `count_text` and sorted by `count_key`."""
    return Column(title, lambda row: count_text(count(row)), key=lambda row: count_key(count(row)))


@dataclass(frozen=True)
class Figure:
    """One key figure: its msgid and how to show its value."""

    msgid: str
    value: Callable[[], str]


class CountsModel(RowsModel):
    """Rows of labels (the first `labels` columns) then counts, aligned on the right. The texts
    are written when the rows are set and when the language changes, not at every paint."""

    labels = 1

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(columns, parent)
        self.texts: list[list[str]] = []
        # The translated titles: the header and its fitting ask for them hundreds of times.
        self.titles: list[str] = []

    def _write(self) -> None:
        def text(value: Any) -> str:
            return "" if value is None else isolate(value)

        self.texts = [[text(c.value(row)) for c in self.columns] for row in self.rows]

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = self._sorted(list(rows))
        self._write()
        self.endResetModel()

    def reordered(self) -> None:
        self._write()  # the texts follow their rows

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:
            row, column = index.row(), index.column()
            if 0 <= row < len(self.texts) and 0 <= column < len(self.columns):
                return self.texts[row][column]
            return None
        if role == _ALIGN:
            return _RIGHT if index.column() >= self.labels else None
        if role == _TIP:
            return super().data(index, role)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        if (
            role in (_DISPLAY, _TIP)
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            if not self.titles:
                self.titles = [_(c.title) for c in self.columns]
            return self.titles[section]  # the tooltip shows an elided title whole
        return None

    def retranslate(self) -> None:
        self.titles = []
        self._write()
        super().retranslate()


def fit_height(view: QTableView, expected: int = 0) -> None:
    """As tall as its rows: the page scrolls, not each little table. `expected`: the rows it
    will show once filled (a row per status…), so that the page is laid out at its final size
    before the figures arrive, and their arrival changes no table's height: no second layout
    of the page, no second fitting of every table (issue 13)."""
    rows = view.model().rowCount()
    height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
    height += sum(view.rowHeight(r) for r in range(rows))
    height += max(0, expected - rows) * view.verticalHeader().defaultSectionSize()
    view.setFixedHeight(height)


def fit_counts(view: QTableView) -> None:
    """Every column but the first as wide as its title and its widest text, as Qt's own
    fitting makes them, titles never cut (`keep_titles_whole`); the first (the labels) takes
    the room left (`stretch_column`); narrowed to the viewport if need be. An empty table not
    on screen (the page being built) waits for its rows."""
    model = view.model()
    if not isinstance(model, CountsModel) or not (model.rows or view.isVisible()):
        return
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    spare = 2 * metrics.averageCharWidth()
    texts = model.texts
    widths = text_widths(view, texts.__getitem__, len(texts))
    for i in range(model.columnCount()):
        least = header.sectionSizeFromContents(i).width()
        title = str(model.headerData(i, Qt.Orientation.Horizontal) or "")
        if title:
            least = max(least, metrics.horizontalAdvance(title) + spare)
        if i > 0:
            header.resizeSection(i, max(widths[i], least))
        elif header.sectionSize(i) < least:
            header.resizeSection(i, least)
    view.stretcher.apply()  # type: ignore[attr-defined]
    if header.length() > view.viewport().width():
        fit_to_width(view)


def fit_counts_on_fill(view: QTableView) -> None:
    """Size the columns (`fit_counts`) and the height (`fit_height`) when the rows are set, the
    titles when the language changes, the columns again when the table grows."""

    def fit() -> None:
        fit_counts(view)

    model = view.model()
    model.modelReset.connect(fit)
    model.modelReset.connect(lambda: fit_height(view))
    model.headerDataChanged.connect(lambda *_a: fit())
    keep_to_width(view, refit=fit)


def count_view(model: CountsModel, texts: Texts, accessible: str) -> QTableView:
    """A `widgets.tables.table_view` that selects nothing, shows no scroll bars (the page
    scrolls, see `fit_height`) and is sized by `fit_counts`: the labels take the room left."""
    view = table_view(model, texts, accessible, fit=None)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    sortable(view)  # by label, or by count as shown
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    stretch_column(view, 0, 12)  # the labels take the room; the counts keep their width
    fit_counts_on_fill(view)
    return view


class CountTables:
    """The page's tables by key, each in a titled box, and their models."""

    def __init__(self, owner: QWidget, texts: Texts) -> None:
        self.owner, self.texts = owner, texts
        self.tables: dict[str, QTableView] = {}
        self.models: dict[str, RowsModel] = {}

    def table(
        self, key: str, title: str, columns: list[Column], labels: int = 1, rows: int = 0
    ) -> RowsModel:
        """`rows`: how many it will show, if known before the figures arrive (`fit_height`)."""
        model = CountsModel(columns, self.owner)
        model.labels = labels
        view = count_view(model, self.texts, title)
        view.setObjectName(f"stats_{key}")
        box = QGroupBox()
        box.setObjectName(f"box_{key}")
        self.texts.add(box.setTitle, title)
        QVBoxLayout(box).addWidget(view)
        view.ensurePolished()  # the style sheet's font (zoom) sets the row height
        fit_height(view, rows)
        self.tables[key] = view
        self.models[key] = model
        return model

    def enum_table(
        self, key: str, title: str, column: str, enum: type[StrEnum]
    ) -> RowsModel[CountRow]:
        """A row per member of `enum`, as the service gives them."""
        return self.table(
            key,
            title,
            [
                Column(column, lambda c: label(c.key), tooltip=lambda c: label(c.key)),
                count_column(N_("Count"), lambda c: c.count),
            ],
            rows=len(enum),
        )
