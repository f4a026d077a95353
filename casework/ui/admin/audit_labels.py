"""Readable, translated names for the audit trail's technical action codes and record kinds."""

from __future__ import annotations

import json

from casework.i18n import N_, _

ACTIONS: dict[str, str] = {
    "login.succeeded": N_("Logged in"),
    "login.failed": N_("Wrong passwords before this login"),
    "login.recovery_key": N_("Opened with the recovery key"),
    "user.created": N_("User added"),
    "user.updated": N_("User changed"),
    "user.removed": N_("User removed"),
    "user.password_changed": N_("Own password changed"),
    "user.password_reset": N_("Password reset"),
    "vault.created": N_("Vault created"),
    "vault.backup": N_("Backup written"),
    "vault.restored_copy": N_("Backup restored into another folder"),
    "vault.key_rotated": N_("Vault key replaced"),
    "vault.key_shown": N_("Raw key shown"),
    "audit.verified": N_("Audit trail verified"),
    "case.created": N_("Case created"),
    "case.opened": N_("Case opened"),
    "case.updated": N_("Case changed"),
    "case.assigned": N_("Case assigned or transferred"),
    "case.stage_changed": N_("Pathway stage changed"),
    "case.restricted_viewed": N_("Restricted notes shown"),
    "case.activate": N_("Case activated"),
    "case.hold": N_("Case put on hold"),
    "case.resume": N_("Case resumed"),
    "case.close": N_("Case closed"),
    "case.reopen": N_("Case reopened"),
    "consent.recorded": N_("Consent recorded"),
    "consent.withdrawn": N_("Consent withdrawn"),
    "referral.created": N_("Referral drafted"),
    "referral.updated": N_("Referral draft changed"),
    "referral.sent": N_("Referral sent"),
    "referral.accepted": N_("Referral accepted"),
    "referral.declined": N_("Referral declined"),
    "referral.completed": N_("Referral completed"),
    "referral.withdrawn": N_("Referral withdrawn"),
    "referral.ended_unsuccessfully": N_("Referral ended unsuccessfully"),
    "referral.consent_override": N_("Sent without consent (supervisor override)"),
    "referral.expected_end_changed": N_("Referral expected end changed"),
    "plan.created": N_("Plan started"),
    "plan.updated": N_("Plan aspirations changed"),
    "plan.goal_added": N_("Goal added"),
    "plan.goal_updated": N_("Goal changed"),
    "plan.goal_removed": N_("Goal removed"),
    "plan.goal_status": N_("Goal status changed"),
    "plan.goals_reordered": N_("Goals reordered"),
    "plan.action_added": N_("Action added"),
    "plan.action_updated": N_("Action changed"),
    "plan.action_removed": N_("Action removed"),
    "plan.action_status": N_("Action status changed"),
    "plan.actions_reordered": N_("Actions reordered"),
    "plan.submitted": N_("Plan submitted for approval"),
    "plan.approved": N_("Plan approved"),
    "plan.returned": N_("Plan returned for changes"),
    "plan.reopen_draft": N_("Plan reopened as draft"),
    "plan.superseded": N_("Plan superseded"),
    "plan.review_scheduled": N_("Review scheduled"),
    "plan.review_unscheduled": N_("Review date removed"),
    "plan.review_recorded": N_("Review recorded"),
    "note.added": N_("Note added"),
    "note.updated": N_("Note changed"),
    "task.created": N_("Task added"),
    "task.updated": N_("Task changed"),
    "task.completed": N_("Task done"),
    "task.reopened": N_("Task reopened"),
    "observation.added": N_("Observation added"),
    "observation.updated": N_("Observation changed"),
    "judgement.added": N_("Professional judgement added"),
    "judgement.reviewer_set": N_("Second reviewer set"),
    "judgement.client_response": N_("Client's response recorded"),
    "judgement.signed_off": N_("Judgement signed off by its second reviewer"),
    "retention.rule_set": N_("Retention schedule changed"),
    "case.anonymisation_requested": N_("Anonymisation asked for"),
    "case.anonymisation_cancelled": N_("Anonymisation request cancelled"),
    "case.anonymised": N_("Case anonymised"),
    "assessment.added": N_("External assessment recorded"),
    "organisation.created": N_("Organisation added"),
    "organisation.updated": N_("Organisation changed"),
    "organisation.deleted": N_("Organisation deleted"),
    "organisation.activated": N_("Organisation reactivated"),
    "organisation.deactivated": N_("Organisation deactivated"),
    "pathway.created": N_("Pathway created"),
    "pathway.updated": N_("Pathway changed"),
    "pathway.stage_added": N_("Stage added"),
    "pathway.stage_updated": N_("Stage changed"),
    "pathway.stage_removed": N_("Stage removed"),
    "pathway.stages_reordered": N_("Stages reordered"),
    "document.printed": N_("Document printed"),
    "document.saved_unencrypted": N_("Unencrypted PDF saved"),
    "referral.received": N_("Incoming referral recorded"),
    "exchange.referral_written": N_("Referral sent as a file to a partner"),
    "exchange.referral_imported": N_("Referral file from a partner recorded"),
    "exchange.answer_written": N_("Answer sent as a file to a partner"),
    "exchange.answer_imported": N_("Partner's answer file recorded"),
    "exchange.card_exported": N_("Organisation card saved"),
    "exchange.card_printed": N_("Organisation card printed"),
    "exchange.card_imported": N_("Partner's organisation card imported"),
    "exchange.partner_verified": N_("Partner's fingerprint verified"),
    "exchange.key_handed": N_("Organisation's private key handed out by the office server"),
    "directory.exported": N_("Service directory exported (HSDS)"),
    "directory.imported": N_("Service directory changes imported (HSDS)"),
    "statistics.viewed": N_("Statistics viewed"),
    "statistics.exported": N_("Statistics exported (CSV)"),
    "workshop.created": N_("Workshop data created"),
    "workshop.bulk_loaded": N_("Fictional data loaded in bulk"),
    "access.refused": N_("Refused (not permitted)"),
    "vault.four_eyes_changed": N_("Four-eyes rule for plan approval changed"),
    "workshop.exercise_reset": N_("Training exercise reset to its fictional data"),
}

# What a refused user lacked (`access.refused` details), in words.
PERMISSIONS: dict[str, str] = {
    "view_assigned_cases": N_("see their own cases"),
    "view_all_cases": N_("see every case"),
    "edit_case_records": N_("write case records"),
    "approve_plans": N_("approve or return plans"),
    "close_reopen_cases": N_("close or reopen cases"),
    "assign_cases": N_("assign cases"),
    "consent_override": N_("send without consent"),
    "print": N_("print"),
    "export_aggregate": N_("export aggregated figures"),
    "manage_users": N_("manage users"),
    "backup": N_("make backups"),
    "manage_directory": N_("manage the directory"),
    "read_audit": N_("read the audit log"),
    "verify_audit": N_("verify the audit trail"),
    "statistics": N_("see statistics"),
    "show_key": N_("show the raw key"),
}

RECORDS: dict[str, str] = {
    "case": N_("Case"),
    "user": N_("User"),
    "vault": N_("Vault"),
    "referral": N_("Referral"),
    "plan": N_("Plan"),
    "goal": N_("Goal"),
    "action": N_("Action"),
    "note": N_("Note"),
    "task": N_("Task"),
    "consent": N_("Consent"),
    "organisation": N_("Organisation"),
    "pathway": N_("Pathway"),
    "stage": N_("Stage"),
    "observation": N_("Observation"),
    "judgement": N_("Professional judgement"),
    "assessment": N_("External assessment"),
    "exchange_key": N_("Organisation key"),
}

# Why the office server handed out an organisation key (`exchange.key_handed` details).
KEY_STEPS: dict[str, str] = {
    "seal": N_("to seal a file for a partner"),
    "open": N_("to open a partner's file"),
    "card": N_("to sign our organisation card"),
}


# What each key of an event's details means.
DETAIL_KEYS: dict[str, str] = {
    "case": N_("Case"),
    "fields": N_("Fields changed"),
    "status": N_("Status"),
    "close_reason": N_("Reason"),
    "previous": N_("Previous caseworker"),
    "to": N_("New caseworker"),
    "stage": N_("Stage"),
    "stages": N_("Stages"),
    "order": N_("New order"),
    "purpose": N_("Purpose"),
    "recipient": N_("Recipient"),
    "scope": N_("Information"),
    "method": N_("Recorded by"),
    "org_type": N_("Type"),
    "services": N_("Services"),
    "organisation": N_("Organisation"),
    "org": N_("Organisation"),
    "kind": N_("Kind"),
    "lang": N_("Language"),
    "restricted": N_("Restricted"),
    "part": N_("Part"),
    "goal": N_("Goal no."),
    "goal_action": N_("Action no."),
    "domain": N_("Domain"),
    "version": N_("Version"),
    "copy_of": N_("Copy of plan no."),
    "by_plan": N_("Replaced by plan no."),
    "review": N_("Review no."),
    "review_date": N_("Review date"),
    "referral": N_("Referral no."),
    "step": N_("Step"),
    "keys": N_("Keys"),
    "decline_reason": N_("Reason"),
    "gap": N_("Missing consent"),
    "expected_end_on": N_("Expected end"),
    "due_on": N_("Answer due"),
    "consent_override": N_("Consent override"),
    "assignee": N_("Assigned to"),
    "second_reviewer": N_("Second reviewer"),
    "direction": N_("Direction"),
    "roles": N_("Roles"),
    "size": N_("Size (bytes)"),
    "ok": N_("Result"),
    "legal_name": N_("Legal name printed"),
    "draft": N_("Draft"),
}

# Names of record fields listed under "Fields changed".
FIELD_NAMES: dict[str, str] = {
    "alias": N_("Alias or display name"),
    "other_aliases": N_("Other aliases"),
    "category": N_("Category"),
    "custody_status": N_("Custody status"),
    "release_date": N_("Release date"),
    "country": N_("Country"),
    "locality": N_("Locality"),
    "pathway_id": N_("Pathway"),
    "current_stage_id": N_("Stage"),
    "caseworker_id": N_("Caseworker"),
    "is_minor": N_("Minor"),
    "guardian_name": N_("Guardian"),
    "best_interests_note": N_("Best-interests note"),
    "legal_name": N_("Legal name"),
    "date_of_birth": N_("Date of birth"),
    "national_id": N_("National ID"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "offence_details": N_("Offence"),
    "sentence_details": N_("Sentence"),
    "aspirations": N_("Aspirations"),
    "need": N_("Need"),
    "goal": N_("Goal"),
    "term": N_("Term"),
    "description": N_("Description"),
    "due_on": N_("Due"),
    "title": N_("Title"),
    "details": N_("Details"),
    "body": N_("Text"),
    "kind": N_("Kind"),
    "occurred_on": N_("Date"),
    "restricted": N_("Restricted"),
    "name": N_("Name"),
    "evidence": N_("Evidence"),
    "source": N_("Source"),
    "confidence": N_("Confidence"),
    "service_type": N_("Service"),
    "purpose": N_("Purpose"),
    "organisation_id": N_("Organisation"),
    "responsible_org_id": N_("Organisation"),
    "responsible_person": N_("Responsible person"),
}

DOCUMENT_KINDS: dict[str, str] = {
    "plan": N_("Reintegration plan"),
    "referral": N_("Referral form"),
    "summary": N_("Case summary"),
}


def _enum_label(key: str, value: str) -> str | None:
    from casework.model import enums
    from casework.model.labels import label

    by_key: dict[str, tuple[type, ...]] = {
        "status": (enums.CaseStatus, enums.GoalStatus, enums.ActionStatus, enums.PlanState),
        "close_reason": (enums.CloseReason,),
        "purpose": (enums.ConsentPurpose,),
        "scope": (enums.InfoScope,),
        "method": (enums.ConsentMethod,),
        "org_type": (enums.OrgType,),
        "services": (enums.ServiceType,),
        "kind": (enums.NoteKind,),
        "domain": (enums.LifeDomain, enums.RiskDomain),
        "step": (enums.ReferralAction,),
        "decline_reason": (enums.DeclineReason,),
        "direction": (enums.Direction, enums.ReferralDirection),
        "roles": (enums.Role,),
        "gap": (enums.InfoScope,),
    }
    for enum_type in by_key.get(key, ()):
        try:
            return label(enum_type(value))
        except ValueError:
            continue
    return None


def _value_text(key: str, value: object) -> str:
    from casework.i18n import LANGUAGES

    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_value_text(key, v) for v in value)
    text = str(value)
    if key == "fields":
        return _(FIELD_NAMES[text]) if text in FIELD_NAMES else text.replace("_", " ")
    if key == "lang" and text in LANGUAGES:
        return LANGUAGES[text]
    if key == "kind" and text in DOCUMENT_KINDS:
        return _(DOCUMENT_KINDS[text])
    if key == "ok":
        return _("no problem found") if value else _("problems found")
    if key == "step" and text in KEY_STEPS:
        return _(KEY_STEPS[text])
    return _enum_label(key, text) or text


def action_label(code: str) -> str:
    """The translated name of an action; an unknown code is shown as it is."""
    msgid = ACTIONS.get(code)
    return _(msgid) if msgid else code


def record_label(entity: str, entity_id: int | None, reference: str = "") -> str:
    """ "Case KE-2026-0042", "Referral · KE-2026-0042" (the case it belongs to): a user knows
    a case by its reference, never by a database id."""
    if not entity:
        return ""
    name = _(RECORDS[entity]) if entity in RECORDS else entity
    if reference:
        return f"{name} {reference}" if entity == "case" else f"{name} · {reference}"
    return f"{name} {entity_id}" if entity_id is not None else name


def details_text(details: str, names: dict[str, str] | None = None) -> str:
    """`{"fields": ["alias"], "restricted": false}` → "Fields changed: Alias or display name;
    Restricted: no", in words; ids are given by name (`names`: key → case reference, user or
    organisation name); an empty object → nothing."""
    try:
        data = json.loads(details)
    except (TypeError, ValueError):
        return details
    if not isinstance(data, dict):
        return details
    if "reason" in data:  # a refusal: its reason is a message of the catalogue
        return _refusal_text(data)
    if "four_eyes" in data:
        return _("on") if data["four_eyes"] else _("off")
    names = names or {}
    parts = []
    for key, value in data.items():
        if value in (None, "", [], {}):
            continue
        label = _(DETAIL_KEYS[key]) if key in DETAIL_KEYS else key.replace("_", " ")
        text = names[key] if key in names else _value_text(key, value)
        parts.append(_("{label}: {value}").format(label=label, value=text))
    return "; ".join(parts)


def _refusal_text(data: dict[str, object]) -> str:
    text = _(str(data["reason"]))
    permission = PERMISSIONS.get(str(data.get("permission", "")))
    if permission:
        text += " " + _("(needs the right to {what})").format(what=_(permission))
    return text
