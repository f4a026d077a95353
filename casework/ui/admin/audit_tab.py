"""The audit log viewer: a paged table over services.audit.list_events, filters, and the chain
check (administrators verify; supervisors read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import N_, _, current_language, format_datetime, isolate, ngettext
from casework.services import audit, users
from casework.services.audit import AuditQuery, AuditRow, VerifyReport
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.ui.admin.audit_labels import action_label, details_text, record_label
from casework.ui.background import LatestLoad, run_in_background
from casework.ui.service_call import call_service
from casework.ui.widgets.dates import OptionalDate
from casework.ui.widgets.tables import fit_columns, stretch_column

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
# The first word of audit actions (action codes are technical; filtering by family is enough).
ACTION_FAMILIES: tuple[tuple[str, str], ...] = (
    ("login", N_("Logins")),
    ("user", N_("Users")),
    ("vault", N_("Vault")),
    ("audit", N_("Audit checks")),
    ("case", N_("Cases")),
    ("referral", N_("Referrals")),
    ("plan", N_("Plans")),
    ("note", N_("Notes")),
    ("consent", N_("Consents")),
    ("task", N_("Tasks")),
    ("observation", N_("Risk and protective factors")),
    ("judgement", N_("Professional judgements")),
    ("organisation", N_("Directory")),
    ("pathway", N_("Pathways")),
    ("document", N_("Printed documents")),
)


class AuditModel(QAbstractTableModel):
    """Holds the rows fetched so far; Qt asks for more (fetchMore) as the user scrolls."""

    WHEN, ACTOR, ACTION, RECORD, DETAILS = range(5)

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
        return (_("When"), _("User"), _("Action"), _("Record"), _("Details"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        key = (index.row(), index.column(), current_language())
        text = self._texts.get(key)
        if text is None:  # fitting columns asks for each cell several times: format it once
            text = self._texts[key] = self._text(self.rows[index.row()], index.column())
        return text

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
    texts = {
        (r, c, lang): AuditModel._text(row, c)  # noqa: SLF001 - the model's own formatting
        for r, row in enumerate(rows)
        for c in range(5)
    }
    return AuditPage(rows, total, texts)


def report_text(report: VerifyReport) -> str:
    """The verification result in plain words."""
    lines = []
    if report.chain_ok:
        lines.append(
            ngettext(
                "The audit log is intact: {count} event checked, none changed or missing.",
                "The audit log is intact: {count} events checked, none changed or missing.",
                report.events,
            ).format(count=report.events)
        )
    else:
        lines.append(
            ngettext(
                "The audit log has been altered or is incomplete ({count} problem found). "
                "Keep the latest backups and tell whoever is responsible for data protection.",
                "The audit log has been altered or is incomplete ({count} problems found). "
                "Keep the latest backups and tell whoever is responsible for data protection.",
                len(report.chain_problems),
            ).format(count=len(report.chain_problems))
        )
    if report.database_ok:
        lines.append(_("Every page of the database passed the integrity check."))
    else:
        lines.append(
            _("The database is damaged. Restore the latest backup into a new folder and compare.")
        )
    return "\n".join(lines)


class AuditTab(QWidget):
    status_message = Signal(object)  # a str, or a live() text

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: VerifyReport | None = None
        # The users and the events are read on the pool: the tab shows at once.
        self.loader = LatestLoad(self, self._failed)
        self.model = AuditModel(ctx, self)
        self.model.on_failed = self._failed
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Fitted to the titles and a screenful of rows when rows arrive, not on every layout
        # (ResizeToContents measured all 200 rows at each pass: most of the page's first open).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fit_columns(self.table)
        # The details take the room the others leave; narrowed with them to fit the width.
        stretch_column(self.table, AuditModel.DETAILS, 24)
        self.actor = QComboBox(self)
        self.actor.setObjectName("auditActor")
        self.action = QComboBox(self)
        self.action.setObjectName("auditAction")
        self.since = OptionalDate(self)
        self.since.setObjectName("auditSince")
        self.until = OptionalDate(self)
        self.until.setObjectName("auditUntil")
        self.actor_label = QLabel(self)
        self.actor_label.setBuddy(self.actor)
        self.action_label = QLabel(self)
        self.action_label.setBuddy(self.action)
        self.since_label = QLabel(self)
        self.since_label.setBuddy(self.since)
        self.until_label = QLabel(self)
        self.until_label.setBuddy(self.until)
        self.search_button = QPushButton(self)
        self.search_button.setObjectName("auditSearch")
        self.search_button.clicked.connect(self.search)
        self.verify_button = QPushButton(self)
        self.verify_button.setObjectName("auditVerify")
        self.verify_button.clicked.connect(self.verify)
        self.verify_button.setVisible(ctx.actor.can(Permission.VERIFY_AUDIT))
        self.result = QLabel(self)
        self.result.setObjectName("auditVerifyResult")
        self.result.setWordWrap(True)
        self.result.hide()
        self.count = QLabel(self)
        self.count.setObjectName("auditCount")

        filters = QFormLayout()
        filters.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        filters.addRow(self.actor_label, self.actor)
        filters.addRow(self.action_label, self.action)
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        dates.addWidget(self.until_label)
        dates.addWidget(self.until)
        dates.addStretch(1)
        filters.addRow(self.since_label, dates)
        buttons = QHBoxLayout()
        buttons.addWidget(self.search_button)
        buttons.addStretch(1)
        buttons.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)

    def retranslate(self) -> None:
        self.actor_label.setText(_("&User:"))
        self.action_label.setText(_("&Action:"))
        self.since_label.setText(_("&From:"))
        self.until_label.setText(_("&to:"))
        self.search_button.setText(_("&Search"))
        self.verify_button.setText(_("&Verify chain"))
        self.actor.setAccessibleName(_("Filter by user"))
        self.action.setAccessibleName(_("Filter by action"))
        self.since.setAccessibleName(_("From date"))
        self.until.setAccessibleName(_("To date"))
        self.table.setAccessibleName(_("Audit log"))
        self._fill_filters()
        self.model.retranslate()
        self._show_count()
        if self.report is not None:
            self.result.setText(report_text(self.report))

    def _fill_filters(self) -> None:
        for combo in (self.actor, self.action):
            combo.blockSignals(True)
        actor, action = self.actor.currentData(), self.action.currentData()
        self.actor.clear()
        self.actor.addItem(_("(any)"), "")
        self.action.clear()
        self.action.addItem(_("(any)"), "")
        for family, name in ACTION_FAMILIES:
            self.action.addItem(_(name), family + ".")
        self.action.setCurrentIndex(max(self.action.findData(action), 0))
        self._actor_value = actor or ""
        for combo in (self.actor, self.action):
            combo.blockSignals(False)

    def _fill_actors(self, names: list[str]) -> None:
        current = self._current_actor()
        self.actor.blockSignals(True)
        self.actor.clear()
        self.actor.addItem(_("(any)"), "")
        for name in names:
            self.actor.addItem(name, name)
        self.actor.setCurrentIndex(max(self.actor.findData(current), 0))
        self.actor.blockSignals(False)

    def _current_actor(self) -> str:
        """The user filtered on, also while the list of users is being read again."""
        return str(self.actor.currentData() or getattr(self, "_actor_value", "") or "")

    def _show_count(self) -> None:
        if self.loader.loading and not self.model.rows:
            self.count.setText(_("Loading…"))
            return
        self.count.setText(
            ngettext("{count} event", "{count} events", self.model.total).format(
                count=self.model.total
            )
        )

    def query(self) -> AuditQuery:
        return AuditQuery(
            actor=self._current_actor(),
            action_prefix=str(self.action.currentData() or ""),
            since=self.since.value(),
            until=self.until.value(),
            limit=PAGE_SIZE,
        )

    def refresh(self) -> None:
        """Read the users (for the filter) and the first page of events, on the pool."""
        ctx, query = self.ctx, self.query()

        def read() -> tuple[list[str], AuditPage]:
            names = [u.username for u in users.list_users(ctx, include_inactive=True)]
            return names, read_page(ctx, query)

        def show(loaded: tuple[list[str], AuditPage]) -> None:
            names, page = loaded
            self._fill_actors(names)
            self._show_page(query, page)

        self.loader.start(read, show)
        self._show_count()

    def search(self) -> None:
        ctx, query = self.ctx, self.query()
        self.loader.start(lambda: read_page(ctx, query), lambda page: self._show_page(query, page))
        self._show_count()

    def _show_page(self, query: AuditQuery, page: AuditPage) -> None:
        self.model.show(query, page)
        self._show_count()

    def _failed(self, exc: BaseException) -> None:
        from casework.ui.errors import show_error

        self._show_count()
        show_error(self, exc)

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.result.setText(_("Checking the audit log and every database page…"))
        self.result.show()
        ctx = self.ctx

        def done(report: VerifyReport) -> None:
            self.verify_button.setEnabled(True)
            self.report = report
            self.result.setText(report_text(report))
            self.result.setStyleSheet("" if report.ok else "color: #b00020;")
            self.search()

        def failed(exc: BaseException) -> None:
            self.verify_button.setEnabled(True)
            self.result.hide()
            from casework.ui.errors import show_error

            show_error(self, exc)

        run_in_background(self, lambda report: audit.verify(ctx), on_done=done, on_error=failed)

    def clear(self) -> None:
        self.loader.cancel()
        self.model.clear()
        self.actor.clear()
        self.report = None
        self.result.clear()
