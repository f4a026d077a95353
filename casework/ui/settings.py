"""Per-user preferences, declared once with their defaults, kept encrypted in the vault.

Geometry and zoom are stored through services.users (not QSettings): which staff member used this
laptop, and how, is itself sensitive. Only the last interface language is kept outside the vault
(QSettings), because the login window needs it before anything can be decrypted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import (
    QWidget,
)

from casework.ui.service_call import call_service

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


def _users():  # noqa: ANN202 - the services module
    """Imported on first use: the login window reads no per-user setting."""
    from casework.services import users

    return users
