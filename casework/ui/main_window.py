"""The main window: navigation between the pages a user may use, menus, status bar.

It knows nothing about locking: it emits `lock_requested` / `quit_requested` and the session
controller decides. Pages are `Screen`s; the window routes `open_case_requested` to the Cases
page and shows their `status_message` in the status bar.

In workshop mode (a vault of fictional data) a coloured banner sits above the pages, every window
title is marked, Help offers the training exercises and administrators (the trainer) can reset
the workshop. Presentation mode (View menu, F11) fills the screen with text sized for a projector
(casework/ui/presentation.py), per user.

The menus and their dialogs are in casework/ui/main_menus.py, the pages and status messages in
casework/ui/main_pages.py, zoom and presentation mode in casework/ui/view_scale.py and the
trainer's entries in casework/ui/workshop_trainer.py (mixins of MainWindow).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import _, current_language, isolate
from casework.model.enums import Role
from casework.model.labels import label
from casework.services.context import ServiceContext
from casework.ui import settings
from casework.ui.main_menus import MainMenusMixin
from casework.ui.main_pages import MainPagesMixin
from casework.ui.pages import PageFactory, PageSpec, build_pages
from casework.ui.retranslate import is_tracked, track_language
from casework.ui.screen import Screen
from casework.ui.service_call import call_service, runs_off_ui
from casework.ui.view_scale import PRESENTATION_MODE, ViewScaleMixin, apply_zoom
from casework.ui.workshop_trainer import WorkshopMenuMixin

if TYPE_CHECKING:
    from casework.ui.workshop_titles import WorkshopTitles

log = logging.getLogger(__name__)

__all__ = ["MainWindow"]


class MainWindow(MainMenusMixin, MainPagesMixin, ViewScaleMixin, WorkshopMenuMixin, QMainWindow):
    lock_requested = Signal()
    quit_requested = Signal()
    # The trainer confirmed "Reset workshop…" (with the data language): the controller closes
    # the vault and resets it.
    reset_workshop_requested = Signal(str)
    # Presentation mode or the preferences changed (the idle lock may follow them).
    presentation_changed = Signal(bool)

    def __init__(
        self,
        ctx: ServiceContext,
        pages: PageFactory = build_pages,
        parent: QWidget | None = None,
        workshop: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.workshop = workshop
        self.setObjectName("mainWindow")
        # On an office server the window shows at its usual size and the user's own comes
        # off the window's thread (read_view_state); on a vault it is read here, before any
        # page exists, so pages measure their columns with it.
        self._remote = runs_off_ui(ctx)
        self._view_read = not self._remote
        self._view_chosen = False  # the user zoomed or presented before it came
        zoom = settings.ZOOM_PERCENT
        self.zoom = zoom.default if self._remote else zoom.get(ctx)
        self.presenting = False if self._remote else bool(PRESENTATION_MODE.get(ctx))
        # The screen presentation mode sizes text for (tests set another one).
        self.presentation_screen: QSize | None = None
        # The user's size before any page exists, so pages measure their columns with it.
        if self.effective_zoom() != 100:
            apply_zoom(self.effective_zoom())
        # One entry per page, in navigation order: a Screen once built, else its PageSpec
        # (built when first shown; a placeholder holds its place in the stack meanwhile).
        self._pages: list[Screen | PageSpec] = list(pages(ctx))
        self._closing_for_session = False
        self._shown = False

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setSpacing(3)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        self.empty = QLabel()  # shown only when no page is allowed (placed in the stack then)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for page in self._pages:
            self.nav.addItem(QListWidgetItem())
            if isinstance(page, Screen):
                self.stack.addWidget(page)
                self._connect(page)
            else:
                self.stack.addWidget(QWidget())
        if not self._pages:
            self.stack.addWidget(self.empty)
        self.nav.currentRowChanged.connect(self._page_chosen)
        self.nav.setVisible(bool(self._pages))
        splitter = QSplitter(self)
        splitter.addWidget(self.nav)
        # At a projector's zoom a page may need more room than the screen has: it scrolls
        # rather than pushing the window off the screen.
        self.page_area = QScrollArea(self)
        self.page_area.setObjectName("pageArea")
        self.page_area.setWidgetResizable(True)
        self.page_area.setFrameShape(QFrame.Shape.NoFrame)
        self.page_area.setWidget(self.stack)
        splitter.addWidget(self.page_area)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.banner: QWidget | None = None
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        from casework.ui.presentation import PresentationBar

        self.presentation_bar = PresentationBar(central)
        self.presentation_bar.leave.connect(lambda: self.set_presentation_mode(False))
        self.presentation_bar.setVisible(self.presenting)
        column.addWidget(self.presentation_bar)
        if workshop:
            from casework.ui.workshop import WorkshopBanner

            self.banner = WorkshopBanner(central)
            column.addWidget(self.banner)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self._normal_geometry = QByteArray()

        self.user_label = QLabel(self)
        self.user_label.setObjectName("statusUser")
        self.roles_label = QLabel(self)
        self.roles_label.setObjectName("statusRoles")
        self.folder_label = QLabel(self)
        self.folder_label.setObjectName("statusFolder")
        status = QWidget(self)
        status_layout = QHBoxLayout(status)
        status_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.user_label, self.roles_label, self.folder_label):
            status_layout.addWidget(widget)
        self.folder_label.setVisible(not self.presenting)
        self.statusBar().addPermanentWidget(status)

        self._restore_geometry()
        if self._pages:
            self.nav.setCurrentRow(0)  # the first page's rows are asked for here
        # The menus after the first page: their ~60 actions and connections are made while
        # its first rows are read on the pool, not before the query starts.
        self._build_menus()
        self.titles: WorkshopTitles | None = None
        if workshop:
            from casework.ui.workshop_titles import WorkshopTitles

            self.titles = WorkshopTitles(self)
        track_language(self)
        self.read_view_state()

    # --- texts and size ----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Casework"))
        self.file_menu.setTitle(_("&File"))
        self.lock_action.setText(_("&Lock"))
        self.password_action.setText(_("Change &password…"))
        self.preferences_action.setText(_("P&references…"))
        self.quit_action.setText(_("&Quit"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.zoom_in_action.setText(_("Zoom &in"))
        self.zoom_out_action.setText(_("Zoom &out"))
        self.zoom_reset_action.setText(_("&Actual size"))
        self.presentation_action.setText(_("&Presentation mode"))
        self.presentation_action.setStatusTip(
            _("Large text for a projector; choose it again to go back to your usual size.")
        )
        self.reset_workshop_action.setText(_("Reset &workshop…"))
        self.exercises_action.setText(_("&Training exercises"))
        self.participants_action.setText(_("What &participants did"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About Casework"))
        self.language_actions[current_language()].setChecked(True)
        self._retranslate_status()
        self.navigation.retranslate()
        self.nav.setAccessibleName(_("Pages"))
        self.empty.setText(
            _("None of your roles gives access to a page yet. Ask your administrator.")
        )
        for row, page in enumerate(self._pages):
            if isinstance(page, Screen) and not is_tracked(page):
                page.retranslate()
            self.nav.item(row).setText(page.title())
        self._fit_navigation()
        actor = self.ctx.actor
        self.user_label.setText(actor.display_name)
        roles = [label(r) for r in Role if r in actor.roles]
        self.roles_label.setText(" · ".join(roles))
        store = self.ctx.vault
        self.folder_label.setText(
            _("Vault: {folder}").format(folder=isolate(store.folder))
            if store.folder is not None
            else _("Office server: {address}").format(address=isolate(store.shown_address))
        )
        if self.isVisible():
            # After every page has its new texts (they re-translate after the window).
            QTimer.singleShot(0, self, self.fit_to_screen)

    def _fit_navigation(self) -> None:
        """Make the page list as wide as its longest (translated, zoomed) title."""
        if not self._pages:
            return
        metrics = self.nav.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(self.nav.item(r).text()) for r in range(self.nav.count())
        )
        frame = 2 * self.nav.frameWidth() + 4 * metrics.averageCharWidth()
        self.nav.setMinimumWidth(widest + frame)
        self.nav.setMaximumWidth(widest + frame + 12 * metrics.averageCharWidth())
        self.splitter.setSizes([widest + frame, max(self.width() - widest - frame, 1)])

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_navigation()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            if self.presenting:
                QTimer.singleShot(0, self, self._fill_screen)
            QTimer.singleShot(0, self, self.fit_to_screen)

    def fit_to_screen(self) -> None:
        """Grow the window so the pages fit, as far as the screen allows (beyond, they scroll)."""
        screen = self.screen()
        if screen is None or self.isFullScreen():
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()
        pages = self.stack.minimumSizeHint()
        chrome = self.sizeHint() - self.centralWidget().sizeHint()
        width = self.nav.minimumWidth() + self.splitter.handleWidth() + pages.width()
        width += max(chrome.width(), 0) + 2
        height = pages.height() + max(chrome.height(), 0)
        if self.banner is not None:
            height += self.banner.sizeHint().height()
        width = min(max(self.width(), width), room.width() - frame.width())
        height = min(max(self.height(), height), room.height() - frame.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
            if self.frameGeometry().right() > room.right():
                self.move(max(room.left(), room.right() - self.frameGeometry().width()), self.y())

    # --- state kept per user -----------------------------------------------------------------

    def _restore_geometry(self) -> None:
        saved = "" if self._remote else settings.GEOMETRY.get(self.ctx)
        if not saved or not self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
            self.resize(1100, 720)

    def read_view_state(self) -> None:
        """On an office server: the user's zoom, presentation mode and window size, read off
        the window's thread and applied when they come, unless the user zoomed or presented
        meanwhile (a size is not applied over full screen). A failure keeps the usual size;
        it is read again when the connection comes back (session.py). Nothing on a vault."""
        if self._view_read:
            return
        ctx = self.ctx

        def read() -> tuple[int, bool, str]:
            zoom = settings.ZOOM_PERCENT.get(ctx)
            return zoom, bool(PRESENTATION_MODE.get(ctx)), settings.GEOMETRY.get(ctx)

        def failed(exc: BaseException) -> None:
            log.info("the window's size and zoom were not read: %s", type(exc).__name__)

        call_service(self, ctx, read, self._apply_view_state, failed, single=False)

    def _apply_view_state(self, state: tuple[int, bool, str]) -> None:
        if self._view_read:
            return
        self._view_read = True
        if self._view_chosen:
            return  # the user chose a size meanwhile: theirs stays
        zoom, presenting, geometry = state
        if geometry and not presenting and not (self.isFullScreen() or self.isMaximized()):
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        before = self.effective_zoom()
        self.zoom = zoom
        if presenting:
            self.show_presentation()
        else:
            self._zoom_to(before, self.effective_zoom())

    def save_state(self) -> None:
        """Remember the geometry (encrypted in the vault, per user): the window's own, not the
        full screen of presentation mode."""
        data = self.state_text()
        if data:
            settings.GEOMETRY.set(self.ctx, data)

    def state_text(self) -> str:
        """The geometry to remember, as text ("" if none)."""
        geometry = self._normal_geometry if self.isFullScreen() else self.saveGeometry()
        return "" if geometry.isEmpty() else bytes(geometry.toBase64().data()).decode("ascii")

    def has_unsaved_changes(self) -> bool:
        return any(s.has_unsaved_changes() for s in self.screens)

    def close_for_session(self) -> None:
        """Close without asking (the controller has saved drafts and is locking)."""
        self._closing_for_session = True
        if self.titles is not None:
            self.titles.remove()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._closing_for_session:
            event.accept()
            return
        event.ignore()
        self.quit_requested.emit()
