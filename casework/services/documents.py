"""Printable documents: gather what may be printed, build the PDF in memory, audit it.

The same functions serve the preview window and `casework print`, so both apply the same
permission checks, masking and audit entries. Nothing here writes a file: callers get bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from casework.errors import PermissionDenied, ValidationError
from casework.i18n import LANGUAGES, N_, translator
from casework.model import Case, User
from casework.model.enums import (
    InfoScope,
    PlanState,
    ReferralDirection,
    ReferralState,
)
from casework.reports import (
    CaseSummaryDoc,
    NoteLine,
    ReferralDoc,
    ReferralLine,
    TaskLine,
    build_case_summary_pdf,
    build_plan_pdf,
    build_referral_pdf,
)
from casework.services import notes, plan_print, plans, referrals, sharing, tasks
from casework.services.context import ServiceContext
from casework.services.permissions import Permission

CLOSED_WITHOUT_SERVICE = frozenset(
    {ReferralState.DECLINED, ReferralState.WITHDRAWN, ReferralState.ENDED_UNSUCCESSFULLY}
)


@dataclass(frozen=True)
class Document:
    kind: str  # "plan", "referral", "summary"
    pdf: bytes
    # "reintegration-plan-v2_KE-2026-0042_en.pdf": the document, the case reference (a code,
    # not a name) and the language, so two saved files never look alike.
    suggested_name: str


# File names say what the document is in its own language (ASCII only, no spaces): Latin letters
# lose their accents; a language in another script (Arabic) keeps the English word, as ASCII
# names survive every file system, archive and e-mail client; the name ends with the language.
FILE_NAMES = {
    "plan": N_("reintegration-plan"),
    "referral": N_("referral-form"),
    "summary": N_("case-summary"),
}


def file_name(kind: str, lang: str, reference: str, number: int | None = None) -> str:
    """The suggested name of a saved PDF: document (and version or number), case reference,
    language. No personal data."""
    word = translator(lang).gettext(FILE_NAMES[kind])
    if not re.search("[A-Za-z]", _ascii(word)):
        word = FILE_NAMES[kind]
    if number is not None:
        word += f"-{'v' if kind == 'plan' else ''}{number}"
    parts = [word, reference, lang]
    text = "_".join(p for p in parts if p)
    return re.sub(r"[^A-Za-z0-9._-]+", "-", _ascii(text)).strip("-") + ".pdf"


def _ascii(text: str) -> str:
    """Latin letters without their accents; anything else dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValidationError({"lang": N_("Choose English, French or Arabic.")})


def is_workshop(ctx: ServiceContext) -> bool:
    return ctx.vault.meta("workshop") == "1"


def _case(ctx: ServiceContext, case_id: int) -> tuple[Case, str, bool]:
    """The case (if this user may print it), its caseworker's name, and restricted visibility."""
    ctx.require(Permission.PRINT)
    with ctx.read() as s:
        case = ctx.case_for_read(s, case_id)
        worker = s.get(User, case.caseworker_id) if case.caseworker_id else None
        s.expunge(case)
        return case, worker.display_name if worker else "", ctx.may_see_restricted(case)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _audit(ctx: ServiceContext, kind: str, case_id: int, lang: str, **details: object) -> None:
    with ctx.write() as uow:
        uow.audit("document.printed", "case", case_id, kind=kind, lang=lang, **details)


def plan_document(
    ctx: ServiceContext,
    case_id: int,
    lang: str,
    *,
    version: int | None = None,
    include_legal_name: bool = False,
) -> Document:
    """A plan version (the newest by default) for signature, in `lang`.

    Read in one transaction (plan_print), built, then audited: a failed audit write means no
    document."""
    check_lang(lang)
    printed = plan_print.read_plan(
        ctx, case_id, version, include_legal_name=include_legal_name, printed_at=_now()
    )
    pdf = build_plan_pdf(printed.doc, lang, workshop=printed.workshop)
    _audit(
        ctx,
        "plan",
        case_id,
        lang,
        version=printed.version,
        legal_name=include_legal_name,
        draft=printed.state is not PlanState.APPROVED,
    )
    return Document("plan", pdf, file_name("plan", lang, printed.reference, printed.version))


def referral_document(
    ctx: ServiceContext,
    referral_id: int,
    lang: str,
    *,
    include_restricted: bool = False,
    only: frozenset[InfoScope] | None = None,
) -> Document:
    """The form for the receiving organisation.

    Restricted details (identity, contact, legal situation) are printed only when the printing
    user may see them, explicitly asks, and the client's consent lets them go to that
    organisation today (casework.services.sharing.what_may_go). `only` narrows what is asked
    for (the CLI's --legal-name asks for identity only); asking for a kind the consent does not
    let go is refused, never printed silently without it.
    """
    check_lang(lang)
    detail = referrals.get_referral(ctx, referral_id)
    case, caseworker, restricted_ok = _case(ctx, detail.case_id)
    if detail.state is ReferralState.DRAFT:
        raise ValidationError({"state": N_("Send the referral before printing its form.")})
    if detail.direction is ReferralDirection.INCOMING:
        raise ValidationError(
            {
                "direction": N_(
                    "This referral was received from the partner: there is no form to send."
                )
            }
        )
    if detail.state in CLOSED_WITHOUT_SERVICE:
        raise ValidationError(
            {
                "state": N_(
                    "This referral was declined, withdrawn or ended: there is no form to send."
                )
            }
        )
    if include_restricted and not restricted_ok:
        raise PermissionDenied(N_("You may not print this client's restricted details."))
    with ctx.read() as s:
        scope = sharing.what_may_go(s, case.id, detail.to_org_id, on=ctx.today()).kinds
    if include_restricted and only is not None:
        if not only <= scope:
            raise PermissionDenied(
                N_(
                    "The client's consent does not let their identity go to this organisation: "
                    "the legal name cannot be printed on this referral form."
                )
            )
        scope = scope & only
    allowed = scope if include_restricted else frozenset()
    identity = InfoScope.IDENTITY in allowed
    contact = InfoScope.CONTACT in allowed
    legal = InfoScope.LEGAL in allowed
    doc = ReferralDoc(
        reference=case.reference,
        alias=case.alias,
        service=detail.service_type,
        sending_org=ctx.vault.meta("organisation"),
        receiving_org=detail.org_name,
        pathway_stage=detail.stage_name,
        purpose=detail.purpose,
        referral_date=(detail.sent_at or detail.created_at).date(),
        caseworker=caseworker,
        caseworker_contact="",
        printed_by=ctx.actor.display_name,
        printed_at=_now(),
        respond_by=detail.due_on,
        consent_scope=tuple(sorted(scope)),
        legal_name=case.legal_name or None if identity else None,
        date_of_birth=case.date_of_birth if identity else None,
        national_id=case.national_id or None if identity else None,
        address=case.address or None if contact else None,
        phone=case.phone or None if contact else None,
        legal_situation=(
            "\n".join(x for x in (case.offence_details, case.sentence_details) if x) or None
            if legal
            else None
        ),
    )
    pdf = build_referral_pdf(doc, lang, workshop=is_workshop(ctx))
    _audit(
        ctx,
        "referral",
        case.id,
        lang,
        referral=referral_id,
        scope=sorted(allowed),
        restricted=include_restricted,
    )
    return Document("referral", pdf, file_name("referral", lang, case.reference, referral_id))


def case_summary_document(
    ctx: ServiceContext, case_id: int, lang: str, *, include_legal_name: bool = False
) -> Document:
    """One case on paper for a case conference."""
    check_lang(lang)
    case, caseworker, restricted_ok = _case(ctx, case_id)
    if include_legal_name and not restricted_ok:
        raise PermissionDenied(N_("You may not print this client's legal name."))
    from casework.services import cases, pathway_position

    detail = cases.get_case(ctx, case_id)
    position = pathway_position.pathway_position(ctx, case_id)
    stage = next((p.stage.name for p in position.stages if p.current), "") if position else ""
    open_refs = referrals.list_referrals(
        ctx, referrals.ReferralQuery(case_id=case_id, open_only=True, limit=50)
    ).rows
    versions = plans.plan_versions(ctx, case_id)
    goal_counts: dict = {}
    if versions:
        for g in plans.get_plan(ctx, versions[0].id).goals:
            goal_counts[g.status] = goal_counts.get(g.status, 0) + 1
    recent = notes.timeline(ctx, case_id, limit=8).rows
    due = [t for t in tasks.case_tasks(ctx, case_id, include_done=False)]
    doc = CaseSummaryDoc(
        organisation=ctx.vault.meta("organisation"),
        reference=case.reference,
        alias=case.alias,
        status=case.status,
        category=case.category,
        custody_status=case.custody_status,
        caseworker=caseworker,
        pathway_stage=stage or detail.stage_name,
        open_referrals=tuple(
            ReferralLine(
                service=r.service_type,
                organisation=r.org_name,
                state=r.state,
                sent_on=r.sent_at.date() if r.sent_at else None,
                due_on=r.due_on,
                overdue=r.overdue,
            )
            for r in open_refs
        ),
        plan_version=versions[0].version if versions else None,
        plan_state=versions[0].state if versions else None,
        goal_counts=tuple(goal_counts.items()),
        recent_notes=tuple(
            NoteLine(on=n.occurred_on, kind=n.kind, summary=n.body)
            for n in recent
            if not n.masked and not n.restricted
        ),
        tasks_due=tuple(
            TaskLine(due_on=t.due_on, title=t.title, assignee=t.assignee_name, overdue=t.overdue)
            for t in due
        ),
        printed_by=ctx.actor.display_name,
        printed_at=_now(),
        legal_name=case.legal_name if include_legal_name else None,
    )
    pdf = build_case_summary_pdf(doc, lang, workshop=is_workshop(ctx))
    _audit(ctx, "summary", case_id, lang, legal_name=include_legal_name)
    return Document("summary", pdf, file_name("summary", lang, case.reference))


def record_unencrypted_save(ctx: ServiceContext, kind: str, case_id: int | None) -> None:
    """A PDF was saved to disk, outside the vault: the audit trail must say so."""
    with ctx.write() as uow:
        uow.audit("document.saved_unencrypted", "case", case_id, kind=kind)
