"""Documents built from a real vault through the services, read back from the PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys

import pytest
from pypdf import PdfReader

from casework.errors import PermissionDenied, ValidationError
from casework.i18n import translator
from casework.model.enums import (
    ActionStatus,
    ClientCategory,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    DeclineReason,
    GoalTerm,
    InfoScope,
    LifeDomain,
    OrgType,
    ServiceType,
)
from casework.services import cases, consents, directory, documents, plans, referrals
from casework.services.audit import AuditQuery, list_events
from casework.services.cases import CaseInput

LEGAL = "Aminata Ouédraogo-Kaboré"


def text_of(pdf: bytes) -> tuple[list[str], dict[str, str]]:
    reader = PdfReader(io.BytesIO(pdf))
    pages = [re.sub(r"\s+", " ", p.extract_text().replace("\u00a0", " ")) for p in reader.pages]
    meta = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
    return pages, meta


@pytest.fixture
def planned_case(office):
    cw = office.caseworker
    case_id = cases.create_case(
        cw,
        CaseInput(
            "Umm Hawa",
            ClientCategory.FAMILY_MEMBER,
            CustodyStatus.RETURNED,
            "BF",
            legal_name=LEGAL,
            national_id="BF-1234",
            address="Secteur 15, Ouagadougou",
        ),
    )
    org = directory.create_organisation(
        office.supervisor,
        directory.OrganisationInput(
            name="Centre de formation Espérance",
            org_type=OrgType.VOCATIONAL_TRAINING,
            country="BF",
            services=(directory.ServiceOffer(ServiceType.VOCATIONAL_TRAINING),),
        ),
    )
    plan_id = plans.create_plan(cw, case_id, "Ouvrir un atelier de couture à Bobo-Dioulasso.")
    goal = plans.add_goal(
        cw,
        plan_id,
        plans.GoalInput(
            LifeDomain.EMPLOYMENT, "Apprendre la couture", need="Revenu stable", term=GoalTerm.SHORT
        ),
    )
    plans.add_action(
        cw,
        goal,
        plans.ActionInput(
            "Inscription à la formation",
            responsible_org_id=org,
            due_on=dt.date.today() + dt.timedelta(days=30),
            status=ActionStatus.PLANNED,
        ),
    )
    return case_id, plan_id, org


def test_draft_plan_in_french_has_accents_watermark_and_no_legal_name(office, planned_case):
    case_id, _, _ = planned_case
    doc = documents.plan_document(office.caseworker, case_id, "fr")
    pages, meta = text_of(doc.pdf)
    joined = " ".join(pages)
    assert "Ouvrir un atelier de couture à Bobo-Dioulasso." in joined
    assert "Centre de formation Espérance" in joined
    assert all("PROJET" in p and "CONFIDENTIEL" in p for p in pages)
    assert LEGAL not in joined
    assert f"Page 1 sur {len(pages)}" in pages[0]
    for value in meta.values():
        assert "Umm Hawa" not in value and LEGAL not in value and "BF-" not in value


def test_approved_plan_has_no_watermark_and_legal_name_when_asked(office, planned_case):
    case_id, plan_id, _ = planned_case
    plans.submit_plan(office.caseworker, plan_id)
    plans.approve_plan(office.supervisor, plan_id)
    pages, _ = text_of(
        documents.plan_document(office.supervisor, case_id, "en", include_legal_name=True).pdf
    )
    joined = " ".join(pages)
    assert "DRAFT" not in joined
    assert "CONFIDENTIAL" in joined
    assert LEGAL in joined
    rows, _ = list_events(office.supervisor, AuditQuery(action_prefix="document.printed"))
    assert rows and '"legal_name": true' in rows[0].details
    assert LEGAL not in rows[0].details


def test_printing_is_refused_to_others(office, planned_case):
    case_id, _, _ = planned_case
    with pytest.raises(PermissionDenied):
        documents.plan_document(office.other_caseworker, case_id, "en")
    with pytest.raises(PermissionDenied):
        documents.plan_document(office.admin, case_id, "en")
    with pytest.raises(ValidationError):
        documents.plan_document(office.caseworker, case_id, "de")


def test_referral_form_carries_only_what_consent_allows(office, planned_case):
    case_id, _, org = planned_case
    cw = office.caseworker
    consents.record_consent(
        cw,
        case_id,
        consents.ConsentInput(
            ConsentPurpose.INFORMATION_SHARING,
            dt.date.today(),
            ConsentMethod.SIGNED_FORM,
            scope=frozenset({InfoScope.IDENTITY}),
            recipient_org_id=org,
        ),
    )
    ref = referrals.create_referral(
        cw,
        case_id,
        referrals.ReferralInput(
            ServiceType.VOCATIONAL_TRAINING, org, purpose="Formation en couture"
        ),
    )
    with pytest.raises(ValidationError):
        documents.referral_document(cw, ref, "fr")  # a draft has not gone anywhere
    referrals.send_referral(cw, ref)
    pages, _ = text_of(documents.referral_document(cw, ref, "fr").pdf)
    assert LEGAL not in " ".join(pages)  # restricted details only when asked
    pages, _ = text_of(documents.referral_document(cw, ref, "fr", include_restricted=True).pdf)
    joined = " ".join(pages)
    assert LEGAL in joined  # identity is covered
    assert "Secteur 15" not in joined  # contact details are not
    with pytest.raises(PermissionDenied):
        documents.referral_document(office.admin, ref, "fr")
    referrals.decline_referral(cw, ref, DeclineReason.NO_CAPACITY)
    with pytest.raises(ValidationError):
        documents.referral_document(
            cw, ref, "fr"
        )  # nothing to send to an organisation that said no


def test_case_summary_in_both_languages(office, planned_case):
    case_id, _, _ = planned_case
    en, _ = text_of(documents.case_summary_document(office.caseworker, case_id, "en").pdf)
    fr, _ = text_of(documents.case_summary_document(office.caseworker, case_id, "fr").pdf)
    assert "Umm Hawa" in " ".join(en) and "Umm Hawa" in " ".join(fr)
    assert LEGAL not in " ".join(en)
    assert " ".join(en) != " ".join(fr)


def test_cli_print_writes_the_pdf_and_audits_the_unencrypted_copy(
    office, planned_case, tmp_path, monkeypatch, capsys, backend
):
    from casework.cli import main

    # On a server the command names the server and connects as the user's own login role.
    where, user = (office.url, "svc_carl") if backend == "server" else (str(office.folder), "carl")

    case_id, _, _ = planned_case
    reference = cases.get_case(office.caseworker, case_id).reference
    out = tmp_path / "plan.pdf"
    monkeypatch.setattr(sys, "stdin", io.StringIO("seven blue camels at dusk\n"))
    code = main(
        [
            "print",
            "plan",
            where,
            reference,
            "--lang",
            "fr",
            "--out",
            str(out),
            "--user",
            user,
            "--password-stdin",
        ]
    )
    assert code == 0
    assert "pas chiffré" in capsys.readouterr().err  # --lang sets the messages too
    pages, _ = text_of(out.read_bytes())
    assert "PROJET" in pages[0]
    rows, _ = list_events(office.supervisor, AuditQuery(action_prefix="document."))
    assert {r.action for r in rows} >= {"document.printed", "document.saved_unencrypted"}


def test_saved_file_names_carry_document_case_and_language(office, planned_case):
    case_id = planned_case[0] if isinstance(planned_case, tuple) else planned_case
    reference = cases.get_case(office.caseworker, case_id).reference
    en = documents.plan_document(office.caseworker, case_id, "en").suggested_name
    fr = documents.plan_document(office.caseworker, case_id, "fr").suggested_name
    assert en == f"reintegration-plan-v1_{reference}_en.pdf"
    assert fr == f"plan-de-reinsertion-v1_{reference}_fr.pdf"  # ASCII, in the document's language
    summary = documents.case_summary_document(office.caseworker, case_id, "fr").suggested_name
    assert summary.endswith(f"_{reference}_fr.pdf") and summary != fr
    assert "Umm" not in en + fr + summary  # no personal data in a file name
    # Arabic: the English word (ASCII survives every file system), the language says Arabic.
    ar = documents.plan_document(office.caseworker, case_id, "ar").suggested_name
    assert ar == f"reintegration-plan-v1_{reference}_ar.pdf"
    summary_ar = documents.case_summary_document(office.caseworker, case_id, "ar").suggested_name
    assert summary_ar == f"case-summary_{reference}_ar.pdf"
    referral_ar = documents.file_name("referral", "ar", reference, 7)
    assert referral_ar == f"referral-form-7_{reference}_ar.pdf"
    assert translator("ar").gettext("referral-form") == "استمارة-الإحالة"  # no English in it
