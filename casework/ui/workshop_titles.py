"""Workshop mode on every window: the "[WORKSHOP — FICTIONAL DATA]" mark in the title of the
main window and of every window opened from it, and the workshop banner inside every dialog,
in the current language.

No application-wide event filter: Qt would call it, in Python, for each of the thousands of
events a page sends while it is built (about half of opening a case workspace). Each window
opened from the main window gets a filter of its own instead.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from casework.ui.retranslate import track_language
from casework.ui.workshop import WorkshopBanner, with_suffix


def add_dialog_banner(dialog: QDialog) -> WorkshopBanner:
    """Show the workshop banner inside a dialog, above whatever layout it has: photos of a
    projected dialog must show that the data is fictional, not only its title bar."""
    existing = dialog.findChild(WorkshopBanner)
    if existing is not None:
        return existing
    banner = WorkshopBanner(dialog)
    banner.setObjectName("dialogWorkshopBanner")
    layout = dialog.layout()
    if layout is not None:
        margins = layout.contentsMargins()
        height = banner.fontMetrics().height() + 2 * banner.margin() + 4
        layout.setContentsMargins(
            margins.left(), margins.top() + height, margins.right(), margins.bottom()
        )
        dialog.setProperty("workshopBannerHeight", height)
        layout.activate()
    _place_banner(dialog, banner)
    banner.show()
    return banner


def _place_banner(dialog: QWidget, banner: WorkshopBanner) -> None:
    height = dialog.property("workshopBannerHeight") or (
        banner.fontMetrics().height() + 2 * banner.margin() + 4
    )
    banner.setGeometry(0, 0, dialog.width(), int(height))
    banner.raise_()


class WorkshopTitles(QObject):
    """Marks the title of `root` and of every window opened from it as workshop data, in the
    current language, whatever title the window sets for itself, and puts the workshop banner
    inside every dialog.

    No application-wide event filter (it costs about half of opening a case workspace, called
    for each of the thousands of events a page sends while it is built): a filter on each of
    these windows only, for its own Show, Resize and title changes. Windows are found as they
    come: a window made as the child of a followed one before it is shown (ChildAdded), a
    modal one when it blocks the windows already followed (Qt sends them WindowBlocked while
    the new one is being shown, before it is painted), any other when it becomes the focus
    window."""

    EVENTS = frozenset(
        kind.value
        for kind in (
            QEvent.Type.WindowTitleChange,
            QEvent.Type.Show,
            QEvent.Type.Resize,
            QEvent.Type.WindowBlocked,
            QEvent.Type.ChildAdded,
        )
    )

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        self.active = True
        root.installEventFilter(self)
        self.apply(root)
        app = QGuiApplication.instance()
        if app is not None:
            app.focusWindowChanged.connect(self._focus_window)  # type: ignore[attr-defined]
        track_language(self)

    def retranslate(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if self._belongs(widget):
                self.apply(widget)

    def _belongs(self, widget: QWidget) -> bool:
        current: QWidget | None = widget
        while current is not None:
            if current is self.root:
                return True
            current = current.parentWidget()
        return False

    @staticmethod
    def apply(widget: QWidget) -> None:
        title = widget.windowTitle()
        marked = with_suffix(title)
        if marked != title:
            widget.setWindowTitle(marked)

    def _focus_window(self, window: QWindow | None) -> None:
        if window is None or not self.active:
            return
        for widget in QApplication.topLevelWidgets():
            if widget.windowHandle() is window:
                self.follow(widget)
                return

    def follow(self, widget: QWidget | None) -> None:
        """Watch this window from now on (once), and mark it as it is now."""
        if widget is None or not widget.isWindow() or not self._belongs(widget):
            return
        widget.installEventFilter(self)  # installing twice keeps one
        self.apply(widget)
        if isinstance(widget, QDialog) and widget.isVisible() and widget.layout() is not None:
            add_dialog_banner(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type().value
        if kind not in self.EVENTS or not isinstance(watched, QWidget) or not self.active:
            return False
        if kind == QEvent.Type.WindowBlocked.value:
            self.follow(QApplication.activeModalWidget())
            return False
        if kind == QEvent.Type.ChildAdded.value:
            # A window made with this one as its parent: watched before it is first shown.
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QWidget) and child.isWindow():
                child.installEventFilter(self)
            return False
        if not watched.isWindow():
            return False
        if kind != QEvent.Type.Resize.value:
            self.apply(watched)
        if isinstance(watched, QDialog) and watched.layout() is not None:
            if kind == QEvent.Type.Show.value:
                add_dialog_banner(watched)
            elif kind == QEvent.Type.Resize.value:
                banner = watched.findChild(WorkshopBanner, "dialogWorkshopBanner")
                if banner is not None:
                    _place_banner(watched, banner)
        return False

    def remove(self) -> None:
        """Stop marking: the session ends."""
        if not self.active:
            return
        self.active = False
        app = QGuiApplication.instance()
        if app is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusWindowChanged.disconnect(self._focus_window)  # type: ignore[attr-defined]
        for widget in QApplication.topLevelWidgets():
            widget.removeEventFilter(self)
