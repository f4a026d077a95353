"""The window never waits for the office server: a save made while the network silently stalls
runs off the UI thread (timers keep firing, the dialog says it is waiting, a second click does
nothing), fails with the translated message once the connection is known lost (banner shown,
input kept), and can be saved again once the network is back. On a vault, the same dialog
saves at once, as before."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from server_helpers import PASSWORDS, make_office
from shell_helpers import CASEWORKER_PASSWORD, test_pages
from stall_relay import StallRelay

from casework.i18n import set_language
from casework.services import cases, notes
from casework.services.context import ServiceContext
from casework.store.server import ServerStore
from casework.store.server_connection import ServerAddress
from casework.ui.cases.tabs import NoteDialog
from casework.ui.service_call import wait_for_calls
from casework.ui.session import SessionController

BODY = "Met the family at the market; the brother offers work in his shop."
SECOND = "The brother confirmed the job starts on Monday."


def _case_input() -> cases.CaseInput:
    from casework.model.enums import ClientCategory, CustodyStatus

    return cases.CaseInput(
        alias="Bashir",
        category=ClientCategory.RETURNEE_FTF,
        custody_status=CustodyStatus.RETURNED,
        country="KE",
    )


@pytest.mark.postgres
def test_a_save_during_a_silent_network_drop_never_freezes_the_window(
    qtbot, pg_server, pg_database, tmp_path, real_threads
) -> None:  # noqa: ANN001
    make_office(pg_server, pg_database)
    relay = StallRelay(pg_server.port)
    controller = SessionController(tmp_path / "data", pages=test_pages)
    try:
        address = ServerAddress.parse(f"localhost:{relay.port}/{pg_database}", pg_server.ca_file)
        controller.open_session(ServerStore.open_at(address, "carl", PASSWORDS["carl"]))
        ctx = controller.ctx
        link = controller.server_link
        qtbot.waitUntil(link.listener.listening.is_set, timeout=5000)
        case = cases.create_case(ctx, _case_input())

        dialog = NoteDialog(ctx, case, controller.window)  # closed with the window
        dialog.show()
        dialog.body_edit.setPlainText(BODY)

        ticks: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start(50)

        relay.stall()  # the network goes silent: no reset, nothing closed
        dialog.ok_button.click()
        clicked = time.monotonic()
        assert time.monotonic() - clicked < 0.2  # the click returned: the UI thread is free
        assert not dialog.ok_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.message.text() == "Waiting for the office server…")
        assert dialog.message.isVisible()
        dialog.accept()  # a second click (or Enter) while it waits: not run twice

        qtbot.waitUntil(link.banner.isVisible, timeout=15000)
        # The save fails with the translated message, the input is kept, it can be retried.
        qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=10000)
        # The banner came up while the save waited (seconds: the ping's deadline); the window
        # kept turning all along. Waiting on the network here would stop it for 4 s or more;
        # the bound leaves room for a loaded test machine.
        waited = [t for t in ticks if t > clicked]
        assert time.monotonic() - clicked > 2 and len(waited) > 10
        gaps = [b - a for a, b in zip(waited, waited[1:], strict=False)]
        assert max(gaps) < 2.5, f"the event loop stopped for {max(gaps):.2f} s"
        assert dialog.isVisible()
        assert "cannot be reached" in dialog.message.text()
        assert dialog.body_edit.toPlainText() == BODY

        relay.resume()
        qtbot.waitUntil(lambda: not link.banner.isVisible(), timeout=20000)
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
        bodies = [n.body for n in notes.timeline(ctx, case).rows]
        assert bodies.count(BODY) == 1  # saved once: not the second click, not the failed try

        # Lock while a save waits: the window locks at once, the save is abandoned (its
        # connection cut), and what was typed is kept in memory and offered after logging in.
        relay.stall()
        dialog = NoteDialog(ctx, case, controller.window)
        dialog.show()
        dialog.body_edit.setPlainText(SECOND)
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: dialog.message.text() == "Waiting for the office server…")
        set_language("fr")
        assert dialog.message.text() == "En attente du serveur du bureau…"
        set_language("en")
        started = time.monotonic()
        controller.lock()
        assert time.monotonic() - started < 1.0
        assert controller.login.isVisible() and controller.window is None
        relay.resume()
        wait_for_calls()
        controller.open_session(ServerStore.open_at(address, "carl", PASSWORDS["carl"]))
        qtbot.waitUntil(lambda: controller.kept_input is not None, timeout=5000)
        assert SECOND in controller.kept_input.text.toPlainText()
        assert SECOND not in [n.body for n in notes.timeline(controller.ctx, case).rows]
    finally:
        timer.stop()
        relay.resume()
        wait_for_calls()
        controller.shutdown()
        relay.close()


@pytest.fixture
def carl_ctx(shell_vault) -> Iterator[ServiceContext]:  # noqa: ANN001
    from casework.store.vault import Vault

    vault = Vault.open(shell_vault, "carl", CASEWORKER_PASSWORD, verify_pages=False)
    yield ServiceContext.for_vault(vault)
    vault.close()


def test_on_a_vault_the_same_dialog_saves_at_once(qtbot, carl_ctx: ServiceContext) -> None:
    case = cases.create_case(carl_ctx, _case_input())
    dialog = NoteDialog(carl_ctx, case)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.body_edit.setPlainText(BODY)
    dialog.ok_button.click()
    assert not dialog.isVisible()  # saved before the click returned, as before
    assert [n.body for n in notes.timeline(carl_ctx, case).rows] == [BODY]

    # A refusal keeps the input, as before (an empty note).
    dialog = NoteDialog(carl_ctx, case)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert dialog.findChild(type(dialog.message), "error_body").isVisible()


@pytest.mark.postgres
def test_a_case_opened_and_worked_on_the_server_arrives_through_the_event_loop(
    qtbot, pg_server, pg_database, tmp_path, real_threads
) -> None:  # noqa: ANN001
    """Opening a case, a note saved from its tab and a task's "Mark done" each run off the UI
    thread on the server; what they return is shown once it is in."""
    from casework.services import tasks

    office = make_office(pg_server, pg_database)
    controller = SessionController(tmp_path / "data")
    try:
        controller.open_session(office.open("carl"))
        ctx = controller.ctx
        case = cases.create_case(ctx, _case_input())
        task = tasks.create_task(
            ctx, case, tasks.TaskInput(title="Call the imam", due_on=ctx.today())
        )
        window = controller.window
        window.show_page("CasesScreen")
        screen = window.screen_named("CasesScreen")
        assert screen.open_case(case) is None  # on its way from the server
        qtbot.waitUntil(lambda: screen.workspace(case) is not None, timeout=10000)
        ws = screen.workspace(case)
        assert screen.open_case(case) is ws  # already open: shown at once

        notes_tab = ws.show_tab(ws.notes)
        dialog = notes_tab.add_note()
        dialog.body_edit.setPlainText(BODY)
        dialog.ok_button.click()
        # Saved, the dialog closes and is deleted (it may already be gone when first asked).
        qtbot.waitUntil(
            lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=10000
        )
        qtbot.waitUntil(lambda: notes_tab.model.rowCount() == 1, timeout=10000)

        tasks_tab = ws.show_tab(ws.tasks)
        qtbot.waitUntil(lambda: tasks_tab.model.rowCount() == 1, timeout=10000)
        tasks_tab.table.selectRow(0)
        tasks_tab.mark_done()
        tasks_tab.mark_done()  # a second click while the first runs: ignored
        qtbot.waitUntil(lambda: tasks.case_tasks(ctx, case)[0].done_on is not None, timeout=10000)
        assert [t.id for t in tasks.case_tasks(ctx, case)] == [task]
    finally:
        wait_for_calls()
        controller.shutdown()
