"""The shortcut line breaker (casework/reports/linebreak.py) answers as ReportLab's own does."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import split, strip

from casework.reports.layout import Para, styles
from casework.reports.linebreak import simple_lines

WORDS = [
    "a",
    "Goal",
    "steady",
    "work",
    "réinsertion",
    "Ouédraogo-Kaboré",
    "—",
    "2026-03-04",
    "Statut\u00a0:",
    "emploi",
    "soft\xadhyphen",
    "Antidisestablishmentarianism" * 3,  # wider than a narrow column
    "&amp;",
    "x" * 60,
]


def _state(para: Paragraph, lines: object) -> dict:
    return {
        "lines": dict(lines.__dict__),  # type: ignore[attr-defined]
        "width_max": para._width_max,
        "height": para.height,
    }


@settings(max_examples=400, deadline=None)
# A no-break space joins two words into one wider than the line (found by this test).
@example(words=["Statut\xa0:"], gaps=[" "] * 40, first=50.0, later=50.0, style="key")
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=40),
    gaps=st.lists(st.sampled_from([" ", "  ", "\n", " \t"]), min_size=40, max_size=40),
    first=st.floats(min_value=20, max_value=520),
    later=st.floats(min_value=20, max_value=520),
    style=st.sampled_from(["body", "h3", "cell", "cell_header", "key", "muted", "quote"]),
)
def test_same_lines_as_reportlab(words, gaps, first, later, style):
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    para = Para(text, getattr(styles(), style))
    ours = simple_lines(para, [first, later])
    theirs = Paragraph.breakLines(para, [first, later])
    if ours is None:  # not a simple paragraph: ReportLab breaks it
        # Words as ReportLab splits them: a no-break space joins its neighbours.
        f = para.frags[0] if len(para.frags) == 1 else None
        assert (
            f is None
            or "\xad" in text
            or any(
                stringWidth(w, f.fontName, f.fontSize) > min(first, later)
                for w in split(strip(f.text))
            )
        )
        return
    ours_state = _state(para, ours)
    ours_para = Para(text, getattr(styles(), style))
    assert ours_state == _state(ours_para, Paragraph.breakLines(ours_para, [first, later]))
    assert dict(ours.__dict__) == dict(theirs.__dict__)


def test_markup_and_bullets_are_left_to_reportlab():
    st_ = styles()
    assert simple_lines(Para("<b>Need:</b> a job", st_.body), [100, 100]) is None
    assert simple_lines(Para("a job", st_.bullet, bulletText="•"), [100, 100]) is None
    assert simple_lines(Para("a job", st_.body), [100, 100]) is not None


def test_a_line_that_fits_only_by_shrinking_its_spaces():
    body = styles().body
    text = "steady work " * 6
    exact = stringWidth(text.strip(), body.fontName, body.fontSize)
    for width in (exact - 0.2, exact - 0.01, exact, exact + 0.01):
        para = Para(text, body)
        ours = simple_lines(para, [width, width])
        theirs = Paragraph.breakLines(Para(text, body), [width, width])
        assert dict(ours.__dict__) == dict(theirs.__dict__)
    assert len(ours.lines) == 1  # type: ignore[union-attr]
    assert len(simple_lines(Para(text, body), [exact - 0.2] * 2).lines) == 1  # shrunk to fit


def test_fragments_compare_as_reportlabs_compiled_same_frag():
    from reportlab.lib.rl_accel import sameFrag
    from reportlab.platypus import paragraph
    from reportlab.platypus.paraparser import ParaParser

    from casework.reports.linebreak import _same_frag

    frags = []
    for markup in (
        "<b>Need:</b> a job",
        "plain <i>italic</i> <font color='red'>red</font> <u>under</u>",
        "<a href='https://example.org'>link</a> x<super>2</super> <font size='12'>big</font>",
        "line<br/>break",
    ):
        for style in (styles().body, styles().cell):
            frags += ParaParser().parse(markup, style)[1]
    assert len(frags) > 20
    for f in frags:
        for g in frags:
            assert bool(_same_frag(f, g)) == bool(sameFrag(f, g))
    styles()  # the fonts registered: paragraphs use the pure-Python comparison
    assert paragraph.sameFrag is _same_frag


def test_a_fragment_copy_is_what_reportlab_copies() -> None:
    from reportlab.lib.abag import ABag

    from casework.reports.linebreak import clone_frag

    frag = Para("<b>Need:</b> a plain text", styles().body).frags[0]
    ours, theirs = clone_frag(frag, text="x", kind=0), frag.clone(text="x", kind=0)
    assert type(ours) is type(theirs)
    assert list(ours.__dict__.items()) == list(theirs.__dict__.items())
    assert ours.__dict__ is not frag.__dict__ and frag.text == "Need:"

    class Counted(ABag):  # a fragment class with its own constructor is copied by it
        made = 0

        def __init__(self, **attr: object) -> None:
            Counted.made += 1
            super().__init__(**attr)

    copy = clone_frag(Counted(text="a"), text="b")
    assert (copy.text, Counted.made) == ("b", 2)
