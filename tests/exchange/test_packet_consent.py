"""A packet carries what the consent precedence rules allow, no more: a consent naming the
partner decides over a broader general consent (services/sharing.what_may_go)."""

from __future__ import annotations

import datetime as dt

from exchange_helpers import consent_for, open_case, sent_referral

from casework.model.enums import ConsentMethod, ConsentPurpose, InfoScope
from casework.services import consents
from casework.services.consents import ConsentInput
from casework.services.exchange import incoming, outgoing

pytest_plugins = ["exchange_fixtures"]


def test_specific_consent_narrows_a_general_one_in_the_packet(linked, tmp_path):
    cso, probation = linked
    to_probation = cso.partner_org_id("Bamako Probation")
    case = open_case(cso, "Moussa", "Moussa Traoré", dt.date(1990, 5, 4), "ML")
    # A general consent to share everything with every organisation, given a week ago…
    consents.record_consent(
        cso.worker,
        case,
        ConsentInput(
            ConsentPurpose.INFORMATION_SHARING,
            cso.worker.today() - dt.timedelta(days=7),
            ConsentMethod.SIGNED_FORM,
            frozenset(InfoScope),
            recipient_org_id=None,
        ),
    )
    # …then one naming the probation office, for the plan only.
    consent_for(cso, case, to_probation, {InfoScope.PLAN})
    rid = sent_referral(cso, case, to_probation)

    written = outgoing.write_referral_packet(cso.worker, rid, tmp_path, contact="cara@cso")
    received = incoming.open_received(probation.worker, written.path.read_bytes())

    client = received.referral.client
    assert client.identity is None
    assert client.contact is None
    assert b"Moussa Tra" not in written.path.read_bytes()


def test_a_packet_is_never_written_into_the_vault_folder(linked, tmp_path):
    from casework.errors import OutputInVault

    cso, _probation = linked
    to_probation = cso.partner_org_id("Bamako Probation")
    case = open_case(cso, "Awa", "Awa Diallo", dt.date(1992, 1, 9), "ML")
    consent_for(cso, case, to_probation, {InfoScope.PLAN})
    rid = sent_referral(cso, case, to_probation)
    before = sorted(p.name for p in cso.folder.iterdir())
    for target in (cso.folder, cso.folder / "casework.db", cso.folder / "keyslots.json"):
        try:
            outgoing.write_referral_packet(cso.worker, rid, target, contact="cara@cso")
        except OutputInVault:
            pass
        else:
            raise AssertionError(f"a packet was written to {target}")
    assert sorted(p.name for p in cso.folder.iterdir()) == before
