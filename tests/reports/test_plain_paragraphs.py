"""Plain text (no tag, no entity) and "<b>Caption:</b> value" skip ReportLab's HTML parser: their
paragraph must be the one the parser would have made, in every style, and other markup must
still be parsed."""

from __future__ import annotations

from dataclasses import fields

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from casework.reports.layout import Para, Styles, bold, check_language, lead, styles, text

TEXTS = [
    "Plain words",
    "  Leading and trailing blanks  ",
    "Line one\nline two\tand a tab",
    "Quotes \" and ' and > and ; and ©, é, ß, 42 %",
    "Service de probation — Mme Coulibaly",
    text("Tom & Jerry <b>not bold</b>\nnext line"),
    bold("Reason dropped:") + " " + text("Plus nécessaire."),
    lead(check_language("fr"), "Due", "12 mars 2027"),
    # "<b>Caption:</b> value" is built from a template too (no entity, no line break); the
    # others still go through the parser.
    lead(check_language("en"), "Need", "A place  to stay, near school "),
    lead(check_language("en"), "Need", "Rent & food"),
    lead(check_language("en"), "Need", "Line one\nline two"),
    "<b>Caption:</b>",
    "<b>Caption:</b> value <i>and more</i>",
]


def _fragments(p: Paragraph) -> list[dict]:
    return [dict(vars(f)) for f in p.frags]


@pytest.mark.parametrize("name", [f.name for f in fields(Styles)])
def test_plain_text_makes_the_parsers_paragraph(name: str) -> None:
    style = getattr(styles(), name)
    for value in TEXTS:
        ours, parsed = Para(value, style), Paragraph(value, style)
        assert _fragments(ours) == _fragments(parsed), value
        assert ours.text == parsed.text and ours.style is parsed.style
        width, height = ours.wrap(200, 1000)
        assert (width, height) == parsed.wrap(200, 1000)
        assert len(ours.blPara.lines) == len(parsed.blPara.lines)
        assert ours.getActualLineWidths0() == parsed.getActualLineWidths0()


def test_a_style_that_changes_case_is_parsed() -> None:
    shout = ParagraphStyle("shout", parent=styles().body, textTransform="uppercase")
    assert _fragments(Para("quiet words", shout)) == _fragments(Paragraph("quiet words", shout))
    assert Para("quiet words", shout).frags[0].text == "QUIET WORDS"
    marked = "<b>Need:</b> quiet words"
    assert _fragments(Para(marked, shout)) == _fragments(Paragraph(marked, shout))
    assert [f.text for f in Para(marked, shout).frags] == ["NEED:", " QUIET WORDS"]


def test_empty_text_is_parsed_as_before() -> None:
    cell = styles().cell
    for value in ("", "   ", "\n"):
        assert _fragments(Para(value, cell)) == _fragments(Paragraph(value, cell))
