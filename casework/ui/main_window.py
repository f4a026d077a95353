"""The main window: navigation between the pages a user may use, menus, status bar.

It knows nothing about locking: it emits `lock_requested` / `quit_requested` and the session
controller decides. Pages are `Screen`s; the window routes `open_case_requested` to the Cases
page and shows their `status_message` in the status bar.

In workshop mode (a vault of fictional data) a coloured banner sits above the pages, every window
title is marked, Help offers the training exercises and administrators (the trainer) can reset
the workshop. Presentation mode (View menu, F11) fills the screen with text sized for a projector
(casework/ui/presentation.py), per user.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import LANGUAGES, _, current_language, isolate, set_language
from casework.model.enums import Role, label
from casework.services.context import ServiceContext
from casework.ui import changes, settings
from casework.ui.exchange.window import install as install_received_files
from casework.ui.pages import PageFactory, PageSpec, build_pages
from casework.ui.retranslate import LiveText, is_tracked, live, track_language
from casework.ui.screen import Screen

# Zoom and presentation mode: casework/ui/view_scale.py (names kept here for callers).
from casework.ui.view_scale import (
    PRESENTATION_MODE,
    ZOOM_STEP,
    ViewScaleMixin,
    apply_zoom,
    base_font,
    unique_keys,
)
from casework.ui.workshop_trainer import WorkshopMenuMixin

if TYPE_CHECKING:
    from casework.ui.workshop_titles import WorkshopTitles

log = logging.getLogger(__name__)

__all__ = ["PRESENTATION_MODE", "ZOOM_STEP", "MainWindow", "apply_zoom", "base_font", "unique_keys"]


class MainWindow(ViewScaleMixin, WorkshopMenuMixin, QMainWindow):
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
        self.zoom = settings.ZOOM_PERCENT.get(ctx)
        self.presenting = bool(PRESENTATION_MODE.get(ctx))
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

        self._build_menus()
        self._restore_geometry()
        if self._pages:
            self.nav.setCurrentRow(0)
        self.titles: WorkshopTitles | None = None
        if workshop:
            from casework.ui.workshop_titles import WorkshopTitles

            self.titles = WorkshopTitles(self)
        track_language(self)

    # --- menus -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.lock_action = QAction(self)
        self.lock_action.setObjectName("lockAction")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_requested)
        self.password_action = QAction(self)
        self.password_action.setObjectName("changePasswordAction")
        self.password_action.triggered.connect(self.change_password)
        self.password_action.setEnabled(self.ctx.actor.user_id is not None)
        self.preferences_action = QAction(self)
        self.preferences_action.setObjectName("preferencesAction")
        self.preferences_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.preferences_action.triggered.connect(self.preferences)
        self.preferences_action.setEnabled(self.ctx.actor.user_id is not None)
        self.quit_action = QAction(self)
        self.quit_action.setObjectName("quitAction")
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.quit_requested)
        self.reset_workshop_action = QAction(self)
        self.reset_workshop_action.setObjectName("resetWorkshopAction")
        self.reset_workshop_action.triggered.connect(self.confirm_reset_workshop)
        # Only the trainer (an administrator) resets a workshop, and only a workshop vault.
        self.reset_workshop_action.setVisible(self.may_reset_workshop())
        self.addAction(self.lock_action)  # works even while the menu bar is hidden
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addAction(self.password_action)
        self.file_menu.addAction(self.preferences_action)
        self.file_menu.addSeparator()
        if self.may_reset_workshop():
            self.file_menu.addAction(self.reset_workshop_action)
            self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        install_received_files(self)  # "Import received file…" and dropping a file on the window

        self.view_menu = bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)  # language names are shown in their own language
            action.setCheckable(True)
            action.setObjectName(f"language_{code}")
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.view_menu.addSeparator()
        self.zoom_in_action = QAction(self)
        # The platform's zoom keys are usually Ctrl++ and Ctrl+- already: registering a key
        # twice makes Qt call it ambiguous and do nothing.
        self.zoom_in_action.setShortcuts(
            unique_keys(
                QKeySequence("Ctrl++"),
                QKeySequence("Ctrl+="),
                *QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn),
            )
        )
        self.zoom_in_action.triggered.connect(lambda: self.set_zoom(self.zoom + ZOOM_STEP))
        self.zoom_out_action = QAction(self)
        self.zoom_out_action.setShortcuts(
            unique_keys(
                QKeySequence("Ctrl+-"), *QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut)
            )
        )
        self.zoom_out_action.triggered.connect(lambda: self.set_zoom(self.zoom - ZOOM_STEP))
        self.zoom_reset_action = QAction(self)
        self.zoom_reset_action.setShortcut(QKeySequence("Ctrl+0"))
        self.zoom_reset_action.triggered.connect(lambda: self.set_zoom(100))
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            self.view_menu.addAction(action)
        self.presentation_action = QAction(self)
        self.presentation_action.setObjectName("presentationModeAction")
        self.presentation_action.setCheckable(True)
        self.presentation_action.setChecked(self.presenting)
        self.presentation_action.setShortcuts([QKeySequence("Ctrl+Shift+P"), QKeySequence("F11")])
        self.presentation_action.toggled.connect(self.set_presentation_mode)
        self.addAction(self.presentation_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.presentation_action)

        self.help_menu = bar.addMenu("")
        self.exercises_action = QAction(self)
        self.exercises_action.setObjectName("exercisesAction")
        self.exercises_action.triggered.connect(self.show_exercises)
        self.exercises_action.setVisible(self.workshop)
        self.participants_action = QAction(self)
        self.participants_action.setObjectName("participantsAction")
        self.participants_action.triggered.connect(self.show_participants)
        self.participants_action.setVisible(self.may_reset_workshop())
        if self.workshop:
            self.help_menu.addAction(self.exercises_action)
            if self.may_reset_workshop():
                self.help_menu.addAction(self.participants_action)
            self.help_menu.addSeparator()
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.about)
        self.help_menu.addAction(self.about_action)
        from casework.ui.navigation import Navigation

        self.navigation = Navigation(self)

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

    # --- pages -------------------------------------------------------------------------------

    @property
    def screens(self) -> list[Screen]:
        """The pages built so far (a page is built when first shown)."""
        return [p for p in self._pages if isinstance(p, Screen)]

    def page_keys(self) -> list[str]:
        """Every page's key (its screen class name), built or not, in navigation order."""
        return [p.name if isinstance(p, PageSpec) else type(p).__name__ for p in self._pages]

    def page_titles(self) -> list[str]:
        """The navigation titles, in order (built pages or not)."""
        return [p.title() for p in self._pages]

    def _connect(self, screen: Screen) -> None:
        screen.status_message.connect(self.show_status)
        if screen.watches:
            changes.follow(self.ctx, screen, screen.watches, screen.refresh)
        screen.open_case_requested.connect(self.open_case)

    def _built(self, row: int) -> Screen | None:
        """The page at `row`, built now if this is its first showing."""
        page = self._pages[row]
        if isinstance(page, Screen):
            return page
        screen = page.build(self.ctx)
        if screen is None:
            return None
        placeholder = self.stack.widget(row)
        self.stack.insertWidget(row, screen)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self._pages[row] = screen
        self._connect(screen)
        if not is_tracked(screen):
            screen.retranslate()
        return screen

    def _page_chosen(self, row: int) -> None:
        if 0 <= row < len(self._pages):
            screen = self._built(row)
            if screen is not None:
                self.stack.setCurrentWidget(screen)

    def current_screen(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def current_page_key(self) -> str:
        screen = self.current_screen()
        return type(screen).__name__ if screen is not None else ""

    def screen_named(self, key: str) -> Screen | None:
        """The page with this key, built if it was not yet; None when this user has none."""
        keys = self.page_keys()
        return self._built(keys.index(key)) if key in keys else None

    def show_page(self, key: str) -> bool:
        if self.screen_named(key) is None:
            return False
        self.nav.setCurrentRow(self.page_keys().index(key))
        return True

    def open_case(self, case_id: int) -> None:
        if not self.show_page("CasesScreen"):
            return
        screen = self.screen_named("CasesScreen")
        opener = getattr(screen, "open_case", None)
        if callable(opener):
            opener(case_id)

    _status: str = ""

    def show_status(self, message: str, timeout_ms: int = 5000) -> None:
        """A passing message in the status bar. A `live(lambda: _("Saved."))` text is made
        again in the new language when the language is switched while it shows."""
        self._status = message
        self.statusBar().showMessage(message, timeout_ms)

    def _retranslate_status(self) -> None:
        shown = self._status
        if isinstance(shown, LiveText) and self.statusBar().currentMessage() == shown:
            self.show_status(shown.again())

    # --- view --------------------------------------------------------------------------------

    def choose_language(self, lang: str) -> None:
        settings.store(self, self.ctx, settings.LANGUAGE, lang)
        settings.remember_language(lang)
        set_language(lang)

    # --- dialogs -----------------------------------------------------------------------------

    def change_password(self) -> QWidget:
        from casework.ui.admin.dialogs import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.ctx, self)
        dialog.on_saved = lambda _result: self.show_status(
            live(lambda: _("Your password was changed."))
        )
        dialog.open()
        return dialog

    def preferences(self) -> QWidget:
        dialog = settings.SettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda: self.show_status(live(lambda: _("Preferences saved."))))
        dialog.saved.connect(lambda: self.presentation_changed.emit(self.presenting))
        dialog.open()
        return dialog

    def about(self) -> None:
        from casework import __version__

        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowTitle(_("About Casework"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(_("Casework {version}").format(version=__version__))
        box.setInformativeText(
            _(
                "Case management for the rehabilitation and reintegration of released "
                "offenders and returnees. Every record is kept in an encrypted vault on this "
                "computer."
            )
        )
        box.open()

    # --- state kept per user -----------------------------------------------------------------

    def _restore_geometry(self) -> None:
        saved = settings.GEOMETRY.get(self.ctx)
        if not saved or not self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
            self.resize(1100, 720)

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
