"""Seeing the events of every window cheaply.

`WindowInput` watches input where the platform delivers it, at the windows: the idle lock and
Ctrl+L from a modal dialog (session_guards.py) need nothing else, and cost nothing while a page
is being built.

There is no application-wide event filter in Casework: Qt calls one for every event of every
object (a page being built sends thousands: polish, layout, child added…), and each call into
Python costs a wrapper for the object and one for the event — about half of opening a case
workspace. The workshop's window titles (workshop.py) follow their windows the same way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QWindow

Handler = Callable[[QObject, QEvent], bool]


class WindowInput(QObject):
    """Input as the platform delivers it: to the application's windows (QWindow), before their
    widgets get it. A filter on each window sees a few events per frame, not the thousands an
    application-wide filter sees while a page is built. Windows are followed as they become
    the focus window (a dialog, the login window); every input event of these `types` goes to
    `handler(window, event)`, which returns True to stop it."""

    def __init__(self, parent: QObject, types: Iterable[QEvent.Type], handler: Handler) -> None:
        super().__init__(parent)
        self.types = frozenset(kind.value for kind in types)
        self.handler = handler
        self.active = False

    def start(self) -> None:
        app = QGuiApplication.instance()
        if app is None or self.active:
            return
        self.active = True
        app.focusWindowChanged.connect(self._follow)  # type: ignore[attr-defined]
        for window in QGuiApplication.topLevelWindows():
            window.installEventFilter(self)

    def stop(self) -> None:
        app = QGuiApplication.instance()
        if app is None or not self.active:
            return
        self.active = False
        with contextlib.suppress(RuntimeError, TypeError):
            app.focusWindowChanged.disconnect(self._follow)  # type: ignore[attr-defined]
        for window in QGuiApplication.topLevelWindows():
            window.removeEventFilter(self)

    def _follow(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # installing twice keeps one

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type().value in self.types:
            return self.handler(watched, event)
        return False
