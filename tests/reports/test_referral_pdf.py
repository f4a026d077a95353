"""The referral form prints only what the client's consent covers."""

from __future__ import annotations

import re

import pytest
import report_samples as s
from readback import read_pdf

from casework.reports.referral import build_referral_pdf

MARK = {"en": "CONFIDENTIAL", "fr": "CONFIDENTIEL"}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_without_consent_no_identity_or_contact_details(lang: str) -> None:
    pdf = read_pdf(build_referral_pdf(s.referral(with_identity=False), lang))
    text = flat(pdf.text)
    for private in ("Ould Sidi", "1994", "ML-123-456-789", "Médine", "+223 70 11 22 33"):
        assert private not in text
    none = {
        "en": "consent does not cover sharing further personal information",
        "fr": "ne couvre pas le partage d'autres informations personnelles",
    }
    assert none[lang] in text
    assert s.ALIAS in text and s.REFERENCE in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_with_consent_the_covered_fields_are_printed(lang: str) -> None:
    text = flat(read_pdf(build_referral_pdf(s.referral(with_identity=True), lang)).text)
    for shared in (s.LEGAL_NAME, "ML-123-456-789", "Quartier Médine", "+223 70 11 22 33"):
        assert shared in text
    dob = {"en": "Jul 3, 1994", "fr": "3 juil. 1994"}
    assert dob[lang] in text
    covers = {
        "en": "consent to this organisation covers: Identity, Contact details",
        "fr": "couvre : Identité, Coordonnées",
    }
    assert covers[lang] in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_referral_form_pages_marks_and_language(lang: str) -> None:
    pdf = read_pdf(build_referral_pdf(s.referral(with_identity=True), lang, workshop=True))
    banner = {"en": "WORKSHOP — FICTIONAL DATA", "fr": "ATELIER — DONNÉES FICTIVES"}
    page = {"en": "Page {x} of {y}", "fr": "Page {x} sur {y}"}
    for i, text in enumerate(pdf.pages, start=1):
        assert MARK[lang] in text
        assert banner[lang] in text
        assert page[lang].format(x=i, y=len(pdf.pages)) in text
    words = {
        "en": ["Referral form", "Receiving organisation", "Vocational training"],
        "fr": ["Fiche d'orientation", "Organisation d'accueil", "Formation professionnelle"],
    }
    for w in words[lang]:
        assert w in pdf.flat
    assert "signalement" not in pdf.text.lower()  # never the word for reporting a concern


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_referral_metadata_holds_no_personal_data(lang: str) -> None:
    meta = read_pdf(build_referral_pdf(s.referral(with_identity=True), lang)).metadata
    joined = " ".join(meta.values())
    for secret in (s.ALIAS, s.REFERENCE, s.LEGAL_NAME, "Centre de formation"):
        assert secret not in joined
    assert meta["/Title"] == {"en": "Referral form", "fr": "Fiche d'orientation"}[lang]
