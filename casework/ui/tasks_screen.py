"""My tasks: every follow-up assigned to the user across their cases, overdue ones first.

DOMAIN.md: "a due or overdue task shows on the user's list". Double-click opens the case.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from casework.i18n import N_, _, ngettext
from casework.services import tasks
from casework.services.context import ServiceContext
from casework.services.tasks import TaskRow
from casework.ui.background import LatestLoad
from casework.ui.retranslate import track_language
from casework.ui.screen import Screen
from casework.ui.service_call import call_service
from casework.ui.widgets.dates import fmt_date
from casework.ui.widgets.forms import Texts, show_problem
from casework.ui.widgets.tables import (
    Column,
    RowsModel,
    empty_state,
    keep_place,
    refresh_empty_state,
    sortable,
    table_view,
)


def _state(row: TaskRow) -> str:
    if row.done_on is not None:
        return _("Done on {date}").format(date=fmt_date(row.done_on))
    if row.overdue:
        return _("Overdue")
    if row.due_today:
        return _("Due today")
    return _("Open")


class TasksScreen(Screen):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.texts = Texts()
        # The list is read on the pool: the page shows at once, "Loading…" until it is in.
        self.loader = LatestLoad(self, lambda exc: show_problem(self, exc))
        self.model: RowsModel[TaskRow] = RowsModel(
            [
                Column(N_("Due"), lambda t: fmt_date(t.due_on), key=lambda t: t.due_on),
                Column(N_("State"), _state),
                Column(N_("Case"), lambda t: t.case_reference),
                Column(N_("Task"), lambda t: t.title, tooltip=lambda t: t.details or t.title),
            ],
            self,
        )
        self.model.late = lambda t: t.overdue
        self.table = sortable(table_view(self.model, self.texts, N_("My tasks")))
        self.table.setObjectName("myTasks")
        self.table.doubleClicked.connect(self._open_case)
        self.summary = QLabel()
        self.summary.setObjectName("tasksSummary")
        self.show_done = QCheckBox()
        self.show_done.setObjectName("showDoneTasks")
        self.texts.add(self.show_done.setText, N_("Show done tasks"))
        self.show_done.toggled.connect(self.refresh)
        self.done_button = QPushButton()
        self.done_button.setObjectName("markTaskDone")
        self.texts.add(self.done_button.setText, N_("Mark done"))
        self.done_button.clicked.connect(self._mark_done)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openTaskCase")
        self.texts.add(self.open_button.setText, N_("Open case"))
        self.open_button.clicked.connect(lambda: self._open_case(self.table.currentIndex()))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_done)
        buttons = QHBoxLayout()
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        empty_state(
            self.table,
            lambda: (
                _("Loading…")
                if self.loader.loading
                else _("No tasks.")
                if self.show_done.isChecked()
                else _(
                    "Nothing to do: no open task is assigned to you. Tasks added to your cases "
                    "appear here, overdue ones first."
                )
            ),
        )
        self.refresh()
        track_language(self)

    watches = frozenset({"task", "case", "plan", "referral"})

    def title(self) -> str:
        return _("My tasks")

    def retranslate(self) -> None:
        self.texts.apply()
        self.model.retranslate()
        self._summarise()

    def refresh(self) -> None:
        ctx, include_done = self.ctx, self.show_done.isChecked()
        self.loader.start(lambda: tasks.my_tasks(ctx, include_done=include_done), self._show)
        refresh_empty_state(self.table)
        self._summarise()

    def _show(self, rows: list[TaskRow]) -> None:
        with keep_place(self.table):
            self.model.set_rows(rows)
        refresh_empty_state(self.table)
        self._summarise()

    def _summarise(self) -> None:
        if self.loader.loading and not self.model.rows:
            self.summary.setText(_("Loading…"))
            return
        rows = self.model.rows
        late = sum(1 for r in rows if r.overdue)
        today = sum(1 for r in rows if r.due_today and r.done_on is None)
        self.summary.setText(
            ngettext("{count} overdue", "{count} overdue", late).format(count=late)
            + " · "
            + ngettext("{count} due today", "{count} due today", today).format(count=today)
        )

    def _selected(self) -> TaskRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _mark_done(self) -> None:
        row = self._selected()
        if row is None or row.done_on is not None:
            return
        work = partial(tasks.complete_task, self.ctx, row.id)
        call_service(
            self, self.ctx, work, lambda _r: self.refresh(), lambda e: show_problem(self, e)
        )

    def _open_case(self, index: object) -> None:
        row = self.model.row_at(index.row()) if index is not None else None  # type: ignore[attr-defined]
        if row is not None:
            self.open_case_requested.emit(row.case_id)

    def clear(self) -> None:
        self.loader.cancel()
        self.model.clear()
        self.summary.clear()

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
