"""The page check after unlock: started at once beside the window, never on the GUI thread;
the language chosen at login applies at once; damage found in the background is reported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox
from shell_helpers import CASEWORKER_PASSWORD, SUPERVISOR_PASSWORD, log_in

from casework.i18n import current_language, set_language
from casework.model import AuditEvent
from casework.services import users


def _actions(session) -> list[str]:  # noqa: ANN001
    with session.vault.session() as s:
        return [e.action for e in s.query(AuditEvent).order_by(AuditEvent.id)]


def test_the_check_starts_at_unlock_and_the_login_language_applies_at_once(qtbot, session) -> None:  # noqa: ANN001
    login = session.login
    login.language.setCurrentIndex(login.language.findData("fr"))
    try:
        log_in(qtbot, session, "carl", CASEWORKER_PASSWORD)
        assert current_language() == "fr"  # before the check has passed, not after it
        ctx = session.window.ctx
        # No timer: the check is already running; it passes, then the held writes follow.
        qtbot.waitUntil(lambda: session.vault.pages_checked, timeout=10000)
        qtbot.waitUntil(lambda: "login.succeeded" in _actions(session), timeout=5000)
        assert users.get_setting(ctx, "ui.language") == "fr"
    finally:
        session.shutdown()
        set_language("en")


def _damage(folder: Path) -> None:
    """Flip a byte in the file's last page, after filling that end of the file with a long note
    no login reads (the schema's own pages move with every migration)."""
    from casework.model.enums import ClientCategory, CustodyStatus, NoteKind
    from casework.services import cases, notes
    from casework.services.context import ServiceContext
    from casework.store.vault import Vault

    with Vault.open(folder, "sara", SUPERVISOR_PASSWORD) as vault:
        ctx = ServiceContext.for_vault(vault)
        case_id = cases.create_case(
            ctx,
            cases.CaseInput(
                alias="Padding",
                category=ClientCategory.RETURNEE_FTF,
                custody_status=CustodyStatus.RETURNED,
                country="NE",
            ),
        )
        body = " ".join(f"visit{i}" for i in range(900))  # within the note's length limit
        for _ in range(3):
            notes.add_note(ctx, case_id, notes.NoteInput(NoteKind.HOME_VISIT, ctx.today(), body))
    db = folder / "casework.db"
    data = bytearray(db.read_bytes())
    data[len(data) - 4096 + 1000] ^= 0xFF  # the last page: not one the login reads
    db.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (folder / f"casework.db{suffix}").unlink(missing_ok=True)


def test_damage_found_after_unlock_is_reported_and_nothing_is_written(
    qtbot, session, shell_vault: Path
) -> None:  # noqa: ANN001
    _damage(shell_vault)
    before = (shell_vault / "casework.db").read_bytes()
    log_in(qtbot, session, "sara", SUPERVISOR_PASSWORD)
    window = session.window

    def reported() -> bool:
        return any(
            isinstance(w, QMessageBox) and w.isVisible() and "damaged" in w.text()
            for w in QApplication.topLevelWidgets()
        )

    qtbot.waitUntil(reported, timeout=10000)
    assert session.vault.read_only and window is session.window
    session.shutdown()
    assert (shell_vault / "casework.db").read_bytes() == before
