"""Retention (administrators and supervisors): the schedule, the cases due, and anonymisation
by two people — one asks, another confirms — with a printed certificate.

Administrators edit the schedule (years after closure per client category); supervisors see it.
The lists hold references, categories and dates only: no names.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import N_, _, format_date
from casework.model.enums import ClientCategory
from casework.model.labels import label
from casework.services import retention
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.services.retention import AnonymisedRow, DueRow
from casework.ui.background import LatestLoad
from casework.ui.errors import show_error
from casework.ui.retranslate import live
from casework.ui.service_call import call_service
from casework.ui.widgets.forms import Texts
from casework.ui.widgets.tables import Column, RowsModel, selected_row, table_view


class RetentionTab(QWidget):
    status_message = Signal(object)  # a str, or a live() text

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retentionTab")
        self.ctx = ctx
        self.texts = Texts()
        # The schedule and both lists are read on the pool: the tab shows at once.
        self.loader = LatestLoad(self, lambda exc: show_error(self, exc))
        may_edit = ctx.actor.can(Permission.MANAGE_RETENTION)

        self.schedule_box = QGroupBox()
        self.texts.add(self.schedule_box.setTitle, N_("Retention schedule"))
        form = QFormLayout(self.schedule_box)
        self.years: dict[ClientCategory, QSpinBox] = {}
        self.year_labels: dict[ClientCategory, QLabel] = {}
        for category in ClientCategory:
            spin = QSpinBox()
            spin.setObjectName(f"years_{category.value}")
            spin.setRange(0, retention.MAX_YEARS)
            spin.setEnabled(may_edit)
            spin.setMaximumWidth(spin.fontMetrics().averageCharWidth() * 12)
            caption = QLabel()
            caption.setBuddy(spin)
            self.years[category] = spin
            self.year_labels[category] = caption
            form.addRow(caption, spin)
        self.schedule_note = QLabel()
        self.schedule_note.setWordWrap(True)
        self.texts.add(
            self.schedule_note.setText,
            N_(
                "Years after closure before a closed case is anonymised (0: kept until a rule "
                "is set). Only administrators change the schedule."
            ),
        )
        form.addRow(self.schedule_note)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveSchedule")
        self.texts.add(self.save_button.setText, N_("Save the schedule"))
        self.save_button.setVisible(may_edit)
        self.save_button.clicked.connect(self.save_schedule)
        form.addRow(self.save_button)

        self.due_model: RowsModel[DueRow] = RowsModel(
            [
                Column(N_("Case reference"), lambda r: r.reference),
                Column(N_("Category"), lambda r: label(r.category)),
                Column(N_("Closed on"), lambda r: format_date(r.closed_on)),
                Column(N_("Due since"), lambda r: format_date(r.due_on)),
                Column(N_("Anonymisation asked for by"), lambda r: r.requested_by_name),
            ]
        )
        self.due_view = table_view(self.due_model, self.texts, N_("Cases due for anonymisation"))
        self.due_view.setObjectName("dueCases")
        self.request_button = self._button(N_("Ask for anonymisation"), self.request)
        self.confirm_button = self._button(N_("Confirm and anonymise…"), self.confirm)
        self.cancel_button = self._button(N_("Cancel the request"), self.cancel)
        due_box = QGroupBox()
        self.texts.add(due_box.setTitle, N_("Closed cases due for anonymisation"))
        due_layout = QVBoxLayout(due_box)
        due_layout.addWidget(self.due_view)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (self.request_button, self.cancel_button, self.confirm_button):
            row.addWidget(b)
        due_layout.addLayout(row)

        self.done_model: RowsModel[AnonymisedRow] = RowsModel(
            [
                Column(N_("Case reference"), lambda r: r.reference),
                Column(N_("Certificate number"), lambda r: r.certificate),
                Column(N_("Asked for by"), lambda r: r.requested_by_name),
                Column(N_("Confirmed by"), lambda r: r.confirmed_by_name),
                Column(N_("Anonymised on"), lambda r: format_date(r.confirmed_at.date())),
            ]
        )
        self.done_view = table_view(self.done_model, self.texts, N_("Anonymised cases"))
        self.done_view.setObjectName("anonymisedCases")
        self.certificate_button = self._button(N_("Print certificate…"), self.print_certificate)
        done_box = QGroupBox()
        self.texts.add(done_box.setTitle, N_("Anonymised cases"))
        done_layout = QVBoxLayout(done_box)
        done_layout.addWidget(self.done_view)
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        done_row.addWidget(self.certificate_button)
        done_layout.addLayout(done_row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.schedule_box)
        layout.addWidget(due_box, 1)
        layout.addWidget(done_box, 1)

    def _button(self, msgid: str, slot) -> QPushButton:  # noqa: ANN001
        button = QPushButton()
        button.setObjectName(msgid.split()[0].lower() + "Retention")
        self.texts.add(button.setText, msgid)
        button.clicked.connect(slot)
        return button

    def retranslate(self) -> None:
        self.texts.apply()
        for category, caption in self.year_labels.items():
            caption.setText(label(category))
        for model in (self.due_model, self.done_model):
            model.retranslate()

    def refresh(self) -> None:
        ctx = self.ctx

        def read() -> tuple[list, list[DueRow], list[AnonymisedRow]]:
            return (
                retention.retention_schedule(ctx),
                retention.cases_due(ctx),
                retention.anonymised_cases(ctx),
            )

        self.loader.start(read, self._show)

    def _show(self, loaded: tuple[list, list[DueRow], list[AnonymisedRow]]) -> None:
        schedule, due, done = loaded
        for rule in schedule:
            self.years[rule.category].setValue(rule.years or 0)
        self.due_model.set_rows(due)
        self.done_model.set_rows(done)

    def clear(self) -> None:
        self.loader.cancel()
        self.due_model.clear()
        self.done_model.clear()

    # --- actions -------------------------------------------------------------------------------

    def save_schedule(self) -> None:
        """Off the window's thread on an office server; refused, the years typed stay."""
        ctx = self.ctx
        years = {category: spin.value() or None for category, spin in self.years.items()}

        def work() -> None:
            for category, value in years.items():
                retention.set_retention(ctx, category, value)

        def saved(_result: object) -> None:
            self.status_message.emit(live(lambda: _("Retention schedule saved.")))
            self.refresh()

        call_service(
            self, ctx, work, saved, lambda exc: show_error(self, exc), busy=[self.save_button]
        )

    def _due(self) -> DueRow | None:
        row = self.due_model.row_at(selected_row(self.due_view))
        if row is None:
            self.status_message.emit(live(lambda: _("Choose a case in the list first.")))
        return row

    def request(self) -> None:
        row = self._due()
        if row is None:
            return
        self._run(partial(retention.request_anonymisation, self.ctx, row.case_id))

    def cancel(self) -> None:
        row = self._due()
        if row is None:
            return
        self._run(partial(retention.cancel_anonymisation, self.ctx, row.case_id))

    def confirm(self) -> None:
        row = self._due()
        if row is None:
            return
        answer = QMessageBox.warning(
            self,
            _("Anonymise the case"),
            _(
                "Case {reference}: its identity, contact details, restricted fields and every "
                "free text will be removed for good. Only counts and dates stay. This cannot be "
                "undone."
            ).format(reference=row.reference),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Ok:
            return
        self._run(partial(retention.confirm_anonymisation, self.ctx, row.case_id))

    def _run(self, action) -> None:  # noqa: ANN001
        """An anonymisation step: off the window's thread on an office server (a second click
        meanwhile is ignored); refusals said calmly."""
        buttons = [self.request_button, self.confirm_button, self.cancel_button]
        call_service(
            self.due_view,  # its own owner: the schedule's save does not refuse it
            self.ctx,
            action,
            lambda _result: self.refresh(),
            lambda exc: show_error(self, exc),
            busy=buttons,
        )

    def print_certificate(self) -> None:
        row = self.done_model.row_at(selected_row(self.done_view))
        if row is None:
            self.status_message.emit(live(lambda: _("Choose a case in the list first.")))
            return
        from casework.ui.printing import print_certificate  # ReportLab: loaded when printing

        print_certificate(self, self.ctx, row.case_id)
