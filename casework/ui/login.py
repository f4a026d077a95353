"""The unlock window: user name and password (or the recovery key), errors shown inline.

Unlocking derives a key with Argon2id and checks every database page, so it runs in a background
job with a busy bar. A failed attempt shows one calm line under the fields, never a dialog, and the
line is re-translated when the language changes.

For a workshop vault (fictional data, known before unlock by its snapshot) the window carries the
workshop banner and lists the training accounts; a click fills in the form. Any other folder
offers a "Workshop mode" button instead. "Office server" beside "This computer" connects to the
office's server instead of the vault (ui/server_login.py); `unlocked` then carries a ServerStore.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casework.errors import CaseworkError
from casework.i18n import LANGUAGES, _, current_language, direction_mark, isolate, set_language
from casework.ui.background import run_in_background
from casework.ui.errors import user_message
from casework.ui.retranslate import track_language
from casework.ui.server_login import ServerFields
from casework.ui.settings import remember_language
from casework.ui.widgets.form_status import busy_bar, error_label
from casework.ui.workshop import AccountsTable, WorkshopBanner, is_workshop_folder, with_suffix

if TYPE_CHECKING:
    from casework.store.vault import Vault

log = logging.getLogger(__name__)


class LoginWindow(QWidget):
    """Asks for a password and emits `unlocked(vault)` with the open Vault."""

    unlocked = Signal(object)
    # The user closed the window (quit); hiding it after an unlock does not emit this.
    closed = Signal()
    # The user asked to open the workshop vault (training with fictional data).
    workshop_requested = Signal()

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.setObjectName("loginWindow")
        self._error: BaseException | None = None
        self._locked_message = False
        self._notice: str | None = None  # msgid shown instead of the intro (after a reset)
        self.workshop = False
        self._recovery_mode = False
        self._busy = False

        self.heading = QLabel(self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setObjectName("loginIntro")

        self.language = QComboBox(self)
        self.language.setObjectName("loginLanguage")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.language.currentIndexChanged.connect(self._language_chosen)

        self.username = QLineEdit(self)
        self.username.setObjectName("loginUsername")
        self.password = QLineEdit(self)
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.recovery = QLineEdit(self)
        self.recovery.setObjectName("loginRecoveryKey")
        self.recovery.setEchoMode(QLineEdit.EchoMode.Password)

        self.language_label = QLabel(self)
        self.language_label.setBuddy(self.language)
        self.username_label = QLabel(self)
        self.username_label.setBuddy(self.username)
        self.password_label = QLabel(self)
        self.password_label.setBuddy(self.password)
        self.recovery_label = QLabel(self)
        self.recovery_label.setBuddy(self.recovery)

        self.error = error_label(self, "loginError")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = busy_bar(self)
        self.busy.setObjectName("loginBusy")

        self.unlock_button = QPushButton(self)
        self.unlock_button.setObjectName("loginUnlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.mode_button = QPushButton(self)
        self.mode_button.setObjectName("loginRecoveryMode")
        self.mode_button.setFlat(True)
        self.mode_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.mode_button.clicked.connect(lambda: self.set_recovery_mode(not self._recovery_mode))
        self.folder_label = QLabel(self)
        self.folder_label.setWordWrap(True)
        self.folder_label.setObjectName("loginFolder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        for field in (self.username, self.password, self.recovery):
            field.returnPressed.connect(self.submit)

        self.banner = WorkshopBanner(self)
        self.accounts_label = QLabel(self)
        self.accounts_label.setObjectName("workshopAccountsLabel")
        self.accounts_label.setWordWrap(True)
        self.accounts = AccountsTable(self)
        self.accounts.chosen.connect(self.fill_account)
        self.accounts_label.setBuddy(self.accounts)
        self.workshop_button = QPushButton(self)
        self.workshop_button.setObjectName("loginWorkshop")
        self.workshop_button.clicked.connect(lambda: self.workshop_requested.emit())

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.addRow(self.language_label, self.language)
        self.form.addRow(self.username_label, self.username)
        self.form.addRow(self.password_label, self.password)
        self.form.addRow(self.recovery_label, self.recovery)
        self.server = ServerFields(self)
        self.server.add_rows(self.form, 1)
        self.server.mode_changed.connect(self._server_mode)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mode_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.banner)
        layout = QVBoxLayout()
        margin = self.fontMetrics().lineSpacing()
        layout.setContentsMargins(margin, margin, margin, margin)
        outer.addLayout(layout, 1)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        layout.addSpacing(margin // 2)
        layout.addWidget(self.accounts_label)
        layout.addWidget(self.accounts)
        layout.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.folder_label, 1)
        bottom.addWidget(self.workshop_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(bottom)
        order = (
            self.language,
            self.server.local_button,
            self.server.server_button,
            self.server.address,
            self.server.ca_button,
            self.username,
            self.password,
            self.recovery,
            self.mode_button,
            self.unlock_button,
            self.accounts,
            self.workshop_button,
        )  # fmt: skip  (reading order; Enter unlocks from any field)
        for first, then in zip(order, order[1:], strict=False):
            self.setTabOrder(first, then)
        self.set_workshop(None)
        self.set_recovery_mode(False)
        self._server_mode(self.server.on)
        link_font = QFont(self.mode_button.font())
        link_font.setUnderline(True)
        self.mode_button.setFont(link_font)
        track_language(self)
        metrics = self.fontMetrics()
        self.setMinimumWidth(metrics.averageCharWidth() * 70)
        self.resize(metrics.averageCharWidth() * 80, metrics.lineSpacing() * 18)

    # --- texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        title = _("Casework — Unlock")
        if self.workshop:
            title = with_suffix(title)
        self.setWindowTitle(title)
        self.heading.setText(direction_mark() + _("Casework"))
        if self._notice is not None:
            self.intro.setText(_(self._notice))
        elif self._locked_message:
            self.intro.setText(_("The window was locked. Enter your password to continue."))
        elif self._recovery_mode:
            self.intro.setText(
                _(
                    "Type the recovery key from the recovery sheet. Use it only when no "
                    "administrator can log in; then set new passwords."
                )
            )
        elif self.server.on:
            self.intro.setText(_("Enter your user name and password for the office server."))
        else:
            self.intro.setText(_("Enter your user name and password to open the vault."))
        self.language_label.setText(_("&Language:"))
        self.username_label.setText(_("&User name:"))
        self.password_label.setText(_("&Password:"))
        self.recovery_label.setText(_("&Recovery key:"))
        self.unlock_button.setText(_("&Log in") if self.server.on else _("&Unlock"))
        self.mode_button.setText(
            _("Use a password instead") if self._recovery_mode else _("Use the recovery key")
        )
        self.language.setAccessibleName(_("Language"))
        self.username.setAccessibleName(_("User name"))
        self.password.setAccessibleName(_("Password"))
        self.recovery.setAccessibleName(_("Recovery key"))
        self.recovery.setPlaceholderText(_("Letters and digits; hyphens are optional"))
        self.error.setAccessibleName(_("Error"))
        self.busy.setAccessibleName(_("Unlocking…"))
        self.folder_label.setText(_("Vault: {folder}").format(folder=isolate(self.folder)))
        self.accounts_label.setText(
            _("Training accounts (public passwords, for workshops only):")
            + "\n"
            + _("Click an account to fill in the form.")
        )
        self.workshop_button.setText(_("Workshop mode…"))
        self.workshop_button.setToolTip(
            _("Open the training vault with fictional data (it is made the first time).")
        )
        self._render_error()
        if self.language.currentData() != current_language():
            self.language.blockSignals(True)
            self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
            self.language.blockSignals(False)

    def _render_error(self) -> None:
        if self._error is None:
            self.error.clear()
            self.error.hide()
            return
        self.error.setText(user_message(self._error))
        self.error.show()
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to show every row whole (an error, the server's rows), never shrink."""
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _language_chosen(self) -> None:
        lang = str(self.language.currentData())
        remember_language(lang)
        set_language(lang)

    # --- state -------------------------------------------------------------------------------

    def set_recovery_mode(self, on: bool) -> None:
        self._recovery_mode = on
        for widget in (self.username, self.username_label, self.password, self.password_label):
            widget.setVisible(not on)
        self.recovery.setVisible(on)
        self.recovery_label.setVisible(on)
        self.recovery.clear()
        self._error = None
        self.retranslate()
        (
            self.recovery if on else (self.password if self.username.text() else self.username)
        ).setFocus()

    def set_folder(self, folder: Path) -> None:
        """Unlock another folder (switching to or from the workshop vault)."""
        self.folder = Path(folder)
        self._error = None
        self.username.clear()
        self.password.clear()
        self.set_workshop(None)

    def set_workshop(self, on: bool | None = None) -> None:
        """Show the banner and the training accounts for a workshop vault, and only then.

        None decides from the folder (its workshop snapshot), which is what callers should do.
        """
        if on is None or on:
            on = is_workshop_folder(self.folder)
        self.workshop = on
        for widget in (self.banner, self.accounts_label, self.accounts):
            widget.setVisible(on)
        self.workshop_button.setVisible(not on and not self.server.on)
        self.retranslate()
        if on:
            self.accounts.fit_size()
            hint = self.sizeHint()
            self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def _server_mode(self, on: bool) -> None:
        """Office server or this computer: the vault's recovery key, folder and workshop button
        belong to this computer only."""
        if on and self._recovery_mode:
            self.set_recovery_mode(False)
        for widget in (self.mode_button, self.folder_label):
            widget.setVisible(not on)
        if on:
            self.set_workshop(False)
        else:
            self.set_workshop(None)
        self._error = None
        self.retranslate()
        self._fit_height()

    def fill_account(self, username: str, password: str) -> None:
        """A training account was clicked: fill in the form, ready to unlock."""
        if self._recovery_mode:
            self.set_recovery_mode(False)
        self.username.setText(username)
        self.password.setText(password)
        self.unlock_button.setFocus()

    def prefill(self, username: str, locked: bool = False, notice: str | None = None) -> None:
        """Show the window again after a lock, with the same user's name filled in.

        `notice` (a msgid) replaces the intro, e.g. after the workshop was reset.
        """
        self._locked_message = locked
        self._notice = notice
        self._error = None
        if self._recovery_mode:
            self.set_recovery_mode(False)
        self.username.setText(username)
        self.password.clear()
        self.retranslate()
        (self.password if username else self.username).setFocus()

    def error_text(self) -> str:
        return self.error.text() if self.error.isVisible() or self._error else ""

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setRange(0, 0)  # no end known until `show_progress`
        self.busy.setVisible(busy)
        for widget in (
            self.username,
            self.password,
            self.recovery,
            self.unlock_button,
            self.mode_button,
            self.server,
            self.server.address,
            self.server.ca_button,
            self.language,
            self.accounts,
            self.workshop_button,
        ):
            widget.setEnabled(not busy)

    def show_progress(self, done: int, total: int) -> None:
        """How far a long job behind the busy bar is (a large workshop made again: minutes)."""
        if self._busy and total > 0:
            self.busy.setRange(0, total)
            self.busy.setValue(min(done, total))

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().closeEvent(event)
        self.closed.emit()

    # --- unlocking ---------------------------------------------------------------------------

    def submit(self) -> None:
        if self._busy:
            return
        folder = self.folder
        if self._recovery_mode:
            key = self.recovery.text().strip()
            if not key:
                self.recovery.setFocus()
                return

            def work(report: object) -> Vault:
                from casework.store.vault import Vault

                return Vault.open_with_recovery(folder, key, verify_pages=False)

        else:
            username = self.username.text().strip()
            password = self.password.text()
            if not username:
                self.username.setFocus()
                return
            if not password:
                self.password.setFocus()
                return

            def work(report: object) -> Vault:
                from casework.store.vault import Vault

                # Pages are checked in the background once the window is up (session.py): a
                # full check of a large vault takes seconds.
                return Vault.open(folder, username, password, verify_pages=False)

            if self.server.on:
                try:
                    work = self.server.opener(username, password)  # type: ignore[assignment]
                except CaseworkError as exc:
                    return self._failed(exc)
        self._error = None
        self._render_error()
        self.set_busy(True)
        run_in_background(self, work, on_done=self._opened, on_error=self._failed)

    def _opened(self, vault: Vault) -> None:
        self.set_busy(False)
        self.server.remember()
        self.password.clear()
        self.recovery.clear()
        self._locked_message = False
        self._notice = None
        log.info("vault unlocked")
        self.unlocked.emit(vault)

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        if not isinstance(exc, CaseworkError):
            from casework.ui.errors import log_exception

            log_exception(type(exc), exc.__traceback__)
        else:
            log.info("unlock refused: %s", type(exc).__name__)
        self._error = exc
        self._render_error()
        field = self.recovery if self._recovery_mode else self.password
        field.clear()
        field.setFocus()
