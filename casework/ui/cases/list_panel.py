"""The case list: filters, search as you type, the paged table and its remembered columns."""

from __future__ import annotations

import json
from functools import partial

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import N_, _, format_number, ngettext
from casework.model.enums import CaseStatus, ClientCategory, Subregion
from casework.services import users
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.ui import settings
from casework.ui.cases.list_columns import CaseColumns
from casework.ui.cases.list_model import COLUMN_KEYS, COLUMNS, CaseListModel
from casework.ui.retranslate import track_language
from casework.ui.service_call import call_service
from casework.ui.widgets.choices import NOT_LOADED_FILTER, load_choices
from casework.ui.widgets.combos import CountryCombo, DataCombo, compact, filter_combo
from casework.ui.widgets.flow import FlowLayout
from casework.ui.widgets.forms import Texts, line_edit, named, show_problem
from casework.ui.widgets.sorting import refuse_sort
from casework.ui.widgets.tables import (
    empty_state,
    refresh_empty_state,
)

SEARCH_DELAY_MS = 200
HIDDEN_COLUMNS_SETTING = "cases.list.hidden_columns"
DEFAULT_HIDDEN = ("subregion",)
FILTER_CHARS = 16


class CaseTable(QTableView):
    """Enter opens the current case (double-click does too)."""

    activated_row = Signal(int)
    # The widths of its cells measured on a copy (list_fit.py), while its header sizes them.
    measured: list[int] | None = None

    def sizeHintForColumn(self, column: int) -> int:  # noqa: N802 - Qt override
        if self.measured is not None and 0 <= column < len(self.measured):
            return self.measured[column]
        return super().sizeHintForColumn(column)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class CaseListPanel(QWidget):
    open_case = Signal(int)
    new_case = Signal()
    status_message = Signal(object)  # a str, or a live() text

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.texts = Texts()
        self.model = CaseListModel(ctx, self)

        self.search = line_edit()
        self.search.setObjectName("caseSearch")
        named(self.search, self.texts, N_("Search cases"))
        self.texts.add(
            self.search.setPlaceholderText, N_("Search by reference, alias, name or place…")
        )
        self.status = filter_combo(CaseStatus, N_("(any status)"))
        self.status.setObjectName("filterStatus")
        named(self.status, self.texts, N_("Status"))
        self.subregion = filter_combo(Subregion, N_("(any subregion)"))
        self.subregion.setObjectName("filterSubregion")
        named(self.subregion, self.texts, N_("Subregion"))
        self.country = compact(CountryCombo(empty_label=N_("(any country)")))
        self.country.setObjectName("filterCountry")
        named(self.country, self.texts, N_("Country"))
        self.category = filter_combo(ClientCategory, N_("(any category)"))
        self.category.setObjectName("filterCategory")
        named(self.category, self.texts, N_("Category"))
        self.caseworker = compact(DataCombo())
        self.caseworker.setObjectName("filterCaseworker")
        named(self.caseworker, self.texts, N_("Caseworker"))
        self.overdue = QCheckBox()
        self.overdue.setObjectName("filterOverdue")
        self.texts.add(self.overdue.setText, N_("Overdue only"))
        self.count = QLabel()
        self.count.setObjectName("caseCount")
        self.new_button = QPushButton()
        self.new_button.setObjectName("newCaseButton")
        self.texts.add(self.new_button.setText, N_("New case…"))
        self.new_button.setVisible(ctx.actor.can(Permission.EDIT_CASE_RECORDS))
        self.new_button.clicked.connect(self.new_case)

        self.table = CaseTable()
        self.table.setObjectName("caseTable")
        named(self.table, self.texts, N_("Cases"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort_clicked)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated_row.connect(self._open_row)

        # One row at 1280 pixels, two at 1024 (in French too): the filters wrap, never widen the
        # window; each combo shows about 16 characters, its popup the whole labels.
        filters = FlowLayout()
        for widget in (self.status, self.subregion, self.country, self.category, self.caseworker):
            compact(widget, FILTER_CHARS)
            filters.addWidget(widget)
        filters.addWidget(self.overdue)
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.count, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.search, self.status)
        self.setTabOrder(self.status, self.subregion)
        self.setTabOrder(self.subregion, self.country)
        self.setTabOrder(self.country, self.category)
        self.setTabOrder(self.category, self.caseworker)
        self.setTabOrder(self.caseworker, self.overdue)
        self.setTabOrder(self.overdue, self.table)
        self.setTabOrder(self.table, self.new_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(self._timer.start)
        for combo in (self.status, self.subregion, self.country, self.category, self.caseworker):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.overdue.toggled.connect(self._apply_filters)
        self.model.loaded.connect(self._update_count)
        self.columns = CaseColumns(self.table, self.model)
        self._keep: tuple[int | None, int, int] | None = None
        self.model.loaded.connect(self._restore_place)
        self.model.loaded.connect(lambda: refresh_empty_state(self.table))
        empty_state(self.table, self._empty_text)
        self.model.modelReset.connect(self._update_count)
        self.model.failed.connect(lambda exc: show_problem(self, exc))
        self.model.sort_refused.connect(self._sort_refused)

        self._load_caseworkers()
        self._restore_columns()
        track_language(self)

    # --- filters -----------------------------------------------------------------------------

    def _load_caseworkers(self) -> None:
        sees_all = self.ctx.can_see_all_cases()
        self.caseworker.setVisible(sees_all)
        if sees_all:
            ctx = self.ctx

            def people() -> list[tuple[str, int]]:
                return [(u.display_name, u.id) for u in users.caseworkers(ctx)]

            head = [(N_("(any caseworker)"), None)]
            # A failure leaves the filter disabled, saying so; the list says the connection
            # is lost in its own way (the page reads the caseworkers again when rebuilt).
            load_choices(
                self,
                ctx,
                self.caseworker,
                people,
                head=head,
                failed=lambda _e: None,
                not_loaded=NOT_LOADED_FILTER,
            )

    def _apply_filters(self) -> None:
        self._timer.stop()
        self.model.set_filters(
            text=self.search.text(),
            status=self.status.value(),
            subregion=self.subregion.value(),
            country=self.country.value() or None,
            category=self.category.value(),
            caseworker_id=self.caseworker.value() if self.ctx.can_see_all_cases() else None,
            overdue_only=self.overdue.isChecked(),
        )

    def _empty_text(self) -> str:
        """What an empty list means, and what to do next (nothing while a page is loading)."""
        if self.model.total:
            return ""
        text = self.search.text().strip()
        if text:
            return _(
                "No case matches “{text}”. Check the spelling, or search by reference, alias, "
                "name or place."
            ).format(text=text)
        filtered = any(
            c.currentIndex() > 0
            for c in (self.status, self.subregion, self.country, self.category, self.caseworker)
        )
        if filtered or self.overdue.isChecked():
            return _("No case matches these filters. Set a filter back to “any” to see more.")
        if self.new_button.isVisibleTo(self):
            return _("No cases yet. Choose New case… to record the first one.")
        return _("No cases are assigned to you yet.")

    def reload(self) -> None:
        """Query again (another page changed a case), keeping the selected case and the scroll
        position once the first page is back."""
        current = self.table.currentIndex()
        case_id = self.model.case_id(current.row()) if current.isValid() else None
        self._keep = (case_id, current.column(), self.table.verticalScrollBar().value())
        self._apply_filters()

    def _restore_place(self) -> None:
        keep, self._keep = self._keep, None
        if keep is None:
            return
        case_id, column, scroll = keep
        if case_id is not None:
            for row in range(self.model.rowCount()):
                if self.model.case_id(row) == case_id:
                    self.table.setCurrentIndex(self.model.index(row, max(column, 0)))
                    self.table.selectRow(row)
                    break
        self.table.verticalScrollBar().setValue(scroll)

    def _update_count(self) -> None:
        n = self.model.total
        if self.model.total_is_lower_bound:
            text = ngettext("{count}+ case", "{count}+ cases", n).format(count=format_number(n))
        else:
            text = ngettext("{count} case", "{count} cases", n).format(count=format_number(n))
        self.count.setText(text)

    # --- sorting and columns -------------------------------------------------------------------

    def _sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        self.model.sort(column, order)

    def _sort_refused(self, column: int) -> None:
        refuse_sort(
            self.table,
            self.model.sort_column(),
            self.model.query.descending,
            COLUMNS[column].title,
            self.status_message,
        )

    def default_hidden(self) -> tuple[str, ...]:
        """A caseworker's own list: the caseworker column would only repeat their name."""
        if self.ctx.can_see_all_cases():
            return DEFAULT_HIDDEN
        return (*DEFAULT_HIDDEN, "caseworker")

    def _restore_columns(self) -> None:
        """The user's columns: the defaults at once, theirs once read (off the window's
        thread on an office server; a failure keeps the defaults)."""
        default = self.default_hidden()
        ctx = self.ctx

        def apply(raw: str) -> None:
            try:
                hidden = set(json.loads(raw))
            except (ValueError, TypeError):
                hidden = set(default)
            for i, key in enumerate(COLUMN_KEYS):
                self.table.setColumnHidden(i, key in hidden and key != "reference")

        apply(json.dumps(default))
        work = partial(users.get_setting, ctx, HIDDEN_COLUMNS_SETTING, json.dumps(default))
        call_service(self.table, ctx, work, apply, lambda _exc: None, single=False)

    def hidden_columns(self) -> list[str]:
        return [k for i, k in enumerate(COLUMN_KEYS) if self.table.isColumnHidden(i)]

    def set_column_visible(self, key: str, visible: bool) -> None:
        if key == "reference":
            return  # the reference identifies the row: always shown
        self.table.setColumnHidden(COLUMN_KEYS.index(key), not visible)
        setting = settings.TextSetting(HIDDEN_COLUMNS_SETTING)
        settings.store(self, self.ctx, setting, json.dumps(self.hidden_columns()))

    def column_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("columnMenu")
        for i, column in enumerate(COLUMNS):
            action = QAction(_(column.title), menu)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(i))
            action.setEnabled(column.key != "reference")
            action.toggled.connect(lambda on, k=column.key: self.set_column_visible(k, on))
            menu.addAction(action)
        return menu

    def _column_menu(self, pos: QPoint) -> None:
        self.column_menu().popup(self.table.horizontalHeader().mapToGlobal(pos))

    # --- opening -------------------------------------------------------------------------------

    def _open_row(self, row: int) -> None:
        case_id = self.model.case_id(row)
        if case_id is not None:
            self.open_case.emit(case_id)

    def retranslate(self) -> None:
        self.texts.apply()
        self.model.retranslate()
        if self.caseworker.count() and not self.caseworker.pending:
            self.caseworker.setItemText(0, _("(any caseworker)"))
        self._update_count()
        self.columns.refit()  # headers and texts changed length
        for combo in (self.status, self.subregion, self.country, self.category, self.caseworker):
            combo.updateGeometry()

    def clear(self) -> None:
        self._timer.stop()
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
