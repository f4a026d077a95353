"""The Statistics page's tables: counts as shown (“< 5”, “x”), one titled table per breakdown.

Only counts, never a person: the service suppresses counts from 1 to 4 and withholds those
that would let one be worked out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QTableView, QVBoxLayout, QWidget

from casework.i18n import N_, _, format_number
from casework.model.enums import label
from casework.services import statistics
from casework.services.statistics import Count, CountRow
from casework.ui.widgets.forms import Texts
from casework.ui.widgets.tables import Column, Index, RowsModel, stretch_column, table_view


def count_text(count: Count) -> str:
    """A count in the active language; a suppressed one (1 to 4) as "< 5", one withheld to
    protect a small count as "x"."""
    if count is None:
        return _("< 5")
    if count is statistics.WITHHELD:
        return _("x")
    return format_number(count)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Figure:
    """One key figure: its msgid and how to show its value."""

    msgid: str
    value: Callable[[], str]


class CountsModel(RowsModel):
    """Rows of labels (the first `labels` columns) then counts, aligned on the right."""

    labels = 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        right = index.isValid() and index.column() >= self.labels
        if role == Qt.ItemDataRole.TextAlignmentRole and right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


def fit_height(view: QTableView) -> None:
    """As tall as its rows: the page scrolls, not each little table."""
    rows = view.model().rowCount()
    height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
    height += sum(view.rowHeight(r) for r in range(rows))
    view.setFixedHeight(height)


class CountTables:
    """The page's tables by key, each in a titled box, and their models."""

    def __init__(self, owner: QWidget, texts: Texts) -> None:
        self.owner, self.texts = owner, texts
        self.tables: dict[str, QTableView] = {}
        self.models: dict[str, RowsModel] = {}

    def table(self, key: str, title: str, columns: list[Column], labels: int = 1) -> RowsModel:
        model = CountsModel(columns, self.owner)
        model.labels = labels
        view = table_view(model, self.texts, title)
        view.setObjectName(f"stats_{key}")
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setSelectionMode(QTableView.SelectionMode.NoSelection)
        stretch_column(view, 0, 12)  # the labels take the room; the counts keep their width
        model.modelReset.connect(lambda v=view: fit_height(v))
        box = QGroupBox()
        box.setObjectName(f"box_{key}")
        self.texts.add(box.setTitle, title)
        QVBoxLayout(box).addWidget(view)
        self.tables[key] = view
        self.models[key] = model
        return model

    def enum_table(self, key: str, title: str, column: str) -> RowsModel[CountRow]:
        return self.table(
            key,
            title,
            [
                Column(column, lambda c: label(c.key), tooltip=lambda c: label(c.key)),
                Column(N_("Count"), lambda c: count_text(c.count)),
            ],
        )
