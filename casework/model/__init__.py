"""The domain model: typed ORM classes, enums and lifecycle rules. No Qt here."""

from importlib import import_module
from typing import TYPE_CHECKING

# The ORM classes load SQLAlchemy; importing casework.model.enums (for labels) must not, so the
# login window can show before SQLAlchemy is imported. Names resolve on first use (PEP 562).
_WHERE = {
    "AuditEvent": "audit",
    "VaultMeta": "audit",
    "Base": "base",
    "RESTRICTED_CASE_FIELDS": "cases",
    "Case": "cases",
    "CaseHandover": "cases",
    "Consent": "cases",
    "ExternalAssessment": "cases",
    "Note": "cases",
    "ProfessionalJudgement": "cases",
    "RiskObservation": "cases",
    "Task": "cases",
    "OwnKey": "exchange",
    "PartnerKey": "exchange",
    "ExchangePacket": "exchange",
    "ReferralLink": "exchange",
    "Organisation": "directory",
    "OrganisationService": "directory",
    "Pathway": "directory",
    "PathwayStage": "directory",
    "Goal": "plans",
    "GoalAction": "plans",
    "Plan": "plans",
    "PlanReview": "plans",
    "PlanReviewDate": "plans",
    "Referral": "referrals",
    "RetentionRule": "retention",
    "Anonymisation": "retention",
    "ReferralEvent": "referrals",
    "Draft": "users",
    "User": "users",
    "UserRole": "users",
    "UserSetting": "users",
}


def __getattr__(name: str) -> object:
    if name in _WHERE:
        # Every mapped class must be registered before any mapper is used: load them all.
        for module in sorted(set(_WHERE.values())):
            import_module(f"casework.model.{module}")
        value = getattr(import_module(f"casework.model.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(name)


if TYPE_CHECKING:
    from casework.model.audit import AuditEvent, VaultMeta
    from casework.model.base import Base
    from casework.model.cases import (
        RESTRICTED_CASE_FIELDS,
        Case,
        CaseHandover,
        Consent,
        ExternalAssessment,
        Note,
        ProfessionalJudgement,
        RiskObservation,
        Task,
    )
    from casework.model.directory import Organisation, OrganisationService, Pathway, PathwayStage
    from casework.model.exchange import ExchangePacket, OwnKey, PartnerKey, ReferralLink
    from casework.model.plans import Goal, GoalAction, Plan, PlanReview, PlanReviewDate
    from casework.model.referrals import Referral, ReferralEvent
    from casework.model.retention import Anonymisation, RetentionRule
    from casework.model.users import Draft, User, UserRole, UserSetting

__all__ = [
    "RESTRICTED_CASE_FIELDS",
    "Anonymisation",
    "AuditEvent",
    "Base",
    "Case",
    "CaseHandover",
    "Consent",
    "Draft",
    "ExchangePacket",
    "ExternalAssessment",
    "Goal",
    "GoalAction",
    "Note",
    "Organisation",
    "OwnKey",
    "PartnerKey",
    "OrganisationService",
    "Pathway",
    "PathwayStage",
    "Plan",
    "PlanReview",
    "PlanReviewDate",
    "ProfessionalJudgement",
    "Referral",
    "ReferralEvent",
    "ReferralLink",
    "RetentionRule",
    "RiskObservation",
    "Task",
    "User",
    "UserRole",
    "UserSetting",
    "VaultMeta",
]
