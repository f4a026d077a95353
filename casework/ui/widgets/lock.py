"""Locking from inside a dialog: a "Lock (Ctrl+L)" button in the dialog's own button row.

File › Lock cannot be reached while a modal dialog is up, so every form dialog carries the
action itself. The button asks the open session to lock (`lock_requests()`), which keeps what
was typed in the dialog as an encrypted draft (the dialog's `draft()`), exactly as Ctrl+L does.
It is shown only while a session listens: a dialog opened with no vault open (tests, the first
run) has nothing to lock.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget

from casework.i18n import _
from casework.ui.retranslate import track_language

LOCK_KEYS = QKeySequence("Ctrl+L")


class LockRequests(QObject):
    """The one place a dialog asks the session to lock; the session listens while it is open."""

    changed = Signal()  # listening started or stopped (see is_available)

    def __init__(self) -> None:
        super().__init__()
        self._lock: Callable[[], None] | None = None

    def listen(self, lock: Callable[[], None]) -> None:
        self._lock = lock
        self.changed.emit()

    def stop_listening(self) -> None:
        self._lock = None
        self.changed.emit()

    def is_available(self) -> bool:
        return self._lock is not None

    def request(self) -> None:
        """Lock once the click has been handled (locking closes the dialog it came from)."""
        if self._lock is not None:
            QTimer.singleShot(0, self._lock)


_requests: LockRequests | None = None


def lock_requests() -> LockRequests:
    global _requests
    if _requests is None:
        _requests = LockRequests()
    return _requests


class LockButton(QPushButton):
    """ "Lock (Ctrl+L)" on the side of a dialog's button row, shown while a session is open.

    Ctrl+L itself is handled by the session for every window; the button shows the shortcut
    and does the same for the mouse."""

    def __init__(self, buttons: QDialogButtonBox) -> None:
        super().__init__()
        self.setObjectName("lockButton")
        self.setAutoDefault(False)
        buttons.addButton(self, QDialogButtonBox.ButtonRole.ResetRole)
        self._buttons = buttons
        self._ordered = False
        self.clicked.connect(lambda: lock_requests().request())
        hub = lock_requests()
        hub.changed.connect(self._follow)
        self.setVisible(hub.is_available())
        track_language(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Tab meets the buttons of the row in the order they stand (Lock, OK, Cancel), once
        the row is in its dialog and laid out (Qt orders only within one window)."""
        super().showEvent(event)
        if not self._ordered:
            self._ordered = True
            box = self._buttons
            box.layout().activate()
            rtl = box.layoutDirection() == Qt.LayoutDirection.RightToLeft
            chain = sorted(
                (b for b in box.buttons() if not b.isHidden()),
                key=lambda b: b.mapTo(box, QPoint(0, 0)).x(),
                reverse=rtl,
            )
            for before, after in zip(chain, chain[1:], strict=False):
                QWidget.setTabOrder(before, after)

    def _follow(self) -> None:
        self.setVisible(lock_requests().is_available())

    def retranslate(self) -> None:
        keys = LOCK_KEYS.toString(QKeySequence.SequenceFormat.NativeText)
        self.setText(_("Lock ({shortcut})").format(shortcut=keys))
        self.setToolTip(_("Lock now: what you typed here is kept for after the unlock."))
