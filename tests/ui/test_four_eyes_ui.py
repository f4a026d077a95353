"""The four-eyes rule on screen: the approve button says why it is unavailable, and the
Administration page switches the rule (English and French)."""

from __future__ import annotations

from fixtures_screens import World

from casework.i18n import set_language
from casework.model.enums import LifeDomain
from casework.services import four_eyes, plans
from casework.ui.admin import AdminScreen
from casework.ui.cases import CasesScreen

pytest_plugins = ["fixtures_screens"]

EN = "Four-eyes rule: you wrote or submitted this plan, so another supervisor must approve it."
FR = (
    "Règle des quatre yeux\u00a0: vous avez rédigé ou soumis ce plan\u00a0; "
    "un autre superviseur doit l'approuver."
)


def _submitted_plan(writer, submitter, case_id: int) -> int:  # noqa: ANN001
    plan_id = plans.create_plan(writer, case_id)
    plans.add_goal(writer, plan_id, plans.GoalInput(LifeDomain.HOUSING, "A room of her own"))
    plans.submit_plan(submitter, plan_id)
    return plan_id


def _plan_tab(qtbot, ctx, case_id: int):  # noqa: ANN001, ANN202
    screen = CasesScreen(ctx)
    qtbot.addWidget(screen)
    ws = screen.open_case(case_id)
    return ws.show_tab(ws.plan)  # a tab loads when first shown, as a click on it does


def test_the_approve_button_explains_why_it_is_unavailable(qtbot, world: World) -> None:
    _submitted_plan(world.supervisor, world.supervisor, world.carl_case)
    tab = _plan_tab(qtbot, world.supervisor, world.carl_case)
    assert tab.b_approve.isVisibleTo(tab) and not tab.b_approve.isEnabled()
    assert tab.b_approve.toolTip() == EN
    assert tab.four_eyes_note.isVisibleTo(tab) and tab.four_eyes_note.text() == EN
    assert tab.b_return.isEnabled()  # returning it for changes stays open
    set_language("fr")
    assert tab.b_approve.toolTip() == FR and tab.four_eyes_note.text() == FR


def test_the_approve_button_is_open_on_a_caseworkers_plan(qtbot, world: World) -> None:
    _submitted_plan(world.caseworker, world.caseworker, world.carl_case)
    tab = _plan_tab(qtbot, world.supervisor, world.carl_case)
    assert tab.b_approve.isVisibleTo(tab) and tab.b_approve.isEnabled()
    assert tab.b_approve.toolTip() == "" and not tab.four_eyes_note.isVisibleTo(tab)


def test_the_administration_page_switches_the_rule(qtbot, world: World) -> None:
    admin = world.office.admin  # type: ignore[attr-defined]
    screen = AdminScreen(admin)
    qtbot.addWidget(screen)
    screen.show()
    rules = screen.users.rules
    qtbot.waitUntil(lambda: screen.users.model.rowCount() > 0)
    assert rules.isVisibleTo(screen) and rules.four_eyes.isChecked()
    assert rules.four_eyes.text().startswith("Four-eyes rule")
    messages: list[str] = []
    screen.users.status_message.connect(messages.append)
    rules.four_eyes.setChecked(False)
    assert not four_eyes.is_on(admin)
    assert messages == ["Four-eyes rule switched off."]
    # The supervisor's own plan may now be approved: the button is open.
    _submitted_plan(world.supervisor, world.supervisor, world.carl_case)
    tab = _plan_tab(qtbot, world.supervisor, world.carl_case)
    assert tab.b_approve.isEnabled()
    set_language("fr")
    assert rules.title() == "Règles du service"
    assert rules.four_eyes.text().startswith("Règle des quatre yeux")
    rules.four_eyes.setChecked(True)
    assert four_eyes.is_on(admin)
    assert messages[-1] == "Règle des quatre yeux activée."
