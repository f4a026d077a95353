"""The first-run wizard's pages: language, organisation, first administrator, recovery key.

The wizard that runs them and creates the vault is in ui/first_run.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from casework.i18n import LANGUAGES, _, country_name, current_language, reading_key, set_language
from casework.model.geography import COUNTRIES
from casework.model.labels import label
from casework.ui.errors import user_message
from casework.ui.password_field import NewPasswordRows
from casework.ui.settings import remember_language
from casework.ui.widgets.form_status import busy_bar, error_label

if TYPE_CHECKING:
    from casework.ui.first_run import FirstRunWizard


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
            for code in sorted(codes, key=lambda c: reading_key(country_name(c))):
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
        self.error = error_label(self, "wizardError")
        self.busy = busy_bar(self)
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
