"""The smaller tabs of a case workspace: notes and tasks (consents, risk: their own modules;
the base class: case_tab.py)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import N_, _
from casework.model.enums import NoteKind
from casework.model.labels import label
from casework.services import notes, tasks, users
from casework.services.context import ServiceContext
from casework.services.notes import NoteInput, NoteRow
from casework.services.tasks import TaskInput, TaskRow
from casework.ui.cases.case_tab import CaseTab
from casework.ui.retranslate import track_language
from casework.ui.widgets.choices import load_choices
from casework.ui.widgets.combos import DataCombo, enum_combo
from casework.ui.widgets.dates import date_edit, date_of, fmt_date, set_date
from casework.ui.widgets.forms import FormDialog, line_edit, text_edit
from casework.ui.widgets.tables import (
    Column,
    RowsModel,
    selected_row,
    sortable,
    stretch_column,
    table_view,
)

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

    def submit(self) -> Callable[[], object]:
        return partial(
            notes.add_note,
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
                Column(N_("Date"), lambda r: fmt_date(r.occurred_on), key=lambda r: r.occurred_on),
                Column(N_("Type"), lambda r: label(r.kind)),
                Column(N_("Author"), lambda r: r.author_name),
                Column(N_("Restricted"), lambda r: _("Yes") if r.restricted else ""),
                Column(N_("Note"), _note_body, tooltip=_note_body),
            ],
            self,
        )
        self.table = sortable(table_view(self.model, self.texts, N_("Notes")))
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

    def fetch(self) -> Callable[[], object]:
        ctx, case_id, reveal = self.ctx, self.case_id, self.reveal
        return lambda: notes.timeline(ctx, case_id, include_restricted=reveal, limit=1000).rows

    def show_loaded(self, data: object) -> None:
        self.model.set_rows(data)  # type: ignore[arg-type]
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
        assignees: list[tuple[str, int]] | Callable[[], list[tuple[str, int]]],
        parent: QWidget | None = None,
    ) -> None:
        """`assignees`: the (name, id) choices, or a read of the services that gives them (run
        off the window's thread in a server session)."""
        super().__init__(parent, N_("Add task"))
        self.ctx, self.case_id = ctx, case_id
        self.title_edit = line_edit()
        self.add_field("title", N_("What needs doing"), self.title_edit)
        self.due = date_edit(ctx.today() + dt.timedelta(days=7))
        self.add_field("due_on", N_("Due date"), self.due)
        self.assignee = DataCombo()
        self.assignee.set_value(ctx.actor.user_id)
        load_choices(
            self, ctx, self.assignee, assignees if callable(assignees) else lambda: assignees
        )
        self.add_field("assignee_id", N_("Assigned to"), self.assignee)
        self.details = text_edit(3)
        self.add_field("details", N_("Details"), self.details)
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(
            tasks.create_task,
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
                Column(N_("Due date"), lambda r: fmt_date(r.due_on), key=lambda r: r.due_on),
                Column(N_("Task"), lambda r: r.title, tooltip=lambda r: r.details),
                Column(N_("Assigned to"), lambda r: r.assignee_name),
                Column(N_("State"), _task_state),
            ],
            self,
        )
        self.model.late = lambda r: r.overdue
        self.table = sortable(table_view(self.model, self.texts, N_("Tasks")))
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

    def fetch(self) -> Callable[[], object]:
        ctx, case_id = self.ctx, self.case_id
        return lambda: tasks.case_tasks(ctx, case_id)

    def show_loaded(self, data: object) -> None:
        self.model.set_rows(data)  # type: ignore[arg-type]

    def retranslate(self) -> None:
        super().retranslate()
        self.model.retranslate()

    def add_task(self) -> None:
        from casework.model.enums import Role

        ctx, caseworker_id = self.ctx, self.caseworker_id

        def people() -> list[tuple[str, int]]:
            return [
                (u.display_name, u.id)
                for u in users.caseworkers(ctx)
                if Role.SUPERVISOR in u.roles or u.id == caseworker_id
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
