"""Drawing of the commonest paragraph without ReportLab's general machinery.

Most paragraphs of a document are one run of text in one colour, left-aligned, broken at
spaces (`linebreak.simple_lines`): a heading, a goal, a table cell. ReportLab draws each through
`Flowable.drawOn` and `Paragraph.drawPara`: it saves and restores the canvas's whole state
twice, builds a text object and formats each line through code that also serves shaping,
underlines, links, justification and bullets. That was a fifth of a plan's build.
`draw_simple` writes the same operators, in the same order, with the same number formatting,
for such a paragraph, and returns False (having written nothing) for any other, so that
ReportLab draws it. tests/reports/test_paradraw.py holds the two to the same bytes.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus.paragraph import _nbspCount
from reportlab.rl_config import paraFontSizeHeightOffset

from casework.reports.numbers import fp_str


def draw_simple(para: Any, canvas: Any, x: float, y: float, sW: float = 0) -> bool:  # noqa: N803
    """Draw `para` with its origin at (x, y) as `Flowable.drawOn` would, if it is one run of
    left-aligned text in one opaque RGB colour; False, having drawn nothing, otherwise."""
    bl = para.__dict__.get("blPara")
    if bl is None or bl.kind != 0 or not bl.lines or para.bulletText:
        return False
    style = para.style
    if (
        style.alignment != TA_LEFT
        or style.backColor
        or (style.borderColor and style.borderWidth)
        or style.firstLineIndent
        or style.wordWrap
        or getattr(para, "autoLeading", getattr(style, "autoLeading", "")) in ("max", "min")
        or "_offsets" in para.__dict__
        or getattr(para, "_showBoundary", None)
        or getattr(bl, "us_lines", None)
        or getattr(bl, "link", None)
    ):
        return False
    color = bl.textColor
    if (
        type(color) is not Color
        or color.alpha != 1
        or canvas._enforceColorSpace
        or not canvas.bottomup
        or canvas._extgstate._d.get("ca", 1) != 1
    ):
        return False
    font = getFont(bl.fontName)
    if not font._dynamicFont:
        return False
    texts = []
    for extraspace, words in bl.lines:
        text = " ".join(words)
        # ReportLab spreads a line wider than the frame (shrunk spaces) with a word spacing.
        if extraspace <= -1e-8 and len(words) + _nbspCount(text) - 1 > 0:
            return False
        texts.append(text)

    doc = canvas._doc
    escape = canvas._escape
    size = bl.fontSize
    font_op = _font_op(size, style.leading)
    cur_y = para.height - (size if paraFontSizeHeightOffset else getattr(bl, "ascent", size))
    parts = ["BT", f"1 0 0 1 {fp_str(style.leftIndent, cur_y)} Tm"]
    subset_now = -1
    for text in texts:
        subset_now = _line(parts, font, text, doc, escape, font_op, subset_now)
    parts.append("ET")

    x = para._hAlignAdjust(x, sW)
    code = canvas._code
    # drawOn: save, translate (after "q" never merged with an earlier "cm"); drawPara: save,
    # fill colour (an opaque colour over an opaque state sets no transparency), the text.
    code.append("q")
    code.append(f"1 0 0 1 {fp_str(x)} {fp_str(y)} cm")
    code.append("q")
    code.append(_fill_op(color))
    doc.ensureMinPdfVersion("transparency")  # as setFillColor's alpha does
    code.append(" ".join(parts))
    code.append("Q")
    code.append("Q")
    return True


_ops: dict[tuple[Any, ...], str] = {}


def _font_op(size: float, leading: float) -> str:
    """The text after a font's name in "Tf ... TL" (a handful per document)."""
    key = ("Tf", size, leading)
    op = _ops.get(key)
    if op is None:
        if len(_ops) >= 256:
            _ops.clear()
        op = _ops[key] = f" {fp_str(size)} Tf {fp_str(leading)} TL"
    return op


def _fill_op(color: Color) -> str:
    """The operator that sets `color` (opaque RGB) as the fill colour."""
    key = ("rg", color.red, color.green, color.blue)
    op = _ops.get(key)
    if op is None:
        if len(_ops) >= 256:
            _ops.clear()
        op = _ops[key] = f"{fp_str((color.red, color.green, color.blue))} rg"
    return op


def _line(
    parts: list[str], font: Any, text: str, doc: Any, escape: Any, font_op: str, subset_now: int
) -> int:
    """A text object's line as `PDFTextObject._textOut(text, 1)` writes it (the subset's
    font chosen where it changes); returns the subset in use after it."""
    line = []
    for subset, chars in font.splitString(text, doc):
        if subset != subset_now:
            line.append(font.getSubsetInternalName(subset, doc) + font_op)
            subset_now = subset
        line.append(f"({escape(chars)}) Tj")
    parts.append(" ".join(line) + " T*")
    return subset_now


def string_op(canvas: Any, x: float, y: float, text: str) -> str | None:
    """What `Canvas.drawString(x, y, text)` writes in a TrueType font (no render mode, spacing,
    direction or shaping), or None for another font."""
    font = getFont(canvas._fontname)
    if not font._dynamicFont or not canvas.bottomup:
        return None
    font_op = _font_op(canvas._fontsize, canvas._leading)
    parts = ["BT", f"1 0 0 1 {fp_str(x, y)} Tm"]
    _line(parts, font, text, canvas._doc, canvas._escape, font_op, -1)
    parts.append("ET")
    return " ".join(parts)
