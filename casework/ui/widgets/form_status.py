"""A form's own message (a refusal, a failure) and the bar it shows while its work runs: the
same in the login window, the first-run wizard and the dialogs. Qt alone: the login window
imports it before anything else is loaded."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

ERROR_STYLE = "color: #b00020;"


def error_label(parent: QWidget, name: str) -> QLabel:
    """A form's own message, red and wrapped, hidden until it has something to say."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def busy_bar(parent: QWidget) -> QProgressBar:
    """A bar that moves without an end (the work's length is unknown), hidden until it runs."""
    bar = QProgressBar(parent)
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.hide()
    return bar
