"""Consents through the services on a real vault: validity, withdrawal, minors, coverage."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from casework.errors import PermissionDenied, TransitionRefused, ValidationError
from casework.model import AuditEvent
from casework.model.enums import (
    ClientCategory,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    InfoScope,
    OrgType,
)
from casework.services import cases, consents, directory
from casework.services.cases import CaseInput
from casework.services.consents import ConsentInput
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationInput

TODAY = dt.date(2026, 3, 10)


def _at(ctx: ServiceContext, day: dt.date) -> ServiceContext:
    return ServiceContext(ctx.vault, ctx.actor, today=lambda: day)


def _audit_count(ctx) -> int:
    """Events other than refusals (a refused call writes its refusal and nothing else)."""
    with ctx.vault.session() as s:
        return s.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action != "access.refused")
        )


@pytest.fixture
def setup(office):
    cw = _at(office.caseworker, TODAY)
    case_id = cases.create_case(
        cw,
        CaseInput(
            alias="Abu Layla",
            category=ClientCategory.RETURNEE_FTF,
            custody_status=CustodyStatus.RETURNED,
            country="ML",
        ),
    )
    org = directory.create_organisation(
        office.supervisor, OrganisationInput("Clinic", OrgType.HEALTH, country="ML")
    )
    other = directory.create_organisation(
        office.supervisor, OrganisationInput("Training centre", OrgType.VOCATIONAL_TRAINING)
    )
    return cw, case_id, org, other


def _sharing(org: int | None, **overrides: object) -> ConsentInput:
    values: dict[str, object] = {
        "purpose": ConsentPurpose.INFORMATION_SHARING,
        "given_on": dt.date(2026, 3, 1),
        "method": ConsentMethod.SIGNED_FORM,
        "scope": frozenset({InfoScope.IDENTITY, InfoScope.HEALTH}),
        "recipient_org_id": org,
    }
    values.update(overrides)
    return ConsentInput(**values)  # type: ignore[arg-type]


def test_consent_to_one_organisation_covers_it_only(office, setup):
    cw, case_id, org, other = setup
    consents.record_consent(cw, case_id, _sharing(org))
    assert consents.consent_covers(cw, case_id, org, TODAY) == {
        InfoScope.IDENTITY,
        InfoScope.HEALTH,
    }
    assert consents.consent_covers(cw, case_id, other, TODAY) is None
    assert consents.consent_covers(cw, case_id, org, dt.date(2026, 2, 28)) is None
    with pytest.raises(PermissionDenied):
        consents.consent_covers(office.other_caseworker, case_id, org, TODAY)


def test_general_consent_covers_every_organisation_but_a_specific_one_decides(setup):
    cw, case_id, org, other = setup
    consents.record_consent(cw, case_id, _sharing(None, scope=frozenset({InfoScope.PLAN})))
    consents.record_consent(cw, case_id, _sharing(org))
    assert consents.consent_covers(cw, case_id, other, TODAY) == {InfoScope.PLAN}
    # The consent naming the clinic decides, with its own scope only (no union).
    assert consents.consent_covers(cw, case_id, org, TODAY) == {
        InfoScope.IDENTITY,
        InfoScope.HEALTH,
    }
    rows = consents.list_consents(cw, case_id)
    assert {r.recipient_name for r in rows} == {"", "Clinic"}
    assert all(r.valid_today for r in rows)


def test_expiry_and_withdrawal(office, setup):
    cw, case_id, org, _ = setup
    consent_id = consents.record_consent(
        cw, case_id, _sharing(org, expires_on=dt.date(2026, 6, 30))
    )
    assert consents.consent_covers(cw, case_id, org, dt.date(2026, 6, 30)) is not None
    assert consents.consent_covers(cw, case_id, org, dt.date(2026, 7, 1)) is None
    with pytest.raises(ValidationError):
        consents.withdraw_consent(cw, consent_id, dt.date(2026, 4, 1))  # in the future
    consents.withdraw_consent(cw, consent_id, dt.date(2026, 3, 5))
    assert consents.consent_covers(cw, case_id, org, dt.date(2026, 3, 4)) is not None
    assert consents.consent_covers(cw, case_id, org, TODAY) is None
    [row] = consents.list_consents(cw, case_id)
    assert row.withdrawn_on == dt.date(2026, 3, 5) and not row.valid_today
    assert consents.list_consents(cw, case_id, valid_only=True) == []
    before = _audit_count(cw)
    with pytest.raises(TransitionRefused):
        consents.withdraw_consent(cw, consent_id)
    with pytest.raises(PermissionDenied):
        consents.withdraw_consent(office.other_caseworker, consent_id)
    assert _audit_count(cw) == before


def test_validation_minor_needs_guardian_verbal_needs_witness(office, setup):
    cw, _, org, _ = setup
    child = cases.create_case(
        cw,
        CaseInput(
            alias="Little A",
            category=ClientCategory.CHILD,
            custody_status=CustodyStatus.RETURNED,
            country="ML",
            guardian_name="Aunt",
        ),
    )
    before = _audit_count(cw)
    with pytest.raises(ValidationError) as err:
        consents.record_consent(
            cw,
            child,
            _sharing(
                org,
                method=ConsentMethod.VERBAL_WITNESSED,
                scope=frozenset(),
                given_on=dt.date(2026, 4, 1),
                expires_on=dt.date(2026, 3, 1),
            ),
        )
    assert set(err.value.fields) == {"guardian", "witness", "scope", "given_on", "expires_on"}
    assert _audit_count(cw) == before
    consents.record_consent(cw, child, _sharing(org, guardian="Aunt"))


def test_admin_and_other_caseworker_refused(office, setup):
    cw, case_id, org, _ = setup
    for ctx in (office.admin, office.other_caseworker):
        with pytest.raises(PermissionDenied):
            consents.record_consent(ctx, case_id, _sharing(org))
        with pytest.raises(PermissionDenied):
            consents.list_consents(ctx, case_id)
    consents.record_consent(_at(office.supervisor, TODAY), case_id, _sharing(org))
