"""The shortcut paragraph drawing (casework/reports/paradraw.py) writes what ReportLab writes."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from casework.reports.fonts import register_fonts
from casework.reports.layout import Para, styles
from casework.reports.paradraw import draw_simple, string_op

WORDS = [
    "a",
    "Goal",
    "steady",
    "work",
    "réinsertion",
    "Ouédraogo-Kaboré",
    "—",
    "(2026)",
    "back\\slash",
    "Statut\u00a0:",
    "œuvre",
    "Nguyễn",
    "x" * 30,
]


def _canvas() -> Canvas:
    canvas = Canvas(io.BytesIO())
    canvas.setFillColor(colors.red)  # a state to keep: the paragraph sets its own colour
    return canvas


def _both(text: str, style: ParagraphStyle, width: float, x: float, y: float, **kw: object):
    """What the shortcut and ReportLab write for one paragraph drawn at (x, y), on two fresh
    canvases (font subsets start empty on each), and whether the shortcut drew it."""
    ours_canvas, theirs_canvas = _canvas(), _canvas()
    ours, theirs = Para(text, style, **kw), Para(text, style, **kw)
    for p in (ours, theirs):
        p.wrap(width, 1000)
    drawn = draw_simple(ours, ours_canvas, x, y, 5)
    if not drawn:
        ours.drawOn(ours_canvas, x, y, 5)
    Paragraph.drawOn(theirs, theirs_canvas, x, y, 5)
    for c in (ours_canvas, theirs_canvas):
        c.setFillColor(colors.blue)  # the canvas's state after the paragraph is the same
        c.rect(0, 0, 1, 1)
    return ours_canvas, theirs_canvas, drawn


def _same(ours: Canvas, theirs: Canvas) -> None:
    assert ours._code == theirs._code
    assert ours._doc._pdfVersion == theirs._doc._pdfVersion
    assert ours._fillColorObj == theirs._fillColorObj
    assert len(ours.state_stack) == len(theirs.state_stack)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    width=st.floats(min_value=40, max_value=520),
    x=st.floats(min_value=0, max_value=300),
    y=st.floats(min_value=0, max_value=700),
    style=st.sampled_from(["body", "h3", "cell", "cell_header", "muted", "title", "label"]),
)
def test_same_operators_as_reportlab(words, width, x, y, style):
    register_fonts()
    ours, theirs, drawn = _both(" ".join(words), getattr(styles(), style), width, x, y)
    # Only a line fitted by shrinking its spaces (a word spacing) is left to ReportLab.
    assert drawn or any(" Tw" in op for op in theirs._code)
    _same(ours, theirs)


def test_a_paragraph_with_an_indent_and_a_bold_caption():
    register_fonts()
    indented = ParagraphStyle("indented", parent=styles().body, leftIndent=12)
    ours, theirs, drawn = _both("An indented line of text " * 6, indented, 200, 10, 20)
    assert drawn
    _same(ours, theirs)
    # Two fragments (a bold caption): ReportLab draws it, and the result is the same.
    ours, theirs, drawn = _both("<b>Need:</b> a job", styles().body, 200, 10, 20)
    assert not drawn
    _same(ours, theirs)


def test_anything_else_is_left_to_reportlab():
    register_fonts()
    body = styles().body
    cases = [
        ("a job", body, {"bulletText": "•"}),
        ("a job " * 30, ParagraphStyle("j", parent=body, alignment=TA_JUSTIFY), {}),
        ("a job", ParagraphStyle("c", parent=body, alignment=TA_CENTER), {}),
        ("a job", styles().quote, {}),  # a background colour
        ("a job", ParagraphStyle("t", parent=body, textColor=colors.Color(0, 0, 0, 0.5)), {}),
        ("a job", ParagraphStyle("cmyk", parent=body, textColor=colors.CMYKColor(0, 0, 0, 1)), {}),
        ("a job", ParagraphStyle("f", parent=body, firstLineIndent=10), {}),
        ("a job", ParagraphStyle("h", parent=body, fontName="Helvetica"), {}),
    ]
    for text, style, kw in cases:
        ours, theirs, drawn = _both(text, style, 200, 10, 20, **kw)
        assert not drawn, style.name
        _same(ours, theirs)


def test_a_paragraph_not_yet_broken_into_lines_is_left_to_reportlab():
    register_fonts()
    para = Para("a job", styles().body)
    assert not draw_simple(para, _canvas(), 0, 0)


def test_a_line_fitted_by_shrinking_its_spaces_is_left_to_reportlab():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    body = styles().body
    text = "steady work " * 6
    width = stringWidth(text.strip(), body.fontName, body.fontSize) - 0.2
    ours, theirs, drawn = _both(text, body, width, 10, 20)
    assert not drawn  # ReportLab sets a word spacing for that line
    _same(ours, theirs)
    assert any(" Tw" in op for op in theirs._code)


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=8),
    x=st.floats(min_value=-50, max_value=600),
    y=st.floats(min_value=-50, max_value=900),
    size=st.sampled_from([7.5, 8, 8.8, 9, 10, 19]),
    font=st.sampled_from(["CaseworkSans", "CaseworkSans-Bold", "Helvetica"]),
)
def test_a_string_is_written_as_reportlab_writes_it(words, x, y, size, font):
    from functools import partial

    from casework.reports.pages import NumberedCanvas

    register_fonts()
    text = " ".join(words)
    ours = NumberedCanvas(io.BytesIO(), page_label=partial(str))
    theirs = Canvas(io.BytesIO())
    for canvas in (ours, theirs):
        canvas.setFont(font, size)
        canvas.drawString(x, y, text)
        canvas.drawString(x, y, text + " twice")  # the font's subsets already hold the text
        canvas.drawString(x, y, text, charSpace=1)  # spacing: ReportLab's own
    assert ours._code == theirs._code
    # The shortcut serves the shipped TrueType fonts; a standard font is left to ReportLab.
    assert (string_op(theirs, x, y, text) is None) == (font == "Helvetica")
