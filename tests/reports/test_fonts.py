"""The shipped fonts' shortcuts give ReportLab's own answers (casework/reports/fonts.py)."""

from __future__ import annotations

import io
import zlib

from pypdf import PdfReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont

from casework.reports.fonts import FONT_DIR, MeasuredTTFont, register_fonts

REGULAR = str(FONT_DIR / "DejaVuSans.ttf")

# Lines as a document prints them: ASCII, accents, a no-break space before a French colon,
# characters repeated and new, a character the font has no glyph for, an empty line.
LINES = [
    "Goal 1: find a job",
    "Objectif 2 : trouver un emploi à Bobo-Dioulasso",
    "Statut\u00a0: en cours",
    "Goal 1: find a job",
    "œuvre, Ça, Ünïcödé ₣ “quotes” — dash",
    "\U0001f600 not in DejaVu Sans",
    "",
    "Goal 1: find a job",
]


def _split_all(font: TTFont, lines: list[str]) -> list[list[tuple[int, bytes]]]:
    doc = pdfdoc.PDFDocument()
    return [font.splitString(line, doc) for line in lines]


def test_split_string_matches_reportlab_within_and_beyond_the_first_subset():
    # Past 224 distinct characters a document's codes continue in a second subset.
    plain = TTFont("plain", REGULAR)
    glyphs = [chr(c) for c in sorted(plain.face.charToGlyph) if c > 0x100][:600]
    many = ["".join(glyphs[:n]) for n in (150, 400, 600)]
    lines = LINES + many + LINES + many
    expected = _split_all(plain, lines)
    measured = MeasuredTTFont("measured", REGULAR)
    assert _split_all(measured, lines) == expected
    assert any(subset > 0 for split in expected for subset, _ in split)  # the case is covered
    # Two documents built at once keep their own codes.
    doc_a, doc_b = pdfdoc.PDFDocument(), pdfdoc.PDFDocument()
    plain = TTFont("plain2", REGULAR)
    ref_a, ref_b = pdfdoc.PDFDocument(), pdfdoc.PDFDocument()
    for line in [*LINES, *reversed(LINES)]:
        assert measured.splitString(line, doc_a) == plain.splitString(line, ref_a)
        assert measured.splitString(line[::-1], doc_b) == plain.splitString(line[::-1], ref_b)


def test_widths_are_reportlabs_and_bounded():
    plain, measured = TTFont("plain", REGULAR), MeasuredTTFont("measured", REGULAR)
    for size in (8, 9.5, 10.5):
        for line in [*LINES, *LINES]:
            assert measured.stringWidth(line, size) == plain.stringWidth(line, size)
    assert measured.stringWidth(b"caf\xc3\xa9", 9) == plain.stringWidth(b"caf\xc3\xa9", 9)
    for n in range(10_000):
        measured.stringWidth(f"word{n}", 9)
    assert len(measured._widths) <= 4096


def test_streams_still_inflate_to_their_content():
    from casework.reports.fonts import FLATE_LEVEL

    register_fonts()
    content = b"BT /F1 9 Tf 12 TL (Goal 1: find a job) Tj ET\n" * 200
    encoded = pdfdoc.PDFZCompress.encode(content)
    assert zlib.decompress(encoded) == content
    assert FLATE_LEVEL == 1 and encoded == zlib.compress(content, 1)
    from report_samples import plan

    from casework.reports.plan import build_plan_pdf

    reader = PdfReader(io.BytesIO(build_plan_pdf(plan(), "en")))
    assert "Reintegration plan" in reader.pages[0].extract_text()
