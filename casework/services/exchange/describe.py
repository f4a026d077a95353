"""What a packet carries, as (label, value) lines in the active language.

The send preview, the import preview and the CLI all show these same lines, so what the user
approves is exactly what travels (absent parts are said to be absent, not silently skipped).
"""

from __future__ import annotations

from casework.exchange.content import AnswerContent, ReferralContent
from casework.i18n import _, country_name, format_date, format_datetime
from casework.model.enums import InfoScope, ReferralAction, ReferralState
from casework.model.labels import label

Line = tuple[str, str]  # ("" , text) is a section heading
STATE_AFTER = {
    ReferralAction.ACCEPT: ReferralState.ACCEPTED,
    ReferralAction.DECLINE: ReferralState.DECLINED,
    ReferralAction.COMPLETE: ReferralState.COMPLETED,
    ReferralAction.END_UNSUCCESSFULLY: ReferralState.ENDED_UNSUCCESSFULLY,
}


def _country(code: str) -> str:
    return country_name(code) or "—"


def _date(value) -> str:  # noqa: ANN001
    return format_date(value) if value else "—"


def referral_lines(content: ReferralContent) -> list[Line]:
    c = content.client
    lines: list[Line] = [
        ("", _("Referral")),
        (_("From"), content.organisation),
        (_("Service"), label(content.service)),
        (_("Reason"), content.reason or "—"),
        (_("Pathway stage"), content.stage or "—"),
        (_("Expected response"), _("{days} days").format(days=content.expected_response_days)),
        (_("Sent on"), _date(content.sent_on)),
        (_("Caseworker"), content.caseworker or "—"),
        (_("Contact"), content.contact or "—"),
        ("", _("Client")),
        (_("Sender's case reference"), c.reference),
        (_("Category"), label(c.category)),
        (_("Minor"), _("Yes") if c.is_minor else _("No")),
        (
            _("Consent covers"),
            ", ".join(label(s) for s in InfoScope if s in c.scopes) or _("nothing"),
        ),
    ]
    if c.identity:
        i = c.identity
        lines += [
            (_("Alias"), i.alias),
            (_("Other aliases"), i.other_aliases or "—"),
            (_("Legal name"), i.legal_name or "—"),
            (_("Date of birth"), _date(i.date_of_birth)),
            (_("National ID"), i.national_id or "—"),
            (_("Guardian"), i.guardian_name or "—"),
        ]
    else:
        lines.append((_("Identity"), _("not shared (no consent)")))
    if c.contact:
        lines += [
            (_("Country"), _country(c.contact.country)),
            (_("Locality"), c.contact.locality or "—"),
            (_("Address"), c.contact.address or "—"),
            (_("Phone"), c.contact.phone or "—"),
        ]
    else:
        lines.append((_("Contact details"), _("not shared (no consent)")))
    if c.legal:
        lines += [
            (_("Custody status"), label(c.legal.custody_status)),
            (_("Release date"), _date(c.legal.release_date)),
            (_("Offence"), c.legal.offence_details or "—"),
            (_("Sentence"), c.legal.sentence_details or "—"),
        ]
    else:
        lines.append((_("Legal status"), _("not shared (no consent)")))
    if c.plan:
        lines.append(("", _("Plan extract (version {n})").format(n=c.plan.version)))
        if c.plan.aspirations:
            lines.append((_("Aspirations"), c.plan.aspirations))
        lines += [(label(g.domain), f"{g.goal} ({label(g.status)})") for g in c.plan.goals]
    else:
        lines.append((_("Plan"), _("not shared (no consent, or no approved plan)")))
    return lines


def answer_lines(content: AnswerContent) -> list[Line]:
    heading = _("Answer from {organisation}").format(organisation=content.organisation)
    lines: list[Line] = [("", heading)]
    for step in content.steps:
        when = f"{format_datetime(step.at)} — {step.by or '—'}"
        lines.append((label(STATE_AFTER[step.action]), when))
        if step.decline_reason:
            lines.append((_("Reason"), label(step.decline_reason)))
        if step.reason:
            lines.append((_("Reason"), step.reason))
        if step.outcome:
            lines.append((_("Outcome"), step.outcome))
        if step.expected_end_on:
            lines.append((_("Expected end"), _date(step.expected_end_on)))
    return lines


def as_text(lines: list[Line]) -> str:
    out = []
    for name, value in lines:
        if not name:
            out.append(f"\n{value}")
        else:
            out.append(f"  {name}: {value}")
    return "\n".join(out).strip("\n")
