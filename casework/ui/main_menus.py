"""The main window's menus (File, View, Help) and what their entries open: the language, the
password and preferences dialogs, About. Mixed into MainWindow (casework/ui/main_window.py), which
provides the signals, the status bar and the zoom, presentation and workshop entries' handlers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from casework.i18n import LANGUAGES, _, set_language
from casework.ui import settings
from casework.ui.exchange.window import install as install_received_files
from casework.ui.retranslate import live
from casework.ui.settings_dialog import SettingsDialog
from casework.ui.view_scale import ZOOM_STEP, unique_keys

if TYPE_CHECKING:
    from casework.services.context import ServiceContext
    from casework.ui.navigation import Navigation


class MainMenusMixin:
    """The menu bar and its actions (mixed into MainWindow)."""

    ctx: ServiceContext
    workshop: bool
    zoom: int
    presenting: bool
    navigation: Navigation

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
        dialog = SettingsDialog(self.ctx, self)
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
