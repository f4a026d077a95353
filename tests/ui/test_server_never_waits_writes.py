"""The window never waits for the office server for the last writes found on its thread: the
Statistics page's CSV export, a retention step (asking for an anonymisation) and the audit
entry of a PDF saved from the preview. Behind a network that silently stalls each returns at
once; once the connection is known lost each says so calmly (no CSV written, the case still
due, the saved PDF not yet audited), and each works once the network is back."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox
from server_helpers import PASSWORDS, make_office
from stall_relay import StallRelay
from test_server_never_waits_reads import Ticks

from casework.model.enums import CaseAction, ClientCategory, CloseReason, CustodyStatus
from casework.services import cases, retention
from casework.services.context import ServiceContext
from casework.store.server import ServerStore
from casework.store.server_connection import ServerAddress
from casework.ui.admin.retention_tab import RetentionTab
from casework.ui.preview import PreviewDialog
from casework.ui.printing import PrintOptionsDialog, print_case_summary
from casework.ui.service_call import wait_for_calls
from casework.ui.session import SessionController
from casework.ui.statistics_screen import StatisticsScreen


def _boxes(parent) -> list[QMessageBox]:  # noqa: ANN001
    return [b for b in parent.findChildren(QMessageBox, "errorDialog") if b.isVisible()]


def _audited(pg_server, database: str, action: str) -> int:  # noqa: ANN001
    with pg_server.connect(database) as conn:
        query = "SELECT count(*) FROM audit_events WHERE action = %s"
        return int(conn.execute(query, (action,)).fetchone()[0])


@pytest.mark.postgres
def test_statistics_export_retention_step_and_pdf_audit_never_freeze_the_window(
    qtbot, pg_server, pg_database, tmp_path: Path, real_threads, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setattr(PrintOptionsDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Save)
    csv_file, pdf_file = tmp_path / "stats.csv", tmp_path / "summary.pdf"
    office = make_office(pg_server, pg_database)
    ada = office.open("ada")
    relay = StallRelay(pg_server.port)
    controller = SessionController(tmp_path / "data")
    ticks = Ticks()
    try:
        admin = ServiceContext.for_vault(ada)
        retention.set_retention(admin, ClientCategory.DISENGAGED, 2)
        address = ServerAddress.parse(f"localhost:{relay.port}/{pg_database}", pg_server.ca_file)
        controller.open_session(ServerStore.open_at(address, "sara", PASSWORDS["sara"]))
        ctx, window, link = controller.ctx, controller.window, controller.server_link
        qtbot.waitUntil(link.listener.listening.is_set, timeout=5000)
        case = cases.create_case(
            ctx,
            cases.CaseInput("Abu Layla", ClientCategory.DISENGAGED, CustodyStatus.RELEASED, "KE"),
        )
        cases.change_status(ctx, case, CaseAction.ACTIVATE)
        cases.change_status(ctx, case, CaseAction.CLOSE, close_reason=CloseReason.RELOCATED)
        with pg_server.connect(pg_database) as conn:  # closed three years ago: due
            long_ago = dt.date.today() - dt.timedelta(days=3 * 366)
            conn.execute("UPDATE cases SET closed_on = %s WHERE id = %s", (long_ago, case))
        stats = StatisticsScreen(ctx, window)
        tab = RetentionTab(ctx, window)
        assert [r.case_id for r in retention.cases_due(ctx)] == [case]
        tab.refresh()
        qtbot.waitUntil(lambda: tab.due_model.rowCount() == 1, timeout=10000)
        tab.due_view.selectRow(0)
        print_case_summary(window, ctx, case)
        qtbot.waitUntil(lambda: _preview() is not None, timeout=20000)
        preview = _preview()
        saved = _audited(pg_server, pg_database, "document.saved_unencrypted")

        relay.stall()
        started = time.monotonic()
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(csv_file), ""))
        assert stats.export_csv() is None  # on its way
        tab.request()
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf_file), ""))
        preview.save_as_pdf()
        assert time.monotonic() - started < 1.0  # none of them waited for the server
        assert not stats.export_button.isEnabled() and not tab.request_button.isEnabled()

        qtbot.waitUntil(link.banner.isVisible, timeout=15000)
        qtbot.waitUntil(stats.export_button.isEnabled, timeout=10000)
        qtbot.waitUntil(tab.request_button.isEnabled, timeout=10000)
        assert ticks.longest_gap_since(started) < 2.5
        qtbot.waitUntil(lambda: len(_boxes(window)) + len(_boxes(preview)) >= 3, timeout=10000)
        boxes = _boxes(window) + _boxes(preview)
        assert all("cannot be reached" in b.text() for b in boxes), [b.text() for b in boxes]
        for box in boxes:
            box.close()
        assert not csv_file.exists()
        assert pdf_file.exists()  # written on this laptop; its audit entry could not be
        assert preview.isVisible()

        relay.resume()
        qtbot.waitUntil(lambda: not link.banner.isVisible(), timeout=20000)
        messages: list[object] = []
        stats.status_message.connect(messages.append)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(csv_file), ""))
        stats.export_csv()
        qtbot.waitUntil(csv_file.exists, timeout=10000)
        qtbot.waitUntil(lambda: len(messages) == 1, timeout=10000)
        tab.due_view.selectRow(0)
        tab.request()
        qtbot.waitUntil(
            lambda: retention.cases_due(ctx)[0].requested_by_name == "Sara Supervisor",
            timeout=10000,
        )
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf_file), ""))
        preview.save_as_pdf()
        qtbot.waitUntil(
            lambda: _audited(pg_server, pg_database, "document.saved_unencrypted") == saved + 1,
            timeout=10000,
        )
        assert not _boxes(window) and not _boxes(preview)
    finally:
        ticks.timer.stop()
        relay.resume()
        wait_for_calls()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, PreviewDialog):
                widget.close()
                widget.deleteLater()
        controller.shutdown()
        relay.close()
        ada.close()


def _preview() -> PreviewDialog | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, PreviewDialog)]
    return found[0] if found else None
