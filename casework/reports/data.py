"""The input contract of the printed documents: plain, frozen dataclasses.

Services fill these from the database (after their permission checks and masking) and hand them
to the builders, so the builders never see an ORM object or a session and can be tested alone.
Everything here is already decided: a field that must not be printed is simply None or absent.
All fields are keyword-only so a caller cannot silently swap two strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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

# --- reintegration plan ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ActionDoc:
    """One action of a goal. `responsible` is the organisation and/or person, as one text."""

    description: str
    responsible: str
    due_on: dt.date | None
    status: ActionStatus


@dataclass(frozen=True, kw_only=True)
class GoalDoc:
    """One goal, in the plan's own order; the builder groups goals by `domain`."""

    domain: LifeDomain
    need: str
    goal: str
    term: GoalTerm
    status: GoalStatus
    dropped_reason: str = ""
    actions: tuple[ActionDoc, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ProtectiveFactorDoc:
    """A strength recorded in an observation (direction = strength), with its domain."""

    domain: RiskDomain
    text: str


@dataclass(frozen=True, kw_only=True)
class ConsentLine:
    """Who may receive what: one valid consent. `valid_until` None means no expiry date."""

    recipient: str
    purpose: ConsentPurpose
    scope: tuple[InfoScope, ...]
    valid_until: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class PlanDoc:
    """A reintegration plan version as printed for signature.

    `legal_name` is None unless the printing user may see restricted fields *and* asked for it.
    `guardian_name` is set for a minor: the client's signature block becomes the guardian's.
    `printed_at` is local time, shown in the footer.
    """

    organisation: str
    reference: str
    alias: str
    caseworker: str
    supervisor: str
    version: int
    state: PlanState
    created_on: dt.date
    approved_on: dt.date | None
    aspirations: str
    goals: tuple[GoalDoc, ...]
    protective_factors: tuple[ProtectiveFactorDoc, ...]
    review_dates: tuple[dt.date, ...]
    consents: tuple[ConsentLine, ...]
    partner_organisations: tuple[str, ...]
    printed_by: str
    printed_at: dt.datetime
    legal_name: str | None = None
    guardian_name: str | None = None


# --- referral form -----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReferralDoc:
    """A referral form for the receiving organisation.

    The optional personal fields are None unless a valid consent to this receiving organisation
    covers them (identity: legal_name, date_of_birth, national_id; contact: address, phone;
    legal: legal_situation; health: health_information). `consent_scope` lists what the consent
    covers, printed so the receiver knows what it may keep.
    """

    reference: str
    alias: str
    service: ServiceType
    sending_org: str
    receiving_org: str
    pathway_stage: str
    purpose: str
    referral_date: dt.date
    caseworker: str
    caseworker_contact: str
    printed_by: str
    printed_at: dt.datetime
    respond_by: dt.date | None = None
    consent_scope: tuple[InfoScope, ...] = ()
    consent_valid_until: dt.date | None = None
    legal_name: str | None = None
    date_of_birth: dt.date | None = None
    national_id: str | None = None
    address: str | None = None
    phone: str | None = None
    legal_situation: str | None = None
    health_information: str | None = None


# --- case summary for a case conference --------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReferralLine:
    """An open referral of the case."""

    service: ServiceType
    organisation: str
    state: ReferralState
    sent_on: dt.date | None = None
    due_on: dt.date | None = None
    overdue: bool = False


@dataclass(frozen=True, kw_only=True)
class NoteLine:
    """A recent note, already summarised (restricted notes left out by the service)."""

    on: dt.date
    kind: NoteKind
    summary: str


@dataclass(frozen=True, kw_only=True)
class TaskLine:
    """A task due or overdue on the case."""

    due_on: dt.date
    title: str
    assignee: str
    overdue: bool = False


@dataclass(frozen=True, kw_only=True)
class CaseSummaryDoc:
    """One case on paper for a case conference (réunion de concertation).

    `goal_counts` holds (status, count) pairs; statuses left out print as 0. `plan_state` None
    means the case has no plan yet.
    """

    organisation: str
    reference: str
    alias: str
    status: CaseStatus
    category: ClientCategory
    custody_status: CustodyStatus
    caseworker: str
    pathway_stage: str
    open_referrals: tuple[ReferralLine, ...]
    plan_version: int | None
    plan_state: PlanState | None
    goal_counts: tuple[tuple[GoalStatus, int], ...]
    recent_notes: tuple[NoteLine, ...]
    tasks_due: tuple[TaskLine, ...]
    printed_by: str
    printed_at: dt.datetime
    meeting_on: dt.date | None = None
    legal_name: str | None = None


# --- recovery sheet ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RecoverySheetDoc:
    """The vault's recovery key on paper, printed once when the key is created or replaced."""

    organisation: str
    vault_path: str
    recovery_key: str
    created_on: dt.date
