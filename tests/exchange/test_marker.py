"""Nothing readable travels: a marker written into the referral is in no byte of the packet,
nor in its name, nor in the organisation card."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt

from exchange_helpers import consent_for, open_case, sent_referral

from casework.model.enums import InfoScope
from casework.services import cases
from casework.services.exchange import incoming, outgoing, partners

pytest_plugins = ["exchange_fixtures"]

MARKER = "QX7-MARKER-Zebra"


def _encodings(text: str) -> list[bytes]:
    raw = text.encode()
    return [
        raw,
        raw.lower(),
        text.encode("utf-16-le"),
        base64.b64encode(raw)[:12],
        raw.hex().encode(),
    ]


def test_marker_is_in_no_byte_of_the_packet(linked, tmp_path):
    cso, probation = linked
    to_probation = cso.partner_org_id("Bamako Probation")
    case = open_case(cso, f"Alias {MARKER}", f"Name {MARKER}", dt.date(1990, 5, 4), "ML")
    detail = cases.get_case(cso.worker, case)
    cases.update_case(
        cso.worker,
        case,
        dataclasses.replace(detail.data, address=f"Street {MARKER}"),
    )
    consent_for(cso, case, to_probation, set(InfoScope))
    rid = sent_referral(cso, case, to_probation, purpose=f"Reason {MARKER}")
    written = outgoing.write_referral_packet(cso.worker, rid, tmp_path, contact=MARKER)
    packet = written.path.read_bytes()
    for needle in _encodings(MARKER):
        assert needle not in packet
    assert MARKER not in written.path.name
    assert MARKER.encode() not in partners.own_card(cso.admin).data

    # The marker did travel, encrypted: the partner reads it back.
    received = incoming.open_received(probation.worker, packet)
    assert MARKER in received.referral.reason
    assert MARKER in received.referral.client.identity.legal_name
    assert MARKER in received.referral.client.contact.address
