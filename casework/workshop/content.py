"""The words of the fictional records, marked for translation so a French workshop gets French data.

Every text here is written for training, in plain practice language; none is copied from a real
file. Nothing printed says "terrorist" (DOMAIN.md). Templates take `{alias}`, `{org}`, `{town}`.
"""

from __future__ import annotations

from casework.i18n import N_
from casework.model.enums import (
    DeclineReason,
    Direction,
    LifeDomain,
    NoteKind,
    OrgType,
    RiskDomain,
    ServiceType,
)

VAULT_ORGANISATION = N_("Workshop — fictional data")
FICTIONAL_NAME = N_("{name} (fictional)")
ORG_NOTE = N_("Fictional organisation for training workshops.")
PATHWAY_NAME = N_("{region} reintegration pathway (workshop)")

ST = ServiceType
# (type, name template, services, pseudonymous contact)
ORGANISATIONS: tuple[tuple[OrgType, str, tuple[ServiceType, ...], bool], ...] = (
    (
        OrgType.PRISON_SERVICE,
        N_("{town} Central Prison"),
        (ST.PSYCHOSOCIAL, ST.EDUCATION),
        False,
    ),
    (
        OrgType.PROBATION,
        N_("{town} Probation and Aftercare Office"),
        (ST.PSYCHOSOCIAL, ST.FAMILY_SUPPORT),
        False,
    ),
    (
        OrgType.CSO,
        N_("{town} Reintegration Network"),
        (ST.PSYCHOSOCIAL, ST.FAMILY_SUPPORT, ST.PEER_MENTORING, ST.HOUSING),
        False,
    ),
    (
        OrgType.CSO,
        N_("{town} Skills for Life Association"),
        (ST.VOCATIONAL_TRAINING, ST.EMPLOYMENT),
        False,
    ),
    (
        OrgType.VOCATIONAL_TRAINING,
        N_("{town} Vocational Training Centre"),
        (ST.VOCATIONAL_TRAINING, ST.EDUCATION),
        False,
    ),
    (
        OrgType.RELIGIOUS_LEADER,
        N_("{title} {person}"),
        (ST.RELIGIOUS_DIALOGUE,),
        True,
    ),
    (
        OrgType.COMMUNITY_LEADER,
        N_("Elder {person}"),
        (ST.RECONCILIATION, ST.FAMILY_SUPPORT),
        True,
    ),
    (
        OrgType.FAMILY,
        N_("{family} family"),
        (ST.FAMILY_SUPPORT, ST.HOUSING),
        True,
    ),
    (
        OrgType.EMPLOYER,
        N_("{town} Builders' Cooperative"),
        (ST.EMPLOYMENT,),
        False,
    ),
    (
        OrgType.VICTIMS_ASSOCIATION,
        N_("{town} Association of Victims and Survivors"),
        (ST.RECONCILIATION,),
        False,
    ),
    (
        OrgType.HEALTH,
        N_("{town} Community Mental Health Clinic"),
        (ST.MENTAL_HEALTH, ST.MEDICAL, ST.SUBSTANCE_USE),
        False,
    ),
    (
        OrgType.LEGAL_AID,
        N_("{town} Legal Aid Clinic"),
        (ST.LEGAL_AID,),
        False,
    ),
    (
        OrgType.WOMENS_GROUP,
        N_("{town} Women's Peace Circle"),
        (ST.FAMILY_SUPPORT, ST.PSYCHOSOCIAL),
        False,
    ),
    (
        OrgType.YOUTH_GROUP,
        N_("{town} Youth Sports and Culture Club"),
        (ST.SPORT_CULTURE, ST.PEER_MENTORING),
        False,
    ),
    (
        OrgType.FAITH_BASED,
        N_("{town} Interfaith Council"),
        (ST.RELIGIOUS_DIALOGUE, ST.RECONCILIATION),
        False,
    ),
    (
        OrgType.SCHOOL,
        N_("{town} Second-Chance School"),
        (ST.EDUCATION,),
        False,
    ),
    (
        OrgType.GOVERNMENT,
        N_("{town} Social Welfare Office"),
        (ST.CHILD_PROTECTION, ST.HOUSING, ST.LEGAL_AID),
        False,
    ),
)
# Services clients are referred for, vocational training most often.
SERVICE_MIX = (
    ST.VOCATIONAL_TRAINING,
    ST.VOCATIONAL_TRAINING,
    ST.PSYCHOSOCIAL,
    ST.EMPLOYMENT,
    ST.FAMILY_SUPPORT,
    ST.RELIGIOUS_DIALOGUE,
    ST.MENTAL_HEALTH,
    ST.LEGAL_AID,
    ST.EDUCATION,
    ST.RECONCILIATION,
    ST.SPORT_CULTURE,
    ST.HOUSING,
    ST.PEER_MENTORING,
    ST.MEDICAL,
    ST.SUBSTANCE_USE,
    ST.CHILD_PROTECTION,
)
REGIONAL_ORGANISATION = N_("{region} Regional Reintegration Programme")
REGIONAL_SERVICES = (ST.PSYCHOSOCIAL, ST.LEGAL_AID, ST.EMPLOYMENT, ST.MENTAL_HEALTH)
SERVICE_DESCRIPTION = N_("Offered to people in reintegration programmes; ask the focal person.")

NOTES: dict[NoteKind, tuple[str, ...]] = {
    NoteKind.CONTACT: (
        N_(
            "Met {alias} at the office. We went through the week's appointments and the "
            "training application."
        ),
        N_(
            "{alias} came in without an appointment, worried about money for rent. Agreed to "
            "look at options together next week."
        ),
    ),
    NoteKind.HOME_VISIT: (
        N_(
            "Home visit in {town}. {alias} lives with their mother and two younger siblings; "
            "the family is supportive but tired."
        ),
        N_(
            "Home visit with the probation officer. The household is calm; {alias} showed the "
            "certificate from the literacy course."
        ),
    ),
    NoteKind.PHONE_CALL: (
        N_("Phone call with {alias} to confirm tomorrow's meeting at {org}."),
        N_(
            "{alias} called to say the bus fare to {org} is a problem. Checked whether the "
            "transport allowance can cover it."
        ),
    ),
    NoteKind.CASE_CONFERENCE: (
        N_(
            "Case conference with the prison service, probation and {org}. Agreed the release "
            "plan and who is the first contact after release."
        ),
        N_("Multi-agency meeting: reviewed progress and agreed that {org} leads on employment."),
    ),
    NoteKind.INCIDENT: (
        N_(
            "{alias} reported being insulted at the market by a neighbour. No injury. Discussed "
            "how to respond and informed the community leader."
        ),
        N_(
            "Missed two appointments in a row. Reached {alias} through a relative; no safety "
            "concern found."
        ),
    ),
    NoteKind.OTHER: (
        N_("Letter received from {org} confirming the place on the programme."),
        N_("Copied the identity card application for the file; {alias} keeps the original."),
    ),
}
RESTRICTED_NOTE = N_(
    "{alias} spoke about attempts by former associates to get back in touch. Discussed with the "
    "supervisor; safety plan reviewed."
)

# (need, goal, action) per life domain.
GOALS: dict[LifeDomain, tuple[str, str, str]] = {
    LifeDomain.HOUSING: (
        N_("No stable place to stay since release."),
        N_("Live in safe, stable housing."),
        N_("Visit two rooms for rent with a family member."),
    ),
    LifeDomain.EMPLOYMENT: (
        N_("No income; wants to work with their hands."),
        N_("Find paid work or start a small business."),
        N_("Apply for the tailoring or mechanics course."),
    ),
    LifeDomain.EDUCATION: (
        N_("Left school early; reads with difficulty."),
        N_("Complete the literacy and numeracy course."),
        N_("Enrol in the evening literacy class."),
    ),
    LifeDomain.FAMILY: (
        N_("Tension with the family since the return."),
        N_("Rebuild trust with the family."),
        N_("Hold a family mediation meeting."),
    ),
    LifeDomain.PHYSICAL_HEALTH: (
        N_("Old injury that was never treated."),
        N_("Get the injury treated."),
        N_("Book a medical check-up at the health centre."),
    ),
    LifeDomain.MENTAL_HEALTH: (
        N_("Sleep problems and nightmares."),
        N_("Manage stress and sleep better."),
        N_("Attend weekly counselling sessions."),
    ),
    LifeDomain.IDENTITY: (
        N_("Still unsure what to believe after leaving the group."),
        N_("Explore beliefs with a trusted religious mentor."),
        N_("Meet the religious mentor every two weeks."),
    ),
    LifeDomain.SOCIAL_NETWORK: (
        N_("Few friends outside former associates."),
        N_("Build new friendships and a mentor relationship."),
        N_("Join the youth sports club."),
    ),
    LifeDomain.LEGAL: (
        N_("No identity documents."),
        N_("Obtain a national identity card."),
        N_("Gather the papers for the identity card application."),
    ),
    LifeDomain.FINANCES: (
        N_("Owes money to relatives."),
        N_("Keep a monthly budget and repay the debts."),
        N_("Open a savings account."),
    ),
    LifeDomain.SAFETY: (
        N_("Fears reprisals in the home neighbourhood."),
        N_("Feel and be safe in daily life."),
        N_("Agree a safety plan with the caseworker."),
    ),
    LifeDomain.VICTIMS_COMMUNITY: (
        N_("The community distrusts the client since the return."),
        N_("Take part in community reconciliation, if both sides agree."),
        N_("Prepare a restorative meeting with the community leader."),
    ),
}
DROPPED_REASON = N_("The client chose to focus on other goals first.")

OBSERVATIONS: tuple[tuple[RiskDomain, Direction, str], ...] = (
    (
        RiskDomain.FAMILY,
        Direction.STRENGTH,
        N_("Mother and uncle visit regularly and offer a room after release."),
    ),
    (
        RiskDomain.GROUP_TIES,
        Direction.CONCERN,
        N_("Says a former associate phoned twice last month."),
    ),
    (
        RiskDomain.EMPLOYMENT,
        Direction.STRENGTH,
        N_("Finished the first module of the training course with good attendance."),
    ),
    (
        RiskDomain.GRIEVANCES,
        Direction.CONCERN,
        N_("Speaks with anger about how the family was treated at a checkpoint."),
    ),
    (
        RiskDomain.MENTAL_HEALTH,
        Direction.CONCERN,
        N_("Reports poor sleep and flashbacks; agreed to see the counsellor."),
    ),
    (
        RiskDomain.IDENTITY,
        Direction.STRENGTH,
        N_("Talks openly with the religious mentor about leaving the group's ideas behind."),
    ),
    (
        RiskDomain.SOCIAL_NETWORK,
        Direction.STRENGTH,
        N_("Plays football every week with the youth club; new friends outside the old circle."),
    ),
    (
        RiskDomain.PERSONAL_CIRCUMSTANCES,
        Direction.CONCERN,
        N_("Lost a brother recently; grieving and withdrawn."),
    ),
)
OBSERVATION_SOURCES = (N_("Client interview"), N_("Home visit"), N_("Probation officer"))

REFERRAL_PURPOSE = N_("Referral for {service}, as agreed with the client.")
DECLINE_TEXTS: dict[DeclineReason, str] = {
    DeclineReason.NO_CAPACITY: N_("The course is full until next term."),
    DeclineReason.NOT_ELIGIBLE: N_("The programme only takes people under 25."),
    DeclineReason.SAFETY_CONCERN: N_(
        "Staff asked for more information before working with this client."
    ),
    DeclineReason.CLIENT_REFUSED: N_("The client decided not to attend."),
    DeclineReason.OTHER: N_("The organisation is closing its office in this town."),
}
OUTCOMES = (
    N_("Completed the programme and received a certificate."),
    N_("Attended every session; follow-up agreed with the family."),
    N_("Placed in a job for six months; the employer is satisfied."),
)
ENDED_REASONS = (
    N_("Stopped attending after three weeks and could not be reached."),
    N_("The organisation ended the service when its funding ran out."),
)
WITHDRAW_REASONS = (
    N_("The client moved to another town."),
    N_("Sent to the wrong organisation by mistake."),
)
CONSENT_OVERRIDE = N_(
    "Urgent medical need; the client agreed verbally and the form will be signed next week."
)

HOLD_COMMENTS = (
    N_("The client is away in the village for a family event."),
    N_("The client is in hospital for several weeks."),
)
CLOSE_COMMENT = N_("Closed after the final case conference.")
CLOSE_OTHER = N_("Handed over to the national programme.")
REOPEN_COMMENT = N_("New information from probation; support resumes.")

TASKS = (
    N_("Call {org} about the referral"),
    N_("Check that the consent form is signed"),
    N_("Prepare the case conference"),
    N_("Follow up the identity card application"),
    N_("Plan review with the supervisor"),
    N_("Home visit"),
)

ASPIRATIONS = (
    N_("I want to work and provide for my children."),
    N_("I want my family to trust me again and to finish my studies."),
    N_("I want a normal life, a job and a quiet place to live."),
    N_("I want to open a small shop and be respected in my community."),
)
RETURN_COMMENTS = (
    N_("Add a goal on housing and name who is responsible for each action."),
    N_("The employment goal needs dates; please agree them with the client."),
)
REVIEW_SUMMARY = N_("Good progress on training; housing still uncertain.")
REVIEW_DECISIONS = N_("Keep the plan; next review in three months.")

OFFENCE = N_("Membership of a banned armed group (fictional record).")
SENTENCE = N_("{years} years; released on licence (fictional record).")
BEST_INTERESTS = N_("Lives with the grandmother; going back to school is the priority.")
