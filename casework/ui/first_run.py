"""The first-run wizard: language, organisation, first administrator, then the recovery key.

The vault is created when the administrator page is committed (Argon2id runs in a background
job). The recovery key is shown once, can be printed on paper, and the wizard only finishes after
the administrator confirms it is stored safely. `vault_created(vault)` hands the open vault on.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QWidget,
    QWizard,
)

from casework.errors import VaultExists
from casework.i18n import _, current_language
from casework.ui.background import run_in_background
from casework.ui.errors import show_error, user_message
from casework.ui.first_run_pages import AdminPage, LanguagePage, OrganisationPage, RecoveryPage
from casework.ui.retranslate import track_language

if TYPE_CHECKING:
    from casework.store.vault import Vault

log = logging.getLogger(__name__)


class FirstRunWizard(QWizard):
    """Creates the vault in `folder`; emits `vault_created(vault)` when the user finishes."""

    vault_created = Signal(object)
    # The trainer chose workshop mode on the first page instead of setting up a vault.
    workshop_requested = Signal()
    # The office has a server: the login window in "Office server" mode instead of a vault.
    server_requested = Signal()

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.setObjectName("firstRunWizard")
        self.vault: Vault | None = None
        self.recovery_key = ""
        self.error: BaseException | None = None
        # Cancel while the vault is being written: the job cannot be stopped half-way, so the
        # wizard waits for it and removes what it wrote (no vault whose key nobody saw).
        self.creating = False
        self.cancel_pending = False
        self._folder_existed = False
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.language = LanguagePage(self)
        self.organisation = OrganisationPage(self)
        self.admin = AdminPage(self)
        self.recovery = RecoveryPage(self)
        for page in (self.language, self.organisation, self.admin, self.recovery):
            self.addPage(page)
        self.language.workshop_button.clicked.connect(lambda: self.workshop_requested.emit())
        self.language.server_button.clicked.connect(lambda: self.server_requested.emit())
        track_language(self)
        # Room for the password advice and the French texts, in proportion to the font.
        metrics = self.fontMetrics()
        self.setMinimumSize(metrics.averageCharWidth() * 90, metrics.lineSpacing() * 30)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Casework — set up"))
        for page in (self.language, self.organisation, self.admin, self.recovery):
            page.retranslate()
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))

    def create_vault(self) -> None:
        """Create the vault in the background; on success move on to the recovery key."""
        organisation = self.organisation.name.text().strip()
        country = self.organisation.country_code()
        username = self.admin.username.text().strip()
        display = self.admin.display_name.text().strip()
        password = self.admin.passwords.value()
        lang = current_language()
        folder = self.folder

        def work(report: object) -> tuple[Vault, str]:
            from casework.store.vault import Vault

            return Vault.create(
                folder,
                organisation=organisation,
                country=country,
                admin_username=username,
                admin_password=password,
                admin_display_name=display,
                language=lang,
            )

        self.error = None
        self.creating = True
        self._folder_existed = folder.exists()
        self.admin.error.hide()
        self.admin.busy.show()
        self.admin.completeChanged.emit()
        run_in_background(self, work, on_done=self._created, on_error=self._failed)

    def _created(self, result: tuple[Vault, str]) -> None:
        self.creating = False
        if self.cancel_pending:
            vault, _key = result
            vault.close()
            self._remove_vault()
            log.info("vault creation cancelled: removed")
            super().reject()
            return
        self.vault, self.recovery_key = result
        log.info("vault created")
        self.admin.busy.hide()
        self.admin.passwords.clear()
        for widget in (self.admin.username, self.admin.display_name, self.organisation.name):
            widget.setReadOnly(True)
        self.admin.completeChanged.emit()
        # Leave validatePage (which started this job) before moving on.
        QTimer.singleShot(0, self.next)

    def _failed(self, exc: BaseException) -> None:
        self.creating = False
        if self.cancel_pending:
            if not isinstance(exc, VaultExists):
                self._remove_vault()  # whatever a failed creation left behind
            super().reject()
            return
        self.admin.busy.hide()
        self.error = exc
        self.admin.error.setText(user_message(exc))
        self.admin.error.show()
        self.admin.completeChanged.emit()

    def print_sheet(self) -> None:
        from casework.ui.recovery_sheet import print_recovery_sheet

        try:
            print_recovery_sheet(
                self, self.organisation.name.text().strip(), self.folder, self.recovery_key
            )
        except Exception as exc:  # noqa: BLE001 - shown calmly, the key is still on screen
            show_error(self, exc)

    def accept(self) -> None:
        vault = self.vault
        # The key is not kept anywhere once the administrator confirmed it is stored.
        self.recovery_key = ""
        self.recovery.key.clear()
        super().accept()
        if vault is not None:
            self.vault = None
            self.vault_created.emit(vault)

    def reject(self) -> None:
        if self.vault is not None:
            return  # the vault exists: the key must be confirmed before leaving
        if self.creating:
            # Leave no vault behind: wait for the job, then remove what it wrote.
            self.cancel_pending = True
            self.admin.error.setText(_("Cancelling: removing the vault being created…"))
            self.admin.error.show()
            self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
            return
        super().reject()

    def _remove_vault(self) -> None:
        """Remove the vault files just written (the folder was empty or absent before)."""
        folder = self.folder
        if not folder.exists():
            return
        if self._folder_existed:
            for child in folder.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)
