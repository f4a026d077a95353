"""Workshop mode on screen: making and opening the training vault, the accounts on the login
window (never for a real vault), the banner in both languages, resetting, the exercises and
presentation mode. Real workshop vaults in tmp_path, made small so the tests stay fast."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QMessageBox
from shell_helpers import log_in, test_pages

from casework.i18n import translator
from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import case_list, cases
from casework.ui.application import Launcher, Options, parse_options
from casework.ui.login import LoginWindow
from casework.ui.session import SessionController
from casework.ui.workshop import ExercisesDialog
from casework.workshop import ACCOUNTS, EXERCISES, generate
from casework.workshop import exercises as ex
from casework.workshop.trainer import load_settings

SMALL = 8  # the seven exercise cases and one more
BANNER_EN = "WORKSHOP — FICTIONAL DATA"
BANNER_FR = "ATELIER — DONNÉES FICTIVES"
PASSWORDS = {a.name: a.password for a in ACCOUNTS}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small workshop vault per module; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("template") / "workshop"
    generate(folder, cases=SMALL, language="en")
    return folder


@pytest.fixture
def workshop_folder(template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "workshop"
    shutil.copytree(template, folder)  # a closed vault: copying its files is safe
    return folder


@pytest.fixture
def workshop(qtbot, workshop_folder: Path) -> Iterator[SessionController]:  # noqa: ANN001
    controller = SessionController(workshop_folder, test_pages)
    qtbot.addWidget(controller.login)
    yield controller
    controller.shutdown()


def _case_count(controller: SessionController) -> int:
    assert controller.ctx is not None
    return case_list.list_cases(controller.ctx, case_list.CaseQuery(limit=1)).total


def test_workshop_option_makes_the_vault_on_first_use_and_lists_the_accounts(
    qtbot, tmp_path: Path
) -> None:  # noqa: ANN001
    folder = tmp_path / "ws"
    launcher = Launcher(
        parse_options(["--workshop", "--vault", str(folder)]), test_pages, workshop_cases=SMALL
    )
    launcher.start()
    # The data language is asked, not taken from the system: the trainer chooses French.
    asked = launcher.language_dialog
    assert asked is not None and not (folder / "casework.db").exists()
    asked.combo.setCurrentIndex(asked.combo.findData("fr"))
    asked.accept()
    login = launcher.session.login
    qtbot.addWidget(login)
    assert (folder / "casework.db").is_file() and launcher.wizard is None
    assert login.isVisible() and login.folder == folder and login.workshop
    assert login.banner.isVisible() and BANNER_EN in login.banner.text()
    assert login.windowTitle().endswith(f"[{BANNER_EN}]")
    table = login.accounts
    assert table.isVisible() and table.rowCount() == len(ACCOUNTS)
    shown = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert shown == PASSWORDS
    trainer = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "trainer")
    assert "Administrator" in table.item(trainer, 2).text()
    assert "Supervisor" in table.item(trainer, 2).text()
    table.cellClicked.emit(trainer, 0)
    assert login.username.text() == "trainer" and login.password.text() == PASSWORDS["trainer"]
    assert load_settings(folder).data_language == "fr"
    # The second time the vault is already there: it is opened, not made again.
    made = (folder / "casework.db").stat().st_mtime_ns
    again = Launcher(parse_options(["--workshop", "--vault", str(folder)]), test_pages)
    again.start()
    qtbot.addWidget(again.session.login)
    assert again.session.login.workshop
    assert (folder / "casework.db").stat().st_mtime_ns == made


def test_a_real_vault_never_lists_the_training_accounts(qtbot, shell_vault: Path) -> None:  # noqa: ANN001
    login = LoginWindow(shell_vault)
    qtbot.addWidget(login)
    login.show()
    login.set_workshop(True)  # asked to, but the folder has no workshop snapshot
    assert not login.workshop
    assert not login.accounts.isVisible() and not login.banner.isVisible()
    assert BANNER_EN not in login.windowTitle()
    assert login.workshop_button.isVisible()


def test_the_login_button_opens_the_workshop_vault(
    qtbot, shell_vault: Path, workshop_folder: Path
) -> None:  # noqa: ANN001
    launcher = Launcher(Options(shell_vault, None, False, workshop_folder), test_pages)
    launcher.start()
    login = launcher.session.login
    qtbot.addWidget(login)
    assert not login.workshop
    login.workshop_button.click()
    assert login.folder == workshop_folder and login.workshop and login.accounts.isVisible()
    log_in(qtbot, launcher.session, "caseworker1", PASSWORDS["caseworker1"])
    assert launcher.session.window is not None and launcher.session.window.banner is not None
    launcher.session.shutdown()


def test_the_wizard_offers_workshop_mode(qtbot, tmp_path: Path, workshop_folder: Path) -> None:  # noqa: ANN001
    launcher = Launcher(Options(tmp_path / "new", None, False, workshop_folder), test_pages)
    launcher.start()
    wizard = launcher.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    qtbot.addWidget(launcher.session.login)
    wizard.language.workshop_button.click()
    assert launcher.wizard is None and not wizard.isVisible()
    assert launcher.session.login.isVisible() and launcher.session.login.workshop


def test_the_banner_shows_in_the_main_window_in_english_and_french(qtbot, workshop) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, "caseworker1", PASSWORDS["caseworker1"])
    window = workshop.window
    assert window is not None and window.workshop
    assert window.banner is not None and window.banner.isVisible()
    assert BANNER_EN in window.banner.text()
    assert window.windowTitle() == f"Casework [{BANNER_EN}]"
    preferences = window.preferences()
    assert preferences.windowTitle() == f"Preferences [{BANNER_EN}]"
    window.choose_language("fr")
    assert BANNER_FR in window.banner.text()
    assert window.windowTitle() == f"Casework [{BANNER_FR}]"
    french_preferences = translator("fr").gettext("Preferences")
    assert preferences.windowTitle() == f"{french_preferences} [{BANNER_FR}]"
    preferences.close()


def test_no_banner_for_a_real_vault(qtbot, session) -> None:  # noqa: ANN001
    from shell_helpers import ADMIN, ADMIN_PASSWORD

    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    window = session.window
    assert window.banner is None and window.windowTitle() == "Casework"
    assert not window.reset_workshop_action.isVisible()
    assert not window.exercises_action.isVisible()
    assert window.show_exercises() is None


def test_reset_brings_the_fictional_data_back(qtbot, workshop) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, "caseworker1", PASSWORDS["caseworker1"])
    window = workshop.window
    # A caseworker can neither see nor trigger the reset.
    assert not window.reset_workshop_action.isVisible()
    assert window.confirm_reset_workshop() is None
    workshop.reset_workshop()
    assert workshop.vault is not None and workshop.window is window
    before = _case_count(workshop)
    cases.create_case(
        workshop.ctx,
        cases.CaseInput(
            alias="Workshop Test",
            category=ClientCategory.FAMILY_MEMBER,
            custody_status=CustodyStatus.RETURNED,
            country="KE",
        ),
    )
    assert _case_count(workshop) == before + 1
    workshop.lock()

    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    window = workshop.window
    assert window.reset_workshop_action.isVisible()
    assert window.reset_workshop_action in window.file_menu.actions()
    box = window.confirm_reset_workshop()
    assert box is not None and "lost" in box.informativeText()
    with qtbot.waitSignal(workshop.workshop_reset):
        box.findChild(type(box.defaultButton()), "confirmWorkshopResetButton").click()
    assert workshop.vault is None and workshop.login.isVisible()
    assert "reset" in workshop.login.intro.text()
    assert workshop.login.accounts.isVisible()

    log_in(qtbot, workshop, "caseworker1", PASSWORDS["caseworker1"])
    assert _case_count(workshop) == before


def test_the_exercises_dialog_lists_the_case_references(qtbot, workshop) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    window = workshop.window
    assert window.exercises_action.isVisible()
    window.exercises_action.trigger()
    dialog = window.findChild(ExercisesDialog)
    assert dialog is not None and dialog.isVisible()
    year = ex.opening_year(dt.date.today())
    expected = {f"{e.case.country}-{year}-0001" for e in EXERCISES if e.case is not None}
    assert {t.reference for t in dialog.texts if t.reference} == expected
    shown = dialog.browser.toPlainText()
    assert all(reference in shown for reference in expected)
    assert EXERCISES[0].title in shown
    window.choose_language("fr")
    french = dialog.browser.toPlainText()
    assert translator("fr").gettext(EXERCISES[0].title) in french
    assert EXERCISES[0].title not in french
    assert all(reference in french for reference in expected)
    assert dialog.windowTitle().endswith(f"[{BANNER_FR}]")


def test_presentation_mode_fills_the_screen_and_is_remembered_per_user(qtbot, workshop) -> None:  # noqa: ANN001
    app = QApplication.instance()

    def size() -> float:
        font = app.font()
        return font.pointSizeF() if font.pointSizeF() > 0 else float(font.pixelSize())

    normal = size()
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    window = workshop.window
    assert not window.presentation_action.isChecked() and size() == pytest.approx(normal)
    assert not window.presentation_bar.isVisible()
    window.presentation_action.trigger()
    assert window.presentation_action.isChecked()
    height = window.screen().geometry().height()
    factor = window.presentation_zoom() / 100
    assert QFontInfo(app.font()).pixelSize() >= 0.025 * height
    assert size() == pytest.approx(normal * factor, rel=0.05)
    assert window.isFullScreen() and window.presentation_bar.isVisible()
    window.presentation_bar.button.click()  # the visible way out
    assert not window.isFullScreen() and not window.presentation_action.isChecked()
    assert size() == pytest.approx(normal)
    window.presentation_action.trigger()
    workshop.lock()
    assert size() == pytest.approx(normal)  # the login window is back at the usual size

    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    assert workshop.window.presentation_action.isChecked()
    assert size() == pytest.approx(normal * factor, rel=0.05)
    qtbot.waitUntil(workshop.window.isFullScreen)
    workshop.window.presentation_action.trigger()  # and back
    assert size() == pytest.approx(normal)
    workshop.window.presentation_action.trigger()
    workshop.lock()

    log_in(qtbot, workshop, "caseworker1", PASSWORDS["caseworker1"])
    assert not workshop.window.presentation_action.isChecked()
    assert size() == pytest.approx(normal)
    workshop.lock()
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    assert size() == pytest.approx(normal * factor, rel=0.05)


def test_reset_confirmation_is_translated(qtbot, workshop) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, "admin", PASSWORDS["admin"])
    workshop.window.choose_language("fr")
    box = workshop.window.confirm_reset_workshop()
    assert isinstance(box, QMessageBox)
    fr = translator("fr")
    assert box.text() == fr.gettext("Reset the workshop to its fictional data as it was made?")
    assert box.text() != "Reset the workshop to its fictional data as it was made?"
    box.close()
