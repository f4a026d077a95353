"""The printed organisation card: fingerprint in large digits, a QR code, in English and French."""

from __future__ import annotations

import io

from pypdf import PdfReader

from casework.services.context import ServiceContext
from casework.services.exchange import partners


def test_card_sheet_shows_the_fingerprint_in_both_languages(new_vault):
    ctx = ServiceContext.for_vault(new_vault[0])
    card = partners.own_card(ctx)
    for lang, title in (("en", "Organisation card"), ("fr", "Carte d'organisation")):
        pdf, name = partners.own_card_sheet(ctx, lang)
        assert name == "organisation-card.pdf"
        text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert title in text and "Sahel Hope" in text
        for group in card.fingerprint.split():
            assert group in text
