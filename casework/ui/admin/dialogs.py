"""User dialogs: add, edit, reset password, change own password.

Each saves through a service in a background job (a new key slot costs an Argon2id derivation)
and shows refusals inline: field messages under their fields, anything else in one line above the
buttons. Dialogs are opened with `open()`, never `exec()`, so locking can close them at any time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casework.errors import ValidationError, WeakPassword
from casework.i18n import LANGUAGES, _, current_language, isolate
from casework.model.enums import Role
from casework.model.labels import label
from casework.services import users
from casework.services.context import ServiceContext
from casework.services.users import UserRow
from casework.ui.background import run_in_background
from casework.ui.errors import user_message
from casework.ui.password_field import NewPasswordRows
from casework.ui.retranslate import follow_language, track_language
from casework.ui.widgets.form_status import busy_bar, error_label
from casework.ui.widgets.forms import FieldErrors
from casework.ui.widgets.lock import LockButton


class ServiceDialog(QDialog):
    """A form whose OK button runs one service call in the background, errors shown inline."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors = FieldErrors(self.form)
        self.error = error_label(self, "dialogError")
        self.busy = busy_bar(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.lock_button = LockButton(self.buttons)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows with messages
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self._last_error: BaseException | None = None
        self.on_saved: Callable[[Any], None] | None = None
        follow_language(self, self._render_error)  # a refusal shown re-translates live

    def ok_button(self):  # noqa: ANN201 - QPushButton
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def submit(self) -> None:
        raise NotImplementedError

    def run(self, work: Callable[[], Any]) -> None:
        self.errors.clear()
        self._last_error = None
        self.error.hide()
        self.busy.show()
        self.buttons.setEnabled(False)
        run_in_background(self, lambda report: work(), on_done=self._done, on_error=self._failed)

    def _done(self, result: Any) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        if self.on_saved is not None:
            self.on_saved(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        self._last_error = exc
        self._render_error()

    def _render_error(self) -> None:
        exc = self._last_error
        if exc is None:
            return
        if isinstance(exc, ValidationError) and exc.fields:
            self.errors.show(exc.field_messages())
            self.error.hide()
            return
        text = user_message(exc)
        if isinstance(exc, WeakPassword) and exc.feedback:
            text += "\n" + "\n".join(exc.feedback)
        self.error.setText(text)
        self.error.show()


def _role_boxes(parent: QWidget) -> dict[Role, QCheckBox]:
    boxes = {}
    for role in Role:
        box = QCheckBox(parent)
        box.setObjectName(f"role_{role.value}")
        boxes[role] = box
    return boxes


def _roles_widget(boxes: dict[Role, QCheckBox]) -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for box in boxes.values():
        layout.addWidget(box)
    return holder


def _language_combo(parent: QWidget, value: str) -> QComboBox:
    combo = QComboBox(parent)
    for code, name in LANGUAGES.items():
        combo.addItem(name, code)
    combo.setCurrentIndex(max(combo.findData(value), 0))
    return combo


class AddUserDialog(ServiceDialog):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("addUserDialog")
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("displayName")
        self.language = _language_combo(self, current_language())
        self.roles = _role_boxes(self)
        self.username_label = QLabel(self)
        self.username_label.setBuddy(self.username)
        self.display_label = QLabel(self)
        self.display_label.setBuddy(self.display_name)
        self.language_label = QLabel(self)
        self.language_label.setBuddy(self.language)
        self.roles_label = QLabel(self)
        self.roles_widget = _roles_widget(self.roles)
        self.form.addRow(self.username_label, self.username)
        self.form.addRow(self.display_label, self.display_name)
        self.form.addRow(self.language_label, self.language)
        self.form.addRow(self.roles_label, self.roles_widget)
        self.passwords = NewPasswordRows(
            self, lambda: (self.username.text(), self.display_name.text())
        )
        self.passwords.add_to(self.form)
        self.errors.attach("username", self.username)
        self.errors.attach("display_name", self.display_name)
        self.errors.attach("roles", self.roles_widget)
        self.passwords.changed.connect(self._check)
        self.username.textChanged.connect(self.passwords.update)
        track_language(self)
        self._check()

    def _check(self) -> None:
        self.ok_button().setEnabled(self.passwords.acceptable())

    def retranslate(self) -> None:
        self.setWindowTitle(_("Add a user"))
        self.username_label.setText(_("&User name:"))
        self.display_label.setText(_("&Display name:"))
        self.language_label.setText(_("&Language:"))
        self.roles_label.setText(_("Roles:"))
        self.username.setAccessibleName(_("User name"))
        self.display_name.setAccessibleName(_("Display name"))
        self.language.setAccessibleName(_("Language"))
        for role, box in self.roles.items():
            box.setText(label(role))
        self.passwords.retranslate()
        self.ok_button().setText(_("Add user"))
        self._render_error()

    def submit(self) -> None:
        ctx = self.ctx
        username = self.username.text().strip()
        display = self.display_name.text()
        roles = {r for r, box in self.roles.items() if box.isChecked()}
        password = self.passwords.value()
        language = str(self.language.currentData())
        self.run(lambda: users.create_user(ctx, username, display, roles, password, language))


class EditUserDialog(ServiceDialog):
    def __init__(self, ctx: ServiceContext, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("editUserDialog")
        self.user = user
        self.username = QLabel(user.username, self)
        self.display_name = QLineEdit(user.display_name, self)
        self.display_name.setObjectName("displayName")
        self.language = _language_combo(self, user.language)
        self.roles = _role_boxes(self)
        for role, box in self.roles.items():
            box.setChecked(role in user.roles)
        self.username_label = QLabel(self)
        self.display_label = QLabel(self)
        self.display_label.setBuddy(self.display_name)
        self.language_label = QLabel(self)
        self.language_label.setBuddy(self.language)
        self.roles_label = QLabel(self)
        self.roles_widget = _roles_widget(self.roles)
        self.form.addRow(self.username_label, self.username)
        self.form.addRow(self.display_label, self.display_name)
        self.form.addRow(self.language_label, self.language)
        self.form.addRow(self.roles_label, self.roles_widget)
        self.errors.attach("display_name", self.display_name)
        self.errors.attach("roles", self.roles_widget)
        track_language(self)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Edit user"))
        self.username_label.setText(_("User name:"))
        self.display_label.setText(_("&Display name:"))
        self.language_label.setText(_("&Language:"))
        self.roles_label.setText(_("Roles:"))
        self.display_name.setAccessibleName(_("Display name"))
        self.language.setAccessibleName(_("Language"))
        for role, box in self.roles.items():
            box.setText(label(role))
        self.ok_button().setText(_("Save"))
        self._render_error()

    def submit(self) -> None:
        ctx, user_id = self.ctx, self.user.id
        display = self.display_name.text()
        roles = {r for r, box in self.roles.items() if box.isChecked()}
        language = str(self.language.currentData())
        self.run(lambda: users.update_user(ctx, user_id, display, roles, language))


class ResetPasswordDialog(ServiceDialog):
    def __init__(self, ctx: ServiceContext, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("resetPasswordDialog")
        self.user = user
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.form.addRow(self.explain)
        self.passwords = NewPasswordRows(self, lambda: (user.username, user.display_name))
        self.passwords.add_to(self.form)
        self.passwords.changed.connect(
            lambda: self.ok_button().setEnabled(self.passwords.acceptable())
        )
        track_language(self)
        self.ok_button().setEnabled(False)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Reset password"))
        self.explain.setText(
            _(
                "Set a new password for {name}. Give it to them in person; they can change it "
                "afterwards from File › Change password."
            ).format(name=isolate(self.user.display_name))
        )
        self.passwords.retranslate()
        self.ok_button().setText(_("Reset password"))
        self._render_error()

    def submit(self) -> None:
        ctx, user_id, password = self.ctx, self.user.id, self.passwords.value()
        self.run(lambda: users.reset_password(ctx, user_id, password))


class ChangePasswordDialog(ServiceDialog):
    """The logged-in user's own password (File › Change password)."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("changePasswordDialog")
        self.current = QLineEdit(self)
        self.current.setObjectName("currentPassword")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current_label = QLabel(self)
        self.current_label.setBuddy(self.current)
        self.form.addRow(self.current_label, self.current)
        self.passwords = NewPasswordRows(self, lambda: (ctx.actor.username, ctx.actor.display_name))
        self.passwords.add_to(self.form)
        self.errors.attach("old_password", self.current)
        self.errors.attach("new_password", self.passwords.password)
        self.passwords.changed.connect(self._check)
        self.current.textChanged.connect(self._check)
        track_language(self)
        self._check()

    def _check(self) -> None:
        self.ok_button().setEnabled(bool(self.current.text()) and self.passwords.acceptable())

    def retranslate(self) -> None:
        self.setWindowTitle(_("Change password"))
        self.current_label.setText(_("&Current password:"))
        self.current.setAccessibleName(_("Current password"))
        self.passwords.retranslate()
        self.ok_button().setText(_("Change password"))
        self._render_error()

    def submit(self) -> None:
        ctx, old, new = self.ctx, self.current.text(), self.passwords.value()
        self.run(lambda: users.change_own_password(ctx, old, new))
