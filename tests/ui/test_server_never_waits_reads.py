"""The window never waits for the office server, for what a form reads as it opens (the lists
to choose from) and for a case tab's "Save" before it closes: behind a network that silently
stalls, the event loop keeps turning, the dialog says its lists are loading and does not save
with an empty choice; the read fails with the translated message once the connection is known
lost, what was typed stays, and OK reads again once the network is back. A tab closed with
"Save" stays open while the save waits, stays open with its input when the save fails, and
closes once saved."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from server_helpers import PASSWORDS, make_office
from stall_relay import StallRelay
from test_server_never_waits import _case_input

from casework.i18n import set_language
from casework.services import cases
from casework.store.server import ServerStore
from casework.store.server_connection import ServerAddress
from casework.ui.cases.consents_tab import ConsentDialog
from casework.ui.service_call import wait_for_calls
from casework.ui.session import SessionController

WITNESS = "Imam Moussa, at the mosque of the market"


class Ticks:
    """A timer on the window's thread: its gaps say how long the event loop stood still."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.timeout.connect(lambda: self.times.append(time.monotonic()))
        self.timer.start(50)

    def longest_gap_since(self, start: float) -> float:
        after = [t for t in self.times if t > start]
        assert len(after) > 10, "the timer did not keep firing"
        return max(b - a for a, b in zip(after, after[1:], strict=False))


@pytest.mark.postgres
def test_reads_and_the_close_tab_save_never_freeze_the_window(
    qtbot, pg_server, pg_database, tmp_path, real_threads
) -> None:  # noqa: ANN001
    make_office(pg_server, pg_database)
    relay = StallRelay(pg_server.port)
    controller = SessionController(tmp_path / "data")
    ticks = Ticks()
    try:
        address = ServerAddress.parse(f"localhost:{relay.port}/{pg_database}", pg_server.ca_file)
        controller.open_session(ServerStore.open_at(address, "carl", PASSWORDS["carl"]))
        ctx = controller.ctx
        link = controller.server_link
        qtbot.waitUntil(link.listener.listening.is_set, timeout=5000)
        case = cases.create_case(ctx, _case_input())

        # --- a dialog's list to choose from, read as it opens -----------------------------
        relay.stall()
        started = time.monotonic()
        dialog = ConsentDialog(ctx, case, controller.window)
        dialog.show()
        assert time.monotonic() - started < 1.0  # opened without waiting for the server
        assert not dialog.recipient.isEnabled()
        assert dialog.recipient.currentText() == "Loading…"
        set_language("fr")  # a trainer switches language while the list loads
        qtbot.waitUntil(lambda: dialog.recipient.currentText() == "Chargement…", timeout=2000)
        set_language("en")
        qtbot.waitUntil(lambda: dialog.recipient.currentText() == "Loading…", timeout=2000)
        assert not dialog.ok_button.isEnabled()
        dialog.witness.setText(WITNESS)
        dialog.accept()  # Enter while the list loads: no save with an empty choice
        assert dialog.isVisible()
        assert "still loading" in dialog.message.text()

        qtbot.waitUntil(link.banner.isVisible, timeout=15000)
        qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=10000)
        assert ticks.longest_gap_since(started) < 2.5
        assert "cannot be reached" in dialog.message.text()
        assert dialog.recipient.currentText() == (
            f"(could not be loaded: “{dialog.ok_button.text()}” tries again)"
        )  # the button that tries again, by its name
        set_language("fr")
        french = "(chargement impossible : « Enregistrer un consentement » réessaie)"
        shown = lambda: dialog.recipient.currentText().replace("\xa0", " ")  # noqa: E731
        qtbot.waitUntil(lambda: shown() == french, timeout=2000)  # names the French button
        set_language("en")
        qtbot.waitUntil(lambda: "tries again" in dialog.recipient.currentText(), timeout=2000)
        assert dialog.witness.text() == WITNESS  # what was typed stays

        relay.resume()
        qtbot.waitUntil(lambda: not link.banner.isVisible(), timeout=20000)
        dialog.ok_button.click()  # reads the list again instead of saving
        qtbot.waitUntil(dialog.recipient.isEnabled, timeout=10000)
        assert dialog.isVisible() and dialog.witness.text() == WITNESS
        assert dialog.recipient.itemText(1) == "All organisations (general consent)"
        assert dialog.recipient.value() is None  # nothing chosen for the user
        dialog.reject()

        # --- a case tab closed with "Save" --------------------------------------------------
        window = controller.window
        window.show_page("CasesScreen")
        screen = window.screen_named("CasesScreen")
        screen.open_case(case)
        qtbot.waitUntil(lambda: screen.workspace(case) is not None, timeout=10000)
        ws = screen.workspace(case)
        qtbot.waitUntil(lambda: ws.profile.detail is not None, timeout=10000)
        qtbot.waitUntil(lambda: ws.profile.form.pathway.isEnabled(), timeout=10000)
        ws.profile.form.locality.setText("Mandera")

        relay.stall()
        screen.request_close(screen.tabs.indexOf(ws))
        started = time.monotonic()
        screen.unsaved_box.button(QMessageBox.StandardButton.Save).click()
        assert time.monotonic() - started < 0.5  # the click returned: the save waits off-thread
        assert screen.workspaces() == [ws]  # open until saved
        qtbot.waitUntil(link.banner.isVisible, timeout=15000)
        qtbot.waitUntil(ws.profile.save_button.isEnabled, timeout=10000)
        assert ticks.longest_gap_since(started) < 2.5
        assert screen.workspaces() == [ws]  # the save failed: the tab stays, input kept
        assert ws.profile.form.locality.text() == "Mandera"
        assert ws.tabs.currentWidget() is ws.profile
        box = controller.window.findChild(QMessageBox, "errorDialog")
        assert box is not None and "cannot be reached" in box.text()
        box.close()

        relay.resume()
        qtbot.waitUntil(lambda: not link.banner.isVisible(), timeout=20000)
        screen.request_close(screen.tabs.indexOf(ws))
        screen.unsaved_box.button(QMessageBox.StandardButton.Save).click()
        qtbot.waitUntil(lambda: screen.workspaces() == [], timeout=10000)
        assert cases.get_case(ctx, case).data.locality == "Mandera"
    finally:
        set_language("en")
        ticks.timer.stop()
        relay.resume()
        wait_for_calls()
        controller.shutdown()
        relay.close()


@pytest.mark.postgres
def test_preferences_administration_audit_and_exports_never_freeze_the_window(
    qtbot, pg_server, pg_database, tmp_path, real_threads
) -> None:  # noqa: ANN001
    """Behind a stalled network, all at once: the preferences dialog's read, a zoom step, the
    users list, the audit log's next page, the retention schedule's save and the organisation
    card's export. Each returns at once, fails with the translated message once the connection
    is known lost (what was typed stays, no file is written), and works once it is back."""
    from casework.services import four_eyes, retention
    from casework.services.audit import AuditQuery
    from casework.ui import settings
    from casework.ui.admin.audit_tab import read_page
    from casework.ui.settings_dialog import SettingsDialog

    make_office(pg_server, pg_database)
    relay = StallRelay(pg_server.port)
    controller = SessionController(tmp_path / "data")
    ticks = Ticks()
    card, shared = tmp_path / "card.cwcard", tmp_path / "directory.json"
    try:
        address = ServerAddress.parse(f"localhost:{relay.port}/{pg_database}", pg_server.ca_file)
        controller.open_session(ServerStore.open_at(address, "ada", PASSWORDS["ada"]))
        ctx = controller.ctx
        link = controller.server_link
        window = controller.window
        qtbot.waitUntil(link.listener.listening.is_set, timeout=5000)
        window.show_page("AdminScreen")
        admin = window.screen_named("AdminScreen")
        users_tab, audit_tab, retention_tab = admin.users, admin.audit, admin.retention
        qtbot.waitUntil(lambda: users_tab.model.rowCount() == 3, timeout=10000)
        qtbot.waitUntil(lambda: not retention_tab.loader.loading, timeout=10000)
        query = AuditQuery(limit=2)  # small pages: the log of a new office is short
        audit_tab.model.show(query, read_page(ctx, query))
        assert audit_tab.model.canFetchMore()
        window.show_page("PartnersScreen")
        partners_page = window.screen_named("PartnersScreen")
        spin = next(iter(retention_tab.years.values()))
        spin.setValue(7)
        from casework.model.enums import OrgType
        from casework.services import directory
        from casework.ui.directory.organisation_dialog import OrganisationDialog

        org_id = directory.create_organisation(
            ctx, directory.OrganisationInput("Mopti Women's Association", OrgType.CSO, "ML")
        )
        org = directory.get_organisation(ctx, org_id).data

        relay.stall()
        started = time.monotonic()
        dialog = SettingsDialog(ctx, window)
        dialog.show()
        entry = OrganisationDialog(ctx, org_id, window)  # its fields wait for the record
        entry.show()
        window.set_zoom(120)
        users_tab.refresh()
        audit_tab.model.fetchMore()
        retention_tab.save_schedule()
        assert partners_page.export_card(card) is None  # on its way
        assert partners_page.save_directory(shared) is None
        assert time.monotonic() - started < 1.0  # none of them waited for the server
        assert not dialog.idle.isEnabled() and not dialog.ok_button.isEnabled()
        assert not entry.name.isEnabled() and not entry.ok_button.isEnabled()
        assert not retention_tab.save_button.isEnabled()
        assert not users_tab.rules.four_eyes.isEnabled()  # the rule is being read
        assert window.zoom == 120  # the window zoomed at once

        qtbot.waitUntil(link.banner.isVisible, timeout=15000)
        qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=10000)
        qtbot.waitUntil(entry.ok_button.isEnabled, timeout=10000)
        assert "cannot be reached" in entry.message.text() and entry.name.text() == ""
        qtbot.waitUntil(retention_tab.save_button.isEnabled, timeout=10000)
        qtbot.waitUntil(partners_page.save_card.isEnabled, timeout=10000)
        qtbot.waitUntil(audit_tab.model.canFetchMore, timeout=10000)
        assert ticks.longest_gap_since(started) < 2.5
        # users, four-eyes rule, preferences, zoom, audit, retention, card, directory
        qtbot.waitUntil(lambda: len(window.findChildren(QMessageBox, "errorDialog")) >= 8)
        boxes = window.findChildren(QMessageBox, "errorDialog")
        assert all("cannot be reached" in box.text() for box in boxes), [b.text() for b in boxes]
        assert not card.exists() and not shared.exists()
        assert spin.value() == 7  # what was typed stays
        assert audit_tab.model.rowCount() == 2 and users_tab.model.rowCount() == 3
        for box in boxes:
            box.close()

        relay.resume()
        qtbot.waitUntil(lambda: not link.banner.isVisible(), timeout=20000)
        entry.ok_button.click()  # the record read again (not saved)
        qtbot.waitUntil(lambda: entry.name.text() == org.name, timeout=10000)
        assert entry.isVisible() and entry.name.isEnabled() and entry.notes.isEnabled()
        entry.reject()
        dialog.ok_button.click()  # the minutes read again (not saved yet)
        qtbot.waitUntil(dialog.idle.isEnabled, timeout=10000)
        assert dialog.isVisible() and dialog.idle.value() == settings.IDLE_MINUTES.default
        dialog.idle.setValue(9)
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
        assert settings.IDLE_MINUTES.get(ctx) == 9
        window.set_zoom(130)
        qtbot.waitUntil(lambda: settings.ZOOM_PERCENT.get(ctx) == 130, timeout=10000)
        audit_tab.model.fetchMore()
        qtbot.waitUntil(lambda: audit_tab.model.rowCount() == 4, timeout=10000)
        retention_tab.save_schedule()
        qtbot.waitUntil(
            lambda: 7 in [r.years for r in retention.retention_schedule(ctx)], timeout=10000
        )
        partners_page.export_card(card)
        qtbot.waitUntil(card.exists, timeout=10000)
        partners_page.save_directory(shared)
        qtbot.waitUntil(shared.exists, timeout=10000)
        users_tab.refresh()
        qtbot.waitUntil(lambda: users_tab.model.rowCount() == 3, timeout=10000)
        qtbot.waitUntil(users_tab.rules.four_eyes.isEnabled, timeout=10000)
        assert users_tab.rules.four_eyes.isChecked() == four_eyes.is_on(ctx)
        users_tab.rules.four_eyes.click()  # saved off the window's thread
        qtbot.waitUntil(
            lambda: users_tab.rules.four_eyes.isChecked() == four_eyes.is_on(ctx), timeout=10000
        )
    finally:
        ticks.timer.stop()
        relay.resume()
        wait_for_calls()
        controller.shutdown()
        relay.close()
