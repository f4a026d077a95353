"""The audit log viewer: a paged table over services.audit.list_events, filters, and the chain
check (administrators verify; supervisors read)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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

from casework.i18n import N_, _, ngettext
from casework.services import audit, users
from casework.services.audit import AuditQuery, VerifyReport
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.ui.admin.audit_model import PAGE_SIZE, AuditModel, AuditPage, read_page
from casework.ui.background import LatestLoad, run_in_background
from casework.ui.widgets.dates import OptionalDate
from casework.ui.widgets.form_status import ERROR_STYLE
from casework.ui.widgets.sorting import refuse_sort
from casework.ui.widgets.tables import fit_columns, stretch_column

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
        # Newest first; a click on When's header reads them in the order they happened.
        self._oldest_first = False
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(AuditModel.WHEN, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self.model.sort)
        self.model.order_chosen.connect(self._order_chosen)
        self.model.sort_refused.connect(self._sort_refused)
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
            oldest_first=self._oldest_first,
        )

    def _order_chosen(self, oldest_first: bool) -> None:
        self._oldest_first = oldest_first
        self.search()

    def _sort_refused(self, column: int) -> None:
        refuse_sort(
            self.table,
            AuditModel.WHEN,
            not self._oldest_first,
            AuditModel.TITLES[column],
            self.status_message,
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
            self.result.setStyleSheet("" if report.ok else ERROR_STYLE)
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
