"""Every page in Arabic at 1024×700: mirrored (right to left) and nothing cut off.

"Cut" means what a user would miss: a button, label or check box narrower than its own text, a
widget reaching past the window's edge, or a window that cannot shrink to the screen size.
Names typed in Latin script in the Arabic interface, and in Arabic in the English one, are
shown isolated in lists so they keep their own direction."""

from __future__ import annotations

import pytest
from fixtures_screens import make_case, world  # noqa: F401 - the fixture
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QTabBar,
    QWidget,
)

from casework.i18n import FSI, PDI, set_language
from casework.ui.main_window import MainWindow

RTL = Qt.LayoutDirection.RightToLeft
WIDTH, HEIGHT = 1024, 700


def _cut_widgets(window: QWidget, page: QWidget) -> list[str]:
    """Visible buttons and one-line labels of `page` that do not show all their text, or that
    lie outside the window."""
    problems = []
    for w in page.findChildren(QWidget):
        if not w.isVisible() or w.width() <= 0 or isinstance(w, QTabBar):
            continue
        if w.window() is not window:
            continue
        top_left = w.mapTo(window, QPoint(0, 0))
        if top_left.x() < 0 or top_left.x() + w.width() > window.width() + 1:
            problems.append(f"{type(w).__name__} {w.objectName()!r} outside the window")
        text = ""
        if (
            isinstance(w, QAbstractButton)
            or isinstance(w, QLabel)
            and not w.wordWrap()
            and w.textFormat() != Qt.TextFormat.RichText
        ):
            text = w.text()
        elif isinstance(w, QComboBox):
            text = w.currentText()
        if text and w.width() + 1 < w.minimumSizeHint().width():
            problems.append(
                f"{type(w).__name__} {text!r}: {w.width()} px for {w.minimumSizeHint().width()}"
            )
    return problems


def _check_page(qtbot, window: MainWindow, key: str) -> None:  # noqa: ANN001
    assert window.show_page(key), key
    QApplication.processEvents()
    page = window.screen_named(key)
    assert page is not None
    assert page.layoutDirection() == RTL, key
    # Navigation on the right, the page on the left of it.
    nav_x = window.nav.mapTo(window, QPoint(0, 0)).x()
    assert nav_x > page.mapTo(window, QPoint(0, 0)).x(), key
    problems = _cut_widgets(window, page)
    assert not problems, f"{key}: " + "; ".join(problems)


def _window(qtbot, ctx) -> MainWindow:  # noqa: ANN001
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(WIDTH, HEIGHT)
    window.show()
    qtbot.waitExposed(window)
    hint = window.minimumSizeHint()
    assert hint.width() <= WIDTH and hint.height() <= HEIGHT, hint
    assert window.width() == WIDTH and window.height() == HEIGHT
    return window


@pytest.mark.parametrize("who", ["supervisor", "caseworker", "admin"])
def test_every_page_in_arabic_fits_1024_by_700(qtbot, world, who) -> None:  # noqa: ANN001, F811
    set_language("ar")
    ctx = getattr(world.office, who)
    window = _window(qtbot, ctx)
    assert window.layoutDirection() == RTL
    keys = window.page_keys()
    assert keys
    for key in keys:
        _check_page(qtbot, window, key)
    window.close_for_session()


def test_case_workspace_in_arabic_fits(qtbot, world) -> None:  # noqa: ANN001, F811
    set_language("ar")
    window = _window(qtbot, world.supervisor)
    window.open_case(world.carl_case)
    QApplication.processEvents()
    screen = window.screen_named("CasesScreen")
    workspace = screen.tabs.currentWidget()
    assert workspace is not screen.list
    assert workspace.layoutDirection() == RTL
    for i in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        problems = _cut_widgets(window, workspace)
        assert not problems, f"tab {workspace.tabs.tabText(i)}: " + "; ".join(problems)
    window.close_for_session()


def test_names_keep_their_direction_in_lists(qtbot, world) -> None:  # noqa: ANN001, F811
    make_case(world.supervisor, "أمينة بنت علي")
    set_language("ar")
    window = _window(qtbot, world.supervisor)
    window.show_page("CasesScreen")
    QApplication.processEvents()
    model = window.screen_named("CasesScreen").list.model
    shown = [
        model.data(model.index(r, c))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]
    assert f"{FSI}أمينة بنت علي{PDI}" in shown  # an Arabic name, isolated
    assert all(s.startswith(FSI) and s.endswith(PDI) for s in shown if s)  # Latin too, in Arabic
    set_language("en")
    shown = [
        model.data(model.index(r, c))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]
    assert f"{FSI}أمينة بنت علي{PDI}" in shown  # still isolated in an English list
    assert "Amina Carlcase" in shown  # Latin text unchanged in English
    window.close_for_session()


def test_text_fields_start_on_the_right_in_arabic(qtbot) -> None:  # noqa: ANN001
    from casework.ui.widgets.forms import text_edit

    edit = text_edit()
    qtbot.addWidget(edit)
    edit.resize(400, 100)
    edit.setPlainText("أريد حياة عادية")
    edit.show()

    def first_line_x() -> float:
        QApplication.processEvents()
        return edit.document().firstBlock().layout().lineAt(0).naturalTextRect().x()

    assert first_line_x() < 100
    set_language("ar")  # live switch: the field follows
    assert edit.layoutDirection() == RTL
    assert first_line_x() > 200
    set_language("en")
    assert first_line_x() < 100


def test_arabic_alias_in_a_french_title_keeps_its_direction(qtbot, world) -> None:  # noqa: ANN001, F811
    case_id = make_case(world.supervisor, "أمينة بنت علي")
    set_language("fr")
    window = _window(qtbot, world.supervisor)
    window.open_case(case_id)
    QApplication.processEvents()
    screen = window.screen_named("CasesScreen")
    title = screen.tabs.tabText(screen.tabs.currentIndex())
    assert title.endswith(f"· {FSI}أمينة بنت علي{PDI}")
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    window.close_for_session()


def test_plan_goals_typed_in_english_keep_their_full_stop_in_arabic(qtbot, world) -> None:  # noqa: ANN001, F811
    """A goal typed in English, shown in the Arabic interface, is isolated: its full stop stays
    at its end instead of jumping to its start (".Join the youth sports club")."""
    from casework.model.enums import LifeDomain
    from casework.services import plans

    cw = world.caseworker
    plan_id = plans.create_plan(cw, world.carl_case)
    goal = plans.add_goal(cw, plan_id, plans.GoalInput(LifeDomain.SOCIAL_NETWORK, "Join the club."))
    plans.add_action(cw, goal, plans.ActionInput("Visit the coach."))
    window = _window(qtbot, cw)
    window.open_case(world.carl_case)
    workspace = window.screen_named("CasesScreen").tabs.currentWidget()
    tab = workspace.show_tab(workspace.plan)
    goal_item = tab.tree.topLevelItem(0).child(0)
    assert goal_item.text(0) == "Join the club."  # English: unchanged
    set_language("ar")
    goal_item = tab.tree.topLevelItem(0).child(0)
    assert goal_item.text(0) == f"{FSI}Join the club.{PDI}"
    assert goal_item.child(0).text(0) == f"{FSI}Visit the coach.{PDI}"
    window.close_for_session()
