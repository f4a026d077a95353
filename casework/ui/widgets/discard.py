"""Esc, Cancel or the window's close button on a form with typed text asks before throwing it
away, as closing a case tab with unsaved changes does: a wrong key must not lose a paragraph.

What counts is the text typed since the form opened (`typed_text`, the same notion as the
draft a lock keeps): values the form was opened with, or read into it before anything was
typed (`loaded`), are not the user's typing. A lock or the program closing the form
(`reject()`) never asks: the lock keeps the text as a draft."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from casework.i18n import N_, _
from casework.ui.retranslate import follow_language
from casework.ui.widgets.fields import typed_text

QUESTION = N_("Close without saving?")
LOST = N_("What you typed in this window is not saved and will be lost.")
CLOSE = N_("Close without saving")
KEEP = N_("Keep editing")

_AT_OPEN = "_casework_typed_at_open"


def remember_typed(dialog: QDialog) -> None:
    """What the form holds now is where the user starts from."""
    dialog.__dict__[_AT_OPEN] = typed_text(dialog, "")


def typed_since_open(dialog: QWidget) -> bool:
    at_open = dialog.__dict__.get(_AT_OPEN)
    return at_open is not None and typed_text(dialog, "") != at_open


def loaded(dialog: QWidget, was_untouched: bool) -> None:
    """A read filled the form after it opened: if nothing had been typed, that is the start."""
    if was_untouched and _AT_OPEN in dialog.__dict__:
        remember_typed(dialog)


def cancel_asking(dialog: QDialog) -> QMessageBox | None:
    """Close `dialog` at once when nothing was typed; otherwise ask first (the box is returned,
    window-modal, and the dialog stays open with its text unless the user says to close)."""
    if not typed_since_open(dialog):
        dialog.reject()
        return None
    box = QMessageBox(dialog)
    box.setObjectName("discardTyped")
    box.setIcon(QMessageBox.Icon.Warning)
    close = box.addButton("", QMessageBox.ButtonRole.DestructiveRole)
    close.setObjectName("closeWithoutSaving")
    keep = box.addButton("", QMessageBox.ButtonRole.RejectRole)
    keep.setObjectName("keepEditing")
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)

    def texts() -> None:
        box.setWindowTitle(dialog.windowTitle())
        box.setText(_(QUESTION))
        box.setInformativeText(_(LOST))
        close.setText(_(CLOSE))
        keep.setText(_(KEEP))

    follow_language(box, texts)

    def answered(_result: int) -> None:
        if box.clickedButton() is close and shiboken6.isValid(dialog):
            dialog.reject()
        box.deleteLater()

    box.finished.connect(answered)
    box.open()
    return box
