"""The first-run wizard: language, organisation, first administrator, then the recovery key.

The vault is created when the administrator page is committed (Argon2id runs in a background
job). The recovery key is shown once, can be printed on paper, and the wizard only finishes after
the administrator confirms it is stored safely. `vault_created(vault)` hands the open vault on.
"""

from __future__ import annotations

import logging
import shutil
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from casework.errors import VaultExists
from casework.i18n import LANGUAGES, _, current_language, set_language
from casework.model.geography import COUNTRIES
from casework.model.labels import label
from casework.ui.background import run_in_background
from casework.ui.errors import show_error, user_message
from casework.ui.password_field import NewPasswordRows
from casework.ui.retranslate import track_language
from casework.ui.settings import remember_language

if TYPE_CHECKING:
    from casework.store.vault import Vault

log = logging.getLogger(__name__)


def country_name(code: str, lang: str | None = None) -> str:
    """A country's name in the interface language (from Babel's CLDR data)."""
    locale = Locale.parse(lang or current_language())
    return str(locale.territories.get(code, code))


def _collation_key(text: str) -> str:
    """Sort Éthiopie with the E's: accents are ignored for ordering."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class LanguagePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox(self)
        self.language.setObjectName("wizardLanguage")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.language.currentIndexChanged.connect(self._chosen)
        self.label = QLabel(self)
        self.label.setBuddy(self.language)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        # For trainers: skip setting up a real vault and open the one with fictional data.
        self.workshop_explain = QLabel(self)
        self.workshop_explain.setWordWrap(True)
        self.workshop_button = QPushButton(self)
        self.workshop_button.setObjectName("wizardWorkshop")
        # In an office with a Casework server: nothing to set up here, log in to the server.
        self.server_button = QPushButton(self)
        self.server_button.setObjectName("wizardOfficeServer")
        form = QFormLayout(self)
        form.addRow(self.explain)
        form.addRow(self.label, self.language)
        form.addItem(QSpacerItem(0, self.fontMetrics().lineSpacing()))
        form.addRow(self.workshop_explain)
        form.addRow(self.workshop_button)
        form.addRow(self.server_button)

    def _chosen(self) -> None:
        lang = str(self.language.currentData())
        remember_language(lang)
        set_language(lang)

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to Casework"))
        self.setSubTitle(_("Set up the encrypted vault that will hold your organisation's cases."))
        self.explain.setText(
            _(
                "Choose the language of the interface. Each user can change it later; printed "
                "documents can be made in any of these languages."
            )
        )
        self.label.setText(_("&Language:"))
        self.language.setAccessibleName(_("Language"))
        self.workshop_explain.setText(
            _(
                "Training session? Workshop mode opens a separate vault of fictional data "
                "instead, with training accounts."
            )
        )
        self.workshop_button.setText(_("Workshop mode…"))
        self.server_button.setText(_("Connect to the office server instead…"))
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.language.blockSignals(False)


class OrganisationPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.name.setObjectName("wizardOrganisation")
        self.name.setMaxLength(200)
        self.country = QComboBox(self)
        self.country.setObjectName("wizardCountry")
        self.countries = QStandardItemModel(self)
        self.country.setModel(self.countries)
        self.name_label = QLabel(self)
        self.name_label.setBuddy(self.name)
        self.country_label = QLabel(self)
        self.country_label.setBuddy(self.country)
        self.country.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.name_label, self.name)
        form.addRow(self.country_label, self.country)
        self.name.textChanged.connect(self.completeChanged)
        self.country.currentIndexChanged.connect(self.completeChanged)

    def _fill_countries(self) -> None:
        chosen = self.country_code()
        self.country.blockSignals(True)
        self.countries.clear()
        placeholder = QStandardItem(_("Choose a country…"))
        placeholder.setData("", Qt.ItemDataRole.UserRole)
        self.countries.appendRow(placeholder)
        for subregion, codes in COUNTRIES.items():
            header = QStandardItem(label(subregion))
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            font = QFont(header.font())
            font.setBold(True)
            header.setFont(font)
            self.countries.appendRow(header)
            for code in sorted(codes, key=lambda c: _collation_key(country_name(c))):
                item = QStandardItem(country_name(code))
                item.setData(code, Qt.ItemDataRole.UserRole)
                self.countries.appendRow(item)
        self.set_country(chosen)
        self.country.blockSignals(False)

    def set_country(self, code: str) -> None:
        index = self.country.findData(code, Qt.ItemDataRole.UserRole) if code else 0
        self.country.setCurrentIndex(max(index, 0))

    def country_code(self) -> str:
        return str(self.country.currentData(Qt.ItemDataRole.UserRole) or "")

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.name.text().strip()) and bool(self.country_code())

    def retranslate(self) -> None:
        self.setTitle(_("Your organisation"))
        self.setSubTitle(_("Printed documents carry the organisation's name."))
        self.name_label.setText(_("&Organisation name:"))
        self.country_label.setText(_("&Country:"))
        self.name.setAccessibleName(_("Organisation name"))
        self.country.setAccessibleName(_("Country"))
        self._fill_countries()


class AdminPage(QWizardPage):
    """The first administrator. Committing this page creates the vault."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.username = QLineEdit(self)
        self.username.setObjectName("wizardUsername")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("wizardDisplayName")
        self.username_label = QLabel(self)
        self.username_label.setBuddy(self.username)
        self.display_label = QLabel(self)
        self.display_label.setBuddy(self.display_name)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.passwords = NewPasswordRows(self, self._context, name="wizard")
        self.error = QLabel(self)
        self.error.setObjectName("wizardError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.username_label, self.username)
        form.addRow(self.display_label, self.display_name)
        self.passwords.add_to(form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        self.setCommitPage(True)
        self.username.textChanged.connect(self.passwords.update)
        self.display_name.textChanged.connect(self.passwords.update)
        self.passwords.changed.connect(self.completeChanged)

    def _context(self) -> tuple[str, ...]:
        return (
            self.username.text(),
            self.display_name.text(),
            self.owner.organisation.name.text(),
        )

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        if self.owner.vault is not None:
            return True
        return (
            bool(self.username.text().strip())
            and self.passwords.acceptable()
            and not self.busy.isVisible()
        )

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if self.owner.vault is not None:
            return True
        self.owner.create_vault()
        return False

    def retranslate(self) -> None:
        self.setTitle(_("First administrator"))
        self.setSubTitle(_("This account manages users and backups. It cannot open cases."))
        self.explain.setText(
            _(
                "Choose a long password that you do not use anywhere else: a few unrelated "
                "words work well. Nobody can recover it for you; only the recovery key can."
            )
        )
        self.username_label.setText(_("&User name:"))
        self.display_label.setText(_("&Display name:"))
        self.username.setAccessibleName(_("User name"))
        self.display_name.setAccessibleName(_("Display name"))
        self.display_name.setPlaceholderText(_("The name colleagues see"))
        self.passwords.retranslate()
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Create the vault"))
        if self.owner.error is not None:
            self.error.setText(user_message(self.owner.error))


class RecoveryPage(QWizardPage):
    """Shows the recovery key once; finishing requires the 'stored safely' confirmation."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.key = QLabel(self)
        self.key.setObjectName("recoveryKey")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setWordWrap(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.5)
        mono.setBold(True)
        self.key.setFont(mono)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setFrameShape(QLabel.Shape.StyledPanel)
        self.key.setMargin(12)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("printRecoverySheet")
        self.print_button.clicked.connect(self.owner.print_sheet)
        self.stored = QCheckBox(self)
        self.stored.setObjectName("recoveryStored")
        self.stored.toggled.connect(self.completeChanged)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.key)
        layout.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.warning)
        layout.addStretch(1)
        layout.addWidget(self.stored)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.key.setText(self.owner.recovery_key)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.stored.isChecked()

    def retranslate(self) -> None:
        self.setTitle(_("Recovery key"))
        self.setSubTitle(_("The vault is ready. This key is shown only once."))
        self.explain.setText(
            _(
                "If every administrator password is lost, this recovery key is the only way "
                "to open the vault. Print the recovery sheet or write the key down by hand."
            )
        )
        self.warning.setText(
            _(
                "Keep it locked away from this computer. Anyone with the key and a copy of the "
                "vault can read every case: never photograph, scan or e-mail it."
            )
        )
        self.print_button.setText(_("&Print recovery sheet…"))
        self.stored.setText(_("I have stored the recovery key &safely"))
        self.key.setAccessibleName(_("Recovery key"))


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
