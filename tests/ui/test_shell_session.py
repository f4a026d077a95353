"""Locking and unlocking: Ctrl+L, the idle timer, drafts kept across a lock, another user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from shell_helpers import ADMIN, ADMIN_PASSWORD, CASEWORKER_PASSWORD, ScratchScreen, log_in

from casework.services import drafts
from casework.services.context import ServiceContext
from casework.store.vault import Vault


def _visible_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_ctrl_l_locks_and_unlock_returns_to_the_same_page(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    window = session.window
    assert window.show_page("AdminScreen")
    with qtbot.waitActive(window):
        window.activateWindow()
    vault = session.vault
    with qtbot.waitSignal(session.locked):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    # The key is wiped at once, or as soon as the writes held behind the page check are in.
    assert vault.closed or vault.locking
    qtbot.waitUntil(lambda: vault.closed, timeout=10000)
    assert session.window is None and session.vault is None
    assert session.login.isVisible()
    assert session.login.username.text() == ADMIN
    assert session.login.password.hasFocus() or session.login.password.text() == ""
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    assert session.window is not window
    assert session.window.current_page_key() == "AdminScreen"


def test_an_unsaved_edit_survives_lock_and_unlock(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, "carl", CASEWORKER_PASSWORD)
    scratch = session.window.screen_named("ScratchScreen")
    assert isinstance(scratch, ScratchScreen)
    qtbot.keyClicks(scratch.edit, "Visit planned with the family")
    session.window.lock_action.trigger()
    assert scratch.edit.text() == ""  # cleared before the vault closed
    log_in(qtbot, session, "carl", CASEWORKER_PASSWORD)
    again = session.window.screen_named("ScratchScreen")
    assert again is not scratch
    assert again.edit.text() == "Visit planned with the family"
    # Offered back once, then discarded (a write queued behind the page check).
    qtbot.waitUntil(lambda: session.vault.pages_checked, timeout=10000)
    qtbot.waitUntil(lambda: drafts.load_drafts(session.window.ctx) == {}, timeout=10_000)


def test_another_user_gets_a_fresh_window(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    session.window.show_page("AdminScreen")
    session.window.screen_named("ScratchScreen").edit.setText("admin's text")
    session.lock()
    log_in(qtbot, session, "carl", CASEWORKER_PASSWORD)
    window = session.window
    assert window.ctx.actor.username == "carl"
    assert window.current_page_key() == "ScratchScreen"
    assert window.screen_named("AdminScreen") is None  # caseworkers have no Administration
    assert window.screen_named("ScratchScreen").edit.text() == ""
    # The administrator's draft is still theirs, encrypted in the vault.
    session.lock()
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    assert session.window.screen_named("ScratchScreen").edit.text() == "admin's text"


def test_idle_timeout_locks(qtbot, session) -> None:  # noqa: ANN001
    session.idle_override_ms = 150
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    with qtbot.waitSignal(session.locked, timeout=5000):
        pass
    assert session.vault is None and session.login.isVisible()


def test_idle_minutes_come_from_the_user_setting(qtbot, session) -> None:  # noqa: ANN001
    from casework.ui import settings

    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    assert session.idle.timer.interval() == 5 * 60_000
    settings.IDLE_MINUTES.set(session.ctx, 0)  # below the minimum: stored as 1
    # A preference is written once the background page check lets writes through.
    qtbot.waitUntil(lambda: settings.IDLE_MINUTES.get(session.ctx) == 1, timeout=10_000)
    session.lock()
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    assert session.idle.timer.interval() == 60_000


def test_locking_closes_dialogs(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    dialog = session.window.change_password()
    qtbot.waitUntil(dialog.isVisible)
    session.lock()
    assert dialog not in _visible_dialogs()
    assert not _visible_dialogs()


def test_quit_keeps_drafts_and_closes_the_vault(qtbot, session, shell_vault) -> None:  # noqa: ANN001
    log_in(qtbot, session, "carl", CASEWORKER_PASSWORD)
    session.window.screen_named("ScratchScreen").edit.setText("half-written")
    vault = session.vault
    session.shutdown()
    assert vault.closed
    with Vault.open(shell_vault, "carl", CASEWORKER_PASSWORD, verify_pages=False) as again:
        saved = drafts.load_drafts(ServiceContext.for_vault(again))
    assert list(saved) == ["ScratchScreen/note"]


def test_damage_found_after_unlock_is_reported_and_writes_are_refused(tmp_path, qtbot):
    """The login skips the page check to be fast; the session runs it after the window is up."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from casework.errors import ReadOnlyVault
    from casework.model.enums import ClientCategory, CustodyStatus, Role
    from casework.services import cases, users
    from casework.services.cases import CaseInput
    from casework.services.context import ServiceContext
    from casework.store.vault import Vault
    from casework.ui.session import SessionController

    folder = tmp_path / "v"
    vault, _ = Vault.create(
        folder,
        organisation="O",
        admin_username="admin",
        admin_password="orchard lantern quietly ninety",
    )
    admin = ServiceContext.for_vault(vault)
    users.create_user(admin, "sara", "Sara", {Role.SUPERVISOR}, "copper kettle over the dune")
    vault.close()
    sup_vault = Vault.open(folder, "sara", "copper kettle over the dune")
    sup = ServiceContext.for_vault(sup_vault)
    from sqlalchemy import text

    from casework.model.enums import NoteKind
    from casework.services import notes

    case_id = cases.create_case(
        sup, CaseInput("P", ClientCategory.DISENGAGED, CustodyStatus.RELEASED, "KE")
    )
    for _ in range(40):
        notes.add_note(sup, case_id, notes.NoteInput(NoteKind.CONTACT, sup.today(), "x" * 900))
    with sup_vault.engine.connect() as conn:
        # The notes table's root page: no start-up screen reads notes, only the page check does.
        page = conn.execute(text("SELECT rootpage FROM sqlite_master WHERE name = 'notes'"))
        page = page.scalar()
    sup_vault.close()
    db = folder / "casework.db"
    data = bytearray(db.read_bytes())
    data[(page - 1) * 4096 + 200] ^= 0xFF
    db.write_bytes(bytes(data))

    session = SessionController(folder)
    opened = Vault.open(folder, "sara", "copper kettle over the dune", verify_pages=False)
    session.open_session(opened)
    qtbot.addWidget(session.window)

    def warned() -> bool:
        return any(
            isinstance(w, QMessageBox) and "damaged" in w.text()
            for w in QApplication.topLevelWidgets()
        )

    qtbot.waitUntil(warned)
    assert opened.read_only
    try:
        import pytest

        with pytest.raises(ReadOnlyVault):
            cases.create_case(
                session.ctx, CaseInput("X", ClientCategory.DISENGAGED, CustodyStatus.RELEASED, "KE")
            )
    finally:
        session.shutdown()
