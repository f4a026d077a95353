"""Refused actions leave a trace: every failed permission check is one audit event, written in
its own transaction, so the refused write itself still writes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from casework.errors import PermissionDenied
from casework.model import AuditEvent, Note
from casework.model.enums import ClientCategory, CustodyStatus, NoteKind
from casework.services import audit, cases, notes, server_admin, vault_admin
from casework.services.cases import CaseInput
from casework.services.context import REFUSED
from casework.services.notes import NoteInput
from casework.store import audit_chain

TODAY = dt.date(2026, 3, 10)


def _events(ctx) -> list[AuditEvent]:
    with ctx.vault.session() as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _refusals(ctx) -> list[AuditEvent]:
    return [e for e in _events(ctx) if e.action == REFUSED]


@pytest.fixture
def omars_case(office) -> int:
    return cases.create_case(
        office.other_caseworker,
        CaseInput(
            alias="Abu Layla",
            category=ClientCategory.RETURNEE_FTF,
            custody_status=CustodyStatus.RETURNED,
            country="SO",
        ),
    )


def test_a_caseworker_asking_for_another_caseworkers_case_by_id_is_audited(
    office, omars_case, backend
):
    carl = office.caseworker
    with pytest.raises(PermissionDenied):
        cases.get_case(carl, omars_case)
    refused = _refusals(carl)
    assert len(refused) == 1
    event = refused[0]
    assert (event.actor_name, event.entity, event.entity_id) == (
        carl.actor.username,
        "case",
        omars_case,
    )
    assert json.loads(event.details)["reason"] == "This case is not assigned to you."
    # The trail stays a valid chain (on a server its key is the owner's alone).
    if backend == "server":
        assert server_admin.verify(office.url).ok
    else:
        with carl.vault.session() as s:
            assert audit_chain.verify(s).ok


def test_a_refused_write_writes_nothing_but_its_refusal(office, omars_case):
    carl = office.caseworker
    before = _events(carl)
    with pytest.raises(PermissionDenied):
        notes.add_note(carl, omars_case, NoteInput(NoteKind.CONTACT, TODAY, "Tried"))
    after = _events(carl)
    assert [e.action for e in after[len(before) :]] == [REFUSED]
    with carl.vault.session() as s:
        assert s.scalar(select(func.count(Note.id))) == 0


def test_a_refusal_outside_any_transaction_is_audited_once(office, tmp_path):
    carl = office.caseworker
    target = tmp_path / "copy.cwb"
    with pytest.raises(PermissionDenied):
        vault_admin.backup(carl, target)
    assert not target.exists()
    refused = _refusals(carl)
    assert len(refused) == 1
    assert json.loads(refused[0].details)["permission"] == "backup"


def test_a_refused_check_inside_a_write_is_audited_once(office, omars_case):
    # The administrator may not write case records: refused by the check inside the write.
    admin = office.admin
    with pytest.raises(PermissionDenied):
        notes.add_note(admin, omars_case, NoteInput(NoteKind.CONTACT, TODAY, "Tried"))
    refused = _refusals(admin)
    assert len(refused) == 1
    assert json.loads(refused[0].details)["permission"] == "edit_case_records"


def test_allowed_actions_record_no_refusal(office, omars_case):
    cases.get_case(office.other_caseworker, omars_case)
    cases.get_case(office.supervisor, omars_case)
    audit.list_events(office.supervisor, audit.AuditQuery())
    assert _refusals(office.admin) == []


def test_the_audit_log_shows_a_refusal_in_words_in_english_and_french(office, omars_case):
    from casework.i18n import set_language
    from casework.ui.admin.audit_labels import action_label, details_text

    with pytest.raises(PermissionDenied):
        cases.get_case(office.caseworker, omars_case)
    rows, _total = audit.list_events(office.admin, audit.AuditQuery(action_prefix=REFUSED))
    assert len(rows) == 1 and rows[0].reference  # the case is named by its reference
    assert action_label(REFUSED) == "Refused (not permitted)"
    assert "This case is not assigned to you." in details_text(rows[0].details)
    set_language("fr")
    assert action_label(REFUSED) == "Refusé (non autorisé)"
    assert "Ce dossier ne vous est pas attribué." in details_text(rows[0].details)
