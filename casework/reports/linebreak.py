"""Line breaking of the commonest paragraph, without ReportLab's general machinery.

Most paragraphs of a document are one run of text in one font: a heading, a goal, a cell.
ReportLab's `Paragraph.breakLines` handles them in a loop that also serves soft hyphens,
hyphenation, long-word splitting, bidi and shaping, checking for each word; it was a tenth of
a plan's build. `simple_lines` breaks such a paragraph the same way (the same widths, summed in
the same order, the same space shrinkage) when none of those can arise, and returns None
otherwise, so that ReportLab breaks it itself. tests/reports/test_linebreak.py holds the two
to the same answer.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.abag import ABag
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont
from reportlab.platypus import paragraph as paragraph_module
from reportlab.platypus.paragraph import _processed_frags, split, strip

_SOFT_HYPHEN = "\xad"


def clone_frag(frag: Any, **changes: Any) -> Any:
    """`frag.clone(**changes)`: a copy of a ReportLab fragment with some attributes changed.
    ABag's own passes every attribute as a keyword argument, twice the time of copying its
    dictionary; a few hundred fragments are copied per document."""
    cls = type(frag)
    if cls.__init__ is not ABag.__init__:
        return frag.clone(**changes)
    copy = cls.__new__(cls)
    attributes = copy.__dict__
    attributes.update(frag.__dict__)
    attributes.update(changes)
    return copy


def simple_lines(para: Any, widths: Any) -> Any | None:
    """ReportLab's line structure (kind 0) for `para` broken at `widths`, or None when the
    paragraph needs more than a run of words wrapped at spaces."""
    style = para.style
    frags = para.frags
    if (
        len(frags) != 1
        or para.bulletText
        or style.wordWrap
        or style.shaping
        or style.endDots
        or getattr(style, "hyphenationLang", "")
        or style.uriWasteReduce
        or style.embeddedHyphenation
    ):
        return None
    f = frags[0]
    if (
        not hasattr(f, "text")
        or hasattr(f, "cbDefn")
        or hasattr(f, "backColor")
        or _processed_frags(frags)
        or _SOFT_HYPHEN in f.text
    ):
        return None
    max_widths = list(widths) if isinstance(widths, (tuple, list)) else [widths]
    font_size, font_name = f.fontSize, f.fontName
    ascent, descent = getAscentDescent(font_name, font_size)
    para._width_max = 0
    para.height = 0
    para._splitLongWordCount = para._hyphenations = 0
    text = strip(f.text)
    if not text:
        return clone_frag(f, kind=0, lines=[], ascent=ascent, descent=descent, fontSize=font_size)
    words = split(text)
    font = getFont(font_name)
    encoding = para.encoding
    word_widths = [font.stringWidth(w, font_size, encoding) for w in words]
    if style.splitLongWords and max(word_widths) > min(max_widths):
        return None  # a word wider than a line: ReportLab splits it
    space = font.stringWidth(" ", font_size, encoding)
    shrink = style.spaceShrinkage * space
    last = len(max_widths) - 1
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    current = -space  # ReportLab's start: no space before the first word
    line_no = 0
    max_width = max_widths[0]
    widest = 0
    for word, word_width in zip(words, word_widths, strict=True):
        new = current + space + word_width
        if new <= max_width + shrink * len(line) or not line:
            if word:
                line.append(word)
            current = new
        else:
            if current > widest:
                widest = current
            lines.append((max_width - current, line))
            line = [word]
            current = word_width
            line_no += 1
            max_width = max_widths[min(last, line_no)]
    if line:
        if current > widest:
            widest = current
        lines.append((max_width - current, line))
    para._width_max = widest
    return clone_frag(f, kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=font_size)


_SAME_FRAG_ATTRS = (
    "fontName",
    "fontSize",
    "textColor",
    "rise",
    "us_lines",
    "link",
    "backColor",
    "nobr",
)


def _same_frag(f: Any, g: Any) -> bool:
    """Whether two fragments print alike: ReportLab's own pure-Python `sameFrag` (its
    fallback in reportlab.lib.rl_accel). The compiled one looks each absent attribute up
    through an exception, 3 to 7 µs a call; a paragraph with a bold caption made about
    seventeen calls per line, a third of its line breaking."""
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    return [fd.get(k) for k in _SAME_FRAG_ATTRS] == [gd.get(k) for k in _SAME_FRAG_ATTRS]


def install_same_frag() -> None:
    """Paragraphs compare fragments with `_same_frag` (called once, with the fonts)."""
    paragraph_module.sameFrag = _same_frag
