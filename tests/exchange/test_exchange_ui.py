"""The exchange in the desktop app, with real widgets: the Partners page (import, verify),
"Send as file…" with its preview, a received file dropped on the window, the answer back."""

from __future__ import annotations

import datetime as dt

import pytest
from exchange_helpers import consent_for, open_case, sent_referral
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from casework.i18n import set_language
from casework.model.enums import InfoScope, ReferralState
from casework.services import referrals
from casework.services.exchange import partners
from casework.ui.exchange import PartnersScreen
from casework.ui.exchange.received import open_received_file
from casework.ui.main_window import MainWindow
from casework.ui.referrals.detail import ReferralDetailPanel

pytestmark = pytest.mark.usefixtures("synchronous_pool")
pytest_plugins = ["exchange_fixtures"]


def _import_and_verify(qtbot, ctx, card_path) -> PartnersScreen:
    screen = PartnersScreen(ctx)
    qtbot.addWidget(screen)
    dialog = screen.start_import(card_path)
    assert "not verified" in dialog.note.text()
    dialog.accept()
    assert screen.model.rowCount() == 1
    assert screen.model.row_at(0).status.value == "unverified"
    screen.table.selectRow(0)
    verify = screen.start_verify()
    assert "digit by digit" in verify.how.text()
    verify.accept()  # not ticked: refused, stays open
    assert verify.isVisible() and verify.errors.labels["same"].isVisible()
    verify.same.setChecked(True)
    verify.accept()
    assert screen.model.row_at(0).status.value == "verified"
    return screen


def test_partners_page_send_and_receive(qtbot, two_orgs, tmp_path):
    cso, probation = two_orgs
    cards = {}
    for org in (cso, probation):
        page = PartnersScreen(org.admin)
        qtbot.addWidget(page)
        cards[org.name] = page.export_card(tmp_path / f"{org.name}.cwcard")
        assert partners.own_card(org.admin).fingerprint.split()[0] in page.own_fingerprint.text()
    screen = _import_and_verify(qtbot, cso.admin, cards["Bamako Probation"])
    _import_and_verify(qtbot, probation.admin, cards["Sahel Hope"])

    set_language("fr")
    try:
        assert screen.title() == "Partenaires"
        assert screen.model.index(0, 1).data() == "Vérifiée"
    finally:
        set_language("en")

    # "Send as file…" on the sent referral, with exactly what travels.
    to_probation = cso.partner_org_id("Bamako Probation")
    case = open_case(cso, "Abu Layla", "Moussa Traoré", dt.date(1990, 5, 4), "ML")
    consent_for(cso, case, to_probation, {InfoScope.IDENTITY})
    rid = sent_referral(cso, case, to_probation)
    panel = ReferralDetailPanel(cso.worker)
    qtbot.addWidget(panel)
    panel.show_referral(rid)
    assert not panel.exchange.send.isHidden()
    send = panel.exchange.start_send()
    send.contact.setText("+223 555 0199")
    text = send.preview.plain_text()
    assert "Moussa Traoré" in text and "+223 555 0199" in text
    assert "not shared" in text  # contact details: no consent
    send.target = tmp_path / "referral.cwx"
    send.accept()
    assert send.written is not None and send.written.path.exists()

    # Dropped on the probation office's window: shown, then recorded on a new case.
    window = MainWindow(probation.worker, pages=lambda ctx: [])
    qtbot.addWidget(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(send.written.path))])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton)
    # A drag-enter event takes an integer point, a drop a real one (PySide6 6.11's signatures).
    enter = QDragEnterEvent(QPoint(5, 5), *args, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()  # the window takes a .cwx file
    # Qt delivers a drop only from a real drag; the window's drop handler gets it directly.
    drop = QDropEvent(QPointF(5, 5), *args, Qt.KeyboardModifier.NoModifier)
    assert window.received_files.eventFilter(window, drop)
    received = window.received_files.dialog
    errors = [w.text() for w in QApplication.topLevelWidgets() if w.objectName() == "errorDialog"]
    assert not errors, errors
    assert received is not None and received.isVisible()
    assert "Sahel Hope" in received.sender.text() and not received.warning.isVisible()
    assert "Moussa Traoré" in received.preview.plain_text()
    received.accept()
    assert received.result is not None and received.result.new_case

    # The same file again: "already imported", nothing recorded.
    assert open_received_file(window, probation.worker, send.written.path) is None
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert any("already imported" in b.text() for b in boxes if b.isVisible())

    # The answer back, from the probation office's referral detail.
    referrals.accept_referral(probation.worker, received.result.referral_id)
    theirs = ReferralDetailPanel(probation.worker)
    qtbot.addWidget(theirs)
    theirs.show_referral(received.result.referral_id)
    assert not theirs.exchange.answer.isHidden() and theirs.exchange.send.isHidden()
    answer = theirs.exchange.start_answer()
    assert "Accepted" in answer.preview.plain_text()
    answer.target = tmp_path / "answer.cwx"
    answer.accept()
    back = open_received_file(panel, cso.worker, answer.target)
    assert "'Sent' to 'Accepted'" in back.effect.text()
    back.accept()
    assert referrals.get_referral(cso.worker, rid).state is ReferralState.ACCEPTED

    # Locked (vault closed) with these widgets still open: switching language reads nothing.
    for org in (cso, probation):
        for vault in org.vaults:
            vault.close()
    set_language("fr")
    set_language("en")


def test_damaged_file_shows_a_calm_error(qtbot, two_orgs, tmp_path):
    cso, _probation = two_orgs
    bad = tmp_path / "bad.cwx"
    bad.write_bytes(b"\x89CWX\r\n\x1a\n" + b"\x00" * 40)
    page = PartnersScreen(cso.admin)
    qtbot.addWidget(page)
    assert open_received_file(page, cso.worker, bad) is None
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "errorDialog"]
    assert any("Nothing was changed" in b.text() for b in boxes)


def test_directory_import_dialog_ticks_only_new_entries(qtbot, two_orgs, tmp_path):
    from casework.model.enums import OrgType
    from casework.services import directory
    from casework.services.directory import OrganisationInput

    cso, probation = two_orgs
    directory.create_organisation(
        cso.admin, OrganisationInput("Clinique Espoir", OrgType.HEALTH, country="ML", phone="1")
    )
    directory.create_organisation(
        cso.admin, OrganisationInput("Boulangerie", OrgType.EMPLOYER, country="ML")
    )
    mine = directory.create_organisation(
        probation.admin,
        OrganisationInput("Clinique Espoir", OrgType.HEALTH, country="ML", phone="2"),
    )
    page = PartnersScreen(cso.admin)
    qtbot.addWidget(page)
    path = page.save_directory(tmp_path / "directory.json")
    theirs = PartnersScreen(probation.admin)
    qtbot.addWidget(theirs)
    dialog = theirs.start_directory_import(path)
    assert dialog.new_root.childCount() == 1 and dialog.changed_root.childCount() == 1
    change = dialog.changed_root.child(0)
    assert change.checkState(0) == Qt.CheckState.Unchecked
    assert 'here "2", in the file "1"' in change.child(0).text(0)
    dialog.accept()
    assert dialog.result == (1, 0)
    assert directory.get_organisation(probation.admin, mine).data.phone == "2"
