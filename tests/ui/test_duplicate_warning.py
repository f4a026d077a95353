"""Registering a person already in the vault: the new-case form warns once, naming the case."""

from __future__ import annotations

from fixtures_screens import World

from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import cases
from casework.ui.cases import CasesScreen

pytest_plugins = ["fixtures_screens"]


def test_new_case_warns_about_a_likely_duplicate_once(qtbot, world: World) -> None:
    existing = cases.get_case(world.caseworker, world.carl_case)
    screen = CasesScreen(world.caseworker)
    qtbot.addWidget(screen)
    dialog = screen.new_case()
    dialog.profile.alias.setText(existing.data.alias.upper())
    dialog.profile.country.set_value("KE")
    dialog.profile.custody.set_value(CustodyStatus.RELEASED)
    dialog.profile.category.set_value(ClientCategory.RELEASED_OFFENDER)
    dialog.ok_button.click()
    assert dialog.isVisible()  # stopped, input kept
    assert existing.reference in dialog.message.text()
    assert "same alias" in dialog.message.text()
    dialog.ok_button.click()  # the caseworker decides it is someone else
    assert existing.reference not in dialog.message.text() or not dialog.isVisible(), (
        dialog.message.text()
    )
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(screen.workspaces()) == 1
