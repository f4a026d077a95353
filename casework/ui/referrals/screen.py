"""The Referrals inbox: outgoing (all, open, overdue, or one state), a paged table sorted in SQL,
and the chosen referral's history with the steps it allows next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import N_, _, format_number, isolate, ngettext
from casework.model.enums import ReferralState, ServiceType
from casework.model.labels import label
from casework.services import referrals
from casework.services.context import ServiceContext
from casework.services.referrals import ReferralPage, ReferralQuery, ReferralRow
from casework.ui.paged_model import PagedTableModel
from casework.ui.referrals.detail import ReferralDetailPanel
from casework.ui.retranslate import track_language
from casework.ui.screen import Screen
from casework.ui.service_call import call_service
from casework.ui.widgets.combos import compact, filter_combo
from casework.ui.widgets.dates import fmt_date
from casework.ui.widgets.forms import Texts, named, show_problem
from casework.ui.widgets.sorting import refuse_sort
from casework.ui.widgets.tables import (
    OVERDUE_COLOUR,
    Index,
    cap_column,
    empty_state,
    optional_columns,
    refresh_empty_state,
    selected_row,
    table_view,
)

PAGE_SIZE = 200


@dataclass(frozen=True)
class RefColumn:
    title: str
    sort: str | None


# What needs attention first (state, answer due), then what and where; long organisation
# names are elided with the whole name in the tooltip.
COLUMNS = (
    RefColumn(N_("Case"), "case"),
    RefColumn(N_("State"), "state"),
    RefColumn(N_("Answer due"), "due_on"),
    RefColumn(N_("Service"), "service"),
    RefColumn(N_("Organisation"), "organisation"),
    RefColumn(N_("Alias"), None),
    RefColumn(N_("Stage"), None),
    RefColumn(N_("Sent on"), "sent_at"),
    RefColumn(N_("Created"), "created_at"),
)
ORG_COLUMN = 4


class ReferralListModel(PagedTableModel[ReferralRow]):
    """Referrals page by page from `services.referrals.list_referrals`."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    CaseRole = Qt.ItemDataRole.UserRole + 2
    page_size = PAGE_SIZE
    label_sorts = frozenset({"state", "service"})

    def __init__(self, ctx: ServiceContext, parent: QObject | None = None) -> None:
        super().__init__(ctx, ReferralQuery(), parent)
        self._overdue_icon = QApplication.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        if COLUMNS[column].sort is None:
            self.sort_refused.emit(column)
            return
        sort, descending = COLUMNS[column].sort, order == Qt.SortOrder.DescendingOrder
        self.sort_query(sort=sort, descending=descending)

    def sort_column(self) -> int:
        return next(i for i, c in enumerate(COLUMNS) if c.sort == self.query.sort)

    @staticmethod
    def _values(r: ReferralRow) -> tuple[str, ...]:
        state = label(r.state)
        if r.overdue:
            state = _("{state} — overdue").format(state=state)
        return (
            r.case_reference,
            state,
            fmt_date(r.due_on),
            label(r.service_type),
            r.org_name,
            r.case_alias,
            r.stage_name,
            fmt_date(r.sent_at.date()) if r.sent_at else "",
            fmt_date(r.created_at.date()),
        )

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def cell_texts(self, row: int) -> tuple[str, ...]:
        """A row's texts as shown, for fitting the columns (widgets/column_widths.py)."""
        return tuple(isolate(v) for v in self.texts(row, self._values))

    def cell_icon(self, row: int, column: int) -> bool:
        return column == 0 and self.rows[row].overdue

    def fetch(self, query: ReferralQuery) -> ReferralPage:
        return referrals.list_referrals(self.ctx, query)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Fitting and painting ask each cell for a dozen roles: the ones not shown end here.
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = self.texts(index.row(), self._values)
            return isolate(values[index.column()]) if 0 <= index.column() < len(values) else None
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue:
            return OVERDUE_COLOUR
        if role == Qt.ItemDataRole.DecorationRole and r.overdue and index.column() == 0:
            return self._overdue_icon  # not colour alone, as in the case list
        if role == Qt.ItemDataRole.ToolTipRole:
            if r.overdue:
                return _("Overdue: no answer or outcome by the expected date.")
            if index.column() == ORG_COLUMN:
                return r.org_name
        if role == self.IdRole:
            return r.id
        if role == self.CaseRole:
            return r.case_id
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section].title)
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section].sort is None:
            return _("This column cannot be sorted.")
        return None


_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        ReferralListModel.IdRole,
        ReferralListModel.CaseRole,
    )
)

VIEWS: tuple[tuple[str, str], ...] = (
    ("open", N_("Open referrals")),
    ("overdue", N_("Overdue")),
    ("all", N_("All outgoing")),
    ("incoming", N_("Incoming")),
)


class ReferralsScreen(Screen):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.texts = Texts()
        self.model = ReferralListModel(ctx, self)
        self.view_combo = compact(QComboBox())
        self.view_combo.setObjectName("referralView")
        for key, _msgid in VIEWS:
            self.view_combo.addItem("", key)
        named(self.view_combo, self.texts, N_("Show"))
        self.state = filter_combo(ReferralState, N_("(any state)"))
        self.state.setObjectName("referralState")
        named(self.state, self.texts, N_("State"))
        self.service = filter_combo(ServiceType, N_("(any service)"))
        self.service.setObjectName("referralService")
        named(self.service, self.texts, N_("Service"))
        self.count = QLabel()
        self.count.setObjectName("referralCount")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("referralHint")

        self.table = table_view(self.model, self.texts, N_("Referrals"))
        self.table.setObjectName("referralTable")
        cap_column(self.table, ORG_COLUMN, 28)
        # The indicator first, then sorting on: the header asks for the order the model
        # already has, and the list is loaded once, by `_apply` below.
        self.table.horizontalHeader().setSortIndicator(8, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.model.sort_refused.connect(
            lambda column: refuse_sort(
                self.table,
                self.model.sort_column(),
                self.model.query.descending,
                COLUMNS[column].title,
                self.status_message,
            )
        )
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(self._open_case)
        empty_state(self.table, self._empty_text)
        # Narrow (1024 pixels, the detail beside it): creation date, stage, alias, sent date
        # are left out before anything scrolls; the detail panel shows them.
        optional_columns(self.table, (8, 6, 5, 7))
        self.detail = ReferralDetailPanel(ctx)
        self.detail.changed.connect(self._after_step)
        self.detail.open_case_requested.connect(self.open_case_requested)

        filters = QHBoxLayout()
        filters.addWidget(self.view_combo, 1)
        filters.addWidget(self.state, 1)
        filters.addWidget(self.service, 1)
        filters.addWidget(self.count)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(filters)
        lv.addWidget(self.hint)
        lv.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)  # the detail never disappears at 800 pixels
        QVBoxLayout(self).addWidget(splitter)

        self.view_combo.currentIndexChanged.connect(self._apply)
        self.state.currentIndexChanged.connect(self._apply)
        self.service.currentIndexChanged.connect(self._apply)
        track_language(self)
        self._apply()

    def title(self) -> str:
        return _("Referrals")

    def retranslate(self) -> None:
        self.texts.apply()
        for i, (_key, msgid) in enumerate(VIEWS):
            self.view_combo.setItemText(i, _(msgid))
        # The chosen view is read whole ("Orientations en cours"), not cut to a filter's size.
        longest = max((_(m) for _k, m in VIEWS), key=self.fontMetrics().horizontalAdvance)
        self.view_combo.setMinimumWidth(
            self.fontMetrics().horizontalAdvance(longest)
            + 6 * self.fontMetrics().averageCharWidth()
        )
        self.model.retranslate()
        self._hint_text()
        self._update_count()

    def _hint_text(self) -> None:
        self.hint.setText(
            _(
                "Referrals received from partner organisations. Record a new one from the "
                "Referrals tab of the client's case."
            )
        )

    def set_view(self, key: str) -> None:
        self.view_combo.setCurrentIndex(self.view_combo.findData(key))

    def _apply(self) -> None:
        key = self.view_combo.currentData()
        incoming = key == "incoming"
        self.hint.setVisible(incoming)
        self._hint_text()
        try:
            self.model.set_query(
                direction="incoming" if incoming else "outgoing",
                open_only=key == "open",
                overdue_only=key == "overdue",
                state=self.state.value(),
                service_type=self.service.value(),
            )
        except Exception as exc:  # noqa: BLE001
            show_problem(self, exc)
        refresh_empty_state(self.table)  # "Loading…" until the rows are in
        self.model.after_load(self._update_count)
        self.detail.show_referral(None)

    def _empty_text(self) -> str:
        if self.model.loading:
            return _("Loading…")
        key = self.view_combo.currentData()
        if self.state.value() is not None or self.service.value() is not None:
            return _("No referral matches these filters. Set a filter back to “any” to see more.")
        if key == "overdue":
            return _("No referral is overdue: every partner answered in time.")
        if key == "incoming":
            return _(
                "No incoming referrals. When a partner refers a client to you, record it from "
                "the Referrals tab of the client's case."
            )
        return _(
            "No referrals here yet. To refer a client to a service, open their case and use "
            "its Referrals tab."
        )

    def _update_count(self) -> None:
        n = self.model.total
        if n >= referrals.REFERRAL_COUNT_CAP:
            text = ngettext("{count}+ referral", "{count}+ referrals", n)
        else:
            text = ngettext("{count} referral", "{count} referrals", n)
        self.count.setText(text.format(count=format_number(n)))

    watches = frozenset({"referral", "case", "organisation", "pathway", "consent"})

    def refresh(self) -> None:
        current = self.detail.detail.id if self.detail.detail else None
        scroll = self.table.verticalScrollBar().value()
        self._apply()

        def keep() -> None:
            self.select(current)
            self.table.verticalScrollBar().setValue(scroll)

        self.model.after_load(keep)

    def select(self, referral_id: int | None) -> bool:
        for i, row in enumerate(self.model.rows):
            if row.id == referral_id:
                self.table.selectRow(i)
                return True
        return False

    def _selected(self) -> None:
        row = self.model.row_at(selected_row(self.table))
        if row is None:
            self.detail.show_referral(None)
            return
        self.detail.show_referral(row.id, "")
        self._country_of(row.id, row.case_id)

    def _country_of(self, referral_id: int, case_id: int) -> None:
        """The case's country, read off the window's thread on an office server: it only
        narrows the re-referral's organisation list ("" until it is in, or if unreadable)."""
        from casework.services import cases

        ctx, detail = self.ctx, self.detail
        detail.case_country = ""

        def known(country: str) -> None:
            row = self.model.row_at(selected_row(self.table))
            if row is not None and row.id == referral_id:  # still the referral shown
                detail.case_country = country

        work = lambda: cases.get_case(ctx, case_id).data.country  # noqa: E731
        call_service(detail, ctx, work, known, lambda _exc: None, single=False)

    def _after_step(self, referral_id: int) -> None:
        self.model.reload()

        def then() -> None:
            self._update_count()
            if not self.select(referral_id):
                self.detail.show_referral(referral_id, self.detail.case_country)

        self.model.after_load(then)

    def _open_case(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_case_requested.emit(row.case_id)

    def clear(self) -> None:
        self.model.clear()
        self.detail.clear()
        self._update_count()
