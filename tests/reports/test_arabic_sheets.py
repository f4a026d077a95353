"""The newer documents in Arabic: the anonymisation certificate, the organisation card and the
workshop's training material print right to left, with joined letters, and read back (pdftotext)
as the Arabic that was written, in logical order; names in Latin script keep their place."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable

import pytest
import report_samples as s
from readback import read_pdf
from test_arabic_pdf import PRESENTATION_FORMS, pdftotext

from casework.i18n import translator
from casework.model.enums import ClientCategory
from casework.reports.certificate import CertificateDoc, build_certificate_pdf
from casework.reports.org_card import build_card_sheet_pdf
from casework.reports.plan import build_plan_pdf
from casework.reports.rtl import base_rtl
from casework.reports.training import (
    build_activity_pdf,
    build_facilitator_guide_pdf,
    build_handouts_pdf,
)
from casework.workshop.exercises import exercise_texts

HARAKAT = re.compile("[\u064b-\u0652]")


def AR(msgid: str) -> str:  # noqa: N802
    """The Arabic as printed: the shaper leaves the short-vowel marks out (they are optional
    in Arabic print and ReportLab cannot place them over their letter)."""
    return HARAKAT.sub("", translator("ar").gettext(msgid))


AT = dt.datetime(2026, 11, 3, 10, 15)
FINGERPRINT = " ".join(str(n) for n in range(12345, 12355))
ORG = "جمعية الأمل للإدماج (وهمية)"


def certificate(lang: str) -> bytes:
    doc = CertificateDoc(
        organisation=ORG,
        number="AN-2026-0003",
        reference="TN-2019-0012",
        category=ClientCategory.RETURNEE_FTF,
        closed_on=dt.date(2019, 5, 2),
        years=5,
        requested_by="سلمى الحمروني",
        requested_at=AT,
        confirmed_by="Amadou Diarra",
        confirmed_at=AT,
        printed_by="سلمى الحمروني",
        printed_at=AT,
    )
    return build_certificate_pdf(doc, lang, workshop=True)


def org_card(lang: str) -> bytes:
    card = json.dumps({"name": ORG, "country": "TN", "key": "k" * 44}).encode()
    return build_card_sheet_pdf(ORG, "TN", FINGERPRINT, card, dt.date(2026, 11, 2), lang)


def guide(lang: str) -> bytes:
    texts = exercise_texts(lang, year=2026, data_lang="ar")
    return build_facilitator_guide_pdf(texts, lang, organisation=ORG, printed_by="المدرب")


def handouts(lang: str) -> bytes:
    texts = exercise_texts(lang, year=2026, data_lang="ar")
    return build_handouts_pdf(texts, lang, organisation=ORG, printed_by="المدرب")


def activity(lang: str) -> bytes:
    rows = [
        ("caseworker1", "3/11/2026 10:15", "أرسل إحالة", "إحالة · ML-2026-0001"),
        ("supervisor", "3/11/2026 10:20", "اعتمد خطة", "ML-2026-0001"),
    ]
    return build_activity_pdf(rows, lang, organisation=ORG, printed_by="المدرب")


DOCUMENTS: dict[str, tuple[Callable[[str], bytes], str]] = {
    "certificate": (certificate, "Anonymisation certificate"),
    "org_card": (org_card, "Organisation card"),
    "guide": (guide, "Facilitator's guide"),
    "handouts": (handouts, "Participant handout"),
    "activity": (activity, "What participants did"),
}


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_every_page_reads_back_as_arabic_in_logical_order(kind: str) -> None:
    build, title = DOCUMENTS[kind]
    data = build("ar")
    pages = pdftotext(data)
    text = "\n".join(pages)
    assert AR(title) != title and AR(title) in text
    assert not PRESENTATION_FORMS.search(text), "extracted text holds shaped glyphs"
    label = AR("Page {page} of {pages}").split("{page}")[0].strip()  # "الصفحة"
    for page in pages:
        assert "سري" in page  # CONFIDENTIAL on every page
        assert label in page
    assert any("NotoSansArabic" in f for f in read_pdf(data).fonts)


def test_certificate_keeps_names_of_both_scripts_in_their_place() -> None:
    text = "\n".join(pdftotext(certificate("ar")))
    for expected in (
        AR("What was removed"),
        "سلمى الحمروني",
        "Amadou Diarra",  # a Latin name in an Arabic sentence, isolated
        "TN-2019-0012",
        "AN-2026-0003",
        "نونبر",  # the Moroccan month name of Babel's ar locale used for the Maghreb
        "ورشة — بيانات وهمية",
    ):
        assert expected in text, expected
    # "{name}, {date}" with a Latin name: the sentence stays right to left, so the date still
    # follows the name (not drawn before it, as a left-to-right line would).
    line = next(li for li in text.splitlines() if "Amadou Diarra" in li)
    assert line.index("Amadou Diarra") < line.index("نونبر")


def test_isolated_values_do_not_set_the_direction_of_their_sentence() -> None:
    assert base_rtl("\u2068Amadou Diarra\u2069، 3 نونبر 2026")
    assert not base_rtl("Amadou Diarra، 3 نونبر 2026")
    assert not base_rtl("\u2068سلمى\u2069 signed on 3 May")


def test_org_card_prints_every_fingerprint_group() -> None:
    text = "\n".join(pdftotext(org_card("ar")))
    assert AR("Fingerprint") in text and AR("How partners check it") in text
    groups = FINGERPRINT.split()
    assert all(group in text for group in groups)
    # The first group where an Arabic reader starts (on the right), as on the Partners page:
    # read back in logical order, group 1 before group 5.
    assert text.index(groups[0]) < text.index(groups[4])
    assert "تونس" in text  # the country in Arabic


def test_training_material_names_the_arabic_workshop_cases() -> None:
    text = "\n".join(pdftotext(handouts("ar")))
    assert "إدريسا ك." in text and "ML-2026-0001" in text
    # "{reference} ({alias})": the alias follows the reference, in a right-to-left line.
    line = next(li for li in text.splitlines() if "ML-2026-0001" in li)
    assert line.index("ML-2026-0001") < line.index("إدريسا")
    assert "كيسمايو" in text  # the organisation's town, in Arabic script
    guide_text = "\n".join(pdftotext(guide("ar")))
    assert AR("Debrief questions") in guide_text and "caseworker1" in guide_text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_same_sheets_print_left_to_right_in_english_and_french(lang: str) -> None:
    pdf = read_pdf(certificate(lang))
    tr = translator(lang)
    assert tr.gettext("Anonymisation certificate") in pdf.flat
    assert "\u2068" not in pdf.flat and "Amadou Diarra" in pdf.flat  # no isolate drawn


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_arabic_names_in_an_english_or_french_plan_are_joined_and_in_order(lang: str) -> None:
    """An Arabic workshop prints its plans in English and French too: the client's alias and
    the organisation, in Arabic script, come out joined and readable, not as loose letters."""
    plan = dataclasses.replace(s.plan(), alias="سلمى ح.", organisation=ORG)
    data = build_plan_pdf(plan, lang)
    text = "\n".join(pdftotext(data))
    # (Where pdftotext puts the final dot of a right-to-left name on a left-to-right page is its
    # own guess; the letters come back joined-free and in order.)
    assert "سلمى ح" in text and "جمعية الأمل للإدماج" in text
    assert not PRESENTATION_FORMS.search(text)
    assert translator(lang).gettext("Reintegration plan") in text
    assert any("NotoSansArabic" in f for f in read_pdf(data).fonts)
