"""The organisation card on paper: name, country, the fingerprint in large digits, and a QR code
holding the card itself, for a partner to compare by phone or in person (or to scan).

The card holds public keys only, no personal data; the sheet says what to do with it.
"""

from __future__ import annotations

import datetime as dt
import json
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from casework.i18n import N_, country_name
from casework.reports.direction import DirTable
from casework.reports.layout import (
    FRAME_WIDTH,
    LABEL_FILL,
    NAVY,
    Para,
    check_language,
    styles,
)
from casework.reports.pages import render, sheet_heading, sheet_spec
from casework.reports.tables import table_style

KIND = N_("Organisation card")
INTRO = N_(
    "Partner organisations use this card to send this organisation referrals that only it can "
    "open, and to check that the files it sends really come from it."
)
F_ORGANISATION = N_("Organisation")
F_COUNTRY = N_("Country")
F_DATE = N_("Card made on")
H_FINGERPRINT = N_("Fingerprint")
H_HOW = N_("How partners check it")
HOW_1 = N_(
    "The partner imports the card file (or scans the code) on their Partners page: the card "
    "then shows these same ten groups of five digits."
)
HOW_2 = N_(
    "Someone reads the digits aloud by phone, on a number already known, or both sides "
    "compare them in person. Every digit must be the same."
)
HOW_3 = N_(
    "Only then does the partner's administrator mark the card verified. If a single digit "
    "differs, the card must not be used."
)


def _qr(card: bytes, size: float) -> Drawing:
    compact = json.dumps(json.loads(card), ensure_ascii=False, separators=(",", ":"))
    widget = QrCodeWidget(compact, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _centred(flowable: Flowable) -> Table:
    table = Table([[flowable]], colWidths=[FRAME_WIDTH], hAlign="CENTER")
    table.setStyle(table_style([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return table


def _country(code: str, lang: str) -> str:
    return country_name(code, lang) or "—"


def _fingerprint_table(fingerprint: str) -> Table:
    st = styles()
    groups = fingerprint.split()
    rows = [groups[:5], groups[5:]]
    cells = [[Para(escape(g), st.key) for g in row] for row in rows]
    # Right to left in Arabic, like the fingerprint on the Partners page: the first group is
    # where a reader starts, so both sides read the groups out in the same order.
    table = DirTable(cells, colWidths=[FRAME_WIDTH / 5] * 5, hAlign="CENTER")
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), LABEL_FILL),
                ("BOX", (0, 0), (-1, -1), 1.2, NAVY),
                ("TOPPADDING", (0, 0), (-1, -1), 9),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def build_card_sheet_pdf(
    name: str,
    country: str,
    fingerprint: str,
    card: bytes,
    made_on: dt.date,
    lang: str,
    *,
    workshop: bool = False,
) -> bytes:
    """The organisation card sheet in `lang` (the QR code holds the card file)."""
    lg = check_language(lang)
    t = lg.gettext
    st = styles()
    story: list[Flowable] = [
        *sheet_heading(
            t(KIND),
            t(INTRO),
            [
                (t(F_ORGANISATION), name),
                (t(F_COUNTRY), _country(country, lang)),
                (t(F_DATE), lg.date(made_on, "long")),
            ],
        ),
        Para(escape(t(H_FINGERPRINT)), st.h2),
        _fingerprint_table(fingerprint),
        Spacer(1, 4 * mm),
        _centred(_qr(card, 62 * mm)),
        Para(escape(t(H_HOW)), st.h2),
    ]
    for item in (HOW_1, HOW_2, HOW_3):
        story.append(Para(escape(t(item)), st.bullet, bulletText="•"))
    return render(story, sheet_spec(lg, t(KIND), name, workshop=workshop))
