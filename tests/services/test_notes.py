"""Notes through the services on a real vault: timeline, restricted notes, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from casework.errors import PermissionDenied, ValidationError
from casework.model import AuditEvent
from casework.model.enums import ClientCategory, CustodyStatus, NoteKind
from casework.services import cases, handovers, notes
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.notes import NoteInput

TODAY = dt.date(2026, 3, 10)


def _audit(ctx) -> list[AuditEvent]:
    with ctx.vault.session() as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _audit_count(ctx) -> int:
    """Events other than refusals (a refused call writes its refusal and nothing else)."""
    with ctx.vault.session() as s:
        return s.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action != "access.refused")
        )


@pytest.fixture
def cw(office) -> ServiceContext:
    return ServiceContext(office.caseworker.vault, office.caseworker.actor, lambda: TODAY)


@pytest.fixture
def case_id(cw) -> int:
    return cases.create_case(
        cw,
        CaseInput(
            alias="Abu Layla",
            category=ClientCategory.RETURNEE_FTF,
            custody_status=CustodyStatus.RETURNED,
            country="SO",
        ),
    )


def test_timeline_newest_first_and_filter(cw, case_id):
    notes.add_note(cw, case_id, NoteInput(NoteKind.PHONE_CALL, dt.date(2026, 3, 1), "Called"))
    notes.add_note(cw, case_id, NoteInput(NoteKind.HOME_VISIT, dt.date(2026, 3, 8), "Visited"))
    notes.add_note(cw, case_id, NoteInput(NoteKind.CONTACT, dt.date(2026, 3, 5), "Met"))
    page = notes.timeline(cw, case_id)
    assert [r.body for r in page.rows] == ["Visited", "Met", "Called"]
    assert page.rows[0].author_name == "Carl Caseworker"
    only = notes.timeline(cw, case_id, kind=NoteKind.PHONE_CALL)
    assert [r.body for r in only.rows] == ["Called"] and only.total == 1
    paged = notes.timeline(cw, case_id, offset=1, limit=1)
    assert [r.body for r in paged.rows] == ["Met"] and paged.total == 3


def test_restricted_notes_masked_until_asked_and_audited(office, cw, case_id):
    notes.add_note(cw, case_id, NoteInput(NoteKind.OTHER, TODAY, "Ordinary"))
    notes.add_note(
        cw, case_id, NoteInput(NoteKind.INCIDENT, TODAY, "Threat from former group", True)
    )
    page = notes.timeline(cw, case_id)
    masked = [r for r in page.rows if r.restricted]
    assert len(masked) == 1 and masked[0].masked and masked[0].body == ""
    assert all("Threat" not in r.body for r in page.rows)
    before = _audit_count(office.admin)
    shown = notes.timeline(office.supervisor, case_id, include_restricted=True)
    assert "Threat from former group" in [r.body for r in shown.rows]
    events = _audit(office.admin)
    assert len(events) == before + 1
    assert events[-1].action == "case.restricted_viewed" and events[-1].entity_id == case_id
    assert "Threat" not in events[-1].details
    # The note's text never reaches the audit trail.
    assert all("Threat" not in e.details for e in events)


def test_refused_users_see_nothing_and_write_nothing(office, cw, case_id):
    notes.add_note(cw, case_id, NoteInput(NoteKind.OTHER, TODAY, "Secret", True))
    before = _audit_count(office.admin)
    for ctx in (office.other_caseworker, office.admin):
        with pytest.raises(PermissionDenied):
            notes.timeline(ctx, case_id, include_restricted=True)
        with pytest.raises(PermissionDenied):
            notes.add_note(ctx, case_id, NoteInput(NoteKind.OTHER, TODAY, "x"))
    assert _audit_count(office.admin) == before


def test_validation_and_only_author_or_supervisor_edits(office, cw, case_id):
    with pytest.raises(ValidationError) as err:
        notes.add_note(cw, case_id, NoteInput(NoteKind.OTHER, dt.date(2026, 4, 1), " "))
    assert set(err.value.fields) == {"body", "occurred_on"}
    note_id = notes.add_note(cw, case_id, NoteInput(NoteKind.OTHER, TODAY, "Draft wording"))
    sup = ServiceContext(office.supervisor.vault, office.supervisor.actor, lambda: TODAY)
    notes.update_note(sup, note_id, NoteInput(NoteKind.CONTACT, TODAY, "Better wording"))
    handovers.assign_case(office.supervisor, case_id, office.other_caseworker.actor.user_id)
    other = ServiceContext(
        office.other_caseworker.vault, office.other_caseworker.actor, lambda: TODAY
    )
    with pytest.raises(PermissionDenied):
        notes.update_note(other, note_id, NoteInput(NoteKind.CONTACT, TODAY, "Mine now"))
    assert notes.timeline(other, case_id).rows[0].body == "Better wording"
