"""New-password rows with a live strength meter, shared by the first-run wizard and the user
dialogs, so every place a password is chosen gives the same advice (passwords.assess)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from casework.i18n import N_, _
from casework.store import passwords

_SCORE_LABELS = (N_("Very weak"), N_("Weak"), N_("Fair"), N_("Strong"), N_("Very strong"))


class NewPasswordRows(QObject):
    """A password field, its confirmation, a strength bar and the translated advice.

    `context()` returns words the password should not be built from (user name, organisation);
    `changed` fires on every keystroke so a page can re-check whether it may go on.
    """

    changed = Signal()

    def __init__(
        self, parent: QWidget, context: Callable[[], tuple[str, ...]] = tuple, name: str = ""
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.password = QLineEdit(parent)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName(f"{name}password")
        self.confirm = QLineEdit(parent)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setObjectName(f"{name}confirm")
        self.meter = QProgressBar(parent)
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.meter.setObjectName(f"{name}strength")
        self.advice = QLabel(parent)
        self.advice.setWordWrap(True)
        self.advice.setObjectName(f"{name}advice")
        self.password_label = QLabel(parent)
        self.password_label.setBuddy(self.password)
        self.confirm_label = QLabel(parent)
        self.confirm_label.setBuddy(self.confirm)
        self.meter_label = QLabel(parent)
        self.password.textChanged.connect(self.update)
        self.confirm.textChanged.connect(self.update)
        self._strength = passwords.assess("")

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(self.password_label, self.password)
        form.addRow(self.confirm_label, self.confirm)
        form.addRow(self.meter_label, self.meter)
        form.addRow("", self.advice)

    def retranslate(self) -> None:
        self.password_label.setText(_("&Password:"))
        self.confirm_label.setText(_("&Type it again:"))
        self.meter_label.setText(_("Strength:"))
        self.password.setAccessibleName(_("New password"))
        self.confirm.setAccessibleName(_("New password again"))
        self.meter.setAccessibleName(_("Password strength"))
        self.password.setPlaceholderText(_("At least 15 characters, for example four words"))
        self.update()

    def update(self) -> None:
        """Re-assess the password (advice comes back translated in the active language)."""
        text = self.password.text()
        self._strength = passwords.assess(text, self._context())
        self.meter.setValue(self._strength.score if text else 0)
        self.meter.setFormat(_(_SCORE_LABELS[self._strength.score]) if text else "")
        lines: list[str] = []
        if text:
            lines.extend(self._strength.messages)
            if self._strength.acceptable and not lines:
                lines.append(_("This password is strong enough."))
        if self.confirm.text() and self.confirm.text() != text:
            lines.append(_("The two passwords are not the same."))
        self.advice.setText("\n".join(lines))
        self.advice.setVisible(bool(lines))
        self._grow_window()
        self.changed.emit()

    def _grow_window(self) -> None:
        """Make the window tall enough for the advice, which may span several lines."""
        window = self.advice.window()
        layout = window.layout()
        if layout is None or not window.isVisible():
            return
        layout.activate()
        width = max(window.width(), window.minimumWidth())
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        else:
            height = layout.totalSizeHint().height()
        if height > window.height():
            window.resize(width, height)

    def acceptable(self) -> bool:
        """Strong enough and typed the same twice."""
        return self._strength.acceptable and self.password.text() == self.confirm.text()

    def value(self) -> str:
        return self.password.text()

    def clear(self) -> None:
        self.password.clear()
        self.confirm.clear()
