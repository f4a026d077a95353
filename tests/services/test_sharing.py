"""what_may_go on a real vault: every combination of general/specific × given/withdrawn/refused/
expired × purpose, and the referral that follows the answer (sending, printing)."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from pypdf import PdfReader

from casework.errors import PermissionDenied
from casework.model.enums import (
    ClientCategory,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    InfoScope,
    OrgType,
    ServiceType,
)
from casework.services import cases, consents, directory, documents, referrals
from casework.services.cases import CaseInput
from casework.services.consents import ConsentInput
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationInput
from casework.services.sharing import ConsentGap, what_may_go

TODAY = dt.date(2026, 6, 15)
BEFORE = dt.date(2026, 1, 10)  # the older decision
AFTER = dt.date(2026, 3, 10)  # the newer decision
GENERAL_SCOPE = frozenset({InfoScope.IDENTITY, InfoScope.HEALTH, InfoScope.LEGAL})
SPECIFIC_SCOPE = frozenset({InfoScope.HEALTH})

# What one consent can say about sharing today.
STATES = ("none", "given", "withdrawn", "refused", "expired")


def _at(ctx: ServiceContext, day: dt.date) -> ServiceContext:
    return ServiceContext(ctx.vault, ctx.actor, today=lambda: day)


@pytest.fixture
def setup(office):
    cw = _at(office.caseworker, TODAY)
    case_id = cases.create_case(
        cw,
        CaseInput(
            alias="Abu Layla",
            legal_name="Moussa Traoré",
            offence_details="Membership of an armed group",
            category=ClientCategory.RETURNEE_FTF,
            custody_status=CustodyStatus.RETURNED,
            country="ML",
        ),
    )
    org = directory.create_organisation(
        office.supervisor,
        OrganisationInput("Clinic", OrgType.HEALTH, country="ML"),
    )
    return cw, case_id, org


def _record(cw, case_id, org, state: str, day: dt.date, purpose, scope) -> None:
    if state == "none":
        return
    data = ConsentInput(
        purpose=purpose,
        given_on=day,
        method=ConsentMethod.SIGNED_FORM,
        scope=scope,
        recipient_org_id=org,
        expires_on=dt.date(2026, 5, 1) if state == "expired" else None,
        refused=state == "refused",
    )
    consent_id = consents.record_consent(_at(cw, day), case_id, data)
    if state == "withdrawn":
        consents.withdraw_consent(_at(cw, TODAY), consent_id, withdrawn_on=day + dt.timedelta(1))


def _expected(general: str, specific: str, general_first: bool) -> frozenset[InfoScope]:
    """The precedence rules of casework.services.sharing, restated as a table."""
    if specific != "none":  # a specific decision decides over any general one
        return SPECIFIC_SCOPE if specific == "given" else frozenset()
    return GENERAL_SCOPE if general == "given" else frozenset()


@pytest.mark.parametrize("general_first", [True, False], ids=["general-older", "specific-older"])
@pytest.mark.parametrize(
    ("general", "specific"),
    list(itertools.product(STATES, STATES)),
    ids=[f"general-{g}/specific-{s}" for g, s in itertools.product(STATES, STATES)],
)
def test_every_combination_for_information_sharing(setup, general, specific, general_first):
    cw, case_id, org = setup
    g_day, s_day = (BEFORE, AFTER) if general_first else (AFTER, BEFORE)
    sharing = ConsentPurpose.INFORMATION_SHARING
    _record(cw, case_id, None, general, g_day, sharing, GENERAL_SCOPE)
    _record(cw, case_id, org, specific, s_day, sharing, SPECIFIC_SCOPE)
    answer = what_may_go(cw, case_id, org, sharing)
    assert answer.kinds == _expected(general, specific, general_first)
    assert answer.allowed == bool(answer.kinds)
    if answer.allowed:
        assert answer.gap is None
    else:
        deciding = specific if specific != "none" else general
        assert (
            answer.gap
            == {
                "none": ConsentGap.NONE,
                "withdrawn": ConsentGap.WITHDRAWN,
                "refused": ConsentGap.WITHDRAWN,
                "expired": ConsentGap.EXPIRED,
            }[deciding]
        )
    # The same consents say nothing about other purposes, and nothing about other organisations
    # beyond what the general consent says.
    for other in (ConsentPurpose.DATA_PROCESSING, ConsentPurpose.PHOTO):
        assert what_may_go(cw, case_id, org, other).kinds == frozenset()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("purpose", [ConsentPurpose.PHOTO, ConsentPurpose.DATA_PROCESSING], ids=str)
def test_consents_for_another_purpose_never_decide(setup, state, purpose):
    cw, case_id, org = setup
    _record(cw, case_id, org, state, BEFORE, purpose, SPECIFIC_SCOPE)
    _record(cw, case_id, None, "given", AFTER, ConsentPurpose.INFORMATION_SHARING, GENERAL_SCOPE)
    assert what_may_go(cw, case_id, org, ConsentPurpose.INFORMATION_SHARING).kinds == GENERAL_SCOPE
    expected = SPECIFIC_SCOPE if state == "given" else frozenset()
    assert what_may_go(cw, case_id, org, purpose).kinds == expected


def test_latest_specific_decision_wins_and_only_its_scope(setup):
    cw, case_id, org = setup
    sharing = ConsentPurpose.INFORMATION_SHARING
    _record(cw, case_id, org, "refused", BEFORE, sharing, frozenset())
    assert what_may_go(cw, case_id, org, on=AFTER).kinds == frozenset()
    _record(cw, case_id, org, "given", AFTER, sharing, SPECIFIC_SCOPE)
    assert what_may_go(cw, case_id, org).kinds == SPECIFIC_SCOPE
    # On a day before the newer grant, the refusal still decides.
    assert what_may_go(cw, case_id, org, on=dt.date(2026, 2, 1)).kinds == frozenset()
    # Two grants standing: the latest one's scope, never the union.
    _record(cw, case_id, org, "given", dt.date(2026, 4, 1), sharing, frozenset({InfoScope.PLAN}))
    assert what_may_go(cw, case_id, org).kinds == {InfoScope.PLAN}


def test_a_decision_dated_later_does_not_count_yet(setup):
    cw, case_id, org = setup
    consents.record_consent(
        cw,
        case_id,
        ConsentInput(
            ConsentPurpose.INFORMATION_SHARING,
            TODAY,
            ConsentMethod.SIGNED_FORM,
            GENERAL_SCOPE,
            org,
        ),
    )
    answer = what_may_go(cw, case_id, org, on=TODAY - dt.timedelta(1))
    assert answer.kinds == frozenset() and answer.gap is ConsentGap.NOT_YET_VALID


def test_a_caseworker_cannot_ask_about_a_case_not_theirs(office, setup):
    _cw, case_id, org = setup
    with pytest.raises(PermissionDenied):
        what_may_go(office.other_caseworker, case_id, org)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_withdrawal_for_one_organisation_blocks_the_referral_and_its_form(office, setup):
    """The reported case: general consent given, then withdrawn for one organisation."""
    cw, case_id, org = setup
    sharing = ConsentPurpose.INFORMATION_SHARING
    _record(cw, case_id, None, "given", BEFORE, sharing, GENERAL_SCOPE)
    _record(cw, case_id, org, "withdrawn", BEFORE, sharing, GENERAL_SCOPE)
    ref = referrals.create_referral(cw, case_id, referrals.ReferralInput(ServiceType.MEDICAL, org))
    with pytest.raises(referrals.ConsentNotCovered) as refused:
        referrals.send_referral(cw, ref)
    assert refused.value.gap is ConsentGap.WITHDRAWN
    # A supervisor overrides with a reason: the form still prints nothing restricted.
    sup = _at(office.supervisor, TODAY)
    referrals.send_referral(sup, ref, override_reason="Court order of 2 June")
    text = _text(documents.referral_document(sup, ref, "en", include_restricted=True).pdf)
    assert "Moussa" not in text
    assert "armed group" not in text
    assert referrals.get_referral(sup, ref).consent_scope_today is None


def test_general_consent_alone_lets_the_form_print_its_scope(office, setup):
    cw, case_id, org = setup
    _record(cw, case_id, None, "given", BEFORE, ConsentPurpose.INFORMATION_SHARING, GENERAL_SCOPE)
    ref = referrals.create_referral(cw, case_id, referrals.ReferralInput(ServiceType.MEDICAL, org))
    referrals.send_referral(cw, ref)
    text = _text(documents.referral_document(cw, ref, "en", include_restricted=True).pdf)
    assert "Moussa Traoré" in text
    assert "armed group" in text
