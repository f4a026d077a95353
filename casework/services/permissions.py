"""The role matrix of DOMAIN.md as data, and the checks services make against it."""

from __future__ import annotations

from enum import StrEnum

from casework.model.enums import Role


class Permission(StrEnum):
    VIEW_ASSIGNED_CASES = "view_assigned_cases"
    VIEW_ALL_CASES = "view_all_cases"
    EDIT_CASE_RECORDS = "edit_case_records"  # cases, notes, consents, tasks, plan drafts, referrals
    APPROVE_PLANS = "approve_plans"
    CLOSE_REOPEN_CASES = "close_reopen_cases"
    ASSIGN_CASES = "assign_cases"
    CONSENT_OVERRIDE = "consent_override"
    PRINT = "print"
    EXPORT_AGGREGATE = "export_aggregate"
    MANAGE_USERS = "manage_users"
    BACKUP = "backup"
    MANAGE_DIRECTORY = "manage_directory"
    READ_AUDIT = "read_audit"
    VERIFY_AUDIT = "verify_audit"
    STATISTICS = "statistics"
    SHOW_KEY = "show_key"
    MANAGE_RETENTION = "manage_retention"  # set the retention schedule
    ANONYMISE = "anonymise"  # list cases due, ask for or confirm an anonymisation
    VERIFY_PARTNERS = "verify_partners"  # mark a partner's organisation card as verified


P = Permission

MATRIX: dict[Role, frozenset[Permission]] = {
    Role.CASEWORKER: frozenset({P.VIEW_ASSIGNED_CASES, P.EDIT_CASE_RECORDS, P.PRINT}),
    Role.SUPERVISOR: frozenset(
        {
            P.VIEW_ASSIGNED_CASES,
            P.VIEW_ALL_CASES,
            P.EDIT_CASE_RECORDS,
            P.APPROVE_PLANS,
            P.CLOSE_REOPEN_CASES,
            P.ASSIGN_CASES,
            P.CONSENT_OVERRIDE,
            P.PRINT,
            P.EXPORT_AGGREGATE,
            P.MANAGE_DIRECTORY,
            P.READ_AUDIT,
            P.STATISTICS,
            P.ANONYMISE,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {
            P.MANAGE_USERS,
            P.BACKUP,
            P.MANAGE_DIRECTORY,
            P.READ_AUDIT,
            P.VERIFY_AUDIT,
            P.SHOW_KEY,
            P.MANAGE_RETENTION,
            P.ANONYMISE,
            P.VERIFY_PARTNERS,
        }
    ),
    Role.ME_OFFICER: frozenset({P.EXPORT_AGGREGATE, P.STATISTICS}),
}


def permissions_of(roles: frozenset[Role]) -> frozenset[Permission]:
    out: set[Permission] = set()
    for role in roles:
        out |= MATRIX[role]
    return frozenset(out)
