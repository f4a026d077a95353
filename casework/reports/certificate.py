"""The anonymisation (deletion) certificate: which case, under which retention rule, who asked,
who confirmed, when, and what kinds of data were removed — never the data itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable

from casework.i18n import N_
from casework.model.enums import ClientCategory
from casework.model.labels import label
from casework.reports.layout import Para, check_language, styles
from casework.reports.pages import (
    embedded,
    printed_note,
    render,
    sheet_heading,
    sheet_spec,
)

KIND = N_("Anonymisation certificate")
INTRO = N_(
    "This certificate records that the personal data of the case below were removed from the "
    "Casework vault under the organisation's retention schedule, on the decision of two people."
)
F_NUMBER = N_("Certificate number")
F_REFERENCE = N_("Case reference")
F_CATEGORY = N_("Client category")
F_CLOSED = N_("Case closed on")
F_RULE = N_("Retention period")
RULE_YEARS = N_("{years} years after closure")
F_REQUESTED = N_("Asked for by")
F_CONFIRMED = N_("Confirmed and carried out by")
WHO_WHEN = N_("{name}, {date}")
H_REMOVED = N_("What was removed")
REMOVED = (
    N_("Identity: alias, other names, legal name, date of birth, national ID, guardian."),
    N_("Contact details: address, phone, locality."),
    N_("Restricted fields: offence and sentence details."),
    N_(
        "Every free text: notes, observations, judgements, plans and reviews, referral texts "
        "and answers, tasks, consent witnesses, handover comments."
    ),
)
H_KEPT = N_("What was kept")
KEPT = N_(
    "The case reference, the client category, the area, the dates and the states of the case, "
    "its referrals, plans, goals and tasks, so that the aggregated statistics stay right. The "
    "audit trail records that the anonymisation happened, never what was removed."
)


@dataclass(frozen=True)
class CertificateDoc:
    organisation: str
    number: str
    reference: str
    category: ClientCategory
    closed_on: dt.date | None
    years: int
    requested_by: str
    requested_at: dt.datetime
    confirmed_by: str
    confirmed_at: dt.datetime
    printed_by: str
    printed_at: dt.datetime


def build_certificate_pdf(doc: CertificateDoc, lang: str, *, workshop: bool = False) -> bytes:
    """Print the certificate in `lang`."""
    lg = check_language(lang)
    t = lg.gettext
    st = styles()
    story: list[Flowable] = [
        *sheet_heading(
            t(KIND),
            t(INTRO),
            [
                (t(F_NUMBER), doc.number),
                (t(F_REFERENCE), doc.reference),
                (t(F_CATEGORY), label(doc.category, lg.code)),
                (t(F_CLOSED), lg.date(doc.closed_on, "long")),
                (t(F_RULE), t(RULE_YEARS).format(years=doc.years)),
                (
                    t(F_REQUESTED),
                    t(WHO_WHEN).format(
                        name=embedded(doc.requested_by, lg),
                        date=lg.date(doc.requested_at.date(), "long"),
                    ),
                ),
                (
                    t(F_CONFIRMED),
                    t(WHO_WHEN).format(
                        name=embedded(doc.confirmed_by, lg),
                        date=lg.date(doc.confirmed_at.date(), "long"),
                    ),
                ),
            ],
        ),
        Para(escape(t(H_REMOVED)), st.h2),
    ]
    for item in REMOVED:
        story.append(Para(escape(t(item)), st.bullet, bulletText="•"))
    story.append(Para(escape(t(H_KEPT)), st.h2))
    story.append(Para(escape(t(KEPT)), st.body))
    spec = sheet_spec(
        lg,
        t(KIND),
        doc.organisation,
        reference=doc.reference,
        footer_note=printed_note(lg, doc.printed_by, doc.printed_at),
        workshop=workshop,
    )
    return render(story, spec)
