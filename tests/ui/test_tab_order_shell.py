"""Tab order before a session: the login window (vault and office server) and every page of
the first-run wizard walk in reading order, with no trap (issue 11: every form)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from tab_walk import check_tab_order

from casework.i18n import set_language
from casework.ui.first_run import FirstRunWizard
from casework.ui.login import LoginWindow


def _active(qtbot, window: QWidget) -> None:  # noqa: ANN001
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_login_window(qtbot, shell_vault: Path, language: str) -> None:  # noqa: ANN001
    set_language(language)
    window = LoginWindow(shell_vault)
    _active(qtbot, window)
    window.password.setFocus()
    check_tab_order(qtbot, window, "login window")
    window.server.server_button.click()  # "Office server": address and CA file join the walk
    window.password.setFocus()
    check_tab_order(qtbot, window, "login window, office server")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_first_run_wizard_pages(qtbot, tmp_path: Path, language: str) -> None:  # noqa: ANN001
    set_language(language)
    wizard = FirstRunWizard(tmp_path / "vault")
    _active(qtbot, wizard)
    check_tab_order(qtbot, wizard, "wizard: welcome")
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.keyClicks(wizard.organisation.name, "Sahel Hope")
    wizard.organisation.set_country("ML")
    wizard.organisation.name.setFocus()
    check_tab_order(qtbot, wizard, "wizard: organisation")
    wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.admin.username.setFocus()
    check_tab_order(qtbot, wizard, "wizard: administrator")
