"""Registering a person already in the vault: the new-case form warns once, naming the case."""

from __future__ import annotations

from fixtures_screens import World

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
    dialog.ok_button.click()
    assert dialog.isVisible()  # stopped, input kept
    assert existing.reference in dialog.message.text()
    assert "same alias" in dialog.message.text()
    dialog.ok_button.click()  # the caseworker decides it is someone else
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(screen.workspaces()) == 1
