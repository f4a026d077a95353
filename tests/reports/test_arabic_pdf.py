"""Printed documents in Arabic: right to left, joined letters, mixed text in order, readable back.

The PDFs are read back with poppler's `pdftotext`, as a reader copying text or a search indexer
would: the Arabic must come back as the letters that were written, in logical order, not as
reversed text or as the presentation-form glyphs drawn on the page.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess

import pytest
import report_samples as s
from readback import read_pdf

from casework.i18n import set_language, translator
from casework.reports.plan import build_plan_pdf
from casework.reports.recovery import build_recovery_sheet_pdf
from casework.reports.referral import build_referral_pdf
from casework.reports.rtl import Run, _shape_run, visual_order
from casework.reports.summary import build_case_summary_pdf

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
AR = translator("ar").gettext

BUILDERS = {
    "plan": lambda lang: build_plan_pdf(s.plan(), lang, workshop=True),
    "referral": lambda lang: build_referral_pdf(s.referral(with_identity=True), lang),
    "summary": lambda lang: build_case_summary_pdf(s.case_summary(), lang),
    "recovery": lambda lang: build_recovery_sheet_pdf(s.recovery_sheet(), lang),
}
TITLES = {
    "plan": "Reintegration plan",
    "referral": "Referral form",
    "summary": "Case summary",
    "recovery": "Vault recovery sheet",
}


def pdftotext(data: bytes) -> list[str]:
    """The text of each page as poppler extracts it, bidi control marks removed."""
    if shutil.which("pdftotext") is None:  # pragma: no cover - poppler-utils is installed here
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [BIDI_CONTROLS.sub("", page) for page in out.split("\f")[:-1]]


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_arabic_documents_read_back_in_logical_order(kind: str) -> None:
    data = BUILDERS[kind]("ar")
    pages = pdftotext(data)
    text = "\n".join(pages)
    assert AR(TITLES[kind]) in text  # e.g. "خطة إعادة الإدماج": joined in print, logical here
    assert not PRESENTATION_FORMS.search(text), "extracted text holds shaped glyphs"
    for number, page in enumerate(pages, start=1):
        assert "سري" in page  # CONFIDENTIAL on every page
        if kind != "recovery" or number == 1:
            label = AR("Page {page} of {pages}").split("{page}")[0].strip()  # "الصفحة"
            assert label in page
    fonts = read_pdf(data).fonts
    assert any("NotoSansArabic" in f for f in fonts), fonts


def test_plan_in_arabic_keeps_mixed_text_in_order() -> None:
    text = "\n".join(pdftotext(BUILDERS["plan"]("ar")))
    for expected in (
        "الأهداف والإجراءات حسب مجال الحياة",  # headings with lam-alef ligatures
        "المكلف(ة) بالملف",  # parentheses drawn mirrored, copied as typed
        "ورشة — بيانات وهمية",  # the workshop banner
        "ML-2026-0042",  # Latin reference inside Arabic: its own direction
        "Nguyễn Thị Hoa",  # Latin names with diacritics
        "Amadou K.",
        "فبراير",  # Babel's Arabic month name
    ):
        assert expected in text, expected
    # A French paragraph in an Arabic plan reads left to right, words in order.
    assert "Je veux retrouver ma place auprès de ma famille" in text


def test_phone_numbers_keep_their_digit_groups_in_order() -> None:
    line = _shape_run(Run("الهاتف: +223 70 11 22 33", False, None)).text
    drawn = "".join(ch for _i, ch in visual_order(line) if ch.isdigit() or ch in "+ ")
    assert "+223 70 11 22 33" in drawn
    text = "\n".join(pdftotext(BUILDERS["referral"]("ar")))
    assert "+223 70 11 22 33" in text


@pytest.mark.parametrize("ui", ["en", "fr", "ar"])
@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_any_document_in_any_language_whatever_the_interface(ui: str, lang: str) -> None:
    set_language(ui)
    pdf = read_pdf(BUILDERS["referral"](lang))
    title = translator(lang).gettext(TITLES["referral"])
    if lang == "ar":
        assert title in "\n".join(pdftotext(BUILDERS["referral"](lang)))
    else:
        assert title in pdf.flat
        assert not re.search("[\u0600-\u06ff]", pdf.flat)


def test_long_arabic_text_flows_across_pages() -> None:
    goal = dataclasses.replace(s.long_goal(), goal="هدف طويل " * 300)
    plan = dataclasses.replace(s.plan(), goals=(goal,))
    pages = pdftotext(build_plan_pdf(plan, "ar"))
    assert len(pages) >= 2
    assert sum(page.count("طويل") for page in pages) >= 300  # no word lost at a page break


def test_english_text_in_an_arabic_sentence_keeps_its_full_stop_at_its_end() -> None:
    """A goal or a need typed in English, set after an Arabic caption ("الهدف 1:", "الحاجة:"),
    is isolated: read back, its full stop ends it instead of starting it."""
    from casework.model.enums import GoalStatus, GoalTerm, LifeDomain
    from casework.reports.data import GoalDoc

    goal = GoalDoc(
        domain=LifeDomain.FAMILY,
        need="Tension with the family since the return.",
        goal="Rebuild trust with the family.",
        term=GoalTerm.SHORT,
        status=GoalStatus.IN_PROGRESS,
    )
    text = "\n".join(pdftotext(build_plan_pdf(dataclasses.replace(s.plan(), goals=(goal,)), "ar")))
    assert "Rebuild trust with the family." in text
    assert "Tension with the family since the return." in text
    assert ".Rebuild" not in text and ".Tension" not in text
