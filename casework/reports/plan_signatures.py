"""The signature page of the printed reintegration plan: the client (or guardian), the
caseworker, the supervisor and each partner organisation that has actions, two by two."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from casework.i18n import N_, Lang
from casework.reports.data import PlanDoc
from casework.reports.direction import DirTable
from casework.reports.layout import FRAME_WIDTH, LABEL_COLON, RULE, Para, bold, styles
from casework.reports.tables import KeepTogetherMeasured, table_style

H_SIGNATURES = N_("Signatures")
SIG_CLIENT = N_("Client")
SIG_CLIENT_OR_GUARDIAN = N_("Client or guardian")
SIG_GUARDIAN = N_("Guardian")
SIG_CASEWORKER = N_("Caseworker")
SIG_SUPERVISOR = N_("Supervisor")
SIG_PARTNER = N_("Partner organisation")
SIG_CLIENT_STATEMENT = N_("I took part in preparing this plan and I agree with it.")
SIG_PARTNER_STATEMENT = N_("Acknowledges the actions assigned to it in this plan.")
SIG_NAME = N_("Name")
SIG_SIGNATURE = N_("Signature")
SIG_DATE = N_("Date")


def signatures(doc: PlanDoc, lg: Lang) -> list[Flowable]:
    """Signature blocks two by two, their lines level; a pair never splits across pages."""
    st = styles()
    t = lg.gettext
    if doc.guardian_name:
        client = _Signatory(
            t(SIG_CLIENT_OR_GUARDIAN),
            [
                t(SIG_CLIENT_STATEMENT),
                t(LABEL_COLON).format(label=t(SIG_GUARDIAN)) + " " + doc.guardian_name,
            ],
            "",
        )
    else:
        # The alias is a display name, not what the client signs with: the legal name is
        # printed only when the caller allowed it, otherwise the client writes it.
        client = _Signatory(t(SIG_CLIENT), [t(SIG_CLIENT_STATEMENT)], doc.legal_name or "")
    people = [
        client,
        _Signatory(t(SIG_CASEWORKER), [], doc.caseworker),
        _Signatory(t(SIG_SUPERVISOR), [], doc.supervisor),
    ]
    for org in doc.partner_organisations:
        people.append(_Signatory(t(SIG_PARTNER), [t(SIG_PARTNER_STATEMENT)], "", org=org))
    out: list[Flowable] = []
    heading = Para(escape(t(H_SIGNATURES)), st.h2)
    for i in range(0, len(people), 2):
        row = _signature_row(people[i : i + 2], lg)
        out.append(KeepTogetherMeasured([heading, row] if i == 0 else [row]))
    return out


class _Signatory:
    """One signature block: title, what signing means, and a pre-printed name if known."""

    def __init__(self, title: str, notes: list[str], name: str, *, org: str = "") -> None:
        self.title = title
        self.notes = notes
        self.name = name
        self.org = org


def _signature_row(pair: list[_Signatory], lg: Lang) -> Table:
    st = styles()
    t = lg.gettext
    gap = 8 * mm
    col = (FRAME_WIDTH - gap) / 2
    columns: list[list[Any]] = []
    for who in pair:
        info = "<br/>".join(([bold(who.org)] if who.org else []) + [escape(n) for n in who.notes])
        columns.append(
            [
                Para(escape(who.title), st.h3),
                Para(info, st.small) if info else "",
                Para(f"{bold(t(SIG_NAME))}  {escape(who.name)}", st.cell),
                Para(bold(t(SIG_SIGNATURE)), st.cell),
                Para(bold(t(SIG_DATE)), st.cell),
            ]
        )
    if len(columns) == 1:
        columns.append([""] * 5)
    rows = [[columns[0][r], "", columns[1][r]] for r in range(5)]
    table = DirTable(rows, colWidths=[col, gap, col], hAlign="LEFT", spaceAfter=6 * mm)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("VALIGN", (0, 0), (-1, 1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, 0), 5),
        ("TOPPADDING", (0, 1), (-1, 1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, 1), 2),
        # Writing room above each line; the signature gets the most.
        ("TOPPADDING", (0, 2), (-1, -1), 16),
        ("TOPPADDING", (0, 3), (-1, 3), 30),
        ("BOTTOMPADDING", (0, 2), (-1, -1), 3),
    ]
    for c in (0, 2)[: len(pair)]:
        commands += [
            ("BOX", (c, 0), (c, -1), 0.6, RULE),
            ("LINEBELOW", (c, 2), (c, 3), 0.5, RULE),
        ]
    table.setStyle(table_style(commands))
    return table
