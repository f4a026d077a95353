"""The domain's enumerations and their translated labels (the one place labels come from)."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from casework.i18n import N_, current_language, translator


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


_LABEL_PAIRS: list[tuple[StrEnum, str]] = [
    (Role.CASEWORKER, N_("Caseworker")),
    (Role.SUPERVISOR, N_("Supervisor")),
    (Role.ADMINISTRATOR, N_("Administrator")),
    (Role.ME_OFFICER, N_("M&E officer")),
    (Subregion.SAHEL_MAGHREB, N_("Sahel-Maghreb")),
    (Subregion.GREATER_HORN, N_("Greater Horn of Africa")),
    (Subregion.SOUTHEAST_ASIA, N_("Southeast Asia")),
    (CaseStatus.INTAKE, N_("Intake")),
    (CaseStatus.ACTIVE, N_("Active")),
    (CaseStatus.ON_HOLD, N_("On hold")),
    (CaseStatus.CLOSED, N_("Closed")),
    (CaseAction.ACTIVATE, N_("Activate")),
    (CaseAction.HOLD, N_("Put on hold")),
    (CaseAction.RESUME, N_("Resume")),
    (CaseAction.CLOSE, N_("Close case")),
    (CaseAction.REOPEN, N_("Reopen")),
    (ClientCategory.RELEASED_OFFENDER, N_("Released offender")),
    (ClientCategory.RETURNEE_FTF, N_("Returnee")),
    (ClientCategory.FAMILY_MEMBER, N_("Family member of a returnee")),
    (ClientCategory.CHILD, N_("Child (minor)")),
    (ClientCategory.DISENGAGED, N_("Disengaged person")),
    (CustodyStatus.IN_CUSTODY, N_("In custody (pre-release)")),
    (CustodyStatus.RELEASED, N_("Released")),
    (CustodyStatus.ON_PROBATION, N_("On probation or licence")),
    (CustodyStatus.RETURNED, N_("Returned")),
    (CloseReason.PLAN_COMPLETED, N_("Plan completed")),
    (CloseReason.TRANSFERRED, N_("Transferred to another organisation")),
    (CloseReason.CONSENT_WITHDRAWN, N_("Client withdrew consent")),
    (CloseReason.RELOCATED, N_("Relocated")),
    (CloseReason.REARRESTED, N_("Re-arrested")),
    (CloseReason.DECEASED, N_("Deceased")),
    (CloseReason.OTHER, N_("Other")),
    (OrgType.PRISON_SERVICE, N_("Prison service")),
    (OrgType.PROBATION, N_("Probation service")),
    (OrgType.POLICE, N_("Police")),
    (OrgType.COURT, N_("Court")),
    (OrgType.GOVERNMENT, N_("Government agency")),
    (OrgType.CSO, N_("Civil society organisation (CSO)")),
    (OrgType.FAITH_BASED, N_("Faith-based organisation")),
    (OrgType.RELIGIOUS_LEADER, N_("Religious leader or scholar")),
    (OrgType.COMMUNITY_LEADER, N_("Community leader or elder")),
    (OrgType.FAMILY, N_("Family")),
    (OrgType.WOMENS_GROUP, N_("Women's group")),
    (OrgType.YOUTH_GROUP, N_("Youth group")),
    (OrgType.VICTIMS_ASSOCIATION, N_("Victims' association")),
    (OrgType.SCHOOL, N_("School or university")),
    (OrgType.VOCATIONAL_TRAINING, N_("Vocational training centre")),
    (OrgType.EMPLOYER, N_("Employer")),
    (OrgType.HEALTH, N_("Health or mental-health provider")),
    (OrgType.LEGAL_AID, N_("Legal aid")),
    (OrgType.MEDIA, N_("Media")),
    (OrgType.INTERNATIONAL, N_("International organisation")),
    (ServiceType.PSYCHOSOCIAL, N_("Psychosocial support")),
    (ServiceType.MENTAL_HEALTH, N_("Mental-health care")),
    (ServiceType.RELIGIOUS_DIALOGUE, N_("Religious dialogue and mentoring")),
    (ServiceType.FAMILY_SUPPORT, N_("Family support and mediation")),
    (ServiceType.EDUCATION, N_("Education")),
    (ServiceType.VOCATIONAL_TRAINING, N_("Vocational training")),
    (ServiceType.EMPLOYMENT, N_("Employment and livelihood")),
    (ServiceType.HOUSING, N_("Housing")),
    (ServiceType.LEGAL_AID, N_("Legal aid and identity documents")),
    (ServiceType.MEDICAL, N_("Medical care")),
    (ServiceType.SUBSTANCE_USE, N_("Substance-use support")),
    (ServiceType.PEER_MENTORING, N_("Peer mentoring by a former extremist")),
    (ServiceType.RECONCILIATION, N_("Community reconciliation and restorative meetings")),
    (ServiceType.SPORT_CULTURE, N_("Sport and culture")),
    (ServiceType.CHILD_PROTECTION, N_("Child-protection services")),
    (ReferralState.DRAFT, N_("Draft")),
    (ReferralState.SENT, N_("Sent")),
    (ReferralState.ACCEPTED, N_("Accepted")),
    (ReferralState.COMPLETED, N_("Completed")),
    (ReferralState.DECLINED, N_("Declined")),
    (ReferralState.WITHDRAWN, N_("Withdrawn")),
    (ReferralState.ENDED_UNSUCCESSFULLY, N_("Ended unsuccessfully")),
    (ReferralDirection.OUTGOING, N_("Outgoing")),
    (ReferralDirection.INCOMING, N_("Received")),
    (PartnerStatus.UNVERIFIED, N_("Not verified")),
    (PartnerStatus.VERIFIED, N_("Verified")),
    (PartnerStatus.REPLACED, N_("Replaced by a newer card")),
    (ReferralAction.SEND, N_("Send")),
    (ReferralAction.ACCEPT, N_("Accept")),
    (ReferralAction.DECLINE, N_("Decline")),
    (ReferralAction.COMPLETE, N_("Complete")),
    (ReferralAction.END_UNSUCCESSFULLY, N_("End unsuccessfully")),
    (ReferralAction.WITHDRAW, N_("Withdraw")),
    (DeclineReason.NO_CAPACITY, N_("No capacity")),
    (DeclineReason.NOT_ELIGIBLE, N_("Not eligible")),
    (DeclineReason.SAFETY_CONCERN, N_("Safety concern")),
    (DeclineReason.CLIENT_REFUSED, N_("Client refused")),
    (DeclineReason.OTHER, N_("Other")),
    (PlanState.DRAFT, N_("Draft")),
    (PlanState.SUBMITTED, N_("Submitted")),
    (PlanState.APPROVED, N_("Approved")),
    (PlanState.RETURNED, N_("Returned for changes")),
    (PlanState.SUPERSEDED, N_("Superseded")),
    (PlanAction.SUBMIT, N_("Submit for approval")),
    (PlanAction.APPROVE, N_("Approve")),
    (PlanAction.RETURN, N_("Return for changes")),
    (PlanAction.REOPEN_DRAFT, N_("Reopen as draft")),
    (PlanAction.SUPERSEDE, N_("Supersede")),
    (LifeDomain.HOUSING, N_("Housing")),
    (LifeDomain.EMPLOYMENT, N_("Employment and livelihood")),
    (LifeDomain.EDUCATION, N_("Education and training")),
    (LifeDomain.FAMILY, N_("Family and children")),
    (LifeDomain.PHYSICAL_HEALTH, N_("Physical health")),
    (LifeDomain.MENTAL_HEALTH, N_("Mental health and trauma")),
    (LifeDomain.IDENTITY, N_("Identity, beliefs and disengagement")),
    (LifeDomain.SOCIAL_NETWORK, N_("Social network and mentor")),
    (LifeDomain.LEGAL, N_("Legal status and documents")),
    (LifeDomain.FINANCES, N_("Finances")),
    (LifeDomain.SAFETY, N_("Safety")),
    (LifeDomain.VICTIMS_COMMUNITY, N_("Relations with victims and community")),
    (RiskDomain.HOUSING, N_("Housing")),
    (RiskDomain.EMPLOYMENT, N_("Employment and livelihood")),
    (RiskDomain.EDUCATION, N_("Education and training")),
    (RiskDomain.FAMILY, N_("Family and children")),
    (RiskDomain.PHYSICAL_HEALTH, N_("Physical health")),
    (RiskDomain.MENTAL_HEALTH, N_("Mental health and trauma")),
    (RiskDomain.IDENTITY, N_("Identity, beliefs and disengagement")),
    (RiskDomain.SOCIAL_NETWORK, N_("Social network and mentor")),
    (RiskDomain.LEGAL, N_("Legal status and documents")),
    (RiskDomain.FINANCES, N_("Finances")),
    (RiskDomain.SAFETY, N_("Safety")),
    (RiskDomain.VICTIMS_COMMUNITY, N_("Relations with victims and community")),
    (RiskDomain.GROUP_TIES, N_("Group ties")),
    (RiskDomain.GRIEVANCES, N_("Grievances")),
    (RiskDomain.PERSONAL_CIRCUMSTANCES, N_("Personal circumstances")),
    (GoalTerm.SHORT, N_("Short term")),
    (GoalTerm.LONG, N_("Long term")),
    (GoalStatus.NOT_STARTED, N_("Not started")),
    (GoalStatus.IN_PROGRESS, N_("In progress")),
    (GoalStatus.ACHIEVED, N_("Achieved")),
    (GoalStatus.NOT_ACHIEVED, N_("Not achieved")),
    (GoalStatus.DROPPED, N_("Dropped")),
    (ActionStatus.PLANNED, N_("Planned")),
    (ActionStatus.IN_PROGRESS, N_("In progress")),
    (ActionStatus.DONE, N_("Done")),
    (ActionStatus.CANCELLED, N_("Cancelled")),
    (NoteKind.CONTACT, N_("Contact")),
    (NoteKind.HOME_VISIT, N_("Home visit")),
    (NoteKind.PHONE_CALL, N_("Phone call")),
    (NoteKind.CASE_CONFERENCE, N_("Case conference")),
    (NoteKind.INCIDENT, N_("Incident")),
    (NoteKind.OTHER, N_("Other")),
    (ConsentPurpose.DATA_PROCESSING, N_("Data processing")),
    (ConsentPurpose.INFORMATION_SHARING, N_("Information sharing")),
    (ConsentPurpose.PHOTO, N_("Photo")),
    (InfoScope.IDENTITY, N_("Identity")),
    (InfoScope.CONTACT, N_("Contact details")),
    (InfoScope.LEGAL, N_("Legal situation")),
    (InfoScope.HEALTH, N_("Health")),
    (InfoScope.PLAN, N_("Reintegration plan")),
    (InfoScope.NOTES, N_("Case notes")),
    (ConsentMethod.SIGNED_FORM, N_("Signed form")),
    (ConsentMethod.VERBAL_WITNESSED, N_("Verbal, with witness")),
    (Direction.CONCERN, N_("Concern")),
    (Direction.STRENGTH, N_("Strength")),
    (Confidence.LOW, N_("Low")),
    (Confidence.MEDIUM, N_("Medium")),
    (Confidence.HIGH, N_("High")),
    (Change.NEW, N_("New")),
    (Change.IMPROVED, N_("Improved")),
    (Change.UNCHANGED, N_("Unchanged")),
    (Change.WORSENED, N_("Worsened")),
]

# Keyed by (enum class, value): StrEnum members of different classes compare equal by value.
LABELS: dict[tuple[type, str], str] = {(type(m), m.value): text for m, text in _LABEL_PAIRS}


def label(value: StrEnum, lang: str | None = None) -> str:
    """The translated label of an enum value (active language unless `lang` is given)."""
    # The member itself, not `.value` (an enum descriptor, slow): it hashes and compares as its
    # value, so the cache and LABELS find it the same (a list asks this for every cell).
    return _label(type(value), value, lang or current_language())


@lru_cache(maxsize=4096)
def _label(kind: type, value: str, lang: str) -> str:
    # Lists show a label per cell: looked up once per value and language.
    return translator(lang).gettext(LABELS[(kind, value)])


def choices(enum_type: type[StrEnum], lang: str | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs in declaration order, for combo boxes and CLI help."""
    return [(member.value, label(member, lang)) for member in enum_type]
