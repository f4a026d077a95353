"""A shared table style (casework/reports/direction.py) styles each table as ReportLab would."""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.platypus import TableStyle

from casework.i18n import Lang
from casework.reports.direction import DirTable, SharedTableStyle, set_document_language
from casework.reports.fonts import register_fonts

COMMANDS = [
    ("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE4EE")),
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.navy),
    ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.grey),
    ("LINEBEFORE", (0, 0), (0, -1), 3, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 7),
    ("RIGHTPADDING", (1, 0), (1, -1), 2),
    ("FONTSIZE", (0, 1), (-1, -1), 8.8),
    ("TEXTCOLOR", (0, 1), (-1, -1), colors.red),
]


def _state(table: DirTable) -> tuple[object, ...]:
    cells = [
        [{k: v for k, v in c.__dict__.items() if k != "name"} for c in row]
        for row in table._cellStyles
    ]
    return cells, table._bkgrndcmds, table._linecmds


def _data(rows: int, cols: int) -> list[list[str]]:
    return [[f"{r}.{c}" for c in range(cols)] for r in range(rows)]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_table_of_a_shape_is_styled_as_reportlab_styles_it(lang: str) -> None:
    register_fonts()
    set_document_language(Lang(lang))
    try:
        shared = SharedTableStyle(COMMANDS)
        for rows, cols in [(3, 4), (3, 4), (5, 4), (3, 4), (5, 4), (2, 1), (2, 1)]:
            ours = DirTable(_data(rows, cols), colWidths=[50] * cols, style=shared)
            theirs = DirTable(_data(rows, cols), colWidths=[50] * cols)
            theirs.setStyle(TableStyle(COMMANDS))
            assert _state(ours) == _state(theirs)
    finally:
        set_document_language(Lang("en"))


def test_a_copy_is_the_tables_own() -> None:
    register_fonts()
    shared = SharedTableStyle(COMMANDS)
    first = DirTable(_data(3, 2), colWidths=[50, 50], style=shared)
    second = DirTable(_data(3, 2), colWidths=[50, 50], style=shared)
    third = DirTable(_data(3, 2), colWidths=[50, 50], style=shared)
    second._cellStyles[1][0].valign = "MIDDLE"  # as ReportLab's row splitting may do
    second._linecmds.append(("LINEABOVE", (0, 0), (-1, 0), 1, colors.red, 1, None, 1, 1, 1))
    assert third._cellStyles[1][0].valign == first._cellStyles[1][0].valign == "TOP"
    assert third._linecmds == first._linecmds
    assert second._cellStyles[1][0] is not third._cellStyles[1][0]


@pytest.mark.parametrize(
    "command",
    [
        ("SPAN", (0, 0), (1, 0)),
        ("NOSPLIT", (0, 0), (-1, -1)),
        ("BACKGROUND", (0, "splitfirst"), (-1, "splitfirst"), colors.red),
    ],
)
def test_commands_it_cannot_copy_are_refused(command: tuple[object, ...]) -> None:
    with pytest.raises(ValueError):
        SharedTableStyle([command])
