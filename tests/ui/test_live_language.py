"""A live switch to French leaves no English on screen: not in the pages' fixed texts, and not
in the passing ones made from state either (a date warning, a form's refusal, the status bar,
counts, hints, a returned plan's note)."""

from __future__ import annotations

import datetime as dt

from fixtures_screens import World
from language_check import english_left
from PySide6.QtWidgets import QApplication, QLabel

from casework.i18n import set_language
from casework.services import plans
from casework.ui.cases.tabs import TaskDialog
from casework.ui.main_window import MainWindow
from casework.ui.widgets.dates import set_date

pytest_plugins = ["fixtures_screens"]


def _returned_plan(world: World) -> None:
    from casework.model.enums import LifeDomain
    from casework.services.plans import GoalInput

    cw = world.caseworker
    plan_id = plans.create_plan(cw, world.carl_case, "A job and a quiet place to live.")
    plans.add_goal(cw, plan_id, GoalInput(LifeDomain.EMPLOYMENT, "Find steady work"))
    plans.submit_plan(cw, plan_id)
    plans.return_plan(world.supervisor, plan_id, "Add a housing goal before approval.")


def test_passing_texts_follow_a_live_switch_to_french(qtbot, world: World) -> None:
    _returned_plan(world)
    window = MainWindow(world.caseworker)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    window.open_case(world.carl_case)
    workspace = window.screen_named("CasesScreen").workspaces()[0]
    workspace.tabs.setCurrentWidget(workspace.plan)
    window.set_zoom(110)  # "Zoom: 110 %" in the status bar
    dialog = TaskDialog(world.caseworker, world.carl_case, [("Carl", 1)], window)
    dialog.show()
    set_date(dialog.due, dt.date.today() + dt.timedelta(days=70 * 365))
    dialog.ok_button.click()  # no title: refused, the message under the field
    warning = dialog.findChild(QLabel, "warning_due_on")
    assert warning.isVisible() and "years ahead" in warning.text()
    assert dialog.message.isVisible() and dialog.message.text()
    before = english_left()  # the check itself: in English it finds these very texts
    assert any("Zoom: 110 %" in t for t in before) and any("years ahead" in t for t in before)
    set_language("fr")
    QApplication.processEvents()  # Qt's own strings follow on the LanguageChange event
    assert "ans" in warning.text() and "years" not in warning.text()
    assert english_left() == []
    dialog.reject()
    for key in window.page_keys():
        window.show_page(key)
        assert english_left() == [], key
    assert "fiches" in window.screen_named("DirectoryScreen").count.text()


def test_every_page_built_in_english_reads_french_after_the_switch(qtbot, world: World) -> None:
    window = MainWindow(world.supervisor)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    for key in window.page_keys():  # built (and filled) in English first
        window.show_page(key)
    window.open_case(world.carl_case)
    workspace = window.screen_named("CasesScreen").workspaces()[0]
    set_language("fr")
    QApplication.processEvents()  # Qt's own strings follow on the LanguageChange event
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
        assert english_left() == [], workspace.tabs.tabText(index)
    for key in window.page_keys():
        window.show_page(key)
        assert english_left() == [], key
    assert "fiches" in window.screen_named("DirectoryScreen").count.text()


def test_a_workspace_opened_in_french_reads_french_from_the_start(qtbot, world: World) -> None:
    """Its texts are set as they are registered (no second pass when it starts following the
    language): nothing is left in English, in the header, the profile or the tab bar."""
    set_language("fr")
    QApplication.processEvents()
    window = MainWindow(world.supervisor)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    window.open_case(world.carl_case)
    workspace = window.screen_named("CasesScreen").workspaces()[0]
    assert workspace.tabs.currentWidget() is workspace.profile
    assert english_left() == []
    assert workspace.tabs.tabText(0) != "Profile"


def test_a_dialogs_named_button_keeps_its_name_across_a_switch(qtbot, world: World) -> None:
    """Qt names a button box's standard buttons again ("OK") on the language change event,
    after the dialog's own texts were set: "Record consent" must not turn into "OK"."""
    from casework.ui.cases.consents_tab import ConsentDialog

    dialog = ConsentDialog(world.caseworker, world.carl_case)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ok_button.text() == "Record consent"
    set_language("fr")
    qtbot.wait(100)  # the LanguageChange event reaches the button box
    assert dialog.ok_button.text() == "Enregistrer un consentement"
    set_language("en")
    qtbot.wait(100)
    assert dialog.ok_button.text() == "Record consent"
