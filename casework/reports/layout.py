"""Shared page layout of every printed document: fonts, styles, page furniture, PDF metadata.

Every page carries the CONFIDENTIAL marking, the organisation and document kind, the footer with
"Page X of Y" (a two-pass canvas so Y is known), and optionally a diagonal watermark and the
workshop banner. Metadata holds only the document kind, version and organisation: a PDF's
properties are shown by file managers and mail clients, so no alias, reference or name goes there.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from casework.i18n import LANGUAGES, N_, Lang

# casework is a namespace package (no __init__.py, so casework.__file__ is None): locate the
# resources folder from this file instead, two levels above casework/reports/.
RESOURCES = Path(__file__).resolve().parents[2] / "resources"
FONT_DIR = RESOURCES / "fonts"

FONT = "CaseworkSans"
FONT_BOLD = "CaseworkSans-Bold"
FONT_ITALIC = "CaseworkSans-Italic"
FONT_BOLD_ITALIC = "CaseworkSans-BoldItalic"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

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

_font_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register the shipped TTF family once; Helvetica would drop œ and Vietnamese accents."""
    global _fonts_registered
    with _font_lock:
        if _fonts_registered:
            return
        # Binary (not ASCII85) streams: smaller files and a faster build. ReportLab's default
        # dates from mail gateways that mangled 8-bit data; PDF readers all take binary.
        rl_config.useA85 = 0
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _fonts_registered = True


def check_language(lang: str) -> Lang:
    """Refuse an unknown language rather than silently printing English."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported document language: {lang!r}")
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
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        cached = self.__dict__.get("_wrapped")
        if cached is not None and cached[0] == availWidth and "blPara" in self.__dict__:
            self.width, self.height = availWidth, cached[1]
            return availWidth, cached[1]
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, height)
        return width, height


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
    return f"{bold(lang.gettext(LABEL_COLON).format(label=caption))} {text(value)}"


def dash_if_empty(value: str) -> str:
    return value if value.strip() else "—"


# --- tables ------------------------------------------------------------------------------------


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle in the shipped font: ReportLab would use Helvetica even for empty cells."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def data_table(
    header: Sequence[str],
    rows: Iterable[Sequence[str | Flowable]],
    widths: Sequence[float],
) -> Table:
    """A table with a shaded, repeated header row; rows may split across pages."""
    st = styles()
    col_widths = [w * FRAME_WIDTH for w in widths]
    data: list[list[Any]] = [[Para(escape(h), st.cell_header) for h in header]]
    for row in rows:
        data.append([_cell(c, w - 2 * _CELL_PAD) for c, w in zip(row, col_widths, strict=True)])
    table = Table(
        data,
        colWidths=col_widths,
        repeatRows=1,
        splitInRow=1,
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PAD),
                # Plain-string cells (see _cell) in the same type as Paragraph cells.
                ("FONTSIZE", (0, 1), (-1, -1), st.cell.fontSize),
                ("LEADING", (0, 1), (-1, -1), st.cell.leading),
                ("TEXTCOLOR", (0, 1), (-1, -1), INK),
            ]
        )
    )
    return table


_CELL_PAD = 4.0


def _cell(value: str | Flowable, width: float) -> str | Flowable:
    """A short one-line text stays a plain string, which the table draws directly: building a
    Paragraph for every date and status is most of the cost of a long plan. Anything that
    might wrap becomes a Paragraph."""
    if isinstance(value, Flowable):
        return value
    value = value.strip()
    if "\n" not in value and pdfmetrics.stringWidth(value, FONT, styles().cell.fontSize) <= width:
        return value
    return para(value, styles().cell)


def field_grid(pairs: Sequence[tuple[str, str]], columns: int = 2) -> Table:
    """Label/value pairs laid out in `columns` pairs per row, labels on a light fill."""
    st = styles()
    cells: list[list[Any]] = []
    row: list[Any] = []
    for lab, value in pairs:
        row += [Para(escape(lab), st.label), para(dash_if_empty(value), st.cell)]
        if len(row) == 2 * columns:
            cells.append(row)
            row = []
    if row:
        row += [""] * (2 * columns - len(row))
        cells.append(row)
    label_w = 0.19 if columns == 2 else 0.26
    value_w = (1.0 - label_w * columns) / columns
    widths = [label_w, value_w] * columns
    table = Table(cells, colWidths=[w * FRAME_WIDTH for w in widths], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
    ]
    for c in range(columns):
        commands.append(("BACKGROUND", (2 * c, 0), (2 * c, -1), LABEL_FILL))
    table.setStyle(table_style(commands))
    return table


class KeepTogetherIfFits(KeepTogether):
    """Keep a block on one page when it fits on a page; a taller block flows from where it is.

    Plain KeepTogether first breaks to a new page and only then splits a block taller than a
    page, leaving most of a page empty. The first flowables keep their keepWithNext styles.
    """

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 (ReportLab's names)
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._height < self._H:
            return list(self._content)
        return super().split(aW, aH)


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


def _draw_page(spec: PageSpec, canvas: Canvas, _doc: BaseDocTemplate) -> None:
    """Header, CONFIDENTIAL marking, workshop banner and footer note (page number comes later)."""
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
    canvas.setFont(FONT_BOLD, 9)
    canvas.drawString(MARGIN_X, top - 3.5 * mm, _fit(spec.organisation, FONT_BOLD, 9, 110 * mm))
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 8)
    canvas.drawString(MARGIN_X, top - 7.5 * mm, _fit(spec.kind, FONT, 8, 110 * mm))

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
        canvas.setFont(FONT, 7.5)
        canvas.drawString(MARGIN_X, 10 * mm, _fit(spec.footer_note, FONT, 7.5, 130 * mm))
    canvas.restoreState()


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

    def __init__(self, *args: Any, page_label: Callable[[int, int], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_label = page_label
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFillColor(MUTED)
            self.setFont(FONT, 7.5)
            self.drawRightString(
                PAGE_WIDTH - MARGIN_X, 10 * mm, self._page_label(self._pageNumber, total)
            )
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

    doc.build(story, canvasmaker=partial(NumberedCanvas, page_label=page_label))
    return buf.getvalue()


def lang_time(value: dt.datetime, lang: Lang) -> str:
    from babel.dates import format_time

    return format_time(value, "short", locale=lang.code)


def printed_note(lang: Lang, printed_by: str, printed_at: dt.datetime | None) -> str:
    """The footer line saying who printed the document and when (accountability on paper).
    Medium date: 3/4/26 reads as March or April depending on the reader's country."""
    if printed_at is None:
        return ""
    when = lang.date(printed_at.date(), "medium") + ", " + lang_time(printed_at, lang)
    if printed_by:
        return lang.gettext(PRINTED_BY).format(name=printed_by, when=when)
    return lang.gettext(PRINTED_ON).format(when=when)
