"""Text lengths: one table of limits, checked on every write, the same message everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from casework.errors import ValidationError
from casework.model import Case, Note
from casework.model.enums import (
    CaseAction,
    ClientCategory,
    CustodyStatus,
    NoteKind,
    OrgType,
    Role,
)
from casework.services import cases, directory, limits, notes, users
from casework.services.cases import CaseInput
from casework.services.directory import OrganisationInput
from casework.services.notes import NoteInput


def _case(alias: str) -> CaseInput:
    return CaseInput(
        alias=alias,
        category=ClientCategory.RETURNEE_FTF,
        custody_status=CustodyStatus.RELEASED,
        country="KE",
    )


def test_a_500_character_alias_is_refused_with_the_limit(office):
    sup = office.supervisor
    with pytest.raises(ValidationError) as refused:
        cases.create_case(sup, _case("A" * 500))
    assert refused.value.fields == {"alias": limits.TOO_LONG}
    assert refused.value.field_messages("en") == {"alias": "Too long: at most 80 characters."}
    assert "80" in refused.value.field_messages("fr")["alias"]
    assert refused.value.field_messages("fr")["alias"] != "Too long: at most 80 characters."
    with sup.read() as s:
        assert s.scalar(select(func.count(Case.id))) == 0
    cases.create_case(sup, _case("A" * 80))  # exactly the limit is fine


def test_every_write_is_checked_whichever_service_makes_it(office):
    sup = office.supervisor
    case_id = cases.create_case(sup, _case("Amina"))
    with pytest.raises(ValidationError) as refused:
        notes.add_note(sup, case_id, NoteInput(NoteKind.CONTACT, dt.date.today(), "x" * 10_001))
    assert set(refused.value.fields) == {"body"}
    with sup.read() as s:
        assert s.scalar(select(func.count(Note.id))) == 0
    with pytest.raises(ValidationError) as refused:
        directory.create_organisation(sup, OrganisationInput("N" * 151, OrgType.CSO, country="KE"))
    assert set(refused.value.fields) == {"name"}


def test_a_record_written_before_the_limits_can_still_change_other_fields(office, backend):
    if backend == "server":
        pytest.skip("PostgreSQL enforces the column's length itself: no such record can exist")
    sup = office.supervisor
    case_id = cases.create_case(sup, _case("Amina"))
    with sup.vault.write() as s:  # as an older version of the app would have stored it
        s.execute(Case.__table__.update().values(alias="L" * 300))
    cases.change_status(sup, case_id, CaseAction.ACTIVATE)


def test_the_display_name_of_a_new_user_is_limited_before_any_key_slot(office):
    with pytest.raises(ValidationError) as refused:
        users.create_user(
            office.admin, "long", "D" * 81, {Role.CASEWORKER}, "grey pelican skims ocean"
        )
    assert set(refused.value.fields) == {"display_name"}
    assert "long" not in [u.username for u in users.list_users(office.admin, True)]
