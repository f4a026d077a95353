"""The recovery sheet: the vault's recovery key on paper, to be locked away.

It holds no personal data, but whoever has it and the vault folder can read every case, so it is
marked CONFIDENTIAL and says so plainly. The key goes in the page only, never in the metadata.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from casework.i18n import N_
from casework.reports.data import RecoverySheetDoc
from casework.reports.direction import DirTable
from casework.reports.layout import (
    FRAME_WIDTH,
    LABEL_FILL,
    NAVY,
    RULE,
    Para,
    check_language,
    styles,
)
from casework.reports.pages import render, sheet_heading, sheet_spec
from casework.reports.tables import table_style

KIND = N_("Vault recovery sheet")
INTRO = N_(
    "This recovery key opens the Casework vault if every password is lost or forgotten. "
    "An administrator types it in when Casework asks for the recovery key."
)
F_ORGANISATION = N_("Organisation")
F_VAULT = N_("Vault folder")
F_CREATED = N_("Key created on")
H_KEY = N_("Recovery key")
KEY_HINT = N_("Letters and digits only; the hyphens are optional when typing it.")
H_KEEP = N_("How to keep this sheet")
KEEP_1 = N_("Store it in a locked place away from the computer, such as an office safe.")
KEEP_2 = N_(
    "Anyone who has this key and a copy of the vault folder can read every case: never "
    "photograph, scan, e-mail or copy it."
)
KEEP_3 = N_(
    "If this sheet may have been seen by someone else, create a new recovery key at once; "
    "the old one then stops working."
)
KEEP_4 = N_("When a new recovery key is created, destroy this sheet (shred it).")
STORED_BY = N_("Stored by (name and signature)")
STORED_WHERE = N_("Where it is kept")


def build_recovery_sheet_pdf(doc: RecoverySheetDoc, lang: str, *, workshop: bool = False) -> bytes:
    """Print the recovery sheet in `lang`."""
    lg = check_language(lang)
    t = lg.gettext
    st = styles()
    story: list[Flowable] = [
        *sheet_heading(
            t(KIND),
            t(INTRO),
            [
                (t(F_ORGANISATION), doc.organisation),
                (t(F_VAULT), doc.vault_path),
                (t(F_CREATED), lg.date(doc.created_on, "long")),
            ],
        ),
        Para(escape(t(H_KEY)), st.h2),
        _key_table(doc.recovery_key),
        Spacer(1, 2 * mm),
        Para(escape(t(KEY_HINT)), st.muted),
        Para(escape(t(H_KEEP)), st.h2),
    ]
    for item in (KEEP_1, KEEP_2, KEEP_3, KEEP_4):
        story.append(Para(escape(t(item)), st.bullet, bulletText="•"))
    story.append(Spacer(1, 6 * mm))
    story.append(_write_in([t(STORED_BY), t(STORED_WHERE)]))

    return render(story, sheet_spec(lg, t(KIND), doc.organisation, workshop=workshop))


def _write_in(captions: list[str]) -> Table:
    """Boxes filled in by hand: who stored the sheet and where."""
    st = styles()
    rows = [[Para(escape(c), st.label), ""] for c in captions]
    table = DirTable(rows, colWidths=[0.3 * FRAME_WIDTH, 0.7 * FRAME_WIDTH], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 22),
            ]
        )
    )
    return table


def _key_table(key: str) -> Table:
    """The key in large bold groups, four per row, so it can be read back and typed."""
    st = styles()
    groups = [g for g in key.split("-") if g] or [key]
    per_row = 4 if len(groups) > 4 else len(groups)
    rows = [groups[i : i + per_row] for i in range(0, len(groups), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    cells = [[Para(escape(g), st.key) if g else "" for g in row] for row in rows]
    table = Table(cells, colWidths=[FRAME_WIDTH / per_row] * per_row, hAlign="CENTER")
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
