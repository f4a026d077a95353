"""The Retention tab: an administrator sets the schedule, a supervisor asks, the administrator
confirms after a warning, and the case moves to the anonymised list (real widgets, real vault)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QMessageBox

from casework.i18n import set_language
from casework.model import Case
from casework.model.enums import CaseAction, ClientCategory, CloseReason, CustodyStatus
from casework.services import cases, retention
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.ui.admin.retention_tab import RetentionTab
from casework.ui.admin.screen import AdminScreen


def _closed_case(office) -> str:  # noqa: ANN001
    case_id = cases.create_case(
        office.caseworker,
        CaseInput("Abu Layla", ClientCategory.DISENGAGED, CustodyStatus.RELEASED, "KE"),
    )
    cases.change_status(office.caseworker, case_id, CaseAction.ACTIVATE)
    cases.change_status(
        office.supervisor, case_id, CaseAction.CLOSE, close_reason=CloseReason.RELOCATED
    )
    with office.admin.vault.write() as s:
        case = s.get(Case, case_id)
        case.closed_on = dt.date.today() - dt.timedelta(days=3 * 366)
        return case.reference


def test_schedule_request_and_confirm_by_two_people(qtbot, office, monkeypatch):  # noqa: ANN001
    reference = _closed_case(office)
    admin_tab = RetentionTab(office.admin)
    qtbot.addWidget(admin_tab)
    admin_tab.retranslate()
    admin_tab.refresh()
    assert admin_tab.due_model.rowCount() == 0
    admin_tab.years[ClientCategory.DISENGAGED].setValue(2)
    admin_tab.save_schedule()
    assert admin_tab.due_model.rows[0].reference == reference

    sup_tab = RetentionTab(office.supervisor)
    qtbot.addWidget(sup_tab)
    sup_tab.refresh()
    assert not sup_tab.years[ClientCategory.DISENGAGED].isEnabled()  # read-only for supervisors
    assert not sup_tab.save_button.isVisibleTo(sup_tab)
    sup_tab.due_view.selectRow(0)
    sup_tab.request()
    assert sup_tab.due_model.rows[0].requested_by_name == "Sara Supervisor"

    admin_tab.refresh()
    admin_tab.due_view.selectRow(0)
    warned: list[str] = []

    def ok(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        warned.append(args[2])
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", ok)
    admin_tab.confirm()
    assert reference in warned[0] and "cannot be undone" in warned[0]
    assert admin_tab.due_model.rowCount() == 0
    [done] = admin_tab.done_model.rows
    assert done.reference == reference and done.certificate.startswith("AN-")
    assert retention.anonymised_cases(office.admin)[0].confirmed_by_name


def test_the_tab_is_in_administration_and_speaks_french(qtbot, office):  # noqa: ANN001
    screen = AdminScreen(office.supervisor)
    qtbot.addWidget(screen)
    assert screen.retention is not None
    set_language("fr")
    index = screen.tabs.indexOf(screen.retention)
    assert screen.tabs.tabText(index) == "Conservation"
    assert screen.retention.year_labels[ClientCategory.CHILD].text() == "Enfant (mineur)"
    me = ServiceContext(office.caseworker.vault, office.caseworker.actor)
    assert not me.actor.can(retention.Permission.ANONYMISE)
