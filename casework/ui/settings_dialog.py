"""The preferences dialog (File ▸ Preferences): interface language and when the window locks
itself. Apart from casework.ui.settings, which the login window imports: this dialog's form kit
(choice lists, combos) would load Babel and the model before the login window is shown."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import LANGUAGES, _, current_language, set_language
from casework.ui.retranslate import track_language
from casework.ui.service_call import call_service, is_running
from casework.ui.settings import (
    IDLE_MINUTES,
    LANGUAGE,
    remember_language,
    set_workshop_lock_while_presenting,
    workshop_lock_while_presenting,
)
from casework.ui.widgets.choices import choices_ready, load_part
from casework.ui.widgets.lock import LockButton

if TYPE_CHECKING:
    from casework.services.context import ServiceContext


class SettingsDialog(QDialog):
    """Preferences of the logged-in user: interface language and when the window locks itself."""

    saved = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settingsDialog")
        self.language = QComboBox(self)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.idle = QSpinBox(self)
        self.idle.setRange(IDLE_MINUTES.minimum, IDLE_MINUTES.maximum)
        self.idle.setValue(IDLE_MINUTES.default)
        self.language_label = QLabel(self)
        self.language_label.setBuddy(self.language)
        self.idle_label = QLabel(self)
        self.idle_label.setBuddy(self.idle)
        self.idle_help = QLabel(self)
        self.idle_help.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        form.addRow(self.idle_label, self.idle)
        form.addRow("", self.idle_help)
        # Workshop vaults: the trainer decides whether the screen locks while presenting.
        self.presenting_lock: QCheckBox | None = None
        lock_while_presenting = workshop_lock_while_presenting(ctx)
        if lock_while_presenting is not None and _may_train(ctx):
            self.presenting_lock = QCheckBox(self)
            self.presenting_lock.setObjectName("lockWhilePresenting")
            self.presenting_lock.setChecked(lock_while_presenting)
            form.addRow("", self.presenting_lock)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.lock_button = LockButton(self.buttons)
        self.message = QLabel(self)
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        track_language(self)
        # The minutes stored are read off the window's thread on an office server: the field
        # and Save wait for them (widgets/choices.py), the language can be chosen meanwhile.
        load_part(self, ctx, self.idle, partial(IDLE_MINUTES.get, ctx), self.idle.setValue)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Preferences"))
        self.language_label.setText(_("&Language:"))
        self.idle_label.setText(_("&Lock after inactivity:"))
        self.idle.setSuffix(" " + _("min"))
        self.idle_help.setText(
            _("The window locks itself when nobody has used it for this many minutes.")
        )
        self.language.setAccessibleName(_("Language"))
        self.idle.setAccessibleName(_("Minutes of inactivity before locking"))
        if self.presenting_lock is not None:
            self.presenting_lock.setText(
                _("Workshop: lock after inactivity in presentation mode too")
            )
            self.presenting_lock.setToolTip(
                _(
                    "Off: while you present, the screen does not lock when nobody touches "
                    "the computer. This vault holds fictional data only."
                )
            )

    def accept(self) -> None:
        """Saved off the window's thread on an office server (Save and Cancel disabled
        meanwhile); refused, the dialog stays with what was chosen and says why."""
        if is_running(self) or not choices_ready(self):
            return
        ctx, minutes = self.ctx, self.idle.value()
        lang = str(self.language.currentData())
        presenting = None if self.presenting_lock is None else self.presenting_lock.isChecked()

        def work() -> None:
            IDLE_MINUTES.set(ctx, minutes)
            if presenting is not None:
                set_workshop_lock_while_presenting(ctx, presenting)
            LANGUAGE.set(ctx, lang)

        def saved(_result: object) -> None:
            remember_language(lang)
            set_language(lang)
            self.saved.emit()
            super(SettingsDialog, self).accept()

        def refused(exc: BaseException) -> None:  # said calmly; what was chosen stays
            from casework.ui.errors import show_error

            show_error(self, exc)

        self.message.hide()
        call_service(self, ctx, work, saved, refused, busy=list(self.buttons.buttons()))


def _may_train(ctx: ServiceContext) -> bool:
    from casework.model.enums import Role

    return Role.ADMINISTRATOR in ctx.actor.roles
