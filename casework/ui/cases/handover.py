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
from casework.ui.widgets.choices import load_choices, load_part
from casework.ui.widgets.combos import DataCombo
from casework.ui.widgets.forms import FormDialog, text_edit


class AssignDialog(FormDialog):
    def __init__(
        self, ctx: ServiceContext, case_id: int, current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, N_("Assign or transfer the case"), ok_text=N_("Assign"))
        self.ctx, self.case_id = ctx, case_id
        self.worker = DataCombo()

        def people() -> list[tuple[str, int]]:
            return [(u.display_name, u.id) for u in users.caseworkers(ctx)]

        def chosen() -> None:  # the current caseworker, by name (the case gives no id)
            index = self.worker.findText(current)
            if index >= 0:
                self.worker.setCurrentIndex(index)

        load_choices(self, ctx, self.worker, people, chosen)
        self.add_field("caseworker_id", N_("Caseworker"), self.worker)
        self.comment = text_edit(2)
        self.add_field("comment", N_("Comment"), self.comment)
        self.open_tasks: list = []
        self.tasks = QListWidget()
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
        self.add_field("tasks", N_("Open tasks to move"), self.tasks)
        self.form.addRow(self.tasks_note)
        self._show_tasks([])
        load_part(
            self,
            ctx,
            self.tasks,
            partial(handovers.tasks_to_hand_over, ctx, case_id),
            self._show_tasks,
        )
        self.finish()

    def _show_tasks(self, open_tasks: list) -> None:
        """The rows of the tasks to move (hidden when there is none)."""
        self.open_tasks = open_tasks
        self.tasks.clear()
        for task in open_tasks:
            item = QListWidgetItem(f"{format_date(task.due_on)} — {task.title}")
            item.setData(Qt.ItemDataRole.UserRole, task.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.tasks.addItem(item)
        self.form.setRowVisible(self.tasks, bool(open_tasks))
        self.form.setRowVisible(self.tasks_note, bool(open_tasks))

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
