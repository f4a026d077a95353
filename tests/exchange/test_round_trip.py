"""The whole loop between two real vaults, both ways: cards, verification, referral out,
acceptance back, outcome back; the sender's referral ends in the partner's state."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from exchange_helpers import consent_for, exchange_cards, make_org, open_case, sent_referral
from sqlalchemy import select

from casework.errors import PermissionDenied, ValidationError
from casework.exchange.card import parse_card
from casework.exchange.content import AnswerContent, AnswerStep, to_plain
from casework.exchange.errors import Replayed, UnknownSender
from casework.exchange.packet import seal
from casework.model import AuditEvent, Case
from casework.model.enums import (
    DeclineReason,
    InfoScope,
    OrgType,
    PartnerStatus,
    ReferralAction,
    ReferralState,
)
from casework.services import referrals
from casework.services.exchange import answers, incoming, outgoing, partners
from casework.services.exchange.common import ExchangeRefused, active_key, new_id
from casework.services.exchange.incoming import NewCase

pytest_plugins = ["exchange_fixtures"]


def _identity(org):
    return parse_card(partners.own_card(org.admin).data).identity


def _actions(org) -> list[str]:
    with org.worker.vault.session() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_cso_refers_to_probation_and_gets_acceptance_then_outcome(linked, tmp_path):
    cso, probation = linked
    to_probation = cso.partner_org_id("Bamako Probation")
    case = open_case(cso, "Abu Layla", "Moussa Traoré", dt.date(1990, 5, 4), "ML")
    consent_for(cso, case, to_probation, {InfoScope.IDENTITY, InfoScope.CONTACT})
    rid = sent_referral(cso, case, to_probation)

    preview = outgoing.preview_referral_packet(cso.worker, rid, contact="cara@sahelhope.example")
    assert preview.content.client.identity.legal_name == "Moussa Traoré"
    assert preview.content.client.contact.phone == "+223 555 0101"
    assert preview.content.client.legal is None  # not in the consent's scope
    written = outgoing.write_referral_packet(cso.worker, rid, tmp_path, "cara@sahelhope.example")
    assert stat.S_IMODE(os.stat(written.path).st_mode) == 0o600
    assert "Moussa" not in written.path.name and "Layla" not in written.path.name
    assert "exchange.referral_written" in _actions(cso)

    data = incoming.read_file(written.path)
    received = incoming.open_received(probation.worker, data)
    assert received.kind == "referral" and received.warning == ""
    assert received.partner.organisation_name == "Sahel Hope"
    assert received.referral.client.identity.alias == "Abu Layla"
    new = incoming.default_new_case(probation.worker, received)
    imported = incoming.import_referral(probation.worker, data, new_case=new)
    assert imported.new_case
    with probation.worker.vault.session() as s:
        made = s.get(Case, imported.case_id)
        assert (made.legal_name, made.date_of_birth) == ("Moussa Traoré", dt.date(1990, 5, 4))
        assert made.offence_details == ""  # never travelled
    incoming_ref = referrals.get_referral(probation.worker, imported.referral_id)
    assert incoming_ref.state is ReferralState.SENT
    assert incoming_ref.purpose == "Help with a job"

    with pytest.raises(Replayed) as again:
        incoming.import_referral(probation.worker, data, new_case=new)
    assert "already imported" in str(again.value)

    # Acceptance back.
    referrals.accept_referral(
        probation.worker, imported.referral_id, expected_end_on=dt.date.today() + dt.timedelta(30)
    )
    accepted = answers.write_answer_packet(probation.worker, imported.referral_id, tmp_path)
    plan = incoming.open_received(cso.worker, incoming.read_file(accepted.path)).answer_plan
    assert (plan.state_now, plan.state_after) == (ReferralState.SENT, ReferralState.ACCEPTED)
    incoming.import_answer(cso.worker, incoming.read_file(accepted.path))
    mine = referrals.get_referral(cso.worker, rid)
    assert mine.state is ReferralState.ACCEPTED
    assert mine.expected_end_on == dt.date.today() + dt.timedelta(30)
    assert "Bamako Probation" in mine.events[-1].on_behalf_of

    # Outcome back.
    referrals.complete_referral(probation.worker, imported.referral_id, "Placed in a bakery")
    done = answers.write_answer_packet(probation.worker, imported.referral_id, tmp_path)
    incoming.import_answer(cso.worker, incoming.read_file(done.path))
    mine = referrals.get_referral(cso.worker, rid)
    theirs = referrals.get_referral(probation.worker, imported.referral_id)
    assert mine.state is theirs.state is ReferralState.COMPLETED
    assert mine.outcome == "Placed in a bakery"
    assert "exchange.answer_imported" in _actions(cso)


def test_probation_refers_to_cso_on_an_existing_case_and_is_declined(linked, tmp_path):
    cso, probation = linked
    to_cso = probation.partner_org_id("Sahel Hope")
    case = open_case(probation, "Abu Layla", "Moussa Traoré", dt.date(1990, 5, 4), "ML")
    consent_for(probation, case, to_cso, {InfoScope.IDENTITY})
    rid = sent_referral(probation, case, to_cso, "Mentoring after release")
    packet = outgoing.write_referral_packet(probation.worker, rid, tmp_path / "p.cwx")
    data = packet.path.read_bytes()

    # The CSO already knows this person: the import offers the existing case.
    known = open_case(cso, "Layla", "Moussa Traoré", dt.date(1990, 5, 4), "ML")
    received = incoming.open_received(cso.worker, data)
    assert [m.case_id for m in received.matches] == [known]
    incoming.import_referral(cso.worker, data, case_id=known)
    theirs = referrals.list_referrals(
        cso.worker, referrals.ReferralQuery(case_id=known, limit=10)
    ).rows
    assert [r.state for r in theirs] == [ReferralState.SENT]

    referrals.decline_referral(cso.worker, theirs[0].id, DeclineReason.NO_CAPACITY)
    answer = answers.write_answer_packet(cso.worker, theirs[0].id, tmp_path)
    incoming.import_answer(probation.worker, answer.path.read_bytes())
    mine = referrals.get_referral(probation.worker, rid)
    assert mine.state is ReferralState.DECLINED
    assert mine.decline_reason is DeclineReason.NO_CAPACITY


def test_completed_before_accepted_and_late_answers(linked, tmp_path):
    cso, probation = linked
    to_probation = cso.partner_org_id("Bamako Probation")
    case = open_case(cso, "Abu Layla", "Moussa Traoré", dt.date(1990, 5, 4), "ML")
    consent_for(cso, case, to_probation, {InfoScope.IDENTITY})
    rid = sent_referral(cso, case, to_probation)
    data = outgoing.write_referral_packet(cso.worker, rid, tmp_path / "r.cwx").path.read_bytes()
    theirs = incoming.import_referral(
        probation.worker, data, new_case=NewCase("Abu Layla", "ML")
    ).referral_id
    referrals.accept_referral(probation.worker, theirs)
    first = answers.write_answer_packet(probation.worker, theirs, tmp_path / "a1.cwx")
    referrals.complete_referral(probation.worker, theirs, "Done")
    second = answers.write_answer_packet(probation.worker, theirs, tmp_path / "a2.cwx")

    # The later file arrives first: it carries the acceptance too.
    plan = incoming.import_answer(cso.worker, second.path.read_bytes())
    assert [a.value for a in plan.steps] == ["accept", "complete"]
    assert referrals.get_referral(cso.worker, rid).state is ReferralState.COMPLETED
    with pytest.raises(ExchangeRefused) as late:
        incoming.import_answer(cso.worker, first.path.read_bytes())
    assert "older than one already imported" in str(late.value)


def test_answer_for_a_referral_never_sent_is_refused(linked, two_orgs, tmp_path):
    cso, probation = linked
    to_cso = probation.partner_org_id("Sahel Hope")
    case = open_case(probation, "X", "Y Z", dt.date(1980, 1, 1), "ML")
    consent_for(probation, case, to_cso, {InfoScope.IDENTITY})
    rid = sent_referral(probation, case, to_cso)
    data = outgoing.write_referral_packet(probation.worker, rid, tmp_path / "r.cwx")
    theirs = incoming.import_referral(
        cso.worker, data.path.read_bytes(), new_case=NewCase("X", "ML")
    ).referral_id
    referrals.accept_referral(cso.worker, theirs)
    answer = answers.write_answer_packet(cso.worker, theirs, tmp_path / "a.cwx")
    # The probation office withdraws its referral meanwhile: the answer is not applied.
    referrals.withdraw_referral(probation.worker, rid, "Client moved away")
    with pytest.raises(ExchangeRefused) as closed:
        incoming.import_answer(probation.worker, answer.path.read_bytes())
    assert "closed here" in str(closed.value)
    # An answer about a referral the probation office never sent.
    with cso.worker.vault.session() as s:
        keys = active_key(s, "seal")
    stray = seal(
        "answer",
        to_plain(
            AnswerContent(
                new_id(),
                "Sahel Hope",
                (AnswerStep(ReferralAction.ACCEPT, dt.datetime.now(dt.UTC), "Cara"),),
            )
        ),
        packet_id=new_id(),
        created_at=dt.datetime.now(dt.UTC),
        sender=keys,
        recipient=_identity(probation),
    )
    with pytest.raises(ExchangeRefused) as never:
        incoming.import_answer(probation.worker, stray)
    assert "never sent" in str(never.value)


def test_cards_verification_and_key_change(two_orgs, tmp_path):
    cso, probation = two_orgs
    exchange_cards(cso, probation, OrgType.CSO, OrgType.PROBATION, verify=False)
    to_probation = cso.partner_org_id("Bamako Probation")
    row = partners.partner_of(cso.admin, to_probation)
    assert row.status is PartnerStatus.UNVERIFIED
    case = open_case(cso, "Abu", "A B", dt.date(1990, 1, 1), "ML")
    consent_for(cso, case, to_probation, {InfoScope.IDENTITY})
    rid = sent_referral(cso, case, to_probation)
    with pytest.raises(ExchangeRefused) as unverified:
        outgoing.preview_referral_packet(cso.worker, rid)
    assert "not verified" in str(unverified.value)
    with pytest.raises(ValidationError):
        partners.verify_partner(cso.admin, row.id, "12345 " * 10)
    with pytest.raises(PermissionDenied):  # a caseworker may not verify
        partners.verify_partner(cso.worker, row.id, row.fingerprint)
    partners.verify_partner(cso.admin, row.id, row.fingerprint.replace(" ", ""))
    data = outgoing.write_referral_packet(cso.worker, rid, tmp_path / "r.cwx").path.read_bytes()

    # The probation office has not verified the CSO: the file shows with a warning.
    received = incoming.open_received(probation.worker, data)
    assert "not verified" in received.warning.lower()

    # A third organisation nobody knows: refused, naming the fingerprint to check.
    stranger = make_org(tmp_path, "Stranger", "ML")
    try:
        card = partners.own_card(stranger.admin)
        pid = partners.import_card(stranger.admin, partners.own_card(probation.admin).data, None)
        partners.verify_partner(stranger.admin, pid, partners.own_card(probation.admin).fingerprint)
        s_case = open_case(stranger, "Q", "Q R", dt.date(1970, 1, 1), "ML")
        org = stranger.partner_org_id("Bamako Probation")
        consent_for(stranger, s_case, org, {InfoScope.IDENTITY})
        s_rid = sent_referral(stranger, s_case, org)
        s_data = outgoing.write_referral_packet(stranger.worker, s_rid, tmp_path / "s.cwx")
        with pytest.raises(UnknownSender) as unknown:
            incoming.open_received(probation.worker, s_data.path.read_bytes())
        assert card.fingerprint in str(unknown.value)
    finally:
        for v in stranger.vaults:
            v.close()

    # Key change: a new card for the same organisation must be verified again.
    replacement = make_org(tmp_path, "Bamako Probation 2", "ML")
    try:
        new_card = partners.own_card(replacement.admin)
        new_id = partners.import_card(cso.admin, new_card.data, to_probation)
        assert partners.partner_of(cso.admin, to_probation).id == new_id
        assert partners.partner_of(cso.admin, to_probation).status is PartnerStatus.UNVERIFIED
        old = [
            p for p in partners.list_partners(cso.admin, include_replaced=True) if p.id == row.id
        ]
        assert old[0].status is PartnerStatus.REPLACED
    finally:
        for v in replacement.vaults:
            v.close()
