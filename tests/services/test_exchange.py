"""Exchange between organisations from an office (a vault, or an office server where the
database's own grants and policies sit under every call) and a partner on its own vault:
cards, verification, a referral out and its answer back, a referral in."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.errors import PermissionDenied
from casework.model import AuditEvent
from casework.model.enums import (
    ClientCategory,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    InfoScope,
    OrgType,
    ReferralState,
    Role,
    ServiceType,
)
from casework.services import cases, consents, referrals, users
from casework.services.cases import CaseInput
from casework.services.consents import ConsentInput
from casework.services.context import ServiceContext
from casework.services.exchange import answers, incoming, outgoing, partners
from casework.services.referrals import ReferralInput
from casework.store.server_exchange_keys import KeyRefused
from casework.store.vault import Vault

PARTNER_ADMIN = "orchard lantern quietly ninety"
PARTNER_WORKER = "seven blue camels at dusk"


@pytest.fixture
def partner(tmp_path: Path) -> Iterator[tuple[ServiceContext, ServiceContext]]:
    """Bamako Probation on its own vault: its administrator and a supervisor-caseworker."""
    vault, _ = Vault.create(
        tmp_path / "probation",
        organisation="Bamako Probation",
        country="ML",
        admin_username="admin",
        admin_password=PARTNER_ADMIN,
    )
    admin = ServiceContext.for_vault(vault)
    users.create_user(
        admin, "cara", "Cara Worker", {Role.SUPERVISOR, Role.CASEWORKER}, PARTNER_WORKER
    )
    other = Vault.open(tmp_path / "probation", "cara", PARTNER_WORKER, verify_pages=False)
    yield admin, ServiceContext.for_vault(other)
    other.close()
    vault.close()


def _link(office, partner_admin: ServiceContext) -> int:  # noqa: ANN001
    """Each side imports the other's card and verifies it; the office's id of the partner."""
    card = partners.own_card(partner_admin)
    pid = partners.import_card(office.admin, card.data, None, new_org_type=OrgType.PROBATION)
    partners.verify_partner(office.admin, pid, card.fingerprint)
    ours = partners.own_card(office.admin)
    theirs = partners.import_card(partner_admin, ours.data, None, new_org_type=OrgType.CSO)
    partners.verify_partner(partner_admin, theirs, ours.fingerprint)
    return partners.partner_by_name(office.caseworker, "Bamako Probation").organisation_id


def test_a_referral_goes_out_and_its_answer_comes_back(office, partner, tmp_path, backend):
    partner_admin, cara = partner
    to_probation = _link(office, partner_admin)
    cw = office.caseworker
    case = cases.create_case(
        cw,
        CaseInput(
            "Abu Layla",
            ClientCategory.RELEASED_OFFENDER,
            CustodyStatus.ON_PROBATION,
            "ML",
            legal_name="Moussa Traoré",
            phone="+223 555 0101",
        ),
    )
    consents.record_consent(
        cw,
        case,
        ConsentInput(
            ConsentPurpose.INFORMATION_SHARING,
            cw.today() - dt.timedelta(days=1),
            ConsentMethod.SIGNED_FORM,
            frozenset({InfoScope.IDENTITY, InfoScope.CONTACT}),
            recipient_org_id=to_probation,
        ),
    )
    rid = referrals.create_referral(
        cw, case, ReferralInput(ServiceType.EMPLOYMENT, to_probation, None, "Help with a job")
    )
    referrals.send_referral(cw, rid)
    written = outgoing.write_referral_packet(cw, rid, tmp_path, "carl@sahelhope.example")

    data = incoming.read_file(written.path)
    received = incoming.open_received(cara, data)
    assert received.partner.organisation_name == "Sahel Hope"
    assert received.referral.client.identity.legal_name == "Moussa Traoré"
    imported = incoming.import_referral(
        cara, data, new_case=incoming.default_new_case(cara, received)
    )
    referrals.accept_referral(
        cara, imported.referral_id, expected_end_on=dt.date.today() + dt.timedelta(30)
    )
    accepted = answers.write_answer_packet(cara, imported.referral_id, tmp_path)
    incoming.import_answer(cw, incoming.read_file(accepted.path))
    assert referrals.get_referral(cw, rid).state is ReferralState.ACCEPTED
    # Another caseworker's referral: not theirs to answer (nor, on a server, to see).
    with pytest.raises(PermissionDenied):
        answers.write_answer_packet(office.other_caseworker, rid, tmp_path)
    # On a server each private key the laptops were handed is in the trail: the card signed
    # by the administrator, the referral sealed and the answer opened by the caseworker.
    expected = [
        (office.admin.actor.username, "card"),
        (cw.actor.username, "seal"),
        (cw.actor.username, "open"),
    ]
    assert _hand_outs(office) == (expected if backend == "server" else [])


def _hand_outs(office) -> list[tuple[str, str]]:  # noqa: ANN001
    with office.as_owner() as s:
        events = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "exchange.key_handed")
            .order_by(AuditEvent.id)
        ).all()
        return [(e.actor_name, json.loads(e.details)["step"]) for e in events]


def test_on_a_server_only_the_roles_of_a_step_are_handed_its_key(office, backend):
    """Signing the organisation card is the directory managers' step on a server (a vault is
    one trust domain: any user may). A refusal is a clear message and hands out nothing."""
    card = partners.own_card(office.supervisor)
    assert card.data and partners.own_summary(office.caseworker).fingerprint == card.fingerprint
    if backend == "vault":
        assert partners.own_card(office.caseworker).fingerprint == card.fingerprint
        return
    with pytest.raises(KeyRefused) as refused:
        partners.own_card(office.caseworker)
    assert "does not take this step" in str(refused.value)
    assert _hand_outs(office) == [(office.supervisor.actor.username, "card")]


def test_a_referral_comes_in_and_becomes_a_case(office, partner, tmp_path):
    partner_admin, cara = partner
    _link(office, partner_admin)
    to_office = partners.partner_by_name(cara, "Sahel Hope").organisation_id
    case = cases.create_case(
        cara,
        CaseInput(
            "Umm Hawa",
            ClientCategory.RELEASED_OFFENDER,
            CustodyStatus.ON_PROBATION,
            "ML",
            legal_name="Hawa Diallo",
        ),
    )
    consents.record_consent(
        cara,
        case,
        ConsentInput(
            ConsentPurpose.INFORMATION_SHARING,
            cara.today() - dt.timedelta(days=1),
            ConsentMethod.SIGNED_FORM,
            frozenset({InfoScope.IDENTITY}),
            recipient_org_id=to_office,
        ),
    )
    rid = referrals.create_referral(
        cara, case, ReferralInput(ServiceType.EMPLOYMENT, to_office, None, "A job")
    )
    referrals.send_referral(cara, rid)
    written = outgoing.write_referral_packet(cara, rid, tmp_path, "cara@probation.example")
    data = incoming.read_file(written.path)

    cw = office.caseworker
    received = incoming.open_received(cw, data)
    imported = incoming.import_referral(cw, data, new_case=incoming.default_new_case(cw, received))
    detail = cases.get_case(cw, imported.case_id)
    assert detail.data.legal_name == "Hawa Diallo"
    assert referrals.get_referral(cw, imported.referral_id).state is ReferralState.SENT
    # The partners list: for those who use the exchange; never for M&E officers.
    assert [p.organisation_name for p in partners.list_partners(office.admin)] == [
        "Bamako Probation"
    ]
