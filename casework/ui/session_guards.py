"""What locks a session: the idle timer and Ctrl+L from every window of it (session.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QWindow

from casework.ui.app_events import WindowInput
from casework.ui.widgets.lock import lock_requests

if TYPE_CHECKING:
    from casework.ui.session import SessionController

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` when no key, mouse or touch input reached the application for a while."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.input = WindowInput(self, _INPUT_EVENTS, self._input)

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(1, minutes) * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        self.timer.setInterval(ms)
        if self.timer.isActive():
            self.timer.start()

    def start(self) -> None:
        self.input.start()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.input.stop()

    def _input(self, watched: QObject, event: QEvent) -> bool:
        if self.timer.isActive():
            self.timer.start()
        return False


LOCK_KEYS = QKeySequence("Ctrl+L")


class LockShortcut(QObject):
    """Ctrl+L from every window of the session, a modal dialog included (the main window's
    shortcut only works while the main window is the active one)."""

    def __init__(self, controller: SessionController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.input = WindowInput(self, (QEvent.Type.KeyPress,), self._key)

    def start(self) -> None:
        self.input.start()
        lock_requests().listen(self.controller.lock)  # the dialogs' own Lock button

    def stop(self) -> None:
        self.input.stop()
        lock_requests().stop_listening()

    def _key(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent):
            return False
        if QKeySequence(event.keyCombination()) != LOCK_KEYS:
            return False
        window = self.controller.window
        if window is None or not isinstance(watched, QWindow):
            return False
        own = [w.windowHandle() for w in (window, self.controller.login) if w is not None]
        if any(handle is not None and handle == watched for handle in own):
            return False  # the main window's own Lock action handles it
        QTimer.singleShot(0, self.controller.lock)
        return True
