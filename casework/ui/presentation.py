"""Presentation mode: the main window fills the projector's screen, text is sized from the
screen's height so it reads from the back of a room, and a strip at the top always shows the
way out.

Body text is at least BODY_SHARE of the screen height (27 px on a 1080-pixel screen, 18 px on
720). The zoom that gives it is computed from the application's usual font, so a desk zoom
chosen by the user does not add to it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFontInfo, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from casework.i18n import _
from casework.ui.retranslate import track_language

BODY_SHARE = 0.025
# Never smaller than the desk size, never so large that a page cannot be used at all.
MIN_ZOOM, MAX_ZOOM = 100, 300


def body_pixels(font: object | None = None) -> int:
    """The pixel height of body text in `font` (the application's font by default)."""
    app = QGuiApplication.instance()
    if font is None:
        font = QGuiApplication.font() if app is not None else None
    if font is None:
        return 13
    return max(1, QFontInfo(font).pixelSize())  # type: ignore[arg-type]


def presentation_zoom(screen_height: int, base_pixels: int) -> int:
    """The zoom (percent) that makes body text BODY_SHARE of the screen height."""
    wanted = BODY_SHARE * max(screen_height, 1)
    percent = math.ceil(100 * wanted / max(base_pixels, 1))
    return min(max(percent, MIN_ZOOM), MAX_ZOOM)


def screen_size(widget: QWidget, override: QSize | None = None) -> QSize:
    """The size of the screen the widget is on (or the one a test asks for)."""
    if override is not None and override.isValid():
        return override
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.geometry().size() if screen is not None else QSize(1280, 720)


class PresentationBar(QWidget):
    """The visible way out of presentation mode (also F11)."""

    leave = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presentationBar")
        self.label = QLabel(self)
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.button = QPushButton(self)
        self.button.setObjectName("leavePresentation")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never steals a form's focus
        self.button.clicked.connect(self.leave)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.label, 1)
        row.addWidget(self.button, 0)
        track_language(self)

    def retranslate(self) -> None:
        self.label.setText(_("Presentation mode"))
        self.button.setText(_("Leave presentation mode (F11)"))
        self.button.setAccessibleName(_("Leave presentation mode"))
