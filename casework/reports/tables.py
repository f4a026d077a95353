"""Tables of every printed document: the shaded data table, the label/value grid, a block kept
on one page when it fits. In a right-to-left document they lay themselves out right to left
(`direction.DirTable`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from casework.reports import rtl
from casework.reports.direction import DirTable, RTLParagraph, SharedTableStyle, document_rtl
from casework.reports.layout import (
    FONT,
    FRAME_WIDTH,
    HEADER_FILL,
    INK,
    LABEL_FILL,
    NAVY,
    RULE,
    Para,
    dash_if_empty,
    para,
    styles,
)


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle in the shipped font: ReportLab would use Helvetica even for empty cells."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def header_cells(labels: Sequence[str]) -> list[Flowable]:
    """A data table's header row, to share between the tables of one document that have the
    same columns (a plan's goals): made, broken into lines and measured once, drawn in each."""
    st = styles()
    return [Para(escape(h), st.cell_header) for h in labels]


def data_table(
    header: Sequence[str] | Sequence[Flowable],
    rows: Iterable[Sequence[str | Flowable]],
    widths: Sequence[float],
) -> Table:
    """A table with a shaded, repeated header row; rows may split across pages. `header` is
    the column titles, or cells from `header_cells`."""
    st = styles()
    col_widths = [w * FRAME_WIDTH for w in widths]
    data: list[list[Any]] = [
        [h if isinstance(h, Flowable) else Para(escape(h), st.cell_header) for h in header]
    ]
    for row in rows:
        data.append([_cell(c, w - 2 * _CELL_PAD) for c, w in zip(row, col_widths, strict=True)])
    return DirTable(
        data,
        colWidths=col_widths,
        repeatRows=1,
        splitInRow=1,
        hAlign="LEFT",
        style=_data_table_style(),
    )


_CELL_PAD = 4.0
_data_style: list[SharedTableStyle] = []


def _data_table_style() -> SharedTableStyle:
    """The style of every data table, made once."""
    if not _data_style:
        st = styles()
        _data_style.append(
            SharedTableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),  # as `table_style`
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
    return _data_style[0]


def _cell(value: str | Flowable, width: float) -> str | Flowable:
    """A short one-line text stays a plain string, which the table draws directly: building a
    Paragraph for every date and status is most of the cost of a long plan. Anything that
    might wrap becomes a Paragraph."""
    if isinstance(value, Flowable):
        return value
    value = value.strip()
    if document_rtl() or rtl.has_arabic(value):
        return para(value, styles().cell) if value else ""
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
    table = DirTable(cells, colWidths=[w * FRAME_WIDTH for w in widths], hAlign="LEFT")
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


class KeepTogetherMeasured(KeepTogether):
    """ReportLab's KeepTogether, measured without copying the frame when it holds only
    paragraphs, tables and spacers."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 (ReportLab's names)
        """ReportLab measures the block on a deep copy of the frame, in case something in it
        adds content to the frame as it is measured (a conditional frame break); paragraphs,
        tables and spacers never do, and copying the frame was a fortieth of a plan's build."""
        doc = getattr(self.canv, "_doctemplate", None)
        frame = getattr(doc, "frame", None)
        if frame is None or not self.adds_nothing():
            return super().wrap(aW, aH)
        doc.frame = None
        try:
            return super().wrap(aW, aH)
        finally:
            doc.frame = frame

    def adds_nothing(self) -> bool:
        """Whether measuring the block adds nothing to the frame: it holds only paragraphs,
        tables, spacers and such blocks."""
        return all(
            isinstance(f, _NO_FRAME_CONTENT)
            or (isinstance(f, KeepTogetherMeasured) and f.adds_nothing())
            for f in self._content
        )


class KeepTogetherIfFits(KeepTogetherMeasured):
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


# Flowables that add nothing to the frame while they are measured.
_NO_FRAME_CONTENT = (Paragraph, RTLParagraph, Table, Spacer)
