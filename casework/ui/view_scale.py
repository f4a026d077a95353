"""Zoom and presentation mode of the main window: the application font scaled per user, and
presentation mode filling the screen with text sized from its height (casework/ui/presentation.py),
with columns measured again after every change so nothing is cut."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from casework.i18n import _
from casework.ui import settings
from casework.ui.retranslate import live

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel

    from casework.services.context import ServiceContext
    from casework.ui.presentation import PresentationBar

ZOOM_STEP = 10
PRESENTATION_MODE = settings.IntSetting("ui.presentation_mode", 0, 0, 1)
_base_font: QFont | None = None


def base_font() -> QFont:
    """The application's font at 100 % (captured before the first zoom)."""
    global _base_font
    if _base_font is None:
        _base_font = QFont(QApplication.font())
    return _base_font


def apply_zoom(percent: int) -> None:
    """Scale the application font (every widget without its own font follows)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    _base_font = base_font()
    font = QFont(_base_font)
    if _base_font.pointSizeF() > 0:
        font.setPointSizeF(_base_font.pointSizeF() * percent / 100)
    else:
        font.setPixelSize(max(6, round(_base_font.pixelSize() * percent / 100)))
    app.setFont(font)


def unique_keys(*keys: QKeySequence) -> list[QKeySequence]:
    """The key sequences once each, in order (Qt ignores a shortcut registered twice)."""
    out: list[QKeySequence] = []
    for key in keys:
        if not key.isEmpty() and key not in out:
            out.append(key)
    return out


class ViewScaleMixin:
    """The main window's zoom and presentation mode (mixed into MainWindow, which provides the
    actions, the status bar and `fit_to_screen`)."""

    ctx: ServiceContext
    zoom: int
    presenting: bool
    presentation_screen: QSize | None
    presentation_action: QAction
    presentation_bar: PresentationBar
    _view_chosen: bool
    folder_label: QLabel
    _normal_geometry: QByteArray

    def presentation_zoom(self) -> int:
        """The zoom that sizes body text from the screen's height (presentation.py)."""
        from casework.ui.presentation import body_pixels, presentation_zoom, screen_size

        height = screen_size(self, self.presentation_screen).height()
        return presentation_zoom(height, body_pixels(base_font()))

    def effective_zoom(self) -> int:
        """The zoom on screen: the presentation size while presenting, else the user's own."""
        return self.presentation_zoom() if self.presenting else self.zoom

    def set_zoom(self, percent: int) -> None:
        """Zooming by hand leaves presentation mode (steps count from the size on screen)."""
        self._view_chosen = True
        if self.presenting:
            percent += self.presentation_zoom() - self.zoom
            self.presenting = False
            settings.store(self, self.ctx, PRESENTATION_MODE, 0)
            self.presentation_action.blockSignals(True)
            self.presentation_action.setChecked(False)
            self.presentation_action.blockSignals(False)
            self._leave_screen()
            self.presentation_changed.emit(False)
        percent = min(max(percent, settings.ZOOM_PERCENT.minimum), settings.ZOOM_PERCENT.maximum)
        before = self.effective_zoom()
        self.zoom = percent
        self._zoom_to(before, percent)
        settings.store(self, self.ctx, settings.ZOOM_PERCENT, percent)
        self.show_status(live(lambda: _("Zoom: {percent} %").format(percent=percent)))

    def set_presentation_mode(self, on: bool) -> None:
        """Fill the screen with text sized for a projector, and back to the user's own window
        and zoom; kept per user."""
        self._view_chosen = True
        self._present(on)
        settings.store(self, self.ctx, PRESENTATION_MODE, int(on))
        self.show_status(
            live(lambda: _("Presentation mode: on") if on else _("Presentation mode: off"))
        )

    def show_presentation(self) -> None:
        """Presentation mode as kept for the user, read after the window showed (an office
        server): shown, not stored again."""
        self._present(True)

    def _present(self, on: bool) -> None:
        before = self.effective_zoom()
        was = self.presenting
        self.presenting = on
        if self.presentation_action.isChecked() != on:
            self.presentation_action.blockSignals(True)
            self.presentation_action.setChecked(on)
            self.presentation_action.blockSignals(False)
        self._zoom_to(before, self.effective_zoom())
        if on and not was:
            self._fill_screen()
        elif was and not on:
            self._leave_screen()
        self.presentation_changed.emit(on)

    def _fill_screen(self) -> None:
        self.presentation_bar.setVisible(True)
        if self.isVisible() and not self.isFullScreen():
            self._normal_geometry = self.saveGeometry()
            self.showFullScreen()
            # Without a window manager (a kiosk, some projector setups) full screen is only a
            # wish: take the screen's geometry ourselves.
            QTimer.singleShot(0, self, self._cover_screen)

    def _cover_screen(self) -> None:
        screen = self.screen()
        if self.presenting and screen is not None and self.geometry() != screen.geometry():
            self.setGeometry(screen.geometry())

    def _leave_screen(self) -> None:
        self.presentation_bar.setVisible(False)
        if self.isFullScreen():
            self.showNormal()
            if not self._normal_geometry.isEmpty():
                self.restoreGeometry(self._normal_geometry)

    def _zoom_to(self, before: int, after: int) -> None:
        """Scale the font, and the columns the pages sized to their contents (or the user
        sized by hand) with it, so nothing is cut off at a projector's zoom."""
        apply_zoom(after)
        self.folder_label.setVisible(not self.presenting)  # a projector needs no folder path
        if before <= 0 or before == after:
            return
        # Sizes follow the new font once Qt has delivered it to every widget.
        QTimer.singleShot(0, self, self.fit_to_screen)
        QTimer.singleShot(0, self, self._refit_tables)
        ratio = after / before
        for header in self.findChildren(QHeaderView):
            if header.orientation() != Qt.Orientation.Horizontal:
                continue
            last = header.count() - 1
            for i in range(header.count()):
                if (
                    header.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive
                    and not (i == last and header.stretchLastSection())
                    and not header.isSectionHidden(i)
                ):
                    header.resizeSection(i, round(header.sectionSize(i) * ratio))

    def _refit_tables(self) -> None:
        """Columns sized to their contents measure again with the new font (ui/widgets/
        tables.py fits them whenever the header data changes)."""
        from casework.ui.widgets.tables import keep_titles_whole

        for view in self.findChildren(QTableView):
            model = view.model()
            if model is not None and model.columnCount() > 0:
                model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
                keep_titles_whole(view)
