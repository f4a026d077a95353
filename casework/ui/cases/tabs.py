"""The smaller tabs of a case workspace: consents, risk and protective factors, notes, tasks."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casework.errors import ValidationError
from casework.i18n import N_, _
from casework.model.enums import (
    Change,
    Confidence,
    ConsentMethod,
    ConsentPurpose,
    Direction,
    InfoScope,
    NoteKind,
    RiskDomain,
    label,
)
from casework.services import consents, directory, notes, risk, tasks, users
from casework.services.consents import ConsentInput, ConsentRow
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationQuery
from casework.services.notes import NoteInput, NoteRow
from casework.services.permissions import Permission
from casework.services.risk import JudgementInput, JudgementRow, ObservationInput, ObservationRow
from casework.services.tasks import TaskInput, TaskRow
from casework.ui.retranslate import track_language
from casework.ui.widgets.combos import DataCombo, EnumChecks, choice_combo, enum_combo, labels_of
from casework.ui.widgets.dates import OptionalDate, date_edit, date_of, fmt_date, set_date
from casework.ui.widgets.forms import FormDialog, Texts, line_edit, show_problem, text_edit
from casework.ui.widgets.tables import (
    Column,
    RowsModel,
    cap_column,
    empty_state,
    optional_columns,
    selected_row,
    stretch_column,
    table_view,
)


class CaseTab(QWidget):
    """One tab of a case workspace: reloads from the services, drops its rows on clear()."""

    changed = Signal()  # something was written: the workspace refreshes its header

    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.texts = Texts()
        self.may_edit = ctx.actor.can(Permission.EDIT_CASE_RECORDS)
        self.dialog: FormDialog | None = None

    def button(self, msgid: str, name: str, slot, *, edit: bool = True) -> QPushButton:  # noqa: ANN001
        b = QPushButton()
        b.setObjectName(name)
        self.texts.add(b.setText, msgid)
        b.clicked.connect(slot)
        if edit and not self.may_edit:
            b.hide()
        return b

    def run(self, call, *args, **kwargs) -> bool:  # noqa: ANN001, ANN002, ANN003
        """Call a service that needs no form; show a refusal calmly."""
        try:
            call(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
            show_problem(self, exc)
            return False
        self.refresh()
        self.changed.emit()
        return True

    def empty(self, view: QAbstractItemView, what: str, next_step: str = "") -> None:
        """While `view` is empty, say so (`what`) and, to those who may act, what to do next."""
        empty_state(
            view, lambda: _(what) + (" " + _(next_step) if next_step and self.may_edit else "")
        )

    def open_dialog(self, dialog: FormDialog) -> FormDialog:
        """Show a form window-modally; on OK, reload. Tests reach it through `self.dialog`."""
        self.dialog = dialog
        dialog.accepted.connect(self.refresh)
        dialog.accepted.connect(self.changed)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def retranslate(self) -> None:
        self.texts.apply()

    def refresh(self) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        for model in self.findChildren(RowsModel):
            model.clear()


# --- consents ------------------------------------------------------------------------------------


def _recipient(row: ConsentRow) -> str:
    return row.recipient_name or _("All organisations (general consent)")


def _scope(row: ConsentRow) -> str:
    return labels_of(row.scope)


def _consent_state(row: ConsentRow) -> str:
    if row.withdrawn_on:
        return _("Withdrawn by the client")
    return _("Valid") if row.valid_today else _("Not valid today")


GENERAL_CONSENT = 0  # the recipient choice "All organisations" (no organisation id)


class ConsentDialog(FormDialog):
    """Nothing is pre-chosen: the broadest consent (information sharing with every
    organisation) must be an explicit choice, never a default left in place."""

    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Record consent"), ok_text=N_("Record consent"))
        self.ctx, self.case_id = ctx, case_id
        self.purpose = choice_combo(ConsentPurpose)
        self.add_field("purpose", N_("Purpose"), self.purpose)
        self.recipient = DataCombo()
        orgs = directory.list_organisations(ctx, OrganisationQuery(limit=1000)).rows
        self.recipient.set_choices(
            [
                (_("(choose)"), None),
                (_("All organisations (general consent)"), GENERAL_CONSENT),
            ]
            + [(o.name, o.id) for o in orgs]
        )
        self.add_field("recipient_org_id", N_("Recipient organisation"), self.recipient)
        self.scope = EnumChecks(InfoScope)
        self.add_field("scope", N_("Information that may be shared"), self.scope)
        self.given = date_edit(ctx.today())
        self.add_field("given_on", N_("Given on"), self.given)
        self.expires = OptionalDate()
        self.add_field("expires_on", N_("Expires on"), self.expires)
        self.method = enum_combo(ConsentMethod)
        self.add_field("method", N_("How it was recorded"), self.method)
        self.witness = line_edit()
        self.add_field("witness", N_("Witness"), self.witness)
        self.guardian = line_edit()
        self.add_field("guardian", N_("Guardian (for a minor)"), self.guardian)
        self.notes = text_edit(2)
        self.add_field("notes", N_("Notes"), self.notes)
        self.finish()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "recipient"):
            self.recipient.setItemText(0, _("(choose)"))
            self.recipient.setItemText(1, _("All organisations (general consent)"))

    def submit(self) -> None:
        missing = {}
        if self.purpose.value() is None:
            missing["purpose"] = N_("Choose what the client consents to.")
        if self.recipient.value() is None:
            missing["recipient_org_id"] = N_(
                "Choose the organisation, or all organisations for a general consent."
            )
        if missing:
            raise ValidationError(missing)
        recipient = self.recipient.value()
        consents.record_consent(
            self.ctx,
            self.case_id,
            ConsentInput(
                purpose=self.purpose.value(),
                given_on=date_of(self.given),
                method=self.method.value(),
                scope=self.scope.value(),
                recipient_org_id=None if recipient == GENERAL_CONSENT else recipient,
                witness=self.witness.text(),
                guardian=self.guardian.text(),
                expires_on=self.expires.value(),
                notes=self.notes.toPlainText(),
            ),
        )


class WithdrawConsentDialog(FormDialog):
    def __init__(self, ctx: ServiceContext, consent_id: int, parent: QWidget | None = None):
        super().__init__(parent, N_("Withdraw consent"), ok_text=N_("Withdraw consent"))
        self.ctx, self.consent_id = ctx, consent_id
        self.day = date_edit(ctx.today())
        self.add_field("withdrawn_on", N_("Withdrawn on"), self.day)
        self.finish()

    def submit(self) -> None:
        consents.withdraw_consent(self.ctx, self.consent_id, date_of(self.day))


class ConsentsTab(CaseTab):
    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case_id, parent)
        self.model: RowsModel[ConsentRow] = RowsModel(
            [
                Column(N_("Purpose"), lambda r: label(r.purpose)),
                Column(N_("State"), _consent_state),
                Column(N_("Expires on"), lambda r: fmt_date(r.expires_on)),
                Column(N_("Recipient"), _recipient, tooltip=_recipient),
                Column(
                    N_("Scope"), lambda r: labels_of(r.scope), tooltip=lambda r: labels_of(r.scope)
                ),
                Column(N_("Given on"), lambda r: fmt_date(r.given_on)),
                Column(N_("Withdrawn on"), lambda r: fmt_date(r.withdrawn_on)),
                Column(N_("Method"), lambda r: label(r.method)),
            ],
            self,
        )
        self.model.late = lambda r: not r.valid_today
        self.table = table_view(self.model, self.texts, N_("Consents"))
        self.table.setObjectName("consentTable")
        optional_columns(self.table, (6, 5))  # method, withdrawn on
        self.empty(
            self.table,
            N_("No consent recorded yet: no information may be shared about this client."),
            N_("Choose Record consent… once the client has decided."),
        )
        cap_column(self.table, 3, 30)
        cap_column(self.table, 4, 30)
        buttons = QHBoxLayout()
        buttons.addWidget(self.button(N_("Record consent…"), "recordConsent", self.record))
        buttons.addWidget(self.button(N_("Withdraw…"), "withdrawConsent", self.withdraw))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        track_language(self)

    def refresh(self) -> None:
        self.model.set_rows(consents.list_consents(self.ctx, self.case_id))

    def retranslate(self) -> None:
        super().retranslate()
        self.model.retranslate()

    def record(self) -> None:
        self.open_dialog(ConsentDialog(self.ctx, self.case_id, self))

    def withdraw(self) -> None:
        row = self.model.row_at(selected_row(self.table))
        if row is not None:
            self.open_dialog(WithdrawConsentDialog(self.ctx, row.id, self))


# --- risk and protective factors -----------------------------------------------------------------


class ObservationDialog(FormDialog):
    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Add observation"))
        self.ctx, self.case_id = ctx, case_id
        self.domain = enum_combo(RiskDomain)
        self.add_field("domain", N_("Domain"), self.domain)
        self.direction = enum_combo(Direction)
        self.add_field("direction", N_("Concern or strength"), self.direction)
        self.evidence = text_edit(3)
        self.add_field("evidence", N_("What was observed, and how you know it"), self.evidence)
        self.source = line_edit()
        self.add_field("source", N_("Source"), self.source)
        self.observed = date_edit(ctx.today())
        self.add_field("observed_on", N_("Observed on"), self.observed)
        self.confidence = enum_combo(Confidence)
        self.confidence.set_value(Confidence.MEDIUM)
        self.add_field("confidence", N_("Confidence"), self.confidence)
        self.change = enum_combo(Change)
        self.add_field("change", N_("Change since last review"), self.change)
        self.texts.add(self.ok_button.setText, N_("Add observation"))
        self.finish()

    def submit(self) -> None:
        risk.add_observation(
            self.ctx,
            self.case_id,
            ObservationInput(
                domain=self.domain.value(),
                direction=self.direction.value(),
                evidence=self.evidence.toPlainText(),
                observed_on=date_of(self.observed),
                confidence=self.confidence.value(),
                source=self.source.text(),
                change=self.change.value(),
            ),
        )


class JudgementDialog(FormDialog):
    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Add professional judgement"))
        self.ctx, self.case_id = ctx, case_id
        self.made = date_edit(ctx.today())
        self.add_field("made_on", N_("Date"), self.made)
        self.narrative = text_edit(6)
        self.add_field("narrative", N_("Judgement and what it rests on"), self.narrative)
        self.reviewer = DataCombo()
        self.reviewer.set_choices(
            [(_("(no second reviewer)"), None)]
            + [(u.display_name, u.id) for u in users.caseworkers(ctx) if u.id != ctx.actor.user_id]
        )
        self.add_field("second_reviewer_id", N_("Second reviewer"), self.reviewer)
        self.response = text_edit(3)
        self.add_field("client_response", N_("The client's response"), self.response)
        self.finish()

    def submit(self) -> None:
        risk.add_judgement(
            self.ctx,
            self.case_id,
            JudgementInput(
                made_on=date_of(self.made),
                narrative=self.narrative.toPlainText(),
                second_reviewer_id=self.reviewer.value(),
                client_response=self.response.toPlainText(),
            ),
        )


class RiskTab(CaseTab):
    """Observations and dated narrative judgements. Deliberately no scores or totals."""

    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case_id, parent)
        self.observations: RowsModel[ObservationRow] = RowsModel(
            [
                Column(N_("Observed on"), lambda r: fmt_date(r.observed_on)),
                Column(N_("Domain"), lambda r: label(r.domain)),
                Column(N_("Concern or strength"), lambda r: label(r.direction)),
                Column(N_("Evidence"), lambda r: r.evidence, tooltip=lambda r: r.evidence),
                Column(N_("Confidence"), lambda r: label(r.confidence)),
                Column(N_("Change"), lambda r: label(r.change)),
                Column(N_("Source"), lambda r: r.source, tooltip=lambda r: r.source),
                Column(N_("Recorded by"), lambda r: r.recorded_by_name),
            ],
            self,
        )
        self.judgements: RowsModel[JudgementRow] = RowsModel(
            [
                Column(N_("Date"), lambda r: fmt_date(r.made_on)),
                Column(N_("Author"), lambda r: r.author_name),
                Column(N_("Second reviewer"), lambda r: r.second_reviewer_name),
                Column(N_("Client's response"), lambda r: r.client_response),
                Column(N_("Judgement"), lambda r: r.narrative, tooltip=lambda r: r.narrative),
            ],
            self,
        )
        self.obs_table = table_view(self.observations, self.texts, N_("Observations"))
        self.obs_table.setObjectName("observationTable")
        optional_columns(self.obs_table, (7, 6, 5, 4))  # recorded by, source, change, confidence
        self.empty(
            self.obs_table,
            N_("No observations yet: concerns and strengths you observe go here."),
            N_("Choose Add observation… to record one."),
        )
        stretch_column(self.obs_table, 3, chars=30)
        cap_column(self.obs_table, 5, 20)
        self.judgement_table = table_view(
            self.judgements, self.texts, N_("Professional judgements")
        )
        self.judgement_table.setObjectName("judgementTable")
        optional_columns(self.judgement_table, (2, 3))  # second reviewer, client's response
        self.empty(
            self.judgement_table,
            N_("No professional judgement yet: your dated overall judgement goes here."),
            N_("Choose Add judgement… when you have made one."),
        )
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.texts.add(
            self.note.setText,
            N_(
                "Record what you observe and your professional judgement in your own words. "
                "Nothing here is scored or added up."
            ),
        )
        obs_title, judge_title = QLabel(), QLabel()
        self.texts.add(obs_title.setText, N_("<b>Risk and protective factors</b>"))
        self.texts.add(judge_title.setText, N_("<b>Professional judgements</b>"))

        top = QWidget()
        t = QVBoxLayout(top)
        row = QHBoxLayout()
        row.addWidget(obs_title)
        row.addStretch(1)
        row.addWidget(self.button(N_("Add observation…"), "addObservation", self.add_observation))
        t.addLayout(row)
        t.addWidget(self.obs_table)
        bottom = QWidget()
        b = QVBoxLayout(bottom)
        row = QHBoxLayout()
        row.addWidget(judge_title)
        row.addStretch(1)
        row.addWidget(self.button(N_("Add judgement…"), "addJudgement", self.add_judgement))
        b.addLayout(row)
        b.addWidget(self.judgement_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        track_language(self)

    def refresh(self) -> None:
        self.observations.set_rows(risk.list_observations(self.ctx, self.case_id))
        self.judgements.set_rows(risk.list_judgements(self.ctx, self.case_id))

    def retranslate(self) -> None:
        super().retranslate()
        self.observations.retranslate()
        self.judgements.retranslate()

    def add_observation(self) -> None:
        self.open_dialog(ObservationDialog(self.ctx, self.case_id, self))

    def add_judgement(self) -> None:
        self.open_dialog(JudgementDialog(self.ctx, self.case_id, self))


# --- notes ---------------------------------------------------------------------------------------


class NoteDialog(FormDialog):
    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Add note"))
        self.ctx, self.case_id = ctx, case_id
        self.kind = enum_combo(NoteKind)
        self.add_field("kind", N_("Type"), self.kind)
        self.occurred = date_edit(ctx.today())
        self.add_field("occurred_on", N_("Date"), self.occurred)
        self.body_edit = text_edit(8)
        self.add_field("body", N_("Note"), self.body_edit)
        self.restricted = QCheckBox()
        self.texts.add(
            self.restricted.setText,
            N_("Restricted (only the caseworker and supervisors can read it)"),
        )
        self.add_field("restricted", N_("Restricted"), self.restricted)
        self.finish()

    def submit(self) -> None:
        notes.add_note(
            self.ctx,
            self.case_id,
            NoteInput(
                kind=self.kind.value(),
                occurred_on=date_of(self.occurred),
                body=self.body_edit.toPlainText(),
                restricted=self.restricted.isChecked(),
            ),
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "kind": self.kind.value(),
                "occurred_on": date_of(self.occurred).isoformat(),
                "body": self.body_edit.toPlainText(),
                "restricted": self.restricted.isChecked(),
            }
        )

    def from_json(self, payload: str) -> None:
        data = json.loads(payload)
        self.kind.set_value(NoteKind(data.get("kind", NoteKind.CONTACT)))
        set_date(self.occurred, dt.date.fromisoformat(data["occurred_on"]))
        self.body_edit.setPlainText(data.get("body", ""))
        self.restricted.setChecked(bool(data.get("restricted")))


def _note_body(row: NoteRow) -> str:
    if row.masked:
        return _("Restricted note (hidden; use “Show restricted notes”)")
    return row.body


class NotesTab(CaseTab):
    """The timeline of typed notes, newest first."""

    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case_id, parent)
        self.reveal = False
        self.model: RowsModel[NoteRow] = RowsModel(
            [
                Column(N_("Date"), lambda r: fmt_date(r.occurred_on)),
                Column(N_("Type"), lambda r: label(r.kind)),
                Column(N_("Author"), lambda r: r.author_name),
                Column(N_("Restricted"), lambda r: _("Yes") if r.restricted else ""),
                Column(N_("Note"), _note_body, tooltip=_note_body),
            ],
            self,
        )
        self.table = table_view(self.model, self.texts, N_("Notes"))
        self.table.setObjectName("noteTable")
        self.empty(
            self.table,
            N_("No notes yet: contacts, visits, calls and case conferences go here."),
            N_("Choose Add note… to record one."),
        )
        self.table.setWordWrap(True)
        self.show_restricted = QCheckBox()
        self.show_restricted.setObjectName("showRestricted")
        self.texts.add(self.show_restricted.setText, N_("Show restricted notes"))
        self.show_restricted.toggled.connect(self._toggle_reveal)
        buttons = QHBoxLayout()
        buttons.addWidget(self.button(N_("Add note…"), "addNote", self.add_note))
        buttons.addStretch(1)
        buttons.addWidget(self.show_restricted)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        track_language(self)

    def _toggle_reveal(self, on: bool) -> None:
        self.reveal = on
        self.refresh()

    def refresh(self) -> None:
        page = notes.timeline(self.ctx, self.case_id, include_restricted=self.reveal, limit=1000)
        self.model.set_rows(page.rows)
        self.table.resizeRowsToContents()

    def retranslate(self) -> None:
        super().retranslate()
        self.model.retranslate()

    def add_note(self, payload: str | None = None) -> NoteDialog:
        dialog = NoteDialog(self.ctx, self.case_id, self)
        if payload:
            dialog.from_json(payload)
        self.open_dialog(dialog)
        return dialog

    def open_note_text(self) -> str | None:
        """The note being written, as JSON, if any (for drafts when the vault locks)."""
        if isinstance(self.dialog, NoteDialog) and self.dialog.body_edit.toPlainText().strip():
            return self.dialog.to_json()
        return None

    def clear(self) -> None:
        super().clear()
        if self.dialog is not None:
            self.dialog.body_edit.clear()
            self.dialog.reject()


# --- tasks ---------------------------------------------------------------------------------------


class TaskDialog(FormDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        case_id: int,
        assignees: list[tuple[str, int]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, N_("Add task"))
        self.ctx, self.case_id = ctx, case_id
        self.title_edit = line_edit()
        self.add_field("title", N_("What needs doing"), self.title_edit)
        self.due = date_edit(ctx.today() + dt.timedelta(days=7))
        self.add_field("due_on", N_("Due date"), self.due)
        self.assignee = DataCombo()
        self.assignee.set_choices(assignees, keep=False)
        self.assignee.set_value(ctx.actor.user_id)
        self.add_field("assignee_id", N_("Assigned to"), self.assignee)
        self.details = text_edit(3)
        self.add_field("details", N_("Details"), self.details)
        self.finish()

    def submit(self) -> None:
        tasks.create_task(
            self.ctx,
            self.case_id,
            TaskInput(
                title=self.title_edit.text(),
                due_on=date_of(self.due),
                assignee_id=self.assignee.value(),
                details=self.details.toPlainText(),
            ),
        )


def _task_state(row: TaskRow) -> str:
    if row.done_on:
        return _("Done on {date}").format(date=fmt_date(row.done_on))
    if row.overdue:
        return _("Overdue")
    if row.due_today:
        return _("Due today")
    return _("Open")


class TasksTab(CaseTab):
    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case_id, parent)
        self.caseworker_id: int | None = None
        self.model: RowsModel[TaskRow] = RowsModel(
            [
                Column(N_("Due date"), lambda r: fmt_date(r.due_on)),
                Column(N_("Task"), lambda r: r.title, tooltip=lambda r: r.details),
                Column(N_("Assigned to"), lambda r: r.assignee_name),
                Column(N_("State"), _task_state),
            ],
            self,
        )
        self.model.late = lambda r: r.overdue
        self.table = table_view(self.model, self.texts, N_("Tasks"))
        self.table.setObjectName("taskTable")
        self.empty(
            self.table,
            N_("No tasks for this case."),
            N_("Choose Add task… to plan a follow-up."),
        )
        stretch_column(self.table, 1, chars=24)
        buttons = QHBoxLayout()
        buttons.addWidget(self.button(N_("Add task…"), "addTask", self.add_task))
        buttons.addWidget(self.button(N_("Mark done"), "markDone", self.mark_done))
        buttons.addWidget(self.button(N_("Reopen task"), "reopenTask", self.reopen))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        track_language(self)

    def refresh(self) -> None:
        self.model.set_rows(tasks.case_tasks(self.ctx, self.case_id))

    def retranslate(self) -> None:
        super().retranslate()
        self.model.retranslate()

    def add_task(self) -> None:
        from casework.model.enums import Role

        people = [
            (u.display_name, u.id)
            for u in users.caseworkers(self.ctx)
            if Role.SUPERVISOR in u.roles or u.id == self.caseworker_id
        ]
        self.open_dialog(TaskDialog(self.ctx, self.case_id, people, self))

    def _selected(self) -> TaskRow | None:
        return self.model.row_at(selected_row(self.table))

    def mark_done(self) -> None:
        row = self._selected()
        if row is not None:
            self.run(tasks.complete_task, self.ctx, row.id)

    def reopen(self) -> None:
        row = self._selected()
        if row is not None:
            self.run(tasks.reopen_task, self.ctx, row.id)
