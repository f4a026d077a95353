"""The domain model: typed ORM classes, enums and lifecycle rules. No Qt here."""

from casework.model.audit import AuditEvent, VaultMeta
from casework.model.base import Base
from casework.model.cases import (
    RESTRICTED_CASE_FIELDS,
    Case,
    Consent,
    ExternalAssessment,
    Note,
    ProfessionalJudgement,
    RiskObservation,
    Task,
)
from casework.model.directory import Organisation, OrganisationService, Pathway, PathwayStage
from casework.model.plans import Goal, GoalAction, Plan, PlanReview, PlanReviewDate
from casework.model.referrals import Referral, ReferralEvent
from casework.model.users import Draft, User, UserRole, UserSetting

__all__ = [
    "RESTRICTED_CASE_FIELDS",
    "AuditEvent",
    "Base",
    "Case",
    "Consent",
    "Draft",
    "ExternalAssessment",
    "Goal",
    "GoalAction",
    "Note",
    "Organisation",
    "OrganisationService",
    "Pathway",
    "PathwayStage",
    "Plan",
    "PlanReview",
    "PlanReviewDate",
    "ProfessionalJudgement",
    "Referral",
    "ReferralEvent",
    "RiskObservation",
    "Task",
    "User",
    "UserRole",
    "UserSetting",
    "VaultMeta",
]
