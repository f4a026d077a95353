"""Calm, translated error dialogs and the global exception hook: no traceback reaches a user.

The log gets the exception type and the stack (file names and line numbers) but not the
exception's message or locals, which may hold client data.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from casework.errors import CaseworkError
from casework.i18n import _

log = logging.getLogger("casework")


def user_message(exc: BaseException) -> str:
    if isinstance(exc, CaseworkError):
        return exc.message()
    from casework.store.server_connection import explain

    lost = explain(exc)  # the office server went away during the call
    if lost is not None:
        return lost.message()
    return _(
        "Something went wrong and this action was not completed. Your saved work is safe. "
        "If it happens again, tell your administrator (details are in the log)."
    )


def log_exception(exc_type: type[BaseException], tb: TracebackType | None) -> None:
    frames = traceback.extract_tb(tb)
    where = "; ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}" for f in frames)
    log.error("unhandled %s at %s", exc_type.__name__, where)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    from casework.store.server_connection import explain

    if not isinstance(exc, CaseworkError) and explain(exc) is None:
        log_exception(type(exc), exc.__traceback__)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Casework"))
    box.setText(user_message(exc))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("errorDialog")
    box.open()


def install_exception_hook() -> None:
    """Route uncaught exceptions (also those raised in Qt slots) to a dialog and the log."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log_exception(exc_type, tb)
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
