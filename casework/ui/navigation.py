"""Keyboard navigation of the main window, listed in its menus: Ctrl+1… for the pages, Ctrl+F
to search the page, Ctrl+N for a new case, Ctrl+W to close the open case's tab.

The shell stays thin: the window hands its menus to this object, which asks the pages
through the Screen contract (`search_field()`, `close_tab()`), never by their insides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from casework.i18n import _
from casework.services.permissions import Permission
from casework.ui.retranslate import live

if TYPE_CHECKING:
    from casework.ui.main_window import MainWindow

CASES_PAGE = "CasesScreen"


class Navigation(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        bar = window.menuBar()
        file_menu = window.file_menu
        first = file_menu.actions()[0] if file_menu.actions() else None

        self.new_case_action = QAction(window)
        self.new_case_action.setObjectName("newCaseAction")
        self.new_case_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_case_action.triggered.connect(self.new_case)
        may_create = window.ctx.actor.can(Permission.EDIT_CASE_RECORDS)
        self.new_case_action.setVisible(may_create and CASES_PAGE in window.page_keys())
        self.close_tab_action = QAction(window)
        self.close_tab_action.setObjectName("closeTabAction")
        self.close_tab_action.setShortcut(QKeySequence.StandardKey.Close)
        self.close_tab_action.triggered.connect(self.close_tab)
        for action in (self.new_case_action, self.close_tab_action):
            window.addAction(action)  # also while the menu bar is hidden
        file_menu.insertAction(first, self.new_case_action)
        file_menu.insertAction(first, self.close_tab_action)
        file_menu.insertSeparator(first)

        self.edit_menu = bar.addMenu("")
        window.menuBar().insertMenu(window.view_menu.menuAction(), self.edit_menu)
        self.find_action = QAction(window)
        self.find_action.setObjectName("findAction")
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.find)
        window.addAction(self.find_action)
        self.edit_menu.addAction(self.find_action)

        self.go_menu = bar.addMenu("")
        window.menuBar().insertMenu(window.view_menu.menuAction(), self.go_menu)
        self.page_actions: list[QAction] = []
        for row, key in enumerate(window.page_keys()):
            action = QAction(window)
            action.setObjectName(f"goTo{key}")
            if row < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _c=False, r=row: window.nav.setCurrentRow(r))
            window.addAction(action)
            self.go_menu.addAction(action)
            self.page_actions.append(action)

    def retranslate(self) -> None:
        self.new_case_action.setText(_("&New case…"))
        self.close_tab_action.setText(_("&Close case tab"))
        self.edit_menu.setTitle(_("&Edit"))
        self.find_action.setText(_("&Find…"))
        self.find_action.setStatusTip(_("Go to the search field of this page."))
        self.go_menu.setTitle(_("&Go"))
        for action, title in zip(self.page_actions, self.window.page_titles(), strict=True):
            action.setText(title)

    # --- actions -------------------------------------------------------------------------------

    def new_case(self) -> None:
        if self.window.show_page(CASES_PAGE):
            screen = self.window.screen_named(CASES_PAGE)
            opener = getattr(screen, "new_case", None)
            if callable(opener):
                opener()

    def close_tab(self) -> None:
        screen = self.window.current_screen()
        if screen is not None:
            screen.close_tab()

    def find(self) -> None:
        screen = self.window.current_screen()
        field = screen.search_field() if screen is not None else None
        if field is None:
            self.window.show_status(live(lambda: _("This page has no search field.")))
            return
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        select_all = getattr(field, "selectAll", None)
        if callable(select_all):
            select_all()
