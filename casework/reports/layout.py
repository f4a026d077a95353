"""Shared layout of every printed document: styles, text helpers, tables (fonts: `fonts`).

Page furniture (header, CONFIDENTIAL marking, page numbers, watermark) and the build itself are
in `pages`. In a right-to-left document (Arabic) `Para` and `DirTable` lay themselves out right
to left (`direction`, `rtl`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Paragraph,
)
from reportlab.platypus.paragraph import _wsc, cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from casework.i18n import LANGUAGES, N_, Lang
from casework.reports import rtl
from casework.reports.direction import (
    RTLParagraph,
    document_rtl,
    set_document_language,
)
from casework.reports.fonts import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    RTL_FONTS,
    register_fonts,
)
from casework.reports.linebreak import clone_frag, frag_lines, simple_lines
from casework.reports.paradraw import draw_simple

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 27 * mm  # room for the running header
MARGIN_TOP_WORKSHOP = 35 * mm  # header plus the workshop banner
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1B1F24")
NAVY = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#5B6673")
RULE = colors.HexColor("#B8C2CC")
HEADER_FILL = colors.HexColor("#DCE4EE")
LABEL_FILL = colors.HexColor("#F1F4F7")
QUOTE_FILL = colors.HexColor("#F5F7FA")
CONFIDENTIAL_RED = colors.HexColor("#A4161A")
WORKSHOP_FILL = colors.HexColor("#FFD166")
WATERMARK_GREY = colors.HexColor("#9AA3AD")

CONFIDENTIAL = N_("CONFIDENTIAL")
WORKSHOP_BANNER = N_("WORKSHOP — FICTIONAL DATA")
PAGE_X_OF_Y = N_("Page {page} of {pages}")
PRINTED_BY = N_("Printed by {name} on {when}")
PRINTED_ON = N_("Printed on {when}")
LABEL_COLON = N_("{label}:")  # French puts a (non-breaking) space before the colon


def check_language(lang: str) -> Lang:
    """Refuse an unknown language rather than silently printing English."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported document language: {lang!r}")
    set_document_language(Lang(lang))
    return Lang(lang)


# --- styles ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    """The typographic hierarchy shared by all documents."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    quote: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_header: ParagraphStyle
    bullet: ParagraphStyle
    key: ParagraphStyle


def _make_styles() -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        bulletFontName=FONT,  # the default Helvetica would be a second, unembedded font
        fontSize=9.5,
        leading=13.2,
        textColor=INK,
        spaceAfter=4,
    )
    return Styles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=19,
            leading=23,
            textColor=NAVY,
            spaceAfter=2,
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=11, leading=14, textColor=MUTED, spaceAfter=10
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=16,
            textColor=NAVY,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13.5,
            textColor=INK,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10.5),
        muted=ParagraphStyle("muted", parent=body, fontName=FONT_ITALIC, textColor=MUTED),
        quote=ParagraphStyle(
            "quote",
            parent=body,
            fontName=FONT_ITALIC,
            fontSize=10,
            leading=14.5,
            leftIndent=8,
            rightIndent=8,
            backColor=QUOTE_FILL,
            borderPadding=(6, 8, 6, 8),
            spaceBefore=11,
            spaceAfter=12,
        ),
        label=ParagraphStyle(
            "label",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            spaceAfter=0,
        ),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.8, leading=11.5, spaceAfter=0),
        cell_header=ParagraphStyle(
            "cell_header",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=8.5,
            leading=11,
            textColor=NAVY,
            spaceAfter=0,
        ),
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=2),
        key=ParagraphStyle(
            "key",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=17,
            leading=22,
            alignment=TA_CENTER,
            spaceAfter=0,
        ),
    )


_styles: Styles | None = None


def styles() -> Styles:
    global _styles
    if _styles is None:
        _styles = _make_styles()
    return _styles


# --- text helpers ------------------------------------------------------------------------------


class Para(Paragraph):
    """A Paragraph that remembers its line breaks for a given width.

    Tables and KeepTogether wrap the same cell three or four times at the same width (measure,
    keep-together test, draw); breaking lines again each time was a fifth of a plan's build.
    Line breaks depend only on the width (text and style never change after creation).

    In a right-to-left document, or when it holds Arabic, it is an `rtl.RTLParagraph` instead
    (same markup and style; letters joined, in reading order). ReportLab's split passes None.
    """

    def __new__(cls, text: str, style: ParagraphStyle, *args: Any, **kwargs: Any) -> Any:
        if document_rtl() or (isinstance(text, str) and rtl.has_arabic(text)):
            return RTLParagraph(text, style, RTL_FONTS, kwargs.get("bulletText"))
        return super().__new__(cls)

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:  # noqa: N803
        # Text without markup (no tag, no entity) parses to one fragment in the style's font:
        # a copy of that style's fragment with this text, without running the HTML parser
        # (parsing was a sixth of a long plan's build).
        if frags is None and not bulletText and isinstance(text, str):
            if _PLAIN(text) is None:
                cleaned = _clean(text, cleaner)
                template = _plain_fragment(style) if cleaned else None
                if template is not None:
                    parsed_style, frag = template
                    made = [clone_frag(frag, text=cleaned)]
                    super()._setup(cleaned, parsed_style, bulletText, made, None)
                    return
            elif text.startswith("<b>"):
                # "<b>Caption:</b> value" (`lead`), no entity: the same two fragments the
                # parser makes, from a template per style.
                cleaned = _clean(text, cleaner)
                match = _BOLD_LEAD(cleaned)
                lead_template = _lead_fragments(style) if match else None
                if match and lead_template is not None:
                    parsed_style, bold_frag, rest_frag = lead_template
                    made = [
                        clone_frag(bold_frag, text=match[1]),
                        clone_frag(rest_frag, text=match[2]),
                    ]
                    super()._setup(cleaned, parsed_style, bulletText, made, None)
                    return
        super()._setup(text, style, bulletText, frags, cleaner)

    def breakLines(self, width: Any) -> Any:  # noqa: N802 (ReportLab's name)
        lines = simple_lines(self, width)
        if lines is None:
            lines = frag_lines(self, width)
        return lines if lines is not None else super().breakLines(width)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        if not draw_simple(self, canvas, x, y, _sW):
            super().drawOn(canvas, x, y, _sW)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        cached = self.__dict__.get("_wrapped")
        if cached is not None and cached[0] == availWidth and "blPara" in self.__dict__:
            self.width, self.height = availWidth, cached[1]
            return availWidth, cached[1]
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, height)
        return width, height


_PLAIN = re.compile(r"[<&]").search
# Text ReportLab's cleaner leaves as it is: words joined by single spaces (a no-break space is
# part of a word), no other white space, nothing at either end.
_UNCLEAN = re.compile(f"[{re.escape(_wsc.replace(' ', ''))}]|  |^ | $").search


def _clean(text: str, cleaner: Any) -> str:
    """`cleaner(text)`: ReportLab's `cleanBlockQuotedText` splits every text into lines and
    words and joins them again, a tenth of making a paragraph; most texts come back unchanged."""
    if cleaner is cleanBlockQuotedText and _UNCLEAN(text) is None:
        return text
    return cleaner(text)


_plain_fragments: dict[int, tuple[ParagraphStyle, ParagraphStyle, Any]] = {}
_plain_lock = threading.Lock()


def _plain_fragment(style: ParagraphStyle) -> tuple[ParagraphStyle, Any] | None:
    """The style and single fragment ReportLab's parser makes of plain text in `style` (its
    text replaced per paragraph), or None when it makes anything else (then every paragraph in
    that style is parsed)."""
    with _plain_lock:
        entry = _plain_fragments.get(id(style))
        if entry is None or entry[0] is not style:
            parsed_style, frags, bullets = ParaParser().parse("x", style)
            ok = frags is not None and len(frags) == 1 and not bullets and frags[0].text == "x"
            if ok:
                textTransformFrags(frags, parsed_style)
                ok = frags[0].text == "x"  # a style that changes case is parsed every time
            entry = (style, parsed_style, frags[0] if ok else None)
            _plain_fragments[id(style)] = entry
    return None if entry[2] is None else (entry[1], entry[2])


_BOLD_LEAD = re.compile(r"<b>([^<>&]+)</b>( [^<>&]+)").fullmatch
_lead_templates: dict[int, tuple[ParagraphStyle, ParagraphStyle, Any, Any]] = {}


def _lead_fragments(style: ParagraphStyle) -> tuple[ParagraphStyle, Any, Any] | None:
    """The style and the two fragments ReportLab's parser makes of "<b>x</b> y" in `style`
    (their texts replaced per paragraph), or None when it makes anything else."""
    with _plain_lock:
        entry = _lead_templates.get(id(style))
        if entry is None or entry[0] is not style:
            parsed_style, frags, bullets = ParaParser().parse("<b>x</b> y", style)
            ok = (
                frags is not None
                and len(frags) == 2
                and not bullets
                and [f.text for f in frags] == ["x", " y"]
            )
            if ok:
                textTransformFrags(frags, parsed_style)
                ok = [f.text for f in frags] == ["x", " y"]
            entry = (style, parsed_style, *(frags if ok else (None, None)))
            _lead_templates[id(style)] = entry
    return None if entry[2] is None else (entry[1], entry[2], entry[3])


def text(value: str) -> str:
    """User text as Paragraph markup: escaped, line breaks kept."""
    return escape(value.strip()).replace("\r\n", "\n").replace("\n", "<br/>")


def para(value: str, style: ParagraphStyle) -> Paragraph:
    return Para(text(value), style)


def paragraphs(value: str, style: ParagraphStyle) -> list[Paragraph]:
    """Split user text on blank lines so long text flows across pages paragraph by paragraph."""
    blocks = [b for b in value.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [Para(text(b), style) for b in blocks]


def bold(value: str) -> str:
    return f"<b>{escape(value)}</b>"


def lead(lang: Lang, caption: str, value: str) -> str:
    """Paragraph markup "**Caption:** value", with the language's own colon spacing."""
    caption_markup = bold(lang.gettext(LABEL_COLON).format(label=caption))
    return f"{caption_markup} {text(own_direction(lang, value))}"


def own_direction(lang: Lang, value: str) -> str:
    """What a user typed, set in a right-to-left document's sentence: each line isolated (FSI …
    PDI) so it keeps its own direction; an English sentence in an Arabic caption's paragraph
    ends with its full stop instead of starting with it. Unchanged in other documents."""
    if not lang.rtl:
        return value
    lines = value.strip().replace("\r\n", "\n").split("\n")
    return "\n".join(f"{rtl.FSI}{line}{rtl.PDI}" if line.strip() else line for line in lines)


def dash_if_empty(value: str) -> str:
    return value if value.strip() else "—"
