"""Nothing a session does on screen reaches the office server from the window's thread: every
call of the server store (a read session or a write) made on the GUI thread is recorded while a
session opens (through the login's own job), every page is shown, a case and each of its tabs
open, the preferences and password dialogs open, the language switches and the session locks,
for a supervisor and an administrator. None is expected. (Calls the test itself makes are not
recorded; one made on purpose shows that the probe sees them.)"""

from __future__ import annotations

import threading
import traceback

import pytest
from server_helpers import PASSWORDS, make_office
from test_server_never_waits import _case_input

from casework.services import cases
from casework.store.server import ServerStore
from casework.ui.service_call import wait_for_calls
from casework.ui.session import SessionController


class Probe:
    def __init__(self, monkeypatch) -> None:  # noqa: ANN001
        self.on = False
        self.seen: list[str] = []
        for name in ("session", "write"):
            original = getattr(ServerStore, name)

            def probe(store, *args, _original=original, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
                if self.on and threading.current_thread() is threading.main_thread():
                    self.seen.append("".join(traceback.format_stack(limit=12)))
                return _original(store, *args, **kwargs)

            monkeypatch.setattr(ServerStore, name, probe)


@pytest.mark.postgres
def test_no_store_call_on_the_windows_thread(
    qtbot, pg_server, pg_database, tmp_path, real_threads, monkeypatch
) -> None:  # noqa: ANN001
    office = make_office(pg_server, pg_database)
    probe = Probe(monkeypatch)
    controller = SessionController(tmp_path / "data")
    try:
        for user in ("sara", "ada"):
            login = controller.login
            login.server.address.setText(office.typed_address)
            login.server.set_ca_file(str(pg_server.ca_file))
            store = login.server.opener(user, PASSWORDS[user])(None)  # the login's job
            probe.on = True
            controller.open_session(store)
            window, ctx = controller.window, controller.ctx
            probe.on = False
            case = cases.create_case(ctx, _case_input()) if user == "sara" else None
            probe.on = True
            for row in range(window.nav.count()):
                window.nav.setCurrentRow(row)
                qtbot.wait(200)
            if case is not None:
                window.show_page("CasesScreen")
                screen = window.screen_named("CasesScreen")
                screen.open_case(case)
                qtbot.waitUntil(lambda: screen.workspace(case) is not None, timeout=10000)  # noqa: B023
                ws = screen.workspace(case)
                for tab in (ws.profile, ws.consents, ws.risk, ws.plan, ws.referrals, ws.notes):
                    ws.show_tab(tab)
                    qtbot.wait(200)
                ws.show_tab(ws.tasks)
            window.preferences()
            window.change_password()
            window.choose_language("fr")
            window.choose_language("en")
            qtbot.wait(300)
            controller.lock()
            probe.on = False
            wait_for_calls()
        assert not probe.seen, "\n=====\n".join(probe.seen)

        probe.on = True  # the probe sees a call made on this thread
        with office.open("carl") as carl:
            carl.meta("country")
        assert len(probe.seen) == 1
    finally:
        probe.on = False
        wait_for_calls()
        controller.shutdown()
