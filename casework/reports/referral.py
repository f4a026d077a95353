"""The referral form sent to a receiving organisation, with a reply section it fills in.

Only what the client's consent covers is printed: the optional personal fields arrive as None
when it does not, and the form then says so instead of leaving empty boxes that invite guessing.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from casework.i18n import N_, Lang
from casework.model.labels import label
from casework.reports.data import ReferralDoc
from casework.reports.direction import DirTable
from casework.reports.layout import (
    FRAME_WIDTH,
    RULE,
    Para,
    bold,
    check_language,
    paragraphs,
    styles,
)
from casework.reports.pages import PageSpec, printed_note, render
from casework.reports.tables import field_grid, table_style

KIND = N_("Referral form")
SUBTITLE = N_("{service} · {receiving}")

H_REFERRAL = N_("Referral")
F_REFERENCE = N_("Case reference")
F_ALIAS = N_("Alias")
F_SERVICE = N_("Service requested")
F_STAGE = N_("Pathway stage")
F_DATE = N_("Referral date")
F_RESPOND_BY = N_("Reply expected by")
NOT_SET = N_("Not set")

H_FROM_TO = N_("Sending and receiving organisations")
F_SENDING = N_("Sending organisation")
F_RECEIVING = N_("Receiving organisation")
F_CASEWORKER = N_("Caseworker")
F_CONTACT = N_("Caseworker contact")

H_PURPOSE = N_("Purpose of the referral")
NO_PURPOSE = N_("Not recorded.")

H_SHARED = N_("Information shared with the client's consent")
SHARED_SCOPE = N_("The client's consent to this organisation covers: {scope}.")
SHARED_VALID = N_("Consent valid until {date}.")
SHARED_NO_EXPIRY = N_("Consent with no expiry date.")
SHARED_NONE = N_(
    "The client's consent does not cover sharing further personal information with this "
    "organisation. Contact the caseworker if more is needed."
)
SHARED_USE = N_(
    "Use this information only for the service requested, keep it confidential and do not "
    "pass it on."
)
F_LEGAL_NAME = N_("Legal name")
F_DOB = N_("Date of birth")
F_NATIONAL_ID = N_("National ID")
F_ADDRESS = N_("Address")
F_PHONE = N_("Phone")
F_LEGAL = N_("Legal situation")
F_HEALTH = N_("Health information")

H_REPLY = N_("Reply from the receiving organisation")
REPLY_INTRO = N_("Please return this section to the caseworker.")
REPLY_ACCEPTED = N_("Accepted — first appointment on:")
REPLY_DECLINED = N_("Declined — reason:")
REPLY_NAME = N_("Name and role")
REPLY_SIGNATURE = N_("Signature")
REPLY_DATE = N_("Date")
BOX = "☐"


def build_referral_pdf(doc: ReferralDoc, lang: str, *, workshop: bool = False) -> bytes:
    """Print a referral form in `lang` for the receiving organisation."""
    lg = check_language(lang)
    t = lg.gettext
    st = styles()
    service = label(doc.service, lang)
    story: list[Flowable] = [
        Para(escape(t(KIND)), st.title),
        Para(escape(t(SUBTITLE).format(service=service, receiving=doc.receiving_org)), st.subtitle),
        Para(escape(t(H_REFERRAL)), st.h2),
        field_grid(
            [
                (t(F_REFERENCE), doc.reference),
                (t(F_ALIAS), doc.alias),
                (t(F_SERVICE), service),
                (t(F_STAGE), doc.pathway_stage),
                (t(F_DATE), lg.date(doc.referral_date)),
                (t(F_RESPOND_BY), lg.date(doc.respond_by) if doc.respond_by else t(NOT_SET)),
            ]
        ),
        Para(escape(t(H_FROM_TO)), st.h2),
        field_grid(
            [
                (t(F_SENDING), doc.sending_org),
                (t(F_RECEIVING), doc.receiving_org),
                (t(F_CASEWORKER), doc.caseworker),
                (t(F_CONTACT), doc.caseworker_contact),
            ]
        ),
        Para(escape(t(H_PURPOSE)), st.h2),
    ]
    story.extend(paragraphs(doc.purpose, st.body) or [Para(escape(t(NO_PURPOSE)), st.muted)])
    story.extend(_shared(doc, lg))
    story.append(_reply(lg))

    spec = PageSpec(
        lang=lg,
        kind=t(KIND),
        organisation=doc.sending_org,
        reference=doc.reference,
        footer_note=printed_note(lg, doc.printed_by, doc.printed_at),
        workshop=workshop,
    )
    return render(story, spec)


def _shared(doc: ReferralDoc, lg: Lang) -> list[Flowable]:
    st = styles()
    t = lg.gettext
    out: list[Flowable] = [Para(escape(t(H_SHARED)), st.h2)]
    fields: list[tuple[str, str]] = []
    if doc.legal_name is not None:
        fields.append((t(F_LEGAL_NAME), doc.legal_name))
    if doc.date_of_birth is not None:
        fields.append((t(F_DOB), lg.date(doc.date_of_birth)))
    if doc.national_id is not None:
        fields.append((t(F_NATIONAL_ID), doc.national_id))
    if doc.address is not None:
        fields.append((t(F_ADDRESS), doc.address))
    if doc.phone is not None:
        fields.append((t(F_PHONE), doc.phone))
    if doc.legal_situation is not None:
        fields.append((t(F_LEGAL), doc.legal_situation))
    if doc.health_information is not None:
        fields.append((t(F_HEALTH), doc.health_information))

    if doc.consent_scope:
        scope = ", ".join(label(s, lg.code) for s in doc.consent_scope)
        line = t(SHARED_SCOPE).format(scope=scope) + " "
        if doc.consent_valid_until:
            line += t(SHARED_VALID).format(date=lg.date(doc.consent_valid_until))
        else:
            line += t(SHARED_NO_EXPIRY)
        out.append(Para(escape(line), st.body))
    if fields:
        out.append(field_grid(fields, columns=1))
        out.append(Spacer(1, 2 * mm))
        out.append(Para(escape(t(SHARED_USE)), st.muted))
    else:
        out.append(Para(escape(t(SHARED_NONE)), st.muted))
    return out


def _reply(lg: Lang) -> KeepTogether:
    """A bordered section the receiver fills in by hand; kept on one page."""
    st = styles()
    t = lg.gettext
    rows = [
        [Para(f"{BOX}  {bold(t(REPLY_ACCEPTED))}", st.cell)],
        [Para(f"{BOX}  {bold(t(REPLY_DECLINED))}", st.cell)],
        [Para(bold(t(REPLY_NAME)), st.cell)],
        [Para(bold(t(REPLY_SIGNATURE)), st.cell)],
        [Para(bold(t(REPLY_DATE)), st.cell)],
    ]
    table = DirTable(rows, colWidths=[FRAME_WIDTH], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEBELOW", (0, 0), (-1, -2), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 16),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 3), (0, 3), 28),  # room to sign
                ("VALIGN", (0, 1), (0, 1), "TOP"),
                ("TOPPADDING", (0, 1), (0, 1), 10),
                ("BOTTOMPADDING", (0, 1), (0, 1), 34),  # room to write the reason
            ]
        )
    )
    return KeepTogether(
        [
            Para(escape(t(H_REPLY)), st.h2),
            Para(escape(t(REPLY_INTRO)), st.muted),
            table,
        ]
    )
