"""Fictional documents for the report tests, the screenshots and the benchmark.

Names and places are invented; they deliberately carry accents, œ and Vietnamese diacritics so
the tests catch a font that drops them.
"""

from __future__ import annotations

import datetime as dt
import itertools

from casework.model.enums import (
    ActionStatus,
    CaseStatus,
    ClientCategory,
    ConsentPurpose,
    CustodyStatus,
    GoalStatus,
    GoalTerm,
    InfoScope,
    LifeDomain,
    NoteKind,
    PlanState,
    ReferralState,
    RiskDomain,
    ServiceType,
)
from casework.reports.data import (
    ActionDoc,
    CaseSummaryDoc,
    ConsentLine,
    GoalDoc,
    NoteLine,
    PlanDoc,
    ProtectiveFactorDoc,
    RecoverySheetDoc,
    ReferralDoc,
    ReferralLine,
    TaskLine,
)

ORG = "Association Espoir & Réinsertion du Sahel"
REFERENCE = "ML-2026-0042"
ALIAS = "Amadou K."
LEGAL_NAME = "Amadou Ould Sidi Mohamed Lemine"
CASEWORKER = "Hélène Traoré"
SUPERVISOR = "Nguyễn Thị Hoa"
PRINTED_AT = dt.datetime(2026, 3, 14, 9, 30)

ASPIRATIONS = (
    "Je veux retrouver ma place auprès de ma famille à Ségou et que mes enfants soient fiers "
    "de moi. I want a steady job as a mechanic, my own room, and to be left in peace by the "
    "people I used to know.\n\n"
    "Dans deux ans, j'aimerais ouvrir un petit atelier avec mon cousin et rembourser la dette "
    "de ma mère. Je veux aussi parler un jour avec les familles du quartier, quand elles seront "
    "prêtes."
)

_GOALS = [
    GoalDoc(
        domain=LifeDomain.HOUSING,
        need="Needs a safe place to live on release; the family home is overcrowded.",
        goal="Move into a rented room close to the family within three months of release.",
        term=GoalTerm.SHORT,
        status=GoalStatus.IN_PROGRESS,
        actions=(
            ActionDoc(
                description="Visit two rooms proposed by the housing office with the client.",
                responsible="Bureau municipal du logement — M. Cissé",
                due_on=dt.date(2026, 4, 15),
                status=ActionStatus.IN_PROGRESS,
            ),
            ActionDoc(
                description="Pay the first month's rent and deposit from the reintegration fund.",
                responsible="Association Espoir & Réinsertion du Sahel",
                due_on=dt.date(2026, 5, 1),
                status=ActionStatus.PLANNED,
            ),
        ),
    ),
    GoalDoc(
        domain=LifeDomain.EMPLOYMENT,
        need="Trained as a mechanic in prison, no certificate and no work history since 2019.",
        goal="Complete the garage apprenticeship and obtain the vocational certificate.",
        term=GoalTerm.LONG,
        status=GoalStatus.NOT_STARTED,
        actions=(
            ActionDoc(
                description="Enrol in the six-month apprenticeship at the Ségou training centre.",
                responsible="Centre de formation professionnelle de Ségou",
                due_on=dt.date(2026, 6, 1),
                status=ActionStatus.PLANNED,
            ),
            ActionDoc(
                description="Meet the employer (Garage Cœur de Ville) with the mentor.",
                responsible="Mentor — Ibrahim Maïga",
                due_on=None,
                status=ActionStatus.PLANNED,
            ),
        ),
    ),
    GoalDoc(
        domain=LifeDomain.FAMILY,
        need="Relations with his brother are tense; his children have not seen him for years.",
        goal="Rebuild contact with his children through supervised family meetings.",
        term=GoalTerm.SHORT,
        status=GoalStatus.ACHIEVED,
        actions=(
            ActionDoc(
                description="Three family mediation sessions with the social worker.",
                responsible="Service social de la mairie",
                due_on=dt.date(2026, 2, 28),
                status=ActionStatus.DONE,
            ),
        ),
    ),
    GoalDoc(
        domain=LifeDomain.IDENTITY,
        need="Wants to discuss the beliefs he held with someone he respects.",
        goal="Take part in monthly dialogue sessions with a religious scholar.",
        term=GoalTerm.LONG,
        status=GoalStatus.IN_PROGRESS,
        actions=(
            ActionDoc(
                description="Monthly dialogue session (first one in prison before release).",
                responsible="Imam Oumar Diarra",
                due_on=dt.date(2026, 3, 30),
                status=ActionStatus.IN_PROGRESS,
            ),
        ),
    ),
    GoalDoc(
        domain=LifeDomain.LEGAL,
        need="Identity card lost; needed for the apprenticeship and a bank account.",
        goal="Obtain a new national identity card.",
        term=GoalTerm.SHORT,
        status=GoalStatus.DROPPED,
        dropped_reason="The civil registry issued the card directly at the prison's request.",
        actions=(),
    ),
    GoalDoc(
        domain=LifeDomain.VICTIMS_COMMUNITY,
        need="The neighbourhood is wary; some families lost relatives in the 2019 attacks.",
        goal="Prepare, if and when both sides want it, a restorative meeting in the quartier.",
        term=GoalTerm.LONG,
        status=GoalStatus.NOT_STARTED,
        actions=(
            ActionDoc(
                description="Explain the process to the victims' association; no pressure.",
                responsible="Association des victimes de Ségou",
                due_on=dt.date(2026, 9, 30),
                status=ActionStatus.PLANNED,
            ),
        ),
    ),
]

_FACTORS = (
    ProtectiveFactorDoc(
        domain=RiskDomain.FAMILY, text="His mother and sister visit every month and want him home."
    ),
    ProtectiveFactorDoc(
        domain=RiskDomain.EMPLOYMENT,
        text="Skilled with engines; proud of his work in the workshop.",
    ),
    ProtectiveFactorDoc(
        domain=RiskDomain.GROUP_TIES, text="Has distanced himself from his former co-accused."
    ),
)

_CONSENTS = (
    ConsentLine(
        recipient="Centre de formation professionnelle de Ségou",
        purpose=ConsentPurpose.INFORMATION_SHARING,
        scope=(InfoScope.IDENTITY, InfoScope.CONTACT, InfoScope.PLAN),
        valid_until=dt.date(2027, 3, 1),
    ),
    ConsentLine(
        recipient="Service social de la mairie",
        purpose=ConsentPurpose.INFORMATION_SHARING,
        scope=(InfoScope.CONTACT, InfoScope.HEALTH),
        valid_until=None,
    ),
)


def plan(
    *,
    state: PlanState = PlanState.APPROVED,
    goals: tuple[GoalDoc, ...] | None = None,
    legal_name: str | None = None,
    guardian_name: str | None = None,
) -> PlanDoc:
    """The sample plan: six goals over six domains, accents everywhere."""
    return PlanDoc(
        organisation=ORG,
        reference=REFERENCE,
        alias=ALIAS,
        legal_name=legal_name,
        caseworker=CASEWORKER,
        supervisor=SUPERVISOR,
        version=3,
        state=state,
        created_on=dt.date(2026, 2, 2),
        approved_on=dt.date(2026, 2, 20) if state is PlanState.APPROVED else None,
        aspirations=ASPIRATIONS,
        goals=tuple(_GOALS) if goals is None else goals,
        protective_factors=_FACTORS,
        review_dates=(
            dt.date(2026, 4, 1),
            dt.date(2026, 5, 1),
            dt.date(2026, 6, 1),
            dt.date(2026, 9, 1),
            dt.date(2026, 12, 1),
        ),
        consents=_CONSENTS,
        partner_organisations=(
            "Centre de formation professionnelle de Ségou",
            "Service social de la mairie",
            "Bureau municipal du logement",
        ),
        printed_by=SUPERVISOR,
        printed_at=PRINTED_AT,
        guardian_name=guardian_name,
    )


def many_goals(n: int) -> tuple[GoalDoc, ...]:
    """`n` goals cycling through the domains, each with two or three actions."""
    domains = itertools.cycle(LifeDomain)
    goals = []
    for i in range(1, n + 1):
        actions = tuple(
            ActionDoc(
                description=f"Étape {j} de l'objectif {i}: rendez-vous et suivi écrit.",
                responsible="Service de probation — Mme Coulibaly",
                due_on=dt.date(2026, 1 + (i + j) % 12, 1 + j),
                status=list(ActionStatus)[(i + j) % 4],
            )
            for j in range(1, 2 + i % 3)
        )
        goals.append(
            GoalDoc(
                domain=next(domains),
                need=f"Besoin n° {i}: situation décrite lors de l'évaluation des besoins.",
                goal=f"Objectif n° {i} — progresser pas à pas avec l'équipe.",
                term=GoalTerm.SHORT if i % 2 else GoalTerm.LONG,
                status=list(GoalStatus)[i % 5],
                dropped_reason="Plus nécessaire." if i % 5 == 4 else "",
                actions=actions,
            )
        )
    return tuple(goals)


def long_goal() -> GoalDoc:
    """A goal taller than a page, which must split instead of being pushed off forever."""
    para = (
        "Le bénéficiaire décrit un parcours scolaire interrompu, des dettes familiales et une "
        "méfiance envers les institutions; cette phrase se répète pour remplir la page. "
    )
    return GoalDoc(
        domain=LifeDomain.EDUCATION,
        need=para * 25,
        goal="Reprendre des études du soir et obtenir le diplôme d'études fondamentales.",
        term=GoalTerm.LONG,
        status=GoalStatus.IN_PROGRESS,
        actions=tuple(
            ActionDoc(
                description=f"Séance de soutien scolaire n° {k}. " + para,
                responsible="Lycée du soir de Ségou",
                due_on=dt.date(2026, 1 + k % 12, 10),
                status=ActionStatus.PLANNED,
            )
            for k in range(1, 16)
        ),
    )


def referral(*, with_identity: bool = False) -> ReferralDoc:
    """A referral; the identity and contact fields only when the consent covers them."""
    return ReferralDoc(
        reference=REFERENCE,
        alias=ALIAS,
        service=ServiceType.VOCATIONAL_TRAINING,
        sending_org=ORG,
        receiving_org="Centre de formation professionnelle de Ségou",
        pathway_stage="Orientation vers les services",
        purpose=(
            "Inscription à l'apprentissage de mécanique (six mois). Le bénéficiaire a suivi une "
            "formation de base en détention et souhaite obtenir le certificat. Préférence pour "
            "les cours du matin; il rencontre sa référente le jeudi après-midi."
        ),
        referral_date=dt.date(2026, 3, 10),
        respond_by=dt.date(2026, 3, 24),
        caseworker=CASEWORKER,
        caseworker_contact="+223 76 00 00 00 · h.traore@espoir-sahel.example",
        consent_scope=(InfoScope.IDENTITY, InfoScope.CONTACT) if with_identity else (),
        consent_valid_until=dt.date(2027, 3, 1) if with_identity else None,
        legal_name=LEGAL_NAME if with_identity else None,
        date_of_birth=dt.date(1994, 7, 3) if with_identity else None,
        national_id="ML-123-456-789" if with_identity else None,
        address="Quartier Médine, rue 12, Ségou" if with_identity else None,
        phone="+223 70 11 22 33" if with_identity else None,
        printed_by=CASEWORKER,
        printed_at=PRINTED_AT,
    )


def case_summary(*, legal_name: str | None = None) -> CaseSummaryDoc:
    return CaseSummaryDoc(
        organisation=ORG,
        reference=REFERENCE,
        alias=ALIAS,
        legal_name=legal_name,
        status=CaseStatus.ACTIVE,
        category=ClientCategory.RETURNEE_FTF,
        custody_status=CustodyStatus.ON_PROBATION,
        caseworker=CASEWORKER,
        pathway_stage="Accompagnement post-libération — bilans de suivi",
        meeting_on=dt.date(2026, 3, 18),
        open_referrals=(
            ReferralLine(
                service=ServiceType.VOCATIONAL_TRAINING,
                organisation="Centre de formation professionnelle de Ségou",
                state=ReferralState.SENT,
                sent_on=dt.date(2026, 3, 10),
                due_on=dt.date(2026, 3, 24),
            ),
            ReferralLine(
                service=ServiceType.PSYCHOSOCIAL,
                organisation="Clinique Bien-Être — Dr Nguyễn Văn Đức",
                state=ReferralState.ACCEPTED,
                sent_on=dt.date(2026, 1, 12),
                due_on=dt.date(2026, 3, 1),
                overdue=True,
            ),
        ),
        plan_version=3,
        plan_state=PlanState.APPROVED,
        goal_counts=(
            (GoalStatus.NOT_STARTED, 2),
            (GoalStatus.IN_PROGRESS, 2),
            (GoalStatus.ACHIEVED, 1),
            (GoalStatus.DROPPED, 1),
        ),
        recent_notes=(
            NoteLine(
                on=dt.date(2026, 3, 12),
                kind=NoteKind.HOME_VISIT,
                summary="Visite à domicile: la famille l'accueille bien; chambre trouvée, "
                "loyer à régler début mai. Inquiétude de la mère au sujet des anciens amis.",
            ),
            NoteLine(
                on=dt.date(2026, 3, 5),
                kind=NoteKind.PHONE_CALL,
                summary="Appel du centre de formation: place disponible en juin.",
            ),
            NoteLine(
                on=dt.date(2026, 2, 26),
                kind=NoteKind.CASE_CONFERENCE,
                summary="Réunion de concertation: plan v3 approuvé, bilans mensuels.",
            ),
        ),
        tasks_due=(
            TaskLine(
                due_on=dt.date(2026, 3, 1),
                title="Relancer la clinique pour le compte rendu",
                assignee=CASEWORKER,
                overdue=True,
            ),
            TaskLine(
                due_on=dt.date(2026, 3, 24),
                title="Confirmer l'inscription à l'apprentissage",
                assignee=CASEWORKER,
            ),
        ),
        printed_by=SUPERVISOR,
        printed_at=PRINTED_AT,
    )


RECOVERY_KEY = "ABCDEF-GHJKLM-NPQRST-UVWXYZ-234567-89ABCD-EFGHJK-LMNPQR"


def recovery_sheet() -> RecoverySheetDoc:
    return RecoverySheetDoc(
        organisation=ORG,
        vault_path="C:\\Users\\hélène\\Documents\\Casework\\coffre-ségou",
        recovery_key=RECOVERY_KEY,
        created_on=dt.date(2026, 1, 5),
    )
