"""Tab order of the exchange dialogs (a partner's card, its verification, "Send as file…",
a received file, a shared directory): every control reached in reading order, no trap."""

from __future__ import annotations

import datetime as dt

import pytest
from exchange_helpers import consent_for, open_case, sent_referral
from PySide6.QtWidgets import QApplication, QDialog
from tab_walk import check_tab_order

from casework.model.enums import InfoScope
from casework.ui.exchange import PartnersScreen
from casework.ui.exchange.received import open_received_file
from casework.ui.referrals.detail import ReferralDetailPanel
from casework.ui.widgets.lock import lock_requests

pytestmark = pytest.mark.usefixtures("synchronous_pool")
pytest_plugins = ["exchange_fixtures"]


def _walk(qtbot, dialog: QDialog, name: str) -> None:  # noqa: ANN001
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    check_tab_order(qtbot, dialog, name)


def test_exchange_dialogs_walk_in_reading_order(qtbot, two_orgs, tmp_path) -> None:  # noqa: ANN001
    cso, probation = two_orgs
    lock_requests().listen(lambda: None)  # as in a session: the dialogs' Lock button shows
    try:
        cards = {}
        for org in (cso, probation):
            page = PartnersScreen(org.admin)
            qtbot.addWidget(page)
            cards[org.name] = page.export_card(tmp_path / f"{org.name}.cwcard")
        for mine, theirs in ((cso, "Bamako Probation"), (probation, "Sahel Hope")):
            screen = PartnersScreen(mine.admin)
            qtbot.addWidget(screen)
            card = screen.start_import(cards[theirs])
            _walk(qtbot, card, "partner's card")
            card.accept()
            screen.table.selectRow(0)
            verify = screen.start_verify()
            _walk(qtbot, verify, "fingerprint check")
            verify.same.setChecked(True)
            verify.accept()
        to_probation = cso.partner_org_id("Bamako Probation")
        case = open_case(cso, "Abu Layla", "Moussa Traoré", dt.date(1990, 5, 4), "ML")
        consent_for(cso, case, to_probation, {InfoScope.IDENTITY})
        rid = sent_referral(cso, case, to_probation)
        panel = ReferralDetailPanel(cso.worker)
        qtbot.addWidget(panel)
        panel.show_referral(rid)
        send = panel.exchange.start_send()
        _walk(qtbot, send, "send as file")
        send.target = tmp_path / "referral.cwx"
        send.accept()
        received = open_received_file(panel, probation.worker, send.written.path)
        _walk(qtbot, received, "received file")
        received.reject()
        page = PartnersScreen(cso.admin)
        qtbot.addWidget(page)
        shared = page.save_directory(tmp_path / "directory.json")
        theirs = PartnersScreen(probation.admin)
        qtbot.addWidget(theirs)
        _walk(qtbot, theirs.start_directory_import(shared), "shared directory")
    finally:
        lock_requests().stop_listening()
