"""Two people editing the same record, as the second one sees it: the save is refused, the
colleague's saved version is shown beside the unsaved one, and the user reloads theirs (their
own text kept to copy) or overwrites it deliberately. Real widgets, real vault, two logins."""

from __future__ import annotations

from dataclasses import replace

import pytest
from occ_races import new_case
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QTableWidget

from casework.i18n import set_language
from casework.model.enums import LifeDomain
from casework.services import cases, plans
from casework.ui.cases.plan_dialogs import GoalDialog
from casework.ui.cases.profile_tab import ProfileTab
from casework.ui.widgets.conflict import ConflictDialog


def _goal(office) -> tuple[int, plans.GoalRow]:
    plan_id = plans.create_plan(office.caseworker, new_case(office.caseworker))
    plans.add_goal(office.caseworker, plan_id, plans.GoalInput(LifeDomain.HOUSING, "A room"))
    return plan_id, plans.get_plan(office.caseworker, plan_id).goals[0]


def _conflict(qtbot, parent) -> ConflictDialog:  # noqa: ANN001
    qtbot.waitUntil(lambda: parent.findChild(ConflictDialog) is not None)
    dialog = parent.findChild(ConflictDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _table(dialog: ConflictDialog) -> list[list[str]]:
    table = dialog.findChild(QTableWidget, "conflictTable")
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def _saved_goal(office, plan_id: int) -> str:
    return plans.get_plan(office.supervisor, plan_id).goals[0].goal


def _edit_goal_after_sara(qtbot, office):  # noqa: ANN001, ANN202
    plan_id, goal = _goal(office)
    form = GoalDialog(office.caseworker, plan_id, goal)
    qtbot.addWidget(form)
    form.show()
    plans.update_goal(office.supervisor, goal.id, plans.GoalInput(LifeDomain.HOUSING, "A flat"))
    form.goal_text.setPlainText("A room near the workshop")
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    return plan_id, form, _conflict(qtbot, form)


def test_reload_shows_theirs_and_keeps_mine_to_copy(qtbot, office):
    plan_id, form, dialog = _edit_goal_after_sara(qtbot, office)
    assert "Changed by Sara Supervisor at" in dialog.message.text()
    rows = _table(dialog)
    assert rows[0][1:] == ["A flat", "A room near the workshop"]  # differing field first
    assert form.isVisible(), "the form stays open, nothing saved"
    assert _saved_goal(office, plan_id) == "A flat"
    qtbot.mouseClick(dialog.findChild(QPushButton, "copyMine"), Qt.MouseButton.LeftButton)
    assert "A room near the workshop" in QApplication.clipboard().text()
    qtbot.mouseClick(dialog.findChild(QPushButton, "reloadTheirs"), Qt.MouseButton.LeftButton)
    assert form.goal_text.toPlainText() == "A flat"
    assert form.kept.isVisible()
    assert "A room near the workshop" in form.kept.text.toPlainText()
    form.goal_text.setPlainText("A flat, near the workshop")  # merged by hand
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert _saved_goal(office, plan_id) == "A flat, near the workshop"


def test_overwrite_saves_mine_deliberately(qtbot, office):
    plan_id, form, dialog = _edit_goal_after_sara(qtbot, office)
    qtbot.mouseClick(dialog.findChild(QPushButton, "overwriteTheirs"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert _saved_goal(office, plan_id) == "A room near the workshop"


def test_keep_editing_saves_nothing(qtbot, office):
    plan_id, form, dialog = _edit_goal_after_sara(qtbot, office)
    qtbot.mouseClick(dialog.findChild(QPushButton, "keepEditing"), Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.goal_text.toPlainText() == "A room near the workshop"
    assert _saved_goal(office, plan_id) == "A flat"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_dialog_speaks_the_users_language(qtbot, office, lang):
    set_language(lang)
    _plan_id, _form, dialog = _edit_goal_after_sara(qtbot, office)
    assert "Sara Supervisor" in dialog.message.text()
    assert "Changed by" not in dialog.message.text()
    overwrite = dialog.findChild(QPushButton, "overwriteTheirs").text()
    assert overwrite and overwrite != "Overwrite with mine"


def test_the_case_profile_refuses_then_overwrites(qtbot, office):
    case_id = new_case(office.caseworker)
    tab = ProfileTab(office.caseworker, case_id, restricted_visible=True)
    qtbot.addWidget(tab)
    tab.load(cases.get_case(office.caseworker, case_id))
    tab.show()
    theirs = replace(cases.get_case(office.supervisor, case_id).data, locality="Garissa")
    cases.update_case(office.supervisor, case_id, theirs)
    tab.form.widgets["locality"].setText("Mombasa")
    assert tab.save() is False
    dialog = _conflict(qtbot, tab)
    assert ["Garissa", "Mombasa"] in [row[1:] for row in _table(dialog)]
    assert cases.get_case(office.supervisor, case_id).data.locality == "Garissa"
    qtbot.mouseClick(dialog.findChild(QPushButton, "overwriteTheirs"), Qt.MouseButton.LeftButton)
    assert cases.get_case(office.supervisor, case_id).data.locality == "Mombasa"
