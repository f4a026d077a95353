"""The keyboard: page shortcuts listed in the menus, Ctrl+F, Ctrl+N, Ctrl+W, and Tab that
leaves every field of a form (no trap in an empty optional date)."""

from __future__ import annotations

from fixtures_screens import World
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from casework.ui.main_window import MainWindow
from casework.ui.widgets.dates import OptionalDate

pytest_plugins = ["fixtures_screens"]


def _window(qtbot, ctx) -> MainWindow:  # noqa: ANN001
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def test_page_shortcuts_are_listed_in_the_go_menu_and_work(qtbot, world: World) -> None:
    window = _window(qtbot, world.caseworker)
    go = window.navigation.go_menu
    listed = [(a.text(), a.shortcut().toString()) for a in go.actions()]
    assert listed[0] == ("Cases", "Ctrl+1")
    assert ("My tasks", "Ctrl+2") in listed
    window.navigation.page_actions[2].trigger()
    assert window.current_page_key() == "ReferralsScreen"
    file_shortcuts = {a.objectName(): a.shortcut() for a in window.file_menu.actions()}
    assert file_shortcuts["newCaseAction"].matches(QKeySequence("Ctrl+N"))
    assert file_shortcuts["closeTabAction"].matches(QKeySequence("Ctrl+W"))


def test_ctrl_f_goes_to_the_search_of_the_page(qtbot, world: World) -> None:
    window = _window(qtbot, world.caseworker)
    cases = window.screen_named("CasesScreen")
    window.open_case(world.carl_case)
    assert cases.tabs.currentWidget() is not cases.list
    window.navigation.find_action.trigger()
    assert cases.tabs.currentWidget() is cases.list
    qtbot.waitUntil(cases.list.search.hasFocus)
    window.show_page("DirectoryScreen")
    window.navigation.find_action.trigger()
    qtbot.waitUntil(window.screen_named("DirectoryScreen").search.hasFocus)


def test_ctrl_n_opens_a_new_case_and_ctrl_w_closes_the_case_tab(qtbot, world: World) -> None:
    window = _window(qtbot, world.caseworker)
    window.show_page("TasksScreen")
    window.navigation.new_case_action.trigger()
    cases = window.screen_named("CasesScreen")
    assert window.current_page_key() == "CasesScreen"
    dialog = cases.new_case_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    window.open_case(world.carl_case)
    assert len(cases.workspaces()) == 1
    window.navigation.close_tab_action.trigger()
    assert cases.workspaces() == []


def test_tab_walks_through_the_new_case_form_without_a_trap(qtbot, world: World) -> None:
    window = _window(qtbot, world.caseworker)
    dialog = window.screen_named("CasesScreen").new_case()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    form = dialog.profile
    form.alias.setFocus()
    qtbot.waitUntil(form.alias.hasFocus)
    seen: list[QWidget] = []
    for _ in range(60):
        focus = QApplication.focusWidget()
        if focus is dialog.ok_button:
            break
        seen.append(focus)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.ok_button, [w.objectName() for w in seen[-5:]]
    assert any(isinstance(w, OptionalDate) for w in seen)  # passed through, not stuck in it
    names = [w.objectName() for w in seen if w.objectName().startswith("field_")]
    # Every enabled field, once each, in the order they are shown (top to bottom).
    shown = [f"field_{n}" for n, w in form.widgets.items() if w.isEnabled()]
    assert names == shown
    assert form.widgets["alias"].maxLength() == 80
    assert isinstance(form.widgets["alias"], QLineEdit)
