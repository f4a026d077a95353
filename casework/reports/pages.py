"""Page furniture of every printed document and the build itself.

Every page carries the CONFIDENTIAL marking, the organisation and document kind, the footer with
"Page X of Y" (a two-pass canvas so Y is known), and optionally a diagonal watermark and the
workshop banner; a right-to-left document has them mirrored. Metadata holds only the document
kind, version and organisation: a PDF's properties are shown by file managers and mail
clients, so no alias, reference or name goes there.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from casework.i18n import Lang
from casework.reports import rtl
from casework.reports.layout import (
    CONFIDENTIAL,
    CONFIDENTIAL_RED,
    FONT,
    FONT_BOLD,
    FRAME_WIDTH,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_TOP_WORKSHOP,
    MARGIN_X,
    MUTED,
    NAVY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PAGE_X_OF_Y,
    PRINTED_BY,
    PRINTED_ON,
    RTL_FONTS,
    RULE,
    WATERMARK_GREY,
    WORKSHOP_BANNER,
    WORKSHOP_FILL,
    Para,
    register_fonts,
    styles,
)
from casework.reports.paradraw import string_op
from casework.reports.tables import KeepTogetherMeasured, field_grid

# --- page furniture ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSpec:
    """What every page of one document shows around its content (already translated)."""

    lang: Lang
    kind: str  # document kind, e.g. "Reintegration plan": running header and metadata title
    organisation: str
    reference: str  # running header, so a loose page can be put back; "" for none
    footer_note: str  # e.g. "Printed by … on …"
    watermark: str | None = None
    workshop: bool = False
    metadata_title: str = ""


def sheet_spec(
    lang: Lang,
    kind: str,
    organisation: str,
    *,
    reference: str = "",
    footer_note: str = "",
    workshop: bool = False,
) -> PageSpec:
    """The page furniture of a sheet (certificate, organisation card, recovery sheet)."""
    return PageSpec(lang, kind, organisation, reference, footer_note, workshop=workshop)


def sheet_heading(title: str, intro: str, facts: Sequence[tuple[str, str]]) -> list[Flowable]:
    """The top of a sheet, the same on each: its title, what it is for, and the facts it is
    about (one per row, caption first)."""
    st = styles()
    return [
        Para(escape(title), st.title),
        Spacer(1, 2 * mm),
        Para(escape(intro), st.body),
        Spacer(1, 2 * mm),
        field_grid(list(facts), columns=1),
    ]


def embedded(value: str, lang: Lang) -> str:
    """A name, reference or number put into a translated sentence of a right-to-left document,
    isolated (FSI … PDI) so that it keeps its own direction and does not set the sentence's:
    "Amadou Diarra، 3 نوفمبر 2026" still reads right to left, and "سلمى الحمروني, November 3"
    left to right. A Latin value in a left-to-right document is left as it is."""
    if value and (lang.rtl or rtl.has_arabic(value)):
        return f"{rtl.FSI}{value}{rtl.PDI}"
    return value


def _draw_page(spec: PageSpec, canvas: Canvas, _doc: BaseDocTemplate) -> None:
    """Header, CONFIDENTIAL marking, workshop banner and footer note (page number comes later)."""
    if spec.lang.rtl:
        _draw_page_rtl(spec, canvas)
        return
    t = spec.lang.gettext
    canvas.saveState()
    top = PAGE_HEIGHT - 11 * mm
    if spec.workshop:
        band_h = 7 * mm
        canvas.setFillColor(WORKSHOP_FILL)
        canvas.rect(MARGIN_X, top - band_h, FRAME_WIDTH, band_h, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawCentredString(PAGE_WIDTH / 2, top - band_h + 2.3 * mm, t(WORKSHOP_BANNER))
        top -= band_h + 3 * mm

    # Left: organisation and document kind.
    canvas.setFillColor(NAVY)
    _draw_left(canvas, spec.organisation, MARGIN_X, top - 3.5 * mm, 9, 110 * mm, bold=True)
    canvas.setFillColor(MUTED)
    _draw_left(canvas, spec.kind, MARGIN_X, top - 7.5 * mm, 8, 110 * mm)

    # Right: the CONFIDENTIAL marking in a red outline, and the case reference under it.
    mark = t(CONFIDENTIAL)
    mark_w = pdfmetrics.stringWidth(mark, FONT_BOLD, 9) + 5 * mm
    right = PAGE_WIDTH - MARGIN_X
    canvas.setStrokeColor(CONFIDENTIAL_RED)
    canvas.setLineWidth(0.9)
    canvas.rect(right - mark_w, top - 4.8 * mm, mark_w, 5.2 * mm, stroke=1, fill=0)
    canvas.setFillColor(CONFIDENTIAL_RED)
    canvas.setFont(FONT_BOLD, 9)
    canvas.drawCentredString(right - mark_w / 2, top - 3.3 * mm, mark)
    if spec.reference:
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 8)
        canvas.drawRightString(right, top - 8.2 * mm, spec.reference)

    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, top - 10 * mm, right, top - 10 * mm)

    # Footer rule and note; "Page X of Y" is drawn by the numbered canvas once Y is known.
    canvas.line(MARGIN_X, 14 * mm, right, 14 * mm)
    if spec.footer_note:
        canvas.setFillColor(MUTED)
        _draw_left(canvas, spec.footer_note, MARGIN_X, 10 * mm, 7.5, 130 * mm)
    canvas.restoreState()


def _draw_left(
    canvas: Canvas, value: str, x: float, y: float, size: float, width: float, bold: bool = False
) -> None:
    """Header or footer text of a left-to-right page, starting at `x`: shortened to `width`,
    and an Arabic organisation or name in it joined and in reading order."""
    if rtl.has_arabic(value):
        fitted = _fit_rtl(value, size, width, bold=bold)
        rtl.draw_text(canvas, fitted, x, y, RTL_FONTS, size, bold=bold, align="left")
        return
    font = FONT_BOLD if bold else FONT
    canvas.setFont(font, size)
    canvas.drawString(x, y, _fit(value, font, size, width))


def _draw_page_rtl(spec: PageSpec, canvas: Canvas) -> None:
    """The same furniture mirrored for a right-to-left document: organisation and kind on the
    right, the CONFIDENTIAL marking and reference on the left."""
    t = spec.lang.gettext
    f = RTL_FONTS
    left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
    canvas.saveState()
    top = PAGE_HEIGHT - 11 * mm
    if spec.workshop:
        band_h = 7 * mm
        canvas.setFillColor(WORKSHOP_FILL)
        canvas.rect(MARGIN_X, top - band_h, FRAME_WIDTH, band_h, stroke=0, fill=1)
        canvas.setFillColor(INK)
        y = top - band_h + 2.3 * mm
        rtl.draw_text(
            canvas, t(WORKSHOP_BANNER), PAGE_WIDTH / 2, y, f, 10, bold=True, align="centre"
        )
        top -= band_h + 3 * mm
    canvas.setFillColor(NAVY)
    org = _fit_rtl(spec.organisation, 9, 110 * mm, bold=True)
    rtl.draw_text(canvas, org, right, top - 3.5 * mm, f, 9, bold=True)
    canvas.setFillColor(MUTED)
    rtl.draw_text(canvas, _fit_rtl(spec.kind, 8, 110 * mm), right, top - 7.5 * mm, f, 8)
    mark = t(CONFIDENTIAL)
    mark_w = rtl.text_width(mark, f, 9, bold=True) + 5 * mm
    canvas.setStrokeColor(CONFIDENTIAL_RED)
    canvas.setLineWidth(0.9)
    canvas.rect(left, top - 4.8 * mm, mark_w, 5.2 * mm, stroke=1, fill=0)
    canvas.setFillColor(CONFIDENTIAL_RED)
    rtl.draw_text(canvas, mark, left + mark_w / 2, top - 3.3 * mm, f, 9, bold=True, align="centre")
    if spec.reference:
        canvas.setFillColor(MUTED)
        rtl.draw_text(canvas, spec.reference, left, top - 8.2 * mm, f, 8, align="left")
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(left, top - 10 * mm, right, top - 10 * mm)
    canvas.line(left, 14 * mm, right, 14 * mm)
    if spec.footer_note:
        canvas.setFillColor(MUTED)
        rtl.draw_text(canvas, _fit_rtl(spec.footer_note, 7.5, 130 * mm), right, 10 * mm, f, 7.5)
    canvas.restoreState()


def _fit_rtl(value: str, size: float, width: float, bold: bool = False) -> str:
    if rtl.text_width(value, RTL_FONTS, size, bold) <= width:
        return value
    while value and rtl.text_width(value + "…", RTL_FONTS, size, bold) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def _draw_watermark(spec: PageSpec, canvas: Canvas, _doc: BaseDocTemplate) -> None:
    """A big diagonal light-grey word over the content, translucent so the text stays legible."""
    if not spec.watermark:
        return
    canvas.saveState()
    canvas.setFillColor(WATERMARK_GREY)
    canvas.setFillAlpha(0.16)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(52)
    diagonal = (PAGE_WIDTH**2 + PAGE_HEIGHT**2) ** 0.5
    size = min(
        150.0, 0.62 * diagonal / max(1.0, pdfmetrics.stringWidth(spec.watermark, FONT_BOLD, 1))
    )
    if spec.lang.rtl:
        size = min(150.0, 0.62 * diagonal / max(1.0, rtl.text_width(spec.watermark, RTL_FONTS, 1)))
        rtl.draw_text(canvas, spec.watermark, 0, -size * 0.35, RTL_FONTS, size, align="centre")
    else:
        canvas.setFont(FONT_BOLD, size)
        canvas.drawCentredString(0, -size * 0.35, spec.watermark)
    canvas.restoreState()


def _fit(value: str, font: str, size: float, width: float) -> str:
    """Shorten a header text with an ellipsis so it never runs into the right-hand block."""
    if pdfmetrics.stringWidth(value, font, size) <= width:
        return value
    while value and pdfmetrics.stringWidth(value + "…", font, size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


class NumberedCanvas(Canvas):
    """Two-pass canvas: keeps every page until the end so the footer can say "Page X of Y"."""

    def __init__(
        self, *args: Any, page_label: Callable[[int, int], str], rtl: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._page_label = page_label
        self._rtl = rtl
        self._pages: list[dict[str, Any]] = []

    def drawString(  # noqa: N802 (ReportLab's name)
        self,
        x: float,
        y: float,
        text: Any,
        mode: Any = None,
        charSpace: float = 0,  # noqa: N803
        direction: Any = None,
        wordSpace: Any = None,  # noqa: N803
        shaping: bool = False,
    ) -> None:
        """ReportLab's, without a text object for a plain string (paradraw.string_op):
        table cells with a date or status, and the page furniture."""
        if (
            mode is None
            and not charSpace
            and direction is None
            and not wordSpace
            and not shaping
            and isinstance(text, str)
        ):
            op = string_op(self, x, y, text)
            if op is not None:
                self._code.append(op)
                return
        super().drawString(x, y, text, mode, charSpace, direction, wordSpace, shaping)

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFillColor(MUTED)
            label = self._page_label(self._pageNumber, total)
            if self._rtl:  # on the left, where a right-to-left line ends
                rtl.draw_text(self, label, MARGIN_X, 10 * mm, RTL_FONTS, 7.5, align="left")
                super().showPage()
                continue
            self.setFont(FONT, 7.5)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, label)
            super().showPage()
        super().save()


def render(story: list[Flowable], spec: PageSpec) -> bytes:
    """Lay out `story` on A4 pages with the shared furniture and return the PDF bytes."""
    register_fonts()
    t = spec.lang.gettext
    buf = io.BytesIO()
    top = MARGIN_TOP_WORKSHOP if spec.workshop else MARGIN_TOP
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=top,
        bottomMargin=MARGIN_BOTTOM,
        title=spec.metadata_title or spec.kind,
        author=spec.organisation,
        subject=spec.kind,
        keywords="",
        creator="Casework",
        lang=spec.lang.code,
        initialFontName=FONT,
    )
    # Headings kept with what follows are grouped in this block (ReportLab's KeepTogether,
    # measured without copying the frame when it holds only paragraphs, tables and blocks).
    doc.keepTogetherClass = KeepTogetherMeasured
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        PAGE_HEIGHT - top - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                id="page",
                frames=[frame],
                onPage=partial(_draw_page, spec),
                onPageEnd=partial(_draw_watermark, spec),
            )
        ]
    )

    def page_label(page: int, pages: int) -> str:
        return t(PAGE_X_OF_Y).format(page=spec.lang.number(page), pages=spec.lang.number(pages))

    doc.build(story, canvasmaker=partial(NumberedCanvas, page_label=page_label, rtl=spec.lang.rtl))
    return buf.getvalue()


def lang_time(value: dt.datetime, lang: Lang) -> str:
    from babel.dates import format_time

    return format_time(value, "short", locale=lang.code)


def printed_note(lang: Lang, printed_by: str, printed_at: dt.datetime | None) -> str:
    """The footer line saying who printed the document and when (accountability on paper).
    Medium date: 3/4/26 reads as March or April depending on the reader's country."""
    if printed_at is None:
        return ""
    comma = "، " if lang.rtl else ", "
    when = lang.date(printed_at.date(), "medium") + comma + lang_time(printed_at, lang)
    if printed_by:
        return lang.gettext(PRINTED_BY).format(name=embedded(printed_by, lang), when=when)
    return lang.gettext(PRINTED_ON).format(when=when)
