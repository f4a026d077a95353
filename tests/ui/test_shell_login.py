"""Logging in: right and wrong passwords, errors inline and re-translated, recovery key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from shell_helpers import ADMIN, ADMIN_PASSWORD

from casework.errors import WrongCredentials
from casework.i18n import translator
from casework.store.vault import Vault
from casework.ui.login import LoginWindow


def _login(qtbot, folder: Path) -> LoginWindow:  # noqa: ANN001
    window = LoginWindow(folder)
    qtbot.addWidget(window)
    window.show()
    return window


def test_right_password_unlocks_with_enter(qtbot, shell_vault: Path) -> None:  # noqa: ANN001
    window = _login(qtbot, shell_vault)
    qtbot.keyClicks(window.username, ADMIN)
    qtbot.keyClicks(window.password, ADMIN_PASSWORD)
    with qtbot.waitSignal(window.unlocked) as unlocked:
        qtbot.keyClick(window.password, Qt.Key.Key_Return)
    vault = unlocked.args[0]
    try:
        assert isinstance(vault, Vault) and vault.opened_by == ADMIN
        assert window.password.text() == ""
        assert not window.error.isVisible()
    finally:
        vault.close()


def test_wrong_password_shows_an_inline_error_that_follows_the_language(
    qtbot, shell_vault: Path
) -> None:  # noqa: ANN001
    window = _login(qtbot, shell_vault)
    window.username.setText(ADMIN)
    window.password.setText("not the right password at all")
    with qtbot.assertNotEmitted(window.unlocked):
        window.unlock_button.click()
    qtbot.waitUntil(window.error.isVisible)
    english = WrongCredentials.default_message
    assert window.error.text() == english
    assert window.password.text() == ""
    window.language.setCurrentIndex(window.language.findData("fr"))
    french = translator("fr").gettext(english)
    assert french != english
    assert window.error.text() == french
    assert window.unlock_button.text() == translator("fr").gettext("&Unlock")


def test_unknown_folder_is_reported_inline(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    window = _login(qtbot, tmp_path / "nothing-here")
    window.username.setText(ADMIN)
    window.password.setText(ADMIN_PASSWORD)
    window.submit()
    qtbot.waitUntil(window.error.isVisible)
    assert "does not contain a Casework vault" in window.error.text()


def test_recovery_key_opens_the_vault(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "vault"
    vault, key = Vault.create(
        folder, organisation="Sahel Hope", admin_username=ADMIN, admin_password=ADMIN_PASSWORD
    )
    vault.close()
    window = _login(qtbot, folder)
    window.mode_button.click()
    assert window.recovery.isVisible() and not window.password.isVisible()
    window.recovery.setText("AAAA-BBBB")
    window.submit()
    qtbot.waitUntil(window.error.isVisible)
    window.recovery.setText(key)
    with qtbot.waitSignal(window.unlocked) as unlocked:
        window.submit()
    unlocked.args[0].close()


def test_launcher_shows_login_or_wizard_and_a_real_vault_is_no_workshop(
    qtbot, shell_vault, tmp_path
) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    from casework.ui.application import Launcher, parse_options

    launcher = Launcher(parse_options(["--vault", str(shell_vault), "--workshop", "--lang", "fr"]))
    launcher.start()
    login = launcher.session.login
    qtbot.addWidget(login)
    assert login.isVisible() and launcher.wizard is None
    # --workshop on a real vault: no training accounts, no banner, and the trainer is told why.
    assert not login.workshop and not login.accounts.isVisible() and not login.banner.isVisible()
    notice = login.findChild(QMessageBox, "notAWorkshop")
    assert notice is not None and notice.isVisible()
    notice.close()
    fresh = Launcher(parse_options(["--vault", str(tmp_path / "new")]))
    fresh.start()
    assert fresh.wizard is not None
    qtbot.addWidget(fresh.wizard)
    assert fresh.wizard.isVisible() and not fresh.session.login.isVisible()
    assert parse_options([]).vault.name == "vault"
