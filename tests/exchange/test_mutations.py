"""Damaged, forged, misaddressed and replayed packets: each a clear, translated error and an
unchanged database (its file's hash), over 1,000+ Hypothesis cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from exchange_helpers import consent_for, exchange_cards, make_org, open_case, sent_referral
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import db_hash, mutated

from casework.errors import CaseworkError
from casework.exchange.errors import ExchangeError
from casework.model.enums import InfoScope, OrgType
from casework.services import referrals
from casework.services.exchange import answers, incoming, outgoing, partners
from casework.services.exchange.common import ExchangeRefused
from casework.services.exchange.incoming import NewCase


class Scene:
    """Built once per module: packets to mutate and a receiving vault that must not change."""

    def __init__(self, tmp: Path) -> None:
        self.cso = make_org(tmp, "Sahel Hope", "ML")
        self.probation = make_org(tmp, "Bamako Probation", "ML")
        self.other = make_org(tmp, "Other Office", "ML")
        exchange_cards(self.cso, self.probation, OrgType.CSO, OrgType.PROBATION)
        exchange_cards(self.cso, self.other, OrgType.CSO, OrgType.CSO)
        cso = self.cso
        to_probation = cso.partner_org_id("Bamako Probation")
        to_other = cso.partner_org_id("Other Office")
        case = open_case(cso, "Abu Layla", "Moussa Traoré", dt.date(1990, 5, 4), "ML")
        consent_for(cso, case, to_probation, set(InfoScope))
        consent_for(cso, case, to_other, {InfoScope.IDENTITY})
        rid = sent_referral(cso, case, to_probation)
        self.valid = outgoing.write_referral_packet(
            cso.worker, rid, tmp / "v.cwx"
        ).path.read_bytes()
        replayed = sent_referral(cso, case, to_probation, "Another service")
        replay = outgoing.write_referral_packet(cso.worker, replayed, tmp / "r.cwx")
        incoming.import_referral(
            self.probation.worker, replay.path.read_bytes(), new_case=NewCase("Abu", "ML")
        )
        elsewhere = sent_referral(cso, case, to_other)
        self.others = {
            "replayed": replay.path.read_bytes(),
            "for another organisation": outgoing.write_referral_packet(
                cso.worker, elsewhere, tmp / "o.cwx"
            ).path.read_bytes(),
            "unknown sender": self._unknown_sender(tmp),
        }
        self.before = db_hash(self.probation.folder)

    def _unknown_sender(self, tmp: Path) -> bytes:
        stranger = make_org(tmp, "Stranger", "ML")
        try:
            card = partners.own_card(self.probation.admin)
            pid = partners.import_card(stranger.admin, card.data, None)
            partners.verify_partner(stranger.admin, pid, card.fingerprint)
            org = stranger.partner_org_id("Bamako Probation")
            case = open_case(stranger, "Q", "Q R", dt.date(1970, 1, 1), "ML")
            consent_for(stranger, case, org, {InfoScope.IDENTITY})
            rid = sent_referral(stranger, case, org)
            return outgoing.write_referral_packet(
                stranger.worker, rid, tmp / "u.cwx"
            ).path.read_bytes()
        finally:
            for v in stranger.vaults:
                v.close()

    def close(self) -> None:
        for org in (self.cso, self.probation, self.other):
            for v in org.vaults:
                v.close()


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    import os

    os.environ["CASEWORK_TEST_KDF"] = "1"
    s = Scene(tmp_path_factory.mktemp("exchange"))
    yield s
    s.close()


def _refused(scene: Scene, data: bytes) -> CaseworkError:
    receiver = scene.probation.worker
    errors = []
    for attempt in (
        lambda: incoming.open_received(receiver, data),
        lambda: incoming.import_referral(receiver, data, new_case=NewCase("Abu", "ML")),
        lambda: incoming.import_answer(receiver, data),
    ):
        with pytest.raises(CaseworkError) as refused:
            attempt()
        errors.append(refused.value)
    return errors[0]


def test_the_valid_packet_would_import(scene):
    """The mutations start from a packet that is accepted (checked without importing it)."""
    received = incoming.open_received(scene.probation.worker, scene.valid)
    assert received.referral.client.identity.legal_name == "Moussa Traoré"


def test_each_named_whole_packet_is_refused_with_its_own_message(scene):
    messages = {name: str(_refused(scene, data)) for name, data in scene.others.items()}
    assert "already imported" in messages["replayed"]
    assert "another organisation" in messages["for another organisation"]
    assert "fingerprint" in messages["unknown sender"]
    assert db_hash(scene.probation.folder) == scene.before


@settings(
    max_examples=1200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_packets_are_refused_and_nothing_changes(scene, data):
    packet = data.draw(mutated(scene.valid, scene.others))
    error = _refused(scene, packet)
    assert isinstance(error, (ExchangeError, ExchangeRefused))
    french = error.message("fr")  # translated when shown, in any language
    assert str(error) and french and str(error) != french
    assert db_hash(scene.probation.folder) == scene.before


def test_a_referral_answered_through_a_damaged_answer_is_unchanged(scene, tmp_path):
    """Answers too: a damaged answer file leaves the sender's referral as it was."""
    cso, probation = scene.cso, scene.probation
    to_probation = cso.partner_org_id("Bamako Probation")
    case = open_case(cso, "Z", "Z Y", dt.date(1991, 1, 1), "ML")
    consent_for(cso, case, to_probation, {InfoScope.IDENTITY})
    rid = sent_referral(cso, case, to_probation)
    data = outgoing.write_referral_packet(cso.worker, rid, tmp_path / "z.cwx").path.read_bytes()
    theirs = incoming.import_referral(probation.worker, data, new_case=NewCase("Z", "ML"))
    referrals.accept_referral(probation.worker, theirs.referral_id)
    answer = answers.write_answer_packet(probation.worker, theirs.referral_id, tmp_path / "a.cwx")
    raw = bytearray(answer.path.read_bytes())
    raw[-5] ^= 0x10
    before = db_hash(cso.folder)
    with pytest.raises(ExchangeError):
        incoming.import_answer(cso.worker, bytes(raw))
    assert db_hash(cso.folder) == before
    scene.before = db_hash(probation.folder)
