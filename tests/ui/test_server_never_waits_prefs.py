"""The window never waits for the office server, for what was moved off its thread without a test
of its own: the language and presentation mode kept per user, the idle lock's minutes, the case
list's remembered columns, another plan version, the new referral's pathway stages and whether a
referral shown can go as a file. Behind a network that silently stalls, each returns at once and
the event loop keeps turning; once the connection is known lost each fails with the translated
message (or quietly keeps what it showed), what is on screen stays, and each works once the
network is back."""

from __future__ import annotations

import dataclasses
import time

import pytest
from PySide6.QtWidgets import QMessageBox
from referral_helpers import record_sharing_consent, send_referral_to
from server_helpers import PASSWORDS, make_office
from stall_relay import StallRelay
from test_server_never_waits import _case_input
from test_server_never_waits_reads import Ticks

from casework.i18n import current_language, set_language
from casework.model.enums import (
    LifeDomain,
    OrgType,
)
from casework.services import cases, directory, pathways, plans, referrals, users
from casework.store.server import ServerStore
from casework.store.server_connection import ServerAddress
from casework.ui import settings
from casework.ui.cases.list_panel import HIDDEN_COLUMNS_SETTING, CaseListPanel
from casework.ui.exchange.buttons import ExchangeButtons
from casework.ui.service_call import wait_for_calls
from casework.ui.session import SessionController
from casework.ui.view_scale import PRESENTATION_MODE


@pytest.mark.postgres
def test_preferences_plan_versions_and_referral_reads_never_freeze_the_window(
    qtbot, pg_server, pg_database, tmp_path, real_threads
) -> None:  # noqa: ANN001
    office = make_office(pg_server, pg_database)
    ada, sara = office.open("ada"), office.open("sara")
    relay = StallRelay(pg_server.port)
    controller = SessionController(tmp_path / "data")
    ticks = Ticks()
    try:
        from casework.services.context import ServiceContext

        admin, supervisor = ServiceContext.for_vault(ada), ServiceContext.for_vault(sara)
        pathway = pathways.create_pathway(
            admin,
            pathways.PathwayInput("Back to work", country="KE"),
            [pathways.StageInput("Assessment"), pathways.StageInput("Job placement")],
        )
        org = directory.create_organisation(
            admin, directory.OrganisationInput("Nairobi Jobs Hub", OrgType.CSO, "KE")
        )
        address = ServerAddress.parse(f"localhost:{relay.port}/{pg_database}", pg_server.ca_file)
        controller.open_session(ServerStore.open_at(address, "carl", PASSWORDS["carl"]))
        ctx, window, link = controller.ctx, controller.window, controller.server_link
        qtbot.waitUntil(link.listener.listening.is_set, timeout=5000)
        case = cases.create_case(ctx, dataclasses.replace(_case_input(), pathway_id=pathway))
        first = plans.create_plan(ctx, case, "A job and a place of his own")
        plans.add_goal(ctx, first, plans.GoalInput(LifeDomain.EMPLOYMENT, "Find work"))
        plans.submit_plan(ctx, first)
        plans.approve_plan(supervisor, first)
        second = plans.new_version(ctx, case)
        record_sharing_consent(ctx, case, org)
        referral = send_referral_to(ctx, case, org, "A job")
        detail = referrals.get_referral(ctx, referral)
        settings.IDLE_MINUTES.set(ctx, 17)

        window.show_page("CasesScreen")
        screen = window.screen_named("CasesScreen")
        screen.open_case(case)
        qtbot.waitUntil(lambda: screen.workspace(case) is not None, timeout=10000)
        ws = screen.workspace(case)
        plan_tab = ws.show_tab(ws.plan)
        qtbot.waitUntil(lambda: plan_tab.plan is not None, timeout=10000)
        assert plan_tab.plan.id == second
        referrals_tab = ws.show_tab(ws.referrals)
        # Its list loaded before the network stalls: a load still on its way would fail with a
        # box of its own, late, beside the four this test counts.
        qtbot.waitUntil(lambda: referrals_tab.model.rowCount() == 1, timeout=10000)
        buttons = ExchangeButtons(ctx, window)
        hidden_before = users.get_setting(ctx, HIDDEN_COLUMNS_SETTING, "")
        panel = screen.list
        assert panel.table.isColumnHidden(list_column("caseworker"))

        relay.stall()
        started = time.monotonic()
        window.choose_language("fr")  # the window switches at once; the choice is kept later
        window.set_presentation_mode(True)  # so does presentation mode (and the idle lock)
        panel.set_column_visible("caseworker", True)
        fresh = CaseListPanel(ctx, window)  # its user's columns: the defaults until read
        plan_tab.versions.set_value(first)  # another version asked for
        assert referrals_tab.new_referral() is None  # opened once the stages are read
        buttons.show_for(detail)
        assert time.monotonic() - started < 1.0  # none of them waited for the server
        assert current_language() == "fr" and window.presenting
        assert not panel.table.isColumnHidden(list_column("caseworker"))
        assert fresh.table.isColumnHidden(list_column("caseworker"))  # the default
        assert plan_tab.plan.id == second and buttons.isHidden()

        qtbot.waitUntil(link.banner.isVisible, timeout=15000)
        # The language, presentation mode, column and another plan version: said calmly, in
        # French, the window keeps its look (and the new case list its default columns).
        qtbot.waitUntil(
            lambda: any(b.parent() is plan_tab for b in window.findChildren(QMessageBox)),
            timeout=10000,
        )
        qtbot.waitUntil(lambda: len(window.findChildren(QMessageBox, "errorDialog")) >= 4)
        assert ticks.longest_gap_since(started) < 2.5
        boxes = window.findChildren(QMessageBox, "errorDialog")
        texts = [box.text() for box in boxes]
        assert all("serveur du bureau est injoignable" in t for t in texts), texts
        for box in boxes:
            box.close()
        assert current_language() == "fr" and window.presenting
        assert not panel.table.isColumnHidden(list_column("caseworker"))
        assert plan_tab.plan.id == second  # the version shown stays until another is read
        # The new referral opens without its pathway's stages rather than not at all.
        qtbot.waitUntil(lambda: referrals_tab.dialog is not None, timeout=10000)
        dialog = referrals_tab.dialog
        assert dialog.position is None
        dialog.reject()
        assert buttons.isHidden()  # unknown: not offered
        assert controller.idle.timer.interval() == 5 * 60_000  # the lock kept its interval
        assert controller.idle.timer.isActive()  # and runs

        relay.resume()
        qtbot.waitUntil(lambda: not link.banner.isVisible(), timeout=20000)
        window.choose_language("en")
        qtbot.waitUntil(lambda: settings.LANGUAGE.get(ctx) == "en", timeout=10000)
        window.set_presentation_mode(False)
        qtbot.waitUntil(lambda: PRESENTATION_MODE.get(ctx) == 0, timeout=10000)
        qtbot.waitUntil(lambda: controller.idle.timer.interval() == 17 * 60_000, timeout=10000)
        panel.set_column_visible("caseworker", True)
        qtbot.waitUntil(
            lambda: users.get_setting(ctx, HIDDEN_COLUMNS_SETTING, "") != hidden_before,
            timeout=10000,
        )
        assert "caseworker" not in users.get_setting(ctx, HIDDEN_COLUMNS_SETTING, "")
        other = CaseListPanel(ctx, window)  # reads what was just kept
        qtbot.waitUntil(
            lambda: not other.table.isColumnHidden(list_column("caseworker")), timeout=10000
        )
        plan_tab.versions.set_value(second)
        plan_tab.versions.set_value(first)
        qtbot.waitUntil(lambda: plan_tab.plan.id == first, timeout=10000)
        referrals_tab.dialog = None
        referrals_tab.new_referral()
        qtbot.waitUntil(lambda: referrals_tab.dialog is not None, timeout=10000)
        dialog = referrals_tab.dialog
        assert [s.stage.name for s in dialog.position.stages] == ["Assessment", "Job placement"]
        dialog.reject()
        buttons.show_for(detail)  # no partner card: nothing to send as a file, now known
        wait_for_calls()
        assert buttons.isHidden()
        for box in window.findChildren(QMessageBox, "errorDialog"):
            assert not box.isVisible(), (box.parent(), box.text())
    finally:
        ticks.timer.stop()
        set_language("en")
        relay.resume()
        wait_for_calls()
        controller.shutdown()
        relay.close()
        ada.close()
        sara.close()


def list_column(key: str) -> int:
    from casework.ui.cases.list_model import COLUMN_KEYS

    return COLUMN_KEYS.index(key)
