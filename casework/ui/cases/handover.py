"""The transfer dialog: the new caseworker, the supervisor's comment (kept and audited), and
which of the previous caseworker's open tasks move with the case (all, by default)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from casework.i18n import N_, _, format_date
from casework.services import handovers, users
from casework.services.context import ServiceContext
from casework.ui.widgets.combos import DataCombo
from casework.ui.widgets.forms import FormDialog, text_edit


class AssignDialog(FormDialog):
    def __init__(
        self, ctx: ServiceContext, case_id: int, current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, N_("Assign or transfer the case"), ok_text=N_("Assign"))
        self.ctx, self.case_id = ctx, case_id
        self.worker = DataCombo()
        people = users.caseworkers(ctx)
        self.worker.set_choices([(u.display_name, u.id) for u in people], keep=False)
        for u in people:
            if u.display_name == current:
                self.worker.set_value(u.id)
        self.add_field("caseworker_id", N_("Caseworker"), self.worker)
        self.comment = text_edit(2)
        self.add_field("comment", N_("Comment"), self.comment)
        self.open_tasks = handovers.tasks_to_hand_over(ctx, case_id)
        self.tasks = QListWidget()
        for task in self.open_tasks:
            item = QListWidgetItem(f"{format_date(task.due_on)} — {task.title}")
            item.setData(Qt.ItemDataRole.UserRole, task.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.tasks.addItem(item)
        self.tasks.setMaximumHeight(self.fontMetrics().height() * 7)
        self.tasks_note = QLabel()
        self.tasks_note.setWordWrap(True)
        self.texts.add(
            self.tasks_note.setText,
            N_(
                "Ticked tasks move to the new caseworker. The others go to you, unless the "
                "previous caseworker is a supervisor. The new caseworker gets a task with your "
                "comment."
            ),
        )
        if self.open_tasks:
            self.add_field("tasks", N_("Open tasks to move"), self.tasks)
            self.form.addRow(self.tasks_note)
        self.finish()

    def chosen_tasks(self) -> list[int]:
        return [
            self.tasks.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.tasks.count())
            if self.tasks.item(i).checkState() == Qt.CheckState.Checked
        ]

    def submit(self) -> Callable[[], object]:
        return partial(
            handovers.assign_case,
            self.ctx,
            self.case_id,
            self.worker.value(),
            self.comment.toPlainText(),
            move_task_ids=self.chosen_tasks(),
        )

    def retranslate(self) -> None:
        super().retranslate()
        for i, task in enumerate(self.open_tasks):
            self.tasks.item(i).setText(f"{format_date(task.due_on)} — {task.title}")
        self.tasks.setAccessibleName(_("Open tasks to move"))
