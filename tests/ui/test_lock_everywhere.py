"""Locking works from everywhere: Ctrl+L inside a modal dialog locks, and what was typed in
the dialog is kept as an encrypted draft and offered back after unlocking."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog
from shell_helpers import ADMIN, ADMIN_PASSWORD, CASEWORKER_PASSWORD, log_in

from casework.i18n import N_
from casework.services import drafts
from casework.ui.widgets.reason import ReasonDialog


def _ctrl_l(dialog: QDialog) -> None:
    """Ctrl+L pressed in the dialog, delivered to its window as the platform delivers keys
    (the session watches windows, not every widget)."""
    press = QKeyEvent(
        QKeyEvent.Type.KeyPress, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier, "\x0c"
    )
    QApplication.sendEvent(dialog.windowHandle(), press)


def test_ctrl_l_in_a_modal_dialog_locks_and_keeps_its_text(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    window = session.window
    dialog = ReasonDialog(
        window, N_("Put the case on hold"), lambda *_a: None, reason_label=N_("Reason")
    )
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(dialog.reason, "Family asked for a pause until the harvest")
    with qtbot.waitSignal(session.locked):
        _ctrl_l(dialog)
    assert session.vault is None and session.login.isVisible()
    assert not any(w.isVisible() for w in QApplication.topLevelWidgets() if isinstance(w, QDialog))
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    kept = session.kept_input
    assert kept is not None
    qtbot.waitUntil(kept.isVisible)
    assert "Family asked for a pause until the harvest" in kept.text.toPlainText()
    assert "Reason" in kept.text.toPlainText()
    # Offered once: discarded as soon as the background page check lets writes through.
    qtbot.waitUntil(lambda: drafts.load_drafts(session.ctx) == {}, timeout=10_000)


def test_passwords_typed_in_a_dialog_are_never_kept(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    dialog = session.window.change_password()
    qtbot.waitExposed(dialog)
    for edit in dialog.findChildren(type(session.login.password)):
        edit.setText("secret words here")
    payload = dialog.draft() if hasattr(dialog, "draft") else ""
    assert "secret words here" not in payload
    session.lock()
    assert "secret words here" not in json.dumps(drafts.load_drafts(_reopen(session)))


def _reopen(session):  # noqa: ANN001, ANN202
    from casework.services.context import ServiceContext
    from casework.store.vault import Vault

    vault = Vault.open(session.folder, ADMIN, ADMIN_PASSWORD, verify_pages=False)
    return ServiceContext.for_vault(vault)


def test_a_half_filled_new_case_comes_back_after_the_lock(qtbot, shell_vault: Path) -> None:
    from casework.ui.session import SessionController

    controller = SessionController(shell_vault)
    qtbot.addWidget(controller.login)
    try:
        log_in(qtbot, controller, "carl", CASEWORKER_PASSWORD)
        cases_page = controller.window.screen_named("CasesScreen")
        dialog = cases_page.new_case()
        qtbot.waitExposed(dialog)
        alias = dialog.profile.widgets["alias"]
        qtbot.keyClicks(alias, "Hassan from the coast")
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        with qtbot.waitSignal(controller.locked):
            _ctrl_l(dialog)
        log_in(qtbot, controller, "carl", CASEWORKER_PASSWORD)
        again = controller.window.screen_named("CasesScreen").new_case_dialog
        assert again is not None and again is not dialog
        assert again.profile.widgets["alias"].text() == "Hassan from the coast"
    finally:
        controller.shutdown()


def test_the_lock_button_of_a_dialog_locks_and_keeps_its_text(qtbot, session) -> None:  # noqa: ANN001
    """File › Lock is out of reach behind a modal dialog: the dialog carries the action."""
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    dialog = ReasonDialog(
        session.window, N_("Put the case on hold"), lambda *_a: None, reason_label=N_("Reason")
    )
    dialog.setModal(True)
    dialog.open()
    qtbot.waitExposed(dialog)
    button = dialog.lock_button
    assert button.isVisible() and "Ctrl+L" in button.text()
    qtbot.keyClicks(dialog.reason, "Waiting for the family court")
    with qtbot.waitSignal(session.locked):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert session.vault is None and session.login.isVisible()
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: session.kept_input is not None and session.kept_input.isVisible())
    assert "Waiting for the family court" in session.kept_input.text.toPlainText()


def test_the_lock_button_is_in_french_and_hidden_without_a_session(qtbot, session) -> None:  # noqa: ANN001
    from casework.i18n import set_language

    dialog = ReasonDialog(
        None, N_("Put the case on hold"), lambda *_a: None, reason_label=N_("Reason")
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.lock_button.isVisible()  # no vault open: nothing to lock
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    assert dialog.lock_button.isVisible()
    set_language("fr")
    try:
        assert dialog.lock_button.text().startswith("Verrouiller")
    finally:
        set_language("en")
    session.lock()
    assert not dialog.lock_button.isVisible() or not dialog.isVisible()


def test_kept_input_survives_a_second_lock_before_it_is_copied(qtbot, session) -> None:  # noqa: ANN001
    """The kept text is offered once and leaves the vault; locking again while it is on
    screen keeps it once more instead of losing it."""
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    dialog = ReasonDialog(
        session.window, N_("Put the case on hold"), lambda *_a: None, reason_label=N_("Reason")
    )
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.reason.setPlainText("Back after the rainy season")
    session.lock()
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: session.kept_input is not None and session.kept_input.isVisible())
    assert session.kept_input.lock_button.isVisible()
    with qtbot.waitSignal(session.locked):
        qtbot.mouseClick(session.kept_input.lock_button, Qt.MouseButton.LeftButton)
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: session.kept_input is not None and session.kept_input.isVisible())
    assert "Back after the rainy season" in session.kept_input.text.toPlainText()
