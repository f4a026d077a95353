"""The users table (administrators): add, edit, reset a password, deactivate."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import N_, _, isolate
from casework.model.labels import label
from casework.services import users
from casework.services.context import ServiceContext
from casework.services.users import UserRow
from casework.ui.admin.dialogs import AddUserDialog, EditUserDialog, ResetPasswordDialog
from casework.ui.admin.rules import OfficeRules
from casework.ui.background import run_in_background
from casework.ui.retranslate import live
from casework.ui.service_call import call_service
from casework.ui.widgets.forms import show_problem
from casework.ui.widgets.tables import Column, RowsModel, sortable

DISPLAY_NAME_COLUMN = 1


def users_model(parent: QWidget) -> RowsModel[UserRow]:
    """The office's accounts, a row each; a header click sorts them (roles by their labels)."""
    return RowsModel(
        [
            Column(N_("User name"), lambda u: u.username),
            Column(N_("Display name"), lambda u: u.display_name),
            Column(N_("Roles"), lambda u: ", ".join(label(r) for r in u.roles)),
            Column(N_("Active"), lambda u: _("Yes") if u.active else _("No")),
        ],
        parent,
    )


class UsersTab(QWidget):
    status_message = Signal(object)  # a str, or a live() text

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation = 0
        self.model = users_model(self)
        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        sortable(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DISPLAY_NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _index: self.edit_user())
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addUser")
        self.add_button.clicked.connect(self.add_user)
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("editUser")
        self.edit_button.clicked.connect(self.edit_user)
        self.reset_button = QPushButton(self)
        self.reset_button.setObjectName("resetPassword")
        self.reset_button.clicked.connect(self.reset_password)
        self.deactivate_button = QPushButton(self)
        self.deactivate_button.setObjectName("deactivateUser")
        self.deactivate_button.clicked.connect(self.deactivate_user)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.reset_button,
            self.deactivate_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.rules = OfficeRules(ctx, self)
        self.rules.status_message.connect(self.status_message)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.rules)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def retranslate(self) -> None:
        self.add_button.setText(_("&Add user…"))
        self.edit_button.setText(_("&Edit…"))
        self.reset_button.setText(_("&Reset password…"))
        self.deactivate_button.setText(_("&Deactivate…"))
        self.table.setAccessibleName(_("Users"))
        self.model.retranslate()
        self.rules.retranslate()

    def refresh(self) -> None:
        """The users read again (off the window's thread on an office server; the newest read
        wins), keeping the selection."""
        self._generation += 1
        generation, ctx = self._generation, self.ctx

        def shown(rows: list[UserRow]) -> None:
            if generation != self._generation:
                return
            selected = self.selected()
            self.model.set_rows(rows)
            if selected is not None:
                self.select_user(selected.id)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                show_problem(self, exc)

        work = partial(users.list_users, ctx, include_inactive=True)
        call_service(self, ctx, work, shown, failed, single=False)
        self.rules.refresh()

    def clear(self) -> None:
        self._generation += 1
        self.model.set_rows([])

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_user(self, user_id: int) -> None:
        for number, row in enumerate(self.model.rows):
            if row.id == user_id:
                self.table.selectRow(number)
                return

    def _update_buttons(self) -> None:
        row = self.selected()
        active = row is not None and row.active
        self.edit_button.setEnabled(active)
        self.reset_button.setEnabled(active)
        self.deactivate_button.setEnabled(active and row.id != self.ctx.actor.user_id)

    def _saved(self, message: str) -> None:
        self.refresh()
        self.status_message.emit(message)

    def add_user(self) -> AddUserDialog:
        dialog = AddUserDialog(self.ctx, self)

        def saved(user_id: int) -> None:
            self.refresh()
            self.select_user(user_id)
            self.status_message.emit(live(lambda: _("User added.")))

        dialog.on_saved = saved
        dialog.open()
        return dialog

    def edit_user(self) -> EditUserDialog | None:
        row = self.selected()
        if row is None or not row.active:
            return None
        dialog = EditUserDialog(self.ctx, row, self)
        dialog.on_saved = lambda _result: self._saved(_("User saved."))
        dialog.open()
        return dialog

    def reset_password(self) -> ResetPasswordDialog | None:
        row = self.selected()
        if row is None or not row.active:
            return None
        dialog = ResetPasswordDialog(self.ctx, row, self)
        dialog.on_saved = lambda _result: self._saved(_("Password reset."))
        dialog.open()
        return dialog

    def deactivate_user(self) -> QMessageBox | None:
        row = self.selected()
        if row is None or not row.active:
            return None
        box = QMessageBox(self)
        box.setObjectName("confirmDeactivate")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Deactivate user"))
        box.setText(
            _("Deactivate {name}? They will no longer be able to unlock the vault.").format(
                name=isolate(row.display_name)
            )
        )
        box.setInformativeText(
            _("Their records and audit entries are kept. This cannot be undone here.")
        )
        confirm = box.addButton(_("Deactivate"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        ctx, user_id = self.ctx, row.id

        def chosen() -> None:
            if box.clickedButton() is confirm:
                run_in_background(
                    self,
                    lambda report: users.deactivate_user(ctx, user_id),
                    on_done=lambda _result: self._saved(_("User deactivated.")),
                )

        box.finished.connect(chosen)
        box.open()
        return box
