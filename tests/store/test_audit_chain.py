"""The audit trail: chained, append-only, and `casework verify` notices tampering."""

from __future__ import annotations

import pytest
import sqlalchemy.exc
from sqlalchemy import text

from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import audit, cases
from casework.services.cases import CaseInput


def _populate(office, n: int = 5) -> None:
    for i in range(n):
        case_id = cases.create_case(
            office.caseworker,
            CaseInput(f"Person {i}", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE"),
        )
        cases.open_case(office.caseworker, case_id)


def _raw(office, *statements: str) -> None:
    """What an attacker with the raw key could do: drop the guards and edit rows."""
    with office.admin.vault.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_events_no_update"))
        conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        for statement in statements:
            conn.execute(text(statement))


def test_clean_chain_verifies(office):
    _populate(office)
    report = audit.verify(office.admin)
    assert report.ok, report
    assert report.events > 10


def test_database_refuses_update_and_delete(office):
    _populate(office, 1)
    with office.admin.vault.engine.begin() as conn, pytest.raises(sqlalchemy.exc.DatabaseError):
        conn.execute(text("UPDATE audit_events SET action = 'x' WHERE id = 1"))
    with office.admin.vault.engine.begin() as conn, pytest.raises(sqlalchemy.exc.DatabaseError):
        conn.execute(text("DELETE FROM audit_events WHERE id = 1"))


def test_one_byte_edit_is_detected(office):
    _populate(office)
    _raw(office, "UPDATE audit_events SET action = 'case.openeD' WHERE id = 6")
    report = audit.verify(office.admin)
    assert not report.chain_ok
    assert any("6 was altered" in p for p in report.chain_problems)


def test_deleted_entry_is_detected(office):
    _populate(office)
    _raw(office, "DELETE FROM audit_events WHERE id = 7")
    assert not audit.verify(office.admin).chain_ok


def test_deleted_newest_entry_is_detected(office):
    _populate(office)
    _raw(office, "DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)")
    assert not audit.verify(office.admin).chain_ok


def test_reordering_is_detected(office):
    _populate(office)
    _raw(
        office,
        "UPDATE audit_events SET id = -1 WHERE id = 8",
        "UPDATE audit_events SET id = 8 WHERE id = 9",
        "UPDATE audit_events SET id = 9 WHERE id = -1",
    )
    assert not audit.verify(office.admin).chain_ok


def test_only_administrators_verify_and_supervisors_read(office):
    from casework.errors import PermissionDenied
    from casework.services.audit import AuditQuery, list_events

    with pytest.raises(PermissionDenied):
        audit.verify(office.supervisor)
    with pytest.raises(PermissionDenied):
        list_events(office.caseworker, AuditQuery())
    rows, total = list_events(office.supervisor, AuditQuery(action_prefix="user."))
    assert total == len(rows) >= 3


def test_refused_call_writes_no_audit_event_but_its_refusal(office):
    from casework.errors import PermissionDenied
    from casework.model import AuditEvent

    with office.admin.vault.session() as s:
        before = s.query(AuditEvent).count()
    with pytest.raises(PermissionDenied):
        cases.create_case(
            office.admin,
            CaseInput("X", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE"),
        )
    with office.admin.vault.session() as s:
        new = s.query(AuditEvent).order_by(AuditEvent.id).offset(before).all()
        assert [e.action for e in new] == ["access.refused"]
