"""The window never waits for the office server for the exchange between organisations: what
*Send as file* will carry, a partner's card and a shared directory compared with the server, a
received file checked, and the printed organisation card are read off the window's thread.
Behind a network that silently stalls each click returns at once with its button disabled; once
the connection is known lost each says so calmly and opens nothing, and each works once the
network is back. The contact typed in *Send as file* changes the preview without a read."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from referral_helpers import record_sharing_consent, send_referral_to
from server_helpers import PASSWORDS, make_office
from stall_relay import StallRelay
from test_server_never_waits_reads import Ticks

from casework.exchange.files import write_private
from casework.model.enums import (
    ClientCategory,
    CustodyStatus,
    OrgType,
    Role,
)
from casework.services import cases, referrals, users
from casework.services.context import ServiceContext
from casework.services.exchange import directory_share, outgoing, partners
from casework.store.server import ServerStore
from casework.store.server_connection import ServerAddress
from casework.store.vault import Vault
from casework.ui.exchange.buttons import ExchangeButtons
from casework.ui.preview import PreviewDialog
from casework.ui.printing import PrintOptionsDialog
from casework.ui.service_call import wait_for_calls
from casework.ui.session import SessionController


def _consented_referral(ctx: ServiceContext, to_org: int, alias: str) -> int:
    case = cases.create_case(
        ctx,
        cases.CaseInput(alias, ClientCategory.RELEASED_OFFENDER, CustodyStatus.ON_PROBATION, "ML"),
    )
    record_sharing_consent(ctx, case, to_org)
    return send_referral_to(ctx, case, to_org)


def _boxes(parent) -> list[QMessageBox]:  # noqa: ANN001
    return [b for b in parent.findChildren(QMessageBox, "errorDialog") if b.isVisible()]


@pytest.mark.postgres
def test_exchange_checks_and_the_card_sheet_never_freeze_the_window(
    qtbot, pg_server, pg_database, tmp_path: Path, real_threads, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setattr(PrintOptionsDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    office = make_office(pg_server, pg_database)
    ada = office.open("ada")
    partner_vault, _key = Vault.create(
        tmp_path / "probation",
        organisation="Bamako Probation",
        country="ML",
        admin_username="admin",
        admin_password=PASSWORDS["ada"],
    )
    relay = StallRelay(pg_server.port)
    controller = SessionController(tmp_path / "data")
    ticks = Ticks()
    try:
        admin, theirs = ServiceContext.for_vault(ada), ServiceContext.for_vault(partner_vault)
        # Each side imports and verifies the other's card; the partner shares its directory
        # and sends a referral as a file.
        their_card = partners.own_card(theirs)
        pid = partners.import_card(admin, their_card.data, None, new_org_type=OrgType.PROBATION)
        partners.verify_partner(admin, pid, their_card.fingerprint)
        our_card = partners.own_card(admin)
        ours = partners.import_card(theirs, our_card.data, None, new_org_type=OrgType.CSO)
        partners.verify_partner(theirs, ours, our_card.fingerprint)
        card_file, shared = tmp_path / "probation.cwcard", tmp_path / "directory.json"
        write_private(card_file, their_card.data)
        write_private(shared, directory_share.export_directory(theirs))
        to_us = partners.partner_by_name(theirs, "Sahel Hope").organisation_id
        users.create_user(theirs, "cara", "Cara Worker", {Role.SUPERVISOR}, PASSWORDS["sara"])
        cara_vault = Vault.open(tmp_path / "probation", "cara", PASSWORDS["sara"])
        cara = ServiceContext.for_vault(cara_vault)
        incoming_rid = _consented_referral(cara, to_us, "Umm Hawa")
        received = outgoing.write_referral_packet(cara, incoming_rid, tmp_path).path
        cara_vault.close()

        address = ServerAddress.parse(f"localhost:{relay.port}/{pg_database}", pg_server.ca_file)
        controller.open_session(ServerStore.open_at(address, "sara", PASSWORDS["sara"]))
        ctx, window, link = controller.ctx, controller.window, controller.server_link
        qtbot.waitUntil(link.listener.listening.is_set, timeout=5000)
        to_probation = partners.partner_by_name(ctx, "Bamako Probation").organisation_id
        rid = _consented_referral(ctx, to_probation, "Abu Layla")
        buttons = ExchangeButtons(ctx, window)
        buttons.show_for(referrals.get_referral(ctx, rid))
        qtbot.waitUntil(lambda: not buttons.send.isHidden(), timeout=10000)
        window.show_page("PartnersScreen")
        page = window.screen_named("PartnersScreen")
        qtbot.waitUntil(lambda: page.own is not None, timeout=10000)
        files = window.received_files

        relay.stall()
        started = time.monotonic()
        assert buttons.start_send() is None  # opens once what it carries is read
        assert page.start_import(card_file) is None
        assert page.start_directory_import(shared) is None
        assert files.open(received) is None
        page.print_sheet()
        assert time.monotonic() - started < 1.0  # none of them waited for the server
        assert not buttons.send.isEnabled() and not page.import_card.isEnabled()
        assert not page.import_directory.isEnabled()
        assert buttons.start_send() is None  # a second click while it waits: not run twice

        qtbot.waitUntil(link.banner.isVisible, timeout=15000)
        qtbot.waitUntil(buttons.send.isEnabled, timeout=10000)
        qtbot.waitUntil(page.import_card.isEnabled, timeout=10000)
        qtbot.waitUntil(page.import_directory.isEnabled, timeout=10000)
        assert ticks.longest_gap_since(started) < 2.5
        # send, card, directory, received file, card sheet: each said calmly, nothing opened
        qtbot.waitUntil(lambda: len(_boxes(window)) >= 5, timeout=10000)
        boxes = _boxes(window)
        assert all("cannot be reached" in b.text() for b in boxes), [b.text() for b in boxes]
        assert buttons.dialog is None and page.dialog is None and files.dialog is None
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, PreviewDialog)]
        for box in boxes:
            box.close()

        relay.resume()
        qtbot.waitUntil(lambda: not link.banner.isVisible(), timeout=20000)
        buttons.start_send()
        qtbot.waitUntil(lambda: buttons.dialog is not None, timeout=10000)
        send = buttons.dialog
        assert "Bamako Probation" in send.to.text()
        relay.stall()  # typing the contact reads nothing
        started = time.monotonic()
        send.contact.setText("+254 700 000 111")
        assert time.monotonic() - started < 0.5
        assert "+254 700 000 111" in send.preview.plain_text()
        relay.resume()
        send.target = tmp_path / "out.cwx"
        send.accept()
        qtbot.waitUntil(lambda: send.written is not None, timeout=10000)
        assert send.written.path.exists()

        page.start_import(card_file)
        qtbot.waitUntil(lambda: page.dialog is not None, timeout=10000)
        assert "already imported" in page.dialog.note.text()
        page.dialog.reject()
        page.dialog = None
        page.start_directory_import(shared)
        qtbot.waitUntil(lambda: page.dialog is not None, timeout=10000)
        assert page.dialog.new_root.childCount() == 1  # the partner's own organisation
        page.dialog.reject()
        files.open(received)
        qtbot.waitUntil(lambda: files.dialog is not None, timeout=10000)
        assert "Umm Hawa" in files.dialog.preview.plain_text()
        files.dialog.reject()
        page.print_sheet()
        qtbot.waitUntil(
            lambda: any(isinstance(w, PreviewDialog) for w in QApplication.topLevelWidgets()),
            timeout=20000,
        )
        assert not _boxes(window)
    finally:
        ticks.timer.stop()
        relay.resume()
        wait_for_calls()
        controller.shutdown()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, PreviewDialog):
                widget.close()
                widget.deleteLater()
        relay.close()
        ada.close()
        partner_vault.close()
