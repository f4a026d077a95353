"""Per-user preferences, declared once with their defaults, kept encrypted in the vault.

Geometry and zoom are stored through services.users (not QSettings): which staff member used this
laptop, and how, is itself sensitive. Only the last interface language is kept outside the vault
(QSettings), because the login window needs it before anything can be decrypted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
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

if TYPE_CHECKING:
    from casework.services.context import ServiceContext

SETTINGS_VERSION = 1


@dataclass(frozen=True)
class IntSetting:
    key: str
    default: int
    minimum: int
    maximum: int

    def get(self, ctx: ServiceContext) -> int:
        try:
            value = int(_users().get_setting(ctx, self.key, str(self.default)))
        except ValueError:
            return self.default
        return min(max(value, self.minimum), self.maximum)

    def set(self, ctx: ServiceContext, value: int) -> None:
        _users().set_setting(ctx, self.key, str(min(max(value, self.minimum), self.maximum)))


@dataclass(frozen=True)
class TextSetting:
    key: str
    default: str = ""

    def get(self, ctx: ServiceContext) -> str:
        return _users().get_setting(ctx, self.key, self.default)

    def set(self, ctx: ServiceContext, value: str) -> None:
        _users().set_setting(ctx, self.key, value)


IDLE_MINUTES = IntSetting("session.idle_minutes", 5, 1, 240)
ZOOM_PERCENT = IntSetting("ui.zoom_percent", 100, 50, 300)
GEOMETRY = TextSetting("ui.geometry")
LANGUAGE = TextSetting("ui.language")


def last_language() -> str:
    """The language last used on this computer (not sensitive), for the login window."""
    return str(QSettings().value("language", "") or "")


def remember_language(lang: str) -> None:
    QSettings().setValue("language", lang)


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
        self.idle.setValue(IDLE_MINUTES.get(ctx))
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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        track_language(self)

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

    def accept(self) -> None:
        IDLE_MINUTES.set(self.ctx, self.idle.value())
        lang = str(self.language.currentData())
        LANGUAGE.set(self.ctx, lang)
        remember_language(lang)
        set_language(lang)
        self.saved.emit()
        super().accept()


def _users():  # noqa: ANN202 - the services module
    """Imported on first use: the login window reads no per-user setting."""
    from casework.services import users

    return users
