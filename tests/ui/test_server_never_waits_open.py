"""The window never waits for the office server as a session opens and locks: who the user is
comes with the login's own job, the window shows at once at its usual size while the zoom and
window size kept for the user are read off its thread (applied when they come, unless the user
already chose another), and locking writes the window's size off the thread before the
connections close."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QMessageBox
from server_helpers import PASSWORDS, make_office
from stall_relay import StallRelay
from test_server_never_waits_reads import Ticks

from casework.i18n import set_language
from casework.services.context import ServiceContext
from casework.ui import settings
from casework.ui.service_call import wait_for_calls
from casework.ui.session import SessionController


@pytest.mark.postgres
def test_opening_and_locking_a_session_never_freeze_the_window(
    qtbot, pg_server, pg_database, tmp_path, real_threads
) -> None:  # noqa: ANN001
    office = make_office(pg_server, pg_database)
    kept = office.open("carl")
    settings.ZOOM_PERCENT.set(ServiceContext.for_vault(kept), 130)
    kept.close()
    relay = StallRelay(pg_server.port)
    controller = SessionController(tmp_path / "data")
    ticks = Ticks()
    try:
        login = controller.login
        login.server.address.setText(f"localhost:{relay.port}/{pg_database}")
        login.server.set_ca_file(str(pg_server.ca_file))
        # The login's background job: connects, and reads who the user is.
        store = login.server.opener("carl", PASSWORDS["carl"])(None)

        relay.stall()  # the network goes silent as the window is being built
        started = time.monotonic()
        controller.open_session(store)
        assert time.monotonic() - started < 1.0  # the window did not wait for the server
        window, link = controller.window, controller.server_link
        assert window.isVisible() and window.zoom == 100  # the usual size for now
        qtbot.waitUntil(link.banner.isVisible, timeout=15000)
        assert ticks.longest_gap_since(started) < 2.5
        assert window.zoom == 100  # kept: the zoom could not be read (nothing said of it)
        for box in window.findChildren(QMessageBox, "errorDialog"):  # the first page's read
            assert "cannot be reached" in box.text()
            box.close()

        relay.resume()  # back: the zoom kept for the user is read again and applied
        qtbot.waitUntil(lambda: not link.banner.isVisible(), timeout=20000)
        qtbot.waitUntil(lambda: window.zoom == 130, timeout=10000)

        # Locking while the network is silent: at once; the window's size is written off the
        # thread before the connections close (here once the network is back).
        state = window.state_text()
        relay.stall()
        started = time.monotonic()
        controller.lock()
        assert time.monotonic() - started < 1.0
        assert controller.login.isVisible() and controller.window is None
        relay.resume()
        controller.shutdown()  # waits for the last write and the close
        check = office.open("carl")
        assert settings.GEOMETRY.get(ServiceContext.for_vault(check)) == state
        check.close()

        # Opened again, the user zooms before their own zoom comes: theirs stays.
        controller = SessionController(tmp_path / "data")
        login = controller.login
        login.server.address.setText(f"localhost:{relay.port}/{pg_database}")
        login.server.set_ca_file(str(pg_server.ca_file))
        connect = login.server.opener("carl", PASSWORDS["carl"])
        store = connect(None)
        relay.stall()
        controller.open_session(store)
        window, link = controller.window, controller.server_link
        window.set_zoom(110)
        qtbot.waitUntil(link.banner.isVisible, timeout=15000)
        qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox, "errorDialog")))
        for box in window.findChildren(QMessageBox, "errorDialog"):  # the zoom's write, calmly
            assert "cannot be reached" in box.text()
            box.close()
        relay.resume()
        qtbot.waitUntil(lambda: not link.banner.isVisible(), timeout=20000)
        qtbot.waitUntil(lambda: window._view_read, timeout=10000)
        assert window.zoom == 110
        window.set_zoom(120)
        ctx = controller.ctx
        qtbot.waitUntil(lambda: settings.ZOOM_PERCENT.get(ctx) == 120, timeout=10000)

        # Logging in in French (the network flowing): the language is kept for the user.
        controller.lock()
        set_language("fr")
        controller.open_session(connect(None))
        ctx = controller.ctx
        qtbot.waitUntil(lambda: settings.LANGUAGE.get(ctx) == "fr", timeout=10000)
        qtbot.waitUntil(lambda: controller.window.zoom == 120, timeout=10000)
    finally:
        ticks.timer.stop()
        set_language("en")
        relay.resume()
        wait_for_calls()
        controller.shutdown()
        relay.close()
