"""The domain's enumerations; their translated labels are in labels.py."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"
    ME_OFFICER = "me_officer"


class Subregion(StrEnum):
    SAHEL_MAGHREB = "sahel_maghreb"
    GREATER_HORN = "greater_horn"
    SOUTHEAST_ASIA = "southeast_asia"


class CaseStatus(StrEnum):
    INTAKE = "intake"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


class CaseAction(StrEnum):
    ACTIVATE = "activate"
    HOLD = "hold"
    RESUME = "resume"
    CLOSE = "close"
    REOPEN = "reopen"


class ClientCategory(StrEnum):
    RELEASED_OFFENDER = "released_offender"
    RETURNEE_FTF = "returnee_ftf"
    FAMILY_MEMBER = "family_member"
    CHILD = "child"
    DISENGAGED = "disengaged"


class CustodyStatus(StrEnum):
    IN_CUSTODY = "in_custody"
    RELEASED = "released"
    ON_PROBATION = "on_probation"
    RETURNED = "returned"


class CloseReason(StrEnum):
    PLAN_COMPLETED = "plan_completed"
    TRANSFERRED = "transferred"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    RELOCATED = "relocated"
    REARRESTED = "rearrested"
    DECEASED = "deceased"
    OTHER = "other"


class OrgType(StrEnum):
    PRISON_SERVICE = "prison_service"
    PROBATION = "probation"
    POLICE = "police"
    COURT = "court"
    GOVERNMENT = "government"
    CSO = "cso"
    FAITH_BASED = "faith_based"
    RELIGIOUS_LEADER = "religious_leader"
    COMMUNITY_LEADER = "community_leader"
    FAMILY = "family"
    WOMENS_GROUP = "womens_group"
    YOUTH_GROUP = "youth_group"
    VICTIMS_ASSOCIATION = "victims_association"
    SCHOOL = "school"
    VOCATIONAL_TRAINING = "vocational_training"
    EMPLOYER = "employer"
    HEALTH = "health"
    LEGAL_AID = "legal_aid"
    MEDIA = "media"
    INTERNATIONAL = "international"


class ServiceType(StrEnum):
    PSYCHOSOCIAL = "psychosocial"
    MENTAL_HEALTH = "mental_health"
    RELIGIOUS_DIALOGUE = "religious_dialogue"
    FAMILY_SUPPORT = "family_support"
    EDUCATION = "education"
    VOCATIONAL_TRAINING = "vocational_training"
    EMPLOYMENT = "employment"
    HOUSING = "housing"
    LEGAL_AID = "legal_aid"
    MEDICAL = "medical"
    SUBSTANCE_USE = "substance_use"
    PEER_MENTORING = "peer_mentoring"
    RECONCILIATION = "reconciliation"
    SPORT_CULTURE = "sport_culture"
    CHILD_PROTECTION = "child_protection"


class ReferralState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    COMPLETED = "completed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    ENDED_UNSUCCESSFULLY = "ended_unsuccessfully"


class ReferralDirection(StrEnum):
    OUTGOING = "outgoing"  # made by this organisation
    INCOMING = "incoming"  # received from a partner, to be answered here


class PartnerStatus(StrEnum):
    """An imported organisation card: trusted only once its fingerprint was compared."""

    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    REPLACED = "replaced"  # the partner changed keys; kept so old packets stay readable


class ReferralAction(StrEnum):
    SEND = "send"
    ACCEPT = "accept"
    DECLINE = "decline"
    COMPLETE = "complete"
    END_UNSUCCESSFULLY = "end_unsuccessfully"
    WITHDRAW = "withdraw"


class DeclineReason(StrEnum):
    NO_CAPACITY = "no_capacity"
    NOT_ELIGIBLE = "not_eligible"
    SAFETY_CONCERN = "safety_concern"
    CLIENT_REFUSED = "client_refused"
    OTHER = "other"


class PlanState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    SUPERSEDED = "superseded"


class PlanAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REOPEN_DRAFT = "reopen_draft"
    SUPERSEDE = "supersede"


class LifeDomain(StrEnum):
    HOUSING = "housing"
    EMPLOYMENT = "employment"
    EDUCATION = "education"
    FAMILY = "family"
    PHYSICAL_HEALTH = "physical_health"
    MENTAL_HEALTH = "mental_health"
    IDENTITY = "identity"
    SOCIAL_NETWORK = "social_network"
    LEGAL = "legal"
    FINANCES = "finances"
    SAFETY = "safety"
    VICTIMS_COMMUNITY = "victims_community"


class RiskDomain(StrEnum):
    """Plan domains plus the three extra observation domains of DOMAIN.md."""

    HOUSING = "housing"
    EMPLOYMENT = "employment"
    EDUCATION = "education"
    FAMILY = "family"
    PHYSICAL_HEALTH = "physical_health"
    MENTAL_HEALTH = "mental_health"
    IDENTITY = "identity"
    SOCIAL_NETWORK = "social_network"
    LEGAL = "legal"
    FINANCES = "finances"
    SAFETY = "safety"
    VICTIMS_COMMUNITY = "victims_community"
    GROUP_TIES = "group_ties"
    GRIEVANCES = "grievances"
    PERSONAL_CIRCUMSTANCES = "personal_circumstances"


class GoalTerm(StrEnum):
    SHORT = "short"
    LONG = "long"


class GoalStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    DROPPED = "dropped"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class NoteKind(StrEnum):
    CONTACT = "contact"
    HOME_VISIT = "home_visit"
    PHONE_CALL = "phone_call"
    CASE_CONFERENCE = "case_conference"
    INCIDENT = "incident"
    OTHER = "other"


class ConsentPurpose(StrEnum):
    DATA_PROCESSING = "data_processing"
    INFORMATION_SHARING = "information_sharing"
    PHOTO = "photo"


class InfoScope(StrEnum):
    """Kinds of information a consent may cover."""

    IDENTITY = "identity"
    CONTACT = "contact"
    LEGAL = "legal"
    HEALTH = "health"
    PLAN = "plan"
    NOTES = "notes"


class ConsentMethod(StrEnum):
    SIGNED_FORM = "signed_form"
    VERBAL_WITNESSED = "verbal_witnessed"


class Direction(StrEnum):
    CONCERN = "concern"
    STRENGTH = "strength"


class Confidence(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Change(StrEnum):
    NEW = "new"
    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    WORSENED = "worsened"
