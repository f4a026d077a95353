"""The first-run wizard creates a vault and shows the recovery key once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from shell_helpers import ADMIN_PASSWORD

from casework.i18n import set_language, translator
from casework.store.vault import Vault, is_vault
from casework.ui.first_run import FirstRunWizard


def _fill_until_admin(qtbot, wizard: FirstRunWizard) -> None:  # noqa: ANN001
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.organisation
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    qtbot.keyClicks(wizard.organisation.name, "Sahel Hope")
    wizard.organisation.set_country("ML")
    assert next_button.isEnabled()
    next_button.click()
    assert wizard.currentPage() is wizard.admin


def test_first_run_creates_the_vault_and_shows_the_recovery_key_once(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "vault"
    wizard = FirstRunWizard(folder)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_until_admin(qtbot, wizard)

    page = wizard.admin
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    qtbot.keyClicks(page.username, "ada")
    qtbot.keyClicks(page.display_name, "Ada Admin")
    qtbot.keyClicks(page.passwords.password, "password123")
    qtbot.keyClicks(page.passwords.confirm, "password123")
    assert not commit.isEnabled()
    assert page.passwords.advice.text()  # translated advice is shown while typing
    page.passwords.clear()
    qtbot.keyClicks(page.passwords.password, ADMIN_PASSWORD)
    qtbot.keyClicks(page.passwords.confirm, ADMIN_PASSWORD + "x")
    assert not commit.isEnabled()
    assert "not the same" in page.passwords.advice.text()
    page.passwords.confirm.setText(ADMIN_PASSWORD)
    assert commit.isEnabled()

    with qtbot.waitSignal(wizard.vault_created, raising=True) as created:
        commit.click()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery)
        key = wizard.recovery.key.text()
        assert len(key.replace("-", "")) >= 20
        finish = wizard.button(QWizard.WizardButton.FinishButton)
        assert not finish.isEnabled()  # the key must be confirmed as stored first
        assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
        wizard.recovery.stored.setChecked(True)
        assert finish.isEnabled()
        finish.click()
    vault = created.args[0]
    try:
        assert isinstance(vault, Vault) and vault.opened_by == "ada"
        assert is_vault(folder)
        assert wizard.recovery.key.text() == ""  # shown once, not kept
    finally:
        vault.close()
    Vault.open_with_recovery(folder, key).close()
    Vault.open(folder, "ada", ADMIN_PASSWORD).close()


def test_country_list_is_grouped_by_translated_subregion(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    wizard = FirstRunWizard(tmp_path / "vault")
    qtbot.addWidget(wizard)
    texts = [
        wizard.organisation.country.itemText(i) for i in range(wizard.organisation.country.count())
    ]
    assert "Greater Horn of Africa" in texts
    assert any("Mali" in t for t in texts)
    header = texts.index("Sahel-Maghreb")
    assert not wizard.organisation.countries.item(header).isSelectable()
    set_language("fr")
    texts = [
        wizard.organisation.country.itemText(i) for i in range(wizard.organisation.country.count())
    ]
    assert translator("fr").gettext("Greater Horn of Africa") in texts
    assert any("Éthiopie" in t for t in texts)
    assert wizard.windowTitle() == translator("fr").gettext("Casework — set up")


def test_language_page_switches_the_wizard_live(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    wizard = FirstRunWizard(tmp_path / "vault")
    qtbot.addWidget(wizard)
    wizard.show()
    combo = wizard.language.language
    combo.setCurrentIndex(combo.findData("fr"))
    assert wizard.language.title() == translator("fr").gettext("Welcome to Casework")
    assert wizard.language.title() != "Welcome to Casework"
    assert Qt  # keep the import for keyboard tests below


def test_creation_error_is_shown_inline(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "something.txt").write_text("not empty")
    wizard = FirstRunWizard(folder)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_until_admin(qtbot, wizard)
    wizard.admin.username.setText("ada")
    wizard.admin.passwords.password.setText(ADMIN_PASSWORD)
    wizard.admin.passwords.confirm.setText(ADMIN_PASSWORD)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.admin.error.isVisible())
    assert "already exists" in wizard.admin.error.text()
    assert wizard.currentPage() is wizard.admin


def test_cancel_while_the_vault_is_being_created_leaves_no_vault(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from casework.ui.background import use_synchronous_pool

    folder = tmp_path / "vault"
    wizard = FirstRunWizard(folder)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_until_admin(qtbot, wizard)
    page = wizard.admin
    qtbot.keyClicks(page.username, "ada")
    qtbot.keyClicks(page.display_name, "Ada Admin")
    page.passwords.password.setText(ADMIN_PASSWORD)
    page.passwords.confirm.setText(ADMIN_PASSWORD)
    use_synchronous_pool(False)  # a real job, still running when Cancel is pressed
    try:
        with qtbot.waitSignal(wizard.rejected, timeout=20_000):
            wizard.button(QWizard.WizardButton.CommitButton).click()
            assert wizard.creating
            wizard.button(QWizard.WizardButton.CancelButton).click()
            assert wizard.isVisible()  # waits for the job rather than leaving it behind
    finally:
        use_synchronous_pool(True)
    assert not folder.exists() and not is_vault(folder)
    assert wizard.vault is None and wizard.recovery_key == ""
