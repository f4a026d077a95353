"""Plain text (no tag, no entity) and "<b>Caption:</b> value" skip ReportLab's HTML parser: their
paragraph must be the one the parser would have made, in every style, and other markup must
still be parsed."""

from __future__ import annotations

from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


# Every character ReportLab's cleaner treats as white space, a no-break space, and letters.
_CHARS = list(" \xa0\t\n\r\x0b\x0c\x1c\x85\u2000\u200b\u2028\u202f\u3000") + list("aé—<&")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CHARS), max_size=30).map("".join))
def test_text_is_cleaned_as_reportlabs_cleaner_does(value: str) -> None:
    from reportlab.platypus.paragraph import cleanBlockQuotedText

    from casework.reports.layout import _clean

    assert _clean(value, cleanBlockQuotedText) == cleanBlockQuotedText(value)
    assert _clean("a  b", str.upper) == "A  B"  # another cleaner is always called


def test_clean_text_is_not_cleaned_again() -> None:
    from casework.reports.layout import _UNCLEAN

    assert _UNCLEAN("Service de probation — Mme Coulibaly") is None
    assert _UNCLEAN("Statut\xa0: en cours") is None
    for unclean in (" a", "a ", "a  b", "a\nb", "a\tb", "a\u2028b"):
        assert _UNCLEAN(unclean) is not None
