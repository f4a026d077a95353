"""The page check after unlock: started at once beside the window, never on the GUI thread;
the language chosen at login applies at once; damage found in the background is reported."""

from __future__ import annotations

import threading
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


def _held_session(qtbot, shell_vault: Path, gate: threading.Event):  # noqa: ANN001, ANN202
    """A session whose first page's load (a job its builder starts) waits for `gate`: the page
    check is held until then."""
    from shell_helpers import test_pages

    from casework.ui.background import run_in_background, use_synchronous_pool
    from casework.ui.session import SessionController

    use_synchronous_pool(False)

    def pages(ctx):  # noqa: ANN001, ANN202
        run_in_background(None, lambda _r: gate.wait(30))  # the first page's load
        return test_pages(ctx)

    session = SessionController(shell_vault, pages)
    qtbot.addWidget(session.login)
    return session


def _settle(qtbot, threads: int) -> None:  # noqa: ANN001
    """Every job's result delivered and every vault closed: nothing left for the next test."""
    from PySide6.QtCore import QThreadPool

    from casework.store.page_check import wait_for_closing
    from casework.ui import background

    pool = QThreadPool.globalInstance()
    pool.waitForDone(10000)
    qtbot.waitUntil(lambda: not background._running and not background._idle, timeout=10000)
    assert wait_for_closing(30)
    pool.setMaxThreadCount(threads)


def test_the_check_is_held_until_the_first_page_has_its_rows(qtbot, shell_vault: Path) -> None:  # noqa: ANN001
    """While the first page's loads run the scan has not begun and the login events are held;
    it begins once they have delivered. A job left running from before the unlock does not
    hold it."""
    from PySide6.QtCore import QThreadPool

    from casework.ui.background import run_in_background

    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(max(threads, 3))  # the stuck job, the unlock, the page's load
    gate, stuck = threading.Event(), threading.Event()
    session = _held_session(qtbot, shell_vault, gate)
    try:
        run_in_background(None, lambda _r: stuck.wait(60))  # from before: not waited for
        log_in(qtbot, session, "carl", CASEWORKER_PASSWORD)
        vault = session.vault
        qtbot.wait(500)
        assert vault.check_began is None and not vault.pages_checked
        gate.set()
        qtbot.waitUntil(lambda: vault.pages_checked, timeout=10000)
        qtbot.waitUntil(lambda: "login.succeeded" in _actions(session), timeout=5000)
    finally:
        gate.set()
        stuck.set()
        session.shutdown()
        _settle(qtbot, threads)


def test_a_lock_while_the_check_is_held_keeps_every_held_write(qtbot, shell_vault: Path) -> None:  # noqa: ANN001
    """Locked straight after unlock, before the check has begun: the login window shows at once,
    and the login event, the language chosen at login and the window's geometry are written
    once the pages pass; then the key is wiped."""
    from PySide6.QtCore import QThreadPool

    from casework.services.context import ServiceContext
    from casework.store.vault import Vault

    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(max(threads, 3))
    gate = threading.Event()
    session = _held_session(qtbot, shell_vault, gate)
    login = session.login
    login.language.setCurrentIndex(login.language.findData("fr"))
    try:
        log_in(qtbot, session, "carl", CASEWORKER_PASSWORD)
        vault = session.vault
        before = _actions(session)
        assert "login.succeeded" not in before[-1:] and not vault.pages_checked
        session.window.resize(901, 611)
        session.lock()
        assert login.isVisible() and session.window is None
        qtbot.waitUntil(lambda: vault.closed, timeout=30000)
        assert not any(vault._dek)
    finally:
        gate.set()
        session.shutdown()
        _settle(qtbot, threads)
        set_language("en")
    with Vault.open(shell_vault, "carl", CASEWORKER_PASSWORD) as again:
        ctx = ServiceContext.for_vault(again)
        with again.session() as s:
            actions = [e.action for e in s.query(AuditEvent).order_by(AuditEvent.id)]
        assert actions[len(before) :] == ["login.succeeded", "login.succeeded"]
        assert users.get_setting(ctx, "ui.language") == "fr"
        assert users.get_setting(ctx, "ui.geometry") != ""
