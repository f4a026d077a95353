"""A dialog's button box whose buttons keep the names the form gave them across a live
language switch.

Qt names a button box's standard buttons again ("OK", "Cancel") when it receives the language
change event, which arrives after the form's own `retranslate()` ran: a form's "Record consent"
would read "OK" in the new language. `ButtonBox` sets the form's names once more, at once, so
whatever reads a button's name next (a combo's "could not be loaded: “Record consent” tries
again") reads the right one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialogButtonBox, QWidget


class ButtonBox(QDialogButtonBox):
    def __init__(
        self,
        buttons: QDialogButtonBox.StandardButton,
        names: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(buttons, parent)
        self._names = names

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._names()
