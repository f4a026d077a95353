"""The direction of the document being built, and the flowables that follow it.

`check_language` (layout) records the document's language for the current thread (documents are
built on worker threads, each with its own context); `Para` (which becomes an `RTLParagraph`)
and `DirTable` then lay themselves out right to left in an Arabic document, whatever the
interface's language.
"""

from __future__ import annotations

import threading
from contextvars import ContextVar
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from casework.i18n import Lang, is_rtl
from casework.reports.rtl import Fonts, Line, break_lines, draw_line, draw_text

_document_lang: ContextVar[str] = ContextVar("document_lang", default="en")


def set_document_language(lang: Lang) -> None:
    _document_lang.set(lang.code)


def document_rtl() -> bool:
    """Whether the document being built in this thread is in a right-to-left language."""
    return is_rtl(_document_lang.get())


class DirTable(Table):
    """A Table whose columns run right to left in a right-to-left document: rows, widths,
    alignment and the column coordinates of its style are mirrored."""

    def __init__(self, data: Any, colWidths: Any = None, *args: Any, **kwargs: Any) -> None:  # noqa: N803
        self._rtl = document_rtl()
        if self._rtl:
            data = [list(reversed(row)) for row in data]
            colWidths = list(reversed(colWidths)) if colWidths else colWidths  # noqa: N806
            align = kwargs.get("hAlign", "CENTER")
            kwargs["hAlign"] = {"LEFT": "RIGHT", "RIGHT": "LEFT"}.get(align, align)
        style = kwargs.get("style")
        if not isinstance(style, SharedTableStyle) or args or "cellStyles" in kwargs or not data:
            super().__init__(data, colWidths, *args, **kwargs)
            return
        shape = (len(data), max(len(row) for row in data), self._rtl)
        styled = style.styled(shape)
        if styled is None:  # the first table of this shape: styled as any other, remembered
            super().__init__(data, colWidths, **kwargs)
            style.remember(shape, self)
            return
        cells, backgrounds, lines = styled
        super().__init__(data, colWidths, cellStyles=cells, **{**kwargs, "style": None})
        self._bkgrndcmds.extend(backgrounds)
        self._linecmds.extend(lines)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Measured once per width: a table is wrapped two or three times at the same width
        (keep-together test, placing, splitting). A measure that covered every row does not
        depend on the height offered; ReportLab's `split` measures again itself."""
        if self.__dict__.get("_measured_width") == availWidth and getattr(
            self, "_hmax", None
        ) == len(self._argH):
            self.availWidth = availWidth
            return self._width, self._height
        size = super().wrap(availWidth, availHeight)
        self._measured_width = availWidth
        return size

    def setStyle(self, tblstyle: Any) -> None:  # noqa: N802 (ReportLab's name)
        self.__dict__.pop("_measured_width", None)
        if self._rtl:
            commands = tblstyle.getCommands() if hasattr(tblstyle, "getCommands") else tblstyle
            tblstyle = TableStyle([self._mirror(c) for c in commands])
        super().setStyle(tblstyle)

    _SWAP = {
        "LEFTPADDING": "RIGHTPADDING",
        "RIGHTPADDING": "LEFTPADDING",
        "LINEBEFORE": "LINEAFTER",
        "LINEAFTER": "LINEBEFORE",
    }

    def _mirror(self, command: tuple[Any, ...]) -> tuple[Any, ...]:
        name, (c0, r0), (c1, r1), *rest = command
        n = self._ncols

        def flip(c: int) -> int:
            return n - 1 - (c if c >= 0 else n + c)

        new_c0, new_c1 = sorted((flip(c0), flip(c1)))
        if name == "ALIGN" and rest:
            rest = [{"LEFT": "RIGHT", "RIGHT": "LEFT"}.get(str(rest[0]).upper(), rest[0])]
        return (self._SWAP.get(name, name), (new_c0, r0), (new_c1, r1), *rest)


class SharedTableStyle(TableStyle):
    """A table style given to many tables (a plan's action tables, its domain bands), passed
    as `DirTable(..., style=...)`.

    ReportLab applies each command to each cell of each table: for a 20-goal plan, about two
    thousand cell updates and as many cell styles made, a twentieth of its build. The styles a
    table of one shape (rows, columns, direction) gets are worked out on the first such table
    and copied to the next; its background and line commands are the same list. Only plain
    commands: cell ranges in numbers (no split-row ranges), no SPAN, NOSPLIT or rounded
    corners, no table options. tests/reports/test_shared_table_style.py holds the copies to
    what ReportLab makes."""

    SHAPES_KEPT = 64

    def __init__(self, cmds: list[tuple[Any, ...]]) -> None:
        for cmd in cmds:
            name, (_sc, sr), (_ec, er) = cmd[:3]
            if (
                name in ("SPAN", "NOSPLIT", "ROUNDEDCORNERS")
                or isinstance(sr, str)
                or isinstance(er, str)
            ):
                raise ValueError(f"not a command a shared table style can hold: {cmd!r}")
        super().__init__(cmds)
        self._shapes: dict[tuple[int, int, bool], Any] = {}
        self._lock = threading.Lock()

    def styled(
        self, shape: tuple[int, int, bool]
    ) -> tuple[list[list[CellStyle]], list, list] | None:
        """Fresh cell styles, background and line commands for a table of `shape`, or None
        before a table of that shape has been styled."""
        with self._lock:
            remembered = self._shapes.get(shape)
        if remembered is None:
            return None
        cells, backgrounds, lines = remembered
        return [[_cell_style(d) for d in row] for row in cells], backgrounds, lines

    def remember(self, shape: tuple[int, int, bool], table: Table) -> None:
        cells = [[dict(c.__dict__) for c in row] for row in table._cellStyles]
        with self._lock:
            if len(self._shapes) >= self.SHAPES_KEPT:
                self._shapes.clear()
            self._shapes[shape] = (cells, list(table._bkgrndcmds), list(table._linecmds))


def _cell_style(attributes: dict[str, Any]) -> CellStyle:
    """A CellStyle with these attributes (ReportLab changes a table's cell styles in place)."""
    style = CellStyle.__new__(CellStyle)
    style.__dict__.update(attributes)
    return style


# --- the paragraph ------------------------------------------------------------------------------


_BOLD_FONTS: set[str] = set()


def mark_bold(*font_names: str) -> None:
    """Tell the flowable which of the document's font names are bold."""
    _BOLD_FONTS.update(font_names)


class RTLParagraph(Flowable):
    """A paragraph laid out right to left (see casework/reports/rtl.py)."""

    def __init__(
        self,
        markup: str,
        style: ParagraphStyle,
        fonts: Fonts,
        bulletText: str | None = None,  # noqa: N803 - Paragraph's keyword
        _lines: list[Line] | None = None,
    ) -> None:
        super().__init__()
        self.markup = markup
        self.style = style
        self.fonts = fonts
        self.bulletText = bulletText
        self._lines = _lines
        self._wrapped_width: float | None = None
        # Arabic in a left-to-right document: laid out the same, placed as its neighbours are.
        self._doc_rtl = document_rtl()
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.width = self.height = 0.0

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.spaceAfter

    def _text_width(self, avail: float) -> float:
        # In right-to-left text the style's left indent (bullets, quotes) is on the right.
        return max(1.0, avail - self.style.leftIndent - self.style.rightIndent)

    def _break(self, avail: float) -> list[Line]:
        if self._lines is not None and self._wrapped_width in (None, avail):
            return self._lines
        st = self.style
        self._lines = break_lines(
            self.markup,
            self.fonts,
            st.fontSize,
            self._text_width(avail),
            st.fontName in _BOLD_FONTS,
            st.textColor,
        )
        self._wrapped_width = avail
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        lines = self._break(availWidth)
        self.width = availWidth
        self.height = len(lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self._break(availWidth)
        fit = int(availHeight // self.style.leading)
        if fit < 1 or fit >= len(lines):
            return [] if fit < 1 else [self]
        first = RTLParagraph(self.markup, self.style, self.fonts, self.bulletText, lines[:fit])
        rest = RTLParagraph(self.markup, self.style, self.fonts, None, lines[fit:])
        for part in (first, rest):
            part._wrapped_width = availWidth
        first.keepWithNext = 0
        return [first, rest]

    def draw(self) -> None:
        st = self.style
        canvas = self.canv
        if st.backColor is not None:
            pad = st.borderPadding
            top, right, bottom, left = pad if isinstance(pad, (tuple, list)) else (pad,) * 4
            canvas.saveState()
            canvas.setFillColor(st.backColor)
            canvas.rect(-left, -bottom, self.width + left + right, self.height + top + bottom, 0, 1)
            canvas.restoreState()
        if not self._doc_rtl:
            self._draw_in_ltr_document()
            return
        align = {TA_LEFT: "right", TA_JUSTIFY: "right", TA_RIGHT: "left", TA_CENTER: "centre"}
        where = align.get(st.alignment, "right")
        inner = self._text_width(self.width)
        right_edge = self.width - st.leftIndent
        x = {"right": right_edge, "left": right_edge - inner, "centre": right_edge - inner / 2}
        y = self.height - st.leading + (st.leading - st.fontSize) * 0.5 + st.fontSize * 0.18
        for i, line in enumerate(self._lines or []):
            # A part in its own direction: a French aspiration in an Arabic plan reads left to
            # right and is aligned left.
            at = where if line.rtl else {"right": "left", "left": "right"}.get(where, where)
            canvas.setFillColor(st.textColor)
            draw_line(canvas, line.chars, x[at], y, self.fonts, st.fontSize, rtl=line.rtl, align=at)
            if i == 0 and self.bulletText:
                # Right to left too: "2." reads "2" then its dot, the dot towards the text.
                canvas.setFillColor(st.textColor)
                edge = self.width - st.bulletIndent
                draw_text(canvas, self.bulletText, edge, y, self.fonts, st.fontSize, align="right")
            y -= st.leading

    def _draw_in_ltr_document(self) -> None:
        """An Arabic name or note in an English or French document: each line in its own
        direction, placed like the document's other paragraphs (indent and bullet on the left)."""
        st = self.style
        canvas = self.canv
        align = {TA_LEFT: "left", TA_JUSTIFY: "left", TA_RIGHT: "right", TA_CENTER: "centre"}
        where = align.get(st.alignment, "left")
        inner = self._text_width(self.width)
        left = st.leftIndent
        x = {"left": left, "right": left + inner, "centre": left + inner / 2}
        y = self.height - st.leading + (st.leading - st.fontSize) * 0.5 + st.fontSize * 0.18
        for i, line in enumerate(self._lines or []):
            canvas.setFillColor(st.textColor)
            draw_line(
                canvas, line.chars, x[where], y, self.fonts, st.fontSize, rtl=line.rtl, align=where
            )
            if i == 0 and self.bulletText:
                canvas.setFont(self.fonts.latin, st.fontSize)
                canvas.drawString(st.bulletIndent, y, self.bulletText)
            y -= st.leading
