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
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.platypus import paragraph as paragraph_module
from reportlab.platypus.paragraph import (
    _FK_TEXT,
    FragLine,
    ParaLines,
    _getFragWords,
    _HSFrag,
    _processed_frags,
    split,
    strip,
)

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


def frag_lines(para: Any, widths: Any) -> Any | None:
    """ReportLab's line structure (kind 1) for `para` broken at `widths`, when it is a few
    runs of text in one size ("**Need:** value"), or None when it needs more than words
    wrapped at spaces. ReportLab's own loop looks up each word's font metrics, the width of
    a space and every hyphenation rule again; a 20-goal plan's "Need:" lines were a sixteenth
    of its build. The same steps, in the same order, with the same sums; like ReportLab it
    leaves the paragraph's fragments as the words it broke."""
    style = para.style
    frags = para.frags
    if (
        len(frags) < 2
        or para.bulletText
        or style.wordWrap
        or style.shaping
        or style.endDots
        or getattr(style, "hyphenationLang", "")
        or style.uriWasteReduce
        or style.embeddedHyphenation
        or _processed_frags(frags)
    ):
        return None
    size = frags[0].fontSize
    for f in frags:
        d = f.__dict__
        if (
            not d.get("text")
            or "cbDefn" in d
            or "backColor" in d
            or "lineBreak" in d
            or _SOFT_HYPHEN in f.text
            or f.fontSize != size
        ):
            return None
    max_widths = widths if isinstance(widths, (tuple, list)) else [widths]
    fragwords = _getFragWords(frags, max_widths[0])
    if not fragwords or any(len(w) != 2 or type(w) not in (list, _HSFrag) for w in fragwords):
        return None
    if style.splitLongWords and max(w[0] for w in fragwords) > min(max_widths):
        return None  # a word wider than a line: ReportLab splits it
    para._width_max = 0
    para.height = 0
    para._splitLongWordCount = para._hyphenations = 0
    same_frag = paragraph_module.sameFrag
    shrinkage = style.spaceShrinkage
    # Per fragment of the paragraph (a word's piece is one of them): ascent, descent and the
    # width of a space in its font; whether a run cloned from one continues with another.
    metrics: dict[int, tuple[float, float, float]] = {}
    for f in frags:
        ascent, descent = getAscentDescent(f.fontName, f.fontSize)
        metrics[id(f)] = (ascent, descent, stringWidth(" ", f.fontName, f.fontSize))
    continues: dict[tuple[int, int], bool] = {}

    def same(source: Any, g: Any, f: Any) -> bool:
        key = (id(source), id(f))
        found = continues.get(key)
        if found is None:
            found = continues[key] = bool(same_frag(g, f))
        return found

    last = len(max_widths) - 1
    lines: list[Any] = []
    words: list[Any] = []  # the line's runs of text, each a fragment
    line_no = 0
    max_width = max_widths[0]
    start = 0  # index of the line's first word (FragLine.sFW)
    n = 0
    space = current = 0.0
    max_size = max_ascent = min_descent = 0.0
    g: Any = None
    source: Any = None  # the fragment g was cloned from
    spaces_of: list[float] = []  # the width of a space in each of the line's runs
    for index, w in enumerate(fragwords):
        f = w[1][0]
        ascent, descent, f_space = metrics[id(f)]
        if not words:
            n = 0
            space = current = 0
            max_size = f.fontSize
            max_ascent, min_descent = ascent, descent
        word_width = w[0]
        new = current + space + word_width if word_width > 0 else current
        limit = max_width
        if shrinkage:
            shrink = space
            for wi, wi_space in zip(words, spaces_of, strict=True):
                spaces = wi.text.count(" ")
                if spaces:
                    shrink += spaces * wi_space
            shrink *= shrinkage
            limit += shrink
        text = w[1][1]
        if not (new > limit and n > 0):
            if text:
                n += 1
            max_size = max(max_size, f.fontSize)
            max_ascent = max(max_ascent, ascent)
            min_descent = min(min_descent, descent)
            if not words:
                g, source = clone_frag(f, text=text), f
                words, spaces_of = [g], [f_space]
            elif not same(source, g, f):
                if space:
                    for wi in reversed(words):
                        if wi._fkind == _FK_TEXT:
                            if not wi.text.endswith(" "):
                                wi.text += " "
                            break
                g, source = clone_frag(f, text=text), f
                words.append(g)
                spaces_of.append(f_space)
            elif space:
                g.text += text if g.text.endswith(" ") else " " + text
            else:
                g.text += text
            space = f_space if type(w) is _HSFrag else 0
            current = new
        else:
            lines.append(
                _frag_line(
                    para, max_width, current, n, words, max_size, max_ascent, min_descent, start
                )
            )
            start = index
            line_no += 1
            max_width = max_widths[min(last, line_no)]
            space = f_space if type(w) is _HSFrag else 0
            current = word_width
            n = 1
            g, source = clone_frag(f, text=text), f
            max_size = g.fontSize
            max_ascent, min_descent = ascent, descent
            words, spaces_of = [g], [f_space]
    if words:
        lines.append(
            _frag_line(para, max_width, current, n, words, max_size, max_ascent, min_descent, start)
        )
    para.frags = list(fragwords)
    return ParaLines(kind=1, lines=lines)


def _frag_line(
    para: Any,
    max_width: float,
    width: float,
    count: int,
    words: list[Any],
    size: float,
    ascent: float,
    descent: float,
    start: int,
) -> FragLine:
    """One finished line, as ReportLab's breakLines makes it; the paragraph's widest so far."""
    if width > para._width_max:
        para._width_max = width
    return FragLine(
        extraSpace=max_width - width,
        wordCount=count,
        lineBreak=False,
        words=words,
        fontSize=size,
        ascent=ascent,
        descent=descent,
        maxWidth=max_width,
        sFW=start,
    )
