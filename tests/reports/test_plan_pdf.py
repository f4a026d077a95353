"""The printed reintegration plan, read back from the PDF as a reader would see it."""

from __future__ import annotations

import pytest
import report_samples as s
from readback import read_pdf

from casework.model.enums import LifeDomain, PlanState
from casework.model.labels import label
from casework.reports.plan import build_plan_pdf

MARK = {"en": "CONFIDENTIAL", "fr": "CONFIDENTIEL"}
WATERMARK = {"en": "DRAFT", "fr": "PROJET"}
BANNER = {"en": "WORKSHOP — FICTIONAL DATA", "fr": "ATELIER — DONNÉES FICTIVES"}
PAGE = {"en": "Page {x} of {y}", "fr": "Page {x} sur {y}"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_is_marked_confidential_and_numbered(lang: str) -> None:
    pdf = read_pdf(build_plan_pdf(s.plan(), lang))
    assert len(pdf.pages) >= 2
    for i, page in enumerate(pdf.pages, start=1):
        assert MARK[lang] in page
        assert PAGE[lang].format(x=i, y=len(pdf.pages)) in page


def test_french_plan_is_in_french_with_accents_intact() -> None:
    text = read_pdf(build_plan_pdf(s.plan(), "fr")).flat
    for expected in (
        "Plan de réinsertion",
        "Échéance",
        "Objectifs et actions par domaine de vie",
        "Facteurs de protection",
        "Consentement au partage d'informations",
        "Identité, convictions et désengagement",  # enum label, translated
        "Référent(e)",
        "Bénéficiaire",
        "Cœur de Ville",  # œ from the data
        "Nguyễn Thị Hoa",  # Vietnamese diacritics
        "2 févr. 2026",  # Babel's French date
    ):
        assert expected in text, expected
    assert "Target date" not in text
    assert "Goals and actions" not in text


def test_english_plan_is_in_english_whatever_the_interface_language() -> None:
    text = read_pdf(build_plan_pdf(s.plan(), "en")).flat
    assert "Reintegration plan" in text
    assert "Target date" in text
    assert "Feb 2, 2026" in text
    assert "Échéance" not in text
    assert "Ségou" in text and "Nguyễn Thị Hoa" in text


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    "state", [s for s in PlanState if s not in (PlanState.APPROVED, PlanState.SUPERSEDED)]
)
def test_unapproved_plan_has_the_watermark_on_every_page(lang: str, state: PlanState) -> None:
    pdf = read_pdf(build_plan_pdf(s.plan(state=state), lang))
    for page in pdf.pages:
        assert WATERMARK[lang] in page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_superseded_plan_says_so_on_every_page(lang: str) -> None:
    pdf = read_pdf(build_plan_pdf(s.plan(state=PlanState.SUPERSEDED), lang))
    for page in pdf.pages:
        assert {"en": "SUPERSEDED", "fr": "REMPLACÉ"}[lang] in page
        assert WATERMARK[lang] not in page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_approved_plan_has_no_watermark(lang: str) -> None:
    pdf = read_pdf(build_plan_pdf(s.plan(state=PlanState.APPROVED), lang))
    for page in pdf.pages:
        assert WATERMARK[lang] not in page  # case-sensitive: the state label is "Draft"/"Projet"


def test_forty_goal_plan_paginates_with_right_page_numbers_and_domain_order() -> None:
    goals = s.many_goals(40)
    pdf = read_pdf(build_plan_pdf(s.plan(goals=goals), "en"))
    total = len(pdf.pages)
    assert total >= 8
    for i, page in enumerate(pdf.pages, start=1):
        assert f"Page {i} of {total}" in page
        assert "CONFIDENTIAL" in page
    text = pdf.flat
    for n in range(1, 41):
        assert f"Goal {n}:" in text
    # Goals come grouped by life domain, in the enum's declaration order.
    positions = [text.index(label(d, "en")) for d in LifeDomain]
    assert positions == sorted(positions)
    # Every action of every goal is printed.
    for n, goal in enumerate(goals, start=1):
        for action in goal.actions:
            assert action.description.split(":")[0] in text, n


def test_goal_taller_than_a_page_splits_instead_of_leaving_a_blank_page() -> None:
    pdf = read_pdf(build_plan_pdf(s.plan(goals=(s.long_goal(),)), "fr"))
    # The goal starts on page 1, right under the aspirations, and flows over several pages.
    assert "Objectif 1" in pdf.pages[0]
    assert len(pdf.pages) >= 3
    assert "Séance de soutien scolaire n° 15" in pdf.flat


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_legal_name_printed_only_when_given(lang: str) -> None:
    without = read_pdf(build_plan_pdf(s.plan(legal_name=None), lang)).flat
    assert "Ould Sidi" not in without
    assert s.ALIAS in without
    with_name = read_pdf(build_plan_pdf(s.plan(legal_name=s.LEGAL_NAME), lang)).flat
    assert s.LEGAL_NAME in with_name


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("legal_name", [None, s.LEGAL_NAME])
def test_metadata_holds_no_personal_data(lang: str, legal_name: str | None) -> None:
    meta = read_pdf(build_plan_pdf(s.plan(legal_name=legal_name), lang)).metadata
    joined = " ".join(meta.values())
    for secret in (s.ALIAS, "Amadou", s.REFERENCE, "0042", s.LEGAL_NAME, s.CASEWORKER):
        assert secret not in joined
    expected_title = {"en": "Reintegration plan, version 3", "fr": "Plan de réinsertion, version 3"}
    assert meta["/Title"] == expected_title[lang]
    assert meta["/Author"] == s.ORG
    assert meta["/Creator"] == "Casework"
    assert meta.get("/Keywords", "") == ""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_workshop_banner_on_every_page_only_when_asked(lang: str) -> None:
    pdf = read_pdf(build_plan_pdf(s.plan(goals=s.many_goals(12)), lang, workshop=True))
    assert len(pdf.pages) >= 3
    for page in pdf.pages:
        assert BANNER[lang] in page
    assert BANNER[lang] not in read_pdf(build_plan_pdf(s.plan(), lang)).flat


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_plan_contents(lang: str) -> None:
    text = read_pdf(build_plan_pdf(s.plan(), lang)).flat
    flat = text
    assert "Je veux retrouver ma place" in flat  # the client's own words
    assert "Skilled with engines" in flat  # protective factor
    assert "Bureau municipal du logement" in flat  # signature block of a partner
    assert "Service social de la mairie" in flat
    assert s.CASEWORKER in flat and s.SUPERVISOR in flat
    assert "The civil registry issued the card" in flat  # dropped reason
    reviews = {"en": ["Apr 1, 2026", "Dec 1, 2026"], "fr": ["1 avr. 2026", "1 déc. 2026"]}
    for d in reviews[lang]:
        assert d in flat
    no_expiry = {"en": "No expiry date", "fr": "Sans date d'expiration"}
    assert no_expiry[lang] in flat


def test_guardian_signs_for_a_minor() -> None:
    text = read_pdf(build_plan_pdf(s.plan(guardian_name="Fatoumata Koné"), "fr")).flat
    assert "Bénéficiaire ou tuteur/tutrice" in text  # the guardian may be a woman
    assert "Fatoumata Koné" in text


def test_empty_plan_still_prints() -> None:
    doc = s.plan(goals=())
    text = read_pdf(build_plan_pdf(doc, "en")).flat
    assert "No goals recorded in this plan." in text


def test_only_the_shipped_font_is_used() -> None:
    fonts = read_pdf(build_plan_pdf(s.plan(), "fr", workshop=True)).fonts
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        build_plan_pdf(s.plan(), "de")


# Words that assume the client is a man (or a woman). The plan's own wording is checked (the
# caseworker's text about a known person may say "his children").
GENDERED = {
    "en": (" he ", " his ", " him ", " she ", " her ", "himself", "herself"),
    "fr": ("qu'il", "qu’il", " il ", " elle ", "lui-même", "elle-même", "tel qu'", "telle qu'"),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_plan_does_not_assume_the_clients_gender(lang: str) -> None:
    import casework.reports.plan as plan_module
    import casework.reports.plan_signatures as signatures_module
    from casework.i18n import translator

    wording = [
        translator(lang).gettext(value)
        for module in (plan_module, signatures_module)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str)
    ]
    assert len(wording) > 30
    text = " " + " ".join(" ".join(wording).split()).lower() + " "
    found = [w for w in GENDERED[lang] if w in text]
    assert not found, found
