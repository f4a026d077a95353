"""Per-user preferences, declared once with their defaults, kept encrypted in the vault.

Geometry and zoom are stored through services.users (not QSettings): which staff member used this
laptop, and how, is itself sensitive. Only the last interface language is kept outside the vault
(QSettings), because the login window needs it before anything can be decrypted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
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
from casework.ui.widgets.choices import choices_ready, load_part
from casework.ui.widgets.lock import LockButton

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
        kept = _kept_value(ctx, self.key)
        try:
            value = int(kept if kept is not None else _users().get_setting(ctx, self.key, ""))
        except ValueError:
            return self.default
        return min(max(value, self.minimum), self.maximum)

    def set(self, ctx: ServiceContext, value: int) -> None:
        text = str(min(max(value, self.minimum), self.maximum))
        _users().set_setting(ctx, self.key, text)
        _keep_value(ctx, self.key, text)


def _kept_value(ctx: ServiceContext, key: str) -> str | None:
    """A workshop vault keeps the display settings in its folder, so a reset keeps them."""
    from casework.workshop import trainer

    folder = ctx.vault.folder  # None on an office server
    if (
        key not in trainer.KEPT_KEYS
        or folder is None
        or not trainer.settings_path(folder).is_file()
    ):
        return None
    return trainer.load_settings(ctx.vault.folder).account_value(ctx.actor.username, key)


def _keep_value(ctx: ServiceContext, key: str, value: str) -> None:
    from casework.workshop import trainer

    folder = ctx.vault.folder
    if key in trainer.KEPT_KEYS and folder is not None and trainer.settings_path(folder).is_file():
        trainer.set_account_value(ctx.vault.folder, ctx.actor.username, key, value)


def workshop_lock_while_presenting(ctx: ServiceContext) -> bool | None:
    """In a workshop vault, whether the idle lock runs in presentation mode (a trainer's
    setting, off by default); None for a real vault (its lock always runs)."""
    from casework.workshop import trainer

    if ctx.vault.folder is None or not trainer.settings_path(ctx.vault.folder).is_file():
        return None
    return trainer.load_settings(ctx.vault.folder).lock_while_presenting


def set_workshop_lock_while_presenting(ctx: ServiceContext, on: bool) -> None:
    from casework.workshop import trainer

    settings = trainer.load_settings(ctx.vault.folder)
    settings.lock_while_presenting = on
    trainer.save_settings(ctx.vault.folder, settings)


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


_NOTHING = object()
_WRITES = "_casework_preference_writes"


def store(owner: QObject, ctx: ServiceContext, setting: IntSetting | TextSetting, value: object):  # noqa: ANN201
    """Keep a preference the window already shows (zoom, language, presentation mode): at once
    on a vault, off the window's thread on an office server. One write per setting at a time,
    the latest value winning: a zoom step pressed while the previous one is on its way is
    written after it, never before. A failure is said calmly (the window keeps its look)."""
    writes: dict[str, dict[str, object]] = owner.__dict__.setdefault(_WRITES, {})
    state = writes.get(setting.key)
    if state is not None:
        state["next"] = value
        return
    state = writes[setting.key] = {"next": _NOTHING}

    def write(current: object) -> None:
        def done(_result: object) -> None:
            following = state["next"]
            if following is _NOTHING:
                writes.pop(setting.key, None)
                return
            state["next"] = _NOTHING
            write(following)

        def failed(exc: BaseException) -> None:
            writes.pop(setting.key, None)
            from casework.ui.errors import show_error

            show_error(owner if isinstance(owner, QWidget) else None, exc)

        work = partial(setting.set, ctx, current)
        call_service(owner, ctx, work, done, failed, single=False)

    write(value)


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


def _users():  # noqa: ANN202 - the services module
    """Imported on first use: the login window reads no per-user setting."""
    from casework.services import users

    return users
