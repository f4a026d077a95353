"""Retention on a real vault: the schedule, the cases due, an anonymisation asked by one person
and confirmed by another, nothing personal left, statistics kept, audit and certificate."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text

from casework.errors import PermissionDenied, TransitionRefused, ValidationError
from casework.model import AuditEvent, Case
from casework.model.enums import (
    CaseAction,
    ClientCategory,
    CloseReason,
    CustodyStatus,
    NoteKind,
)
from casework.services import cases, certificates, handovers, notes, retention, tasks
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.notes import NoteInput
from casework.services.tasks import TaskInput

OPENED = dt.date(2019, 2, 1)
CLOSED = dt.date(2020, 3, 15)
LATER = dt.date(2026, 5, 1)
SECRET = "Moussa Traoré"


def _at(ctx: ServiceContext, day: dt.date) -> ServiceContext:
    return ServiceContext(ctx.vault, ctx.actor, today=lambda: day)


@pytest.fixture
def closed_case(office) -> int:
    cw, sup = _at(office.caseworker, OPENED), _at(office.supervisor, CLOSED)
    case_id = cases.create_case(
        cw,
        CaseInput(
            "Abu Layla",
            ClientCategory.RETURNEE_FTF,
            CustodyStatus.RETURNED,
            "ML",
            legal_name=SECRET,
            phone="+223 555 0101",
            offence_details="Armed group membership",
        ),
    )
    notes.add_note(cw, case_id, NoteInput(NoteKind.HOME_VISIT, OPENED, "Met Moussa Traoré at home"))
    tasks.create_task(cw, case_id, TaskInput("Call Moussa Traoré", OPENED))
    cases.change_status(cw, case_id, CaseAction.ACTIVATE)
    cases.change_status(sup, case_id, CaseAction.CLOSE, close_reason=CloseReason.PLAN_COMPLETED)
    with office.as_owner() as s:  # closed in 2020
        s.get(Case, case_id).closed_on = CLOSED
    return case_id


def test_schedule_is_set_by_an_administrator(office):
    admin = office.admin
    retention.set_retention(admin, ClientCategory.RETURNEE_FTF, 5)
    rules = {r.category: r.years for r in retention.retention_schedule(admin)}
    assert rules[ClientCategory.RETURNEE_FTF] == 5 and rules[ClientCategory.CHILD] is None
    with pytest.raises(ValidationError):
        retention.set_retention(admin, ClientCategory.CHILD, 0)
    with pytest.raises(PermissionDenied):
        retention.set_retention(office.supervisor, ClientCategory.CHILD, 3)
    retention.set_retention(admin, ClientCategory.RETURNEE_FTF, None)
    assert retention.retention_schedule(office.supervisor)[1].years is None


def test_two_people_anonymise_a_due_case_and_a_certificate_is_printed(office, closed_case, backend):
    admin, sup = _at(office.admin, LATER), _at(office.supervisor, LATER)
    assert retention.cases_due(sup) == []  # no rule: never due
    retention.set_retention(office.admin, ClientCategory.RETURNEE_FTF, 10)
    assert retention.cases_due(sup) == []  # due only in 2030
    retention.set_retention(office.admin, ClientCategory.RETURNEE_FTF, 5)
    [due] = retention.cases_due(sup)
    assert (due.case_id, due.due_on) == (closed_case, dt.date(2025, 3, 15))
    reference = due.reference
    with pytest.raises(PermissionDenied):
        retention.cases_due(office.caseworker)
    with pytest.raises(TransitionRefused):
        retention.confirm_anonymisation(admin, closed_case)  # nobody asked yet
    retention.request_anonymisation(sup, closed_case)
    assert retention.cases_due(admin)[0].requested_by_name == "Sara Supervisor"
    with pytest.raises(PermissionDenied):
        retention.confirm_anonymisation(sup, closed_case)  # not the same person
    certificate = retention.confirm_anonymisation(admin, closed_case)
    assert certificate.startswith("AN-")
    assert retention.cases_due(sup) == []

    # Nothing personal is left anywhere in the database's tables for this case (read by whoever
    # holds the database: on a server the administrator reads no case at all).
    search = ("case_search",) if backend == "server" else ("case_search", "case_search_data")
    with office.as_owner() as s:
        dump = "\n".join(
            str(row)
            for table in ("cases", "notes", "tasks", *search)
            for row in s.execute(text(f"SELECT * FROM {table}"))  # noqa: S608 - fixed names
        )
    for secret in (SECRET, "Moussa", "555 0101", "Armed group", "Abu Layla", "moussa", "layla"):
        assert secret not in dump
    # What the statistics count is kept; the case cannot be reopened.
    detail = cases.get_case(office.supervisor, closed_case)
    assert detail.reference == reference and detail.status.value == "closed"
    assert detail.data.category is ClientCategory.RETURNEE_FTF and detail.data.country == "ML"
    with pytest.raises(TransitionRefused):
        cases.change_status(office.supervisor, closed_case, CaseAction.REOPEN, comment="Back")

    # The audit says that it happened, never what was removed.
    with office.admin.vault.session() as s:
        events = list(
            s.scalars(select(AuditEvent).where(AuditEvent.action.startswith("case.anonymis")))
        )
    assert [e.action for e in events] == ["case.anonymisation_requested", "case.anonymised"]
    assert json.loads(events[1].details)["certificate"] == certificate
    assert all(SECRET not in e.details and "phone" not in e.details for e in events)

    # The certificate, in English and in French, read back.
    for lang, words in (("en", "Anonymisation certificate"), ("fr", "Certificat d")):
        pdf = certificates.anonymisation_certificate(admin, closed_case, lang).pdf
        page = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert words in page and certificate in page and reference in page
        assert "Sara Supervisor" in page
        assert SECRET not in page
    [done] = retention.anonymised_cases(sup)
    assert done.certificate == certificate and done.confirmed_by_name


def test_a_request_can_be_cancelled_and_open_cases_are_never_due(office, closed_case):
    sup = _at(office.supervisor, LATER)
    retention.set_retention(office.admin, ClientCategory.RETURNEE_FTF, 5)
    retention.request_anonymisation(sup, closed_case)
    with pytest.raises(TransitionRefused):
        retention.request_anonymisation(sup, closed_case)
    retention.cancel_anonymisation(_at(office.admin, LATER), closed_case)
    assert retention.cases_due(sup)[0].requested_by_name == ""
    open_case = cases.create_case(
        office.caseworker,
        CaseInput("Open", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "ML"),
    )
    with pytest.raises(TransitionRefused):
        retention.request_anonymisation(sup, open_case)
    handovers.handovers(sup, closed_case)  # still readable, nothing to hand over
