"""The printed anonymisation certificate of a case (administrators and supervisors)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from casework.errors import NotFound
from casework.i18n import N_
from casework.model import Anonymisation, Case, User
from casework.reports.certificate import CertificateDoc, build_certificate_pdf
from casework.services.context import ServiceContext
from casework.services.documents import Document, check_lang, is_workshop
from casework.services.permissions import Permission


def anonymisation_certificate(ctx: ServiceContext, case_id: int, lang: str) -> Document:
    """The certificate of an anonymised case, in `lang`; printing it is audited."""
    ctx.require(Permission.ANONYMISE)
    check_lang(lang)
    with ctx.write() as uow:
        s = uow.session
        case = s.get(Case, case_id)
        row = s.scalar(select(Anonymisation).where(Anonymisation.case_id == case_id))
        if case is None or row is None or row.confirmed_at is None:
            raise NotFound(N_("This case has not been anonymised: there is no certificate."))

        def name(user_id: int | None) -> str:
            user = s.get(User, user_id) if user_id else None
            return user.display_name if user else ""

        doc = CertificateDoc(
            organisation=ctx.vault.meta("organisation"),
            number=row.certificate,
            reference=case.reference,
            category=case.category,
            closed_on=case.closed_on,
            years=row.years,
            requested_by=name(row.requested_by_id),
            requested_at=row.requested_at,
            confirmed_by=name(row.confirmed_by_id),
            confirmed_at=row.confirmed_at,
            printed_by=ctx.actor.display_name,
            printed_at=dt.datetime.now().replace(microsecond=0),
        )
        uow.audit("document.printed", "case", case_id, kind="anonymisation_certificate", lang=lang)
    return Document(
        "anonymisation_certificate",
        build_certificate_pdf(doc, lang, workshop=is_workshop(ctx)),
        "anonymisation-certificate.pdf",
    )
