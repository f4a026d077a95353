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
    "pathway.created": N_("Pathway created"),
    "pathway.updated": N_("Pathway changed"),
    "pathway.stage_added": N_("Stage added"),
    "pathway.stage_updated": N_("Stage changed"),
    "pathway.stage_removed": N_("Stage removed"),
    "pathway.stages_reordered": N_("Stages reordered"),
    "document.printed": N_("Document printed"),
    "document.saved_unencrypted": N_("Unencrypted PDF saved"),
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
}


def action_label(code: str) -> str:
    """The translated name of an action; an unknown code is shown as it is."""
    msgid = ACTIONS.get(code)
    return _(msgid) if msgid else code


def record_label(entity: str, entity_id: int | None, reference: str = "") -> str:
    if not entity:
        return ""
    name = _(RECORDS[entity]) if entity in RECORDS else entity
    if reference:
        return f"{name} {reference}"
    return f"{name} {entity_id}" if entity_id is not None else name


def details_text(details: str) -> str:
    """`{"fields": ["alias"]}` → `fields: alias`; an empty object → nothing."""
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
    parts = []
    for key, value in data.items():
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def _refusal_text(data: dict[str, object]) -> str:
    text = _(str(data["reason"]))
    permission = PERMISSIONS.get(str(data.get("permission", "")))
    if permission:
        text += " " + _("(needs the right to {what})").format(what=_(permission))
    return text
