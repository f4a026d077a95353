"""The plan tab offers only what can be done: removing a review date needs one chosen, the
empty review list names Schedule review… only where that button is, and a goal's "why it was
dropped" is asked of a dropped goal only."""

from __future__ import annotations

from fixtures_screens import World
from PySide6.QtWidgets import QLabel
from test_cases_workspace import _approved_plan, _goal, _screen

from casework.model.enums import GoalStatus
from casework.services import plans

pytest_plugins = ["fixtures_screens"]


def _empty_text(view) -> str:  # noqa: ANN001
    label = view.viewport().findChild(QLabel, "emptyState")
    return label.text() if label is not None and not label.isHidden() else ""


def test_remove_review_date_waits_for_a_date_to_be_chosen(qtbot, world: World) -> None:
    plan_id = _approved_plan(world)
    plans.add_review_date(world.caseworker, plan_id, world.caseworker.today())
    ws = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    tab = ws.show_tab(ws.plan)
    assert tab.b_unreview.isVisibleTo(tab) and not tab.b_unreview.isEnabled()
    tab.reviews.setCurrentRow(0)
    assert tab.b_unreview.isEnabled()
    tab.b_unreview.click()
    assert tab.reviews.count() == 0 and not tab.b_unreview.isEnabled()


def test_the_empty_review_list_names_only_a_button_that_is_there(qtbot, world: World) -> None:
    plan_id = plans.create_plan(world.caseworker, world.carl_case)
    _goal(world.caseworker, plan_id)
    ws = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    tab = ws.show_tab(ws.plan)
    assert "Schedule review…" in _empty_text(tab.reviews)  # a draft: the button is there
    tab.b_submit.click()
    assert not tab.b_review.isVisibleTo(tab)
    text = _empty_text(tab.reviews)
    assert "No review dates agreed yet." in text and "Schedule review" not in text


def test_why_a_goal_was_dropped_is_asked_of_a_dropped_goal(qtbot, world: World) -> None:
    plans.create_plan(world.caseworker, world.carl_case)
    ws = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    tab = ws.show_tab(ws.plan)
    tab.b_goal.click()
    dialog = tab.dialog
    assert not dialog.dropped.isEnabled()  # "not started"
    dialog.status.set_value(GoalStatus.DROPPED)
    assert dialog.dropped.isEnabled()
    dialog.dropped.setText("The client moved to another region")
    dialog.status.set_value(GoalStatus.IN_PROGRESS)
    assert not dialog.dropped.isEnabled()
    assert dialog.dropped.text() == "The client moved to another region"  # kept meanwhile
    assert dialog.value().dropped_reason == ""  # not saved with a goal that was not dropped
    dialog.reject()
