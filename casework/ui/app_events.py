"""Seeing the events of every window cheaply.

`WindowInput` watches input where the platform delivers it, at the windows: the idle lock and
Ctrl+L from a modal dialog (session_guards.py) need nothing else, and cost nothing while a page
is being built.

`watch_events` is one application-wide event filter shared by what must see widget events of
every window (the workshop's window titles: a dialog's Show, its title changes).

Qt calls an application event filter for every event of every object (a page being built sends
thousands: polish, layout, child added…), and each call into Python costs a wrapper for the
object and one for the event. Three filters of their own were about a tenth of opening a case
workspace. Here there is one: it asks the event its type once and hands it on only to the
handlers registered for that type, so most events cost a single call and a dictionary look-up.

    watch_events(owner, {QEvent.Type.KeyPress}, handler)   # handler(watched, event) -> bool
    unwatch_events(owner)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication

Handler = Callable[[QObject, QEvent], bool]


class _Dispatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        # event type (as an int: cheaper to hash than the enum) -> [(owner id, handler)]
        self.by_type: dict[int, list[tuple[int, Handler]]] = {}
        self.installed_on: QApplication | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        handlers = self.by_type.get(event.type().value)
        if handlers is None:
            return False
        for owner, handler in tuple(handlers):
            try:
                if handler(watched, event):
                    return True
            except RuntimeError:  # its owner's C++ side is gone: it will not be called again
                _drop(owner)
        return False

    def sync(self) -> None:
        """Installed while some handler is registered, removed when none is left."""
        app = QApplication.instance()
        want = bool(self.by_type) and app is not None
        if want and self.installed_on is not app:
            app.installEventFilter(self)  # type: ignore[union-attr]
            self.installed_on = app  # type: ignore[assignment]
        elif not want and self.installed_on is not None:
            with contextlib.suppress(RuntimeError):  # the application is gone
                self.installed_on.removeEventFilter(self)
            self.installed_on = None


_dispatcher: _Dispatcher | None = None


def _get() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    return _dispatcher


def watch_events(owner: object, types: Iterable[QEvent.Type], handler: Handler) -> None:
    """Call `handler(watched, event)` for every event of these types sent to any object of
    the application; it returns True to stop the event. `owner` names the registration."""
    dispatcher = _get()
    key = id(owner)
    for kind in types:
        dispatcher.by_type.setdefault(kind.value, []).append((key, handler))
    if isinstance(owner, QObject):  # as Qt drops a destroyed object's own filter
        owner.destroyed.connect(lambda *_a: _drop(key))
    dispatcher.sync()


def unwatch_events(owner: object) -> None:
    """Drop every handler `owner` registered."""
    _drop(id(owner))


def _drop(key: int) -> None:
    dispatcher = _get()
    for kind in list(dispatcher.by_type):
        kept = [(o, h) for o, h in dispatcher.by_type[kind] if o != key]
        if kept:
            dispatcher.by_type[kind] = kept
        else:
            del dispatcher.by_type[kind]
    dispatcher.sync()


def watching(owner: object) -> bool:
    return any(o == id(owner) for hs in _get().by_type.values() for o, _h in hs)


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
