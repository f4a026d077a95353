"""The printed anonymisation certificate of a case (administrators and supervisors)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.errors import NotFound
from casework.i18n import N_
from casework.model import Anonymisation, Case
from casework.model.enums import ClientCategory
from casework.reports.certificate import CertificateDoc, build_certificate_pdf
from casework.services import retention_server
from casework.services.context import ServiceContext
from casework.services.documents import Document, check_lang, is_workshop
from casework.services.permissions import Permission


def anonymisation_certificate(ctx: ServiceContext, case_id: int, lang: str) -> Document:
    """The certificate of an anonymised case, in `lang`; printing it is audited."""
    ctx.require(Permission.ANONYMISE)
    check_lang(lang)
    with ctx.write() as uow:
        s = uow.session
        row = _anonymisation(s, case_id)
        if row is None:
            raise NotFound(N_("This case has not been anonymised: there is no certificate."))
        who = retention_server.names(s, {row.requested_by_id, row.confirmed_by_id})
        doc = CertificateDoc(
            organisation=ctx.vault.meta("organisation"),
            number=row.certificate,
            reference=row.reference,
            category=ClientCategory(row.category),
            closed_on=row.closed_on,
            years=row.years,
            requested_by=who.get(row.requested_by_id, ""),
            requested_at=retention_server.utc(row.requested_at),
            confirmed_by=who.get(row.confirmed_by_id, ""),
            confirmed_at=retention_server.utc(row.confirmed_at),
            printed_by=ctx.actor.display_name,
            printed_at=dt.datetime.now().replace(microsecond=0),
        )
        uow.audit("document.printed", "case", case_id, kind="anonymisation_certificate", lang=lang)
    return Document(
        "anonymisation_certificate",
        build_certificate_pdf(doc, lang, workshop=is_workshop(ctx)),
        "anonymisation-certificate.pdf",
    )


def _anonymisation(s: Session, case_id: int) -> Any:
    """The case's confirmed anonymisation with its case's reference, category and closing
    date, or None (on a server through its function: an administrator reads no case)."""
    if retention_server.on_server(s):
        found = retention_server.anonymised(s, case_id)
        return found[0] if found else None
    return s.execute(
        select(
            Case.id.label("case_id"),
            Case.reference,
            Case.category,
            Case.closed_on,
            Anonymisation.years,
            Anonymisation.requested_by_id,
            Anonymisation.requested_at,
            Anonymisation.confirmed_by_id,
            Anonymisation.confirmed_at,
            Anonymisation.certificate,
        )
        .join(Anonymisation, Anonymisation.case_id == Case.id)
        .where(Case.id == case_id, Anonymisation.confirmed_at.is_not(None))
    ).first()
