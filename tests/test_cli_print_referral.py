"""`casework print referral`: the newest outgoing referral, said which; --legal-name by consent."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys

from pypdf import PdfReader

from casework.cli import main
from casework.model.enums import (
    ClientCategory,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    InfoScope,
    OrgType,
    ServiceType,
)
from casework.services import cases, consents, directory, referrals
from casework.services.cases import CaseInput
from casework.services.consents import ConsentInput
from casework.services.referrals import IncomingReferralInput, ReferralInput

LEGAL = "Aminata Ouédraogo"
PASSWORD = "seven blue camels at dusk"


def _print(office, tmp_path, monkeypatch, capsys, reference, *extra):
    out = tmp_path / "referral.pdf"
    if out.exists():
        out.unlink()
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    argv = ["print", "referral", str(office.folder), reference, "--out", str(out)]
    code = main([*argv, "--user", "carl", "--password-stdin", *extra])
    _, err = capsys.readouterr()
    text = ""
    if out.exists():
        reader = PdfReader(io.BytesIO(out.read_bytes()))
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    return code, err, text


def test_latest_outgoing_is_chosen_and_legal_name_follows_consent(
    office, tmp_path, monkeypatch, capsys
):
    cw = office.caseworker
    case_id = cases.create_case(
        cw,
        CaseInput(
            "Umm Hawa",
            ClientCategory.FAMILY_MEMBER,
            CustodyStatus.RETURNED,
            "BF",
            legal_name=LEGAL,
        ),
    )
    reference = cases.get_case(cw, case_id).reference
    school = directory.create_organisation(
        office.supervisor, directory.OrganisationInput("Lycée Espoir", OrgType.SCHOOL)
    )
    clinic = directory.create_organisation(
        office.supervisor, directory.OrganisationInput("Clinique Baraka", OrgType.HEALTH)
    )
    prison = directory.create_organisation(
        office.supervisor, directory.OrganisationInput("Prison centrale", OrgType.PRISON_SERVICE)
    )
    today = cw.today()
    consents.record_consent(
        cw,
        case_id,
        ConsentInput(
            ConsentPurpose.INFORMATION_SHARING,
            today,
            ConsentMethod.SIGNED_FORM,
            frozenset({InfoScope.HEALTH}),
            recipient_org_id=clinic,
        ),
    )
    consents.record_consent(
        cw,
        case_id,
        ConsentInput(
            ConsentPurpose.INFORMATION_SHARING,
            today,
            ConsentMethod.SIGNED_FORM,
            frozenset({InfoScope.IDENTITY}),
            recipient_org_id=school,
        ),
    )
    code, err, _ = _print(office, tmp_path, monkeypatch, capsys, reference)
    assert code != 0 and "no sent referral" in err
    first = referrals.create_referral(cw, case_id, ReferralInput(ServiceType.EDUCATION, school))
    referrals.send_referral(cw, first)
    second = referrals.create_referral(cw, case_id, ReferralInput(ServiceType.MEDICAL, clinic))
    referrals.send_referral(cw, second)
    referrals.create_referral(cw, case_id, ReferralInput(ServiceType.EDUCATION, school))  # draft
    # An incoming referral recorded last must not be picked (it has no form to send).
    referrals.record_incoming_referral(
        cw, case_id, IncomingReferralInput(ServiceType.HOUSING, prison, today - dt.timedelta(1))
    )

    code, err, text = _print(office, tmp_path, monkeypatch, capsys, reference)
    assert code == 0
    assert f"referral {second}" in err and "Clinique Baraka" in err
    assert "Clinique Baraka" in text and LEGAL not in text

    # The clinic's consent does not cover identity: --legal-name is refused, nothing written.
    code, err, text = _print(office, tmp_path, monkeypatch, capsys, reference, "--legal-name")
    assert code != 0 and "legal name cannot be printed" in err
    assert text == ""

    # The school's does: the legal name is printed, and nothing else restricted is asked for.
    extra = ("--referral", str(first), "--legal-name")
    code, err, text = _print(office, tmp_path, monkeypatch, capsys, reference, *extra)
    assert code == 0
    assert LEGAL in text and "Lycée Espoir" in text
