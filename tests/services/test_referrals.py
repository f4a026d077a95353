"""Referrals through the services on a real vault: lifecycle, consent, overdue, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from casework.errors import PermissionDenied, TransitionRefused, ValidationError
from casework.model import AuditEvent
from casework.model.enums import (
    CaseAction,
    ClientCategory,
    CloseReason,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    DeclineReason,
    InfoScope,
    OrgType,
    ReferralAction,
    ReferralState,
    ServiceType,
)
from casework.services import case_list, cases, consents, directory, pathways, referrals
from casework.services.cases import CaseInput
from casework.services.consents import ConsentGap, ConsentInput
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationInput
from casework.services.pathways import PathwayInput, StageInput
from casework.services.referrals import ConsentNotCovered, ReferralInput, ReferralQuery

DAY0 = dt.date(2026, 3, 2)


def _at(ctx: ServiceContext, day: dt.date) -> ServiceContext:
    return ServiceContext(ctx.vault, ctx.actor, today=lambda: day)


def _audit(ctx) -> list[AuditEvent]:
    with ctx.vault.session() as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _audit_count(ctx) -> int:
    """Events other than refusals (a refused call writes its refusal and nothing else)."""
    with ctx.vault.session() as s:
        return s.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action != "access.refused")
        )


class World:
    def __init__(self, office) -> None:
        self.office = office
        self.cw = _at(office.caseworker, DAY0)
        self.sup = _at(office.supervisor, DAY0)
        self.pathway = pathways.create_pathway(
            office.supervisor,
            PathwayInput("Mali", country="ML"),
            [StageInput("Handover", expected_days=7), StageInput("Services", expected_days=21)],
        )
        stages = pathways.get_pathway(office.supervisor, self.pathway).stages
        self.handover, self.services = stages[0].id, stages[1].id
        self.case = cases.create_case(
            self.cw,
            CaseInput(
                alias="Abu Layla",
                category=ClientCategory.RETURNEE_FTF,
                custody_status=CustodyStatus.RETURNED,
                country="ML",
                pathway_id=self.pathway,
            ),
        )
        self.clinic = directory.create_organisation(
            office.supervisor, OrganisationInput("Clinic", OrgType.HEALTH, country="ML")
        )
        self.imam = directory.create_organisation(
            office.supervisor,
            OrganisationInput("Imam council", OrgType.RELIGIOUS_LEADER, country="ML"),
        )
        consents.record_consent(
            self.cw,
            self.case,
            ConsentInput(
                ConsentPurpose.INFORMATION_SHARING,
                dt.date(2026, 3, 1),
                ConsentMethod.SIGNED_FORM,
                frozenset({InfoScope.HEALTH}),
                recipient_org_id=self.clinic,
            ),
        )

    def draft(self, org: int | None = None, stage: int | None = None) -> int:
        return referrals.create_referral(
            self.cw,
            self.case,
            ReferralInput(ServiceType.MENTAL_HEALTH, org or self.clinic, stage, "Trauma care"),
        )


@pytest.fixture
def world(office) -> World:
    return World(office)


def test_full_lifecycle_with_events_and_due_dates(world):
    rid = world.draft(stage=world.handover)
    assert referrals.send_referral(world.cw, rid) is ReferralState.SENT
    detail = referrals.get_referral(world.cw, rid)
    assert detail.due_on == DAY0 + dt.timedelta(days=7)
    assert detail.consent_scope_today == {InfoScope.HEALTH}
    referrals.accept_referral(
        world.cw,
        rid,
        expected_end_on=dt.date(2026, 6, 1),
        on_behalf_of="Clinic focal person",
        comment="Phoned in",
    )
    referrals.complete_referral(world.cw, rid, "Six sessions attended")
    detail = referrals.get_referral(world.office.supervisor, rid)
    assert detail.state is ReferralState.COMPLETED
    assert detail.outcome == "Six sessions attended"
    assert detail.closed_at is not None
    assert [e.action for e in detail.events] == [
        ReferralAction.SEND,
        ReferralAction.ACCEPT,
        ReferralAction.COMPLETE,
    ]
    assert detail.events[1].on_behalf_of == "Clinic focal person"
    assert detail.events[1].by_name == "Carl Caseworker"
    assert detail.created_by_name == "Carl Caseworker"
    # No stage: 14 days.
    other = world.draft()
    referrals.send_referral(world.cw, other)
    assert referrals.get_referral(world.cw, other).due_on == DAY0 + dt.timedelta(days=14)


def test_final_states_refuse_and_rereferral_links(world):
    rid = world.draft()
    referrals.send_referral(world.cw, rid)
    with pytest.raises(ValidationError) as err:
        referrals.decline_referral(world.cw, rid, DeclineReason.OTHER, "  ")
    assert "reason_text" in err.value.fields
    with pytest.raises(ValidationError):
        referrals.decline_referral(world.cw, rid, None)
    referrals.decline_referral(world.cw, rid, DeclineReason.NO_CAPACITY, on_behalf_of="Clinic")
    before = _audit_count(world.cw)
    with pytest.raises(TransitionRefused):
        referrals.accept_referral(world.cw, rid)
    with pytest.raises(TransitionRefused):
        referrals.withdraw_referral(world.cw, rid, "changed mind")
    assert _audit_count(world.cw) == before
    new = referrals.re_refer(world.cw, rid, to_org_id=world.clinic)
    detail = referrals.get_referral(world.cw, new)
    assert detail.state is ReferralState.DRAFT and detail.previous_referral_id == rid
    assert referrals.get_referral(world.cw, rid).later_referral_ids == (new,)
    with pytest.raises(TransitionRefused):
        referrals.re_refer(world.cw, new)  # still open


def test_withdraw_and_end_need_reasons(world):
    rid = world.draft()
    with pytest.raises(ValidationError):
        referrals.withdraw_referral(world.cw, rid, "")
    referrals.send_referral(world.cw, rid)
    referrals.accept_referral(world.cw, rid)
    with pytest.raises(ValidationError):
        referrals.complete_referral(world.cw, rid, " ")
    with pytest.raises(ValidationError):
        referrals.end_referral_unsuccessfully(world.cw, rid, "")
    referrals.end_referral_unsuccessfully(world.cw, rid, "Client stopped attending")
    detail = referrals.get_referral(world.cw, rid)
    assert detail.state is ReferralState.ENDED_UNSUCCESSFULLY
    assert detail.reason_text == "Client stopped attending"


def test_send_without_consent_is_refused_and_writes_nothing(world):
    rid = world.draft(org=world.imam)
    before = _audit_count(world.cw)
    with pytest.raises(ConsentNotCovered) as err:
        referrals.send_referral(world.cw, rid)
    assert err.value.gap is ConsentGap.NONE and not err.value.may_override
    assert "not consented" in str(err.value)
    # A caseworker cannot override, even with a reason.
    with pytest.raises(PermissionDenied):
        referrals.send_referral(world.cw, rid, override_reason="Urgent")
    assert _audit_count(world.cw) == before
    assert referrals.get_referral(world.cw, rid).state is ReferralState.DRAFT
    # Supervisor without a reason: refused, told an override is possible.
    with pytest.raises(ConsentNotCovered) as err:
        referrals.send_referral(world.sup, rid)
    assert err.value.may_override


def test_supervisor_override_is_stored_and_audited_without_the_reason(world):
    rid = world.draft(org=world.imam)
    referrals.send_referral(world.sup, rid, override_reason="Imminent safety risk; client agreed")
    detail = referrals.get_referral(world.cw, rid)
    assert detail.state is ReferralState.SENT
    assert detail.consent_override_reason == "Imminent safety risk; client agreed"
    assert detail.consent_override_by_name == "Sara Supervisor"
    assert detail.consent_scope_today is None
    events = _audit(world.sup)  # an auditor: on a server a caseworker reads their own events
    override = [e for e in events if e.action == "referral.consent_override"]
    assert len(override) == 1 and override[0].entity_id == rid
    assert "safety" not in override[0].details
    assert events[-1].action == "referral.sent"


def test_withdrawn_consent_blocks_with_its_own_message(world):
    [row] = consents.list_consents(world.cw, world.case)
    consents.withdraw_consent(world.cw, row.id, DAY0)
    rid = world.draft()
    with pytest.raises(ConsentNotCovered) as err:
        referrals.send_referral(world.cw, rid)
    assert err.value.gap is ConsentGap.WITHDRAWN
    assert "withdrew" in str(err.value)


def test_overdue_sent_and_accepted(world):
    sent = world.draft(stage=world.handover)  # due DAY0 + 7
    referrals.send_referral(world.cw, sent)
    accepted = world.draft(stage=world.services)
    referrals.send_referral(world.cw, accepted)
    referrals.accept_referral(world.cw, accepted, expected_end_on=DAY0 + dt.timedelta(days=30))
    world.draft()  # drafts are never overdue

    def overdue_ids(day: dt.date) -> set[int]:
        page = referrals.list_referrals(_at(world.office.caseworker, day), ReferralQuery())
        flagged = {r.id for r in page.rows if r.overdue}
        only = referrals.list_referrals(
            _at(world.office.caseworker, day), ReferralQuery(overdue_only=True)
        )
        assert {r.id for r in only.rows} == flagged
        return flagged

    assert overdue_ids(DAY0 + dt.timedelta(days=7)) == set()
    assert overdue_ids(DAY0 + dt.timedelta(days=8)) == {sent}
    assert overdue_ids(DAY0 + dt.timedelta(days=31)) == {sent, accepted}
    referrals.set_expected_end(world.cw, accepted, DAY0 + dt.timedelta(days=60))
    assert overdue_ids(DAY0 + dt.timedelta(days=31)) == {sent}
    detail = referrals.get_referral(_at(world.office.caseworker, DAY0 + dt.timedelta(days=9)), sent)
    assert detail.overdue
    # The case list agrees (it uses the same definition).
    page = case_list.list_cases(
        _at(world.office.caseworker, DAY0 + dt.timedelta(days=9)),
        case_list.CaseQuery(overdue_only=True),
    )
    assert [r.id for r in page.rows] == [world.case]


def test_accepted_without_end_date_gets_a_follow_up_date_and_becomes_overdue(world):
    """Issue 14: an accepted referral with no expected end date was never overdue."""
    rid = world.draft(stage=world.services)  # the stage expects 21 days
    referrals.send_referral(world.cw, rid)
    accept_day = DAY0 + dt.timedelta(days=3)
    referrals.accept_referral(_at(world.office.caseworker, accept_day), rid)
    follow_up = accept_day + dt.timedelta(days=21)
    assert referrals.get_referral(world.cw, rid).follow_up_on == follow_up

    def overdue(day: dt.date) -> bool:
        at = _at(world.office.caseworker, day)
        listed = {r.id for r in referrals.list_referrals(at, ReferralQuery(overdue_only=True)).rows}
        cases_late = [
            r.id for r in case_list.list_cases(at, case_list.CaseQuery(overdue_only=True)).rows
        ]
        assert (rid in listed) == referrals.get_referral(at, rid).overdue
        assert (rid in listed) == (cases_late == [world.case])
        return rid in listed

    assert not overdue(follow_up)
    assert overdue(follow_up + dt.timedelta(days=1))
    # Setting an expected end date moves the deadline to it.
    referrals.set_expected_end(
        _at(world.office.caseworker, follow_up), rid, follow_up + dt.timedelta(days=30)
    )
    assert not overdue(follow_up + dt.timedelta(days=1))
    # Without a stage, the default response days apply.
    other = world.draft()
    referrals.send_referral(world.cw, other)
    referrals.accept_referral(world.cw, other)
    assert referrals.get_referral(world.cw, other).follow_up_on == DAY0 + dt.timedelta(
        days=referrals.DEFAULT_RESPONSE_DAYS
    )


def test_list_filters_sort_and_page_in_sql(world):
    ids = [world.draft() for _ in range(3)]
    referrals.send_referral(world.cw, ids[0])
    imam = world.draft(org=world.imam)
    q = referrals.list_referrals
    assert q(world.cw, ReferralQuery()).total == 4
    assert [r.id for r in q(world.cw, ReferralQuery(state=ReferralState.SENT)).rows] == [ids[0]]
    assert [r.id for r in q(world.cw, ReferralQuery(org_id=world.imam)).rows] == [imam]
    page = q(world.cw, ReferralQuery(sort="organisation", descending=False, limit=2))
    assert page.total == 4 and len(page.rows) == 2
    assert [r.org_name for r in page.rows] == ["Clinic", "Clinic"]
    assert q(world.cw, ReferralQuery(direction="incoming")).total == 0
    assert q(world.cw, ReferralQuery(case_id=world.case)).total == 4
    with pytest.raises(ValidationError):
        q(world.cw, ReferralQuery(sort="purpose"))


def test_permissions_other_caseworker_and_admin(world):
    rid = world.draft()
    office = world.office
    before = _audit_count(world.cw)
    with pytest.raises(PermissionDenied):
        referrals.create_referral(
            office.other_caseworker,
            world.case,
            ReferralInput(ServiceType.HOUSING, world.clinic),
        )
    with pytest.raises(PermissionDenied):
        referrals.send_referral(office.other_caseworker, rid)
    with pytest.raises(PermissionDenied):
        referrals.get_referral(office.other_caseworker, rid)
    with pytest.raises(PermissionDenied):
        referrals.list_referrals(office.other_caseworker, ReferralQuery(case_id=world.case))
    assert referrals.list_referrals(office.other_caseworker, ReferralQuery()).total == 0
    with pytest.raises(PermissionDenied):
        referrals.list_referrals(office.admin, ReferralQuery())
    with pytest.raises(PermissionDenied):
        referrals.get_referral(office.admin, rid)
    assert _audit_count(world.cw) == before
    assert referrals.list_referrals(office.supervisor, ReferralQuery()).total == 1


def test_draft_validation_and_closed_case(world):
    with pytest.raises(ValidationError) as err:
        referrals.create_referral(
            world.cw, world.case, ReferralInput(ServiceType.HOUSING, 9999, stage_id=9999)
        )
    assert set(err.value.fields) == {"to_org_id", "stage_id"}
    rid = world.draft()
    referrals.update_draft(
        world.cw, rid, ReferralInput(ServiceType.HOUSING, world.imam, world.services)
    )
    detail = referrals.get_referral(world.cw, rid)
    assert (detail.service_type, detail.to_org_id, detail.stage_name) == (
        ServiceType.HOUSING,
        world.imam,
        "Services",
    )
    cases.change_status(world.sup, world.case, CaseAction.CLOSE, close_reason=CloseReason.RELOCATED)
    with pytest.raises(TransitionRefused):
        world.draft()


def test_records_carry_the_context_day_when_it_is_set(office):
    """The workshop generator back-dates what it makes: the history must read in order."""
    import datetime as dt

    from casework.services.context import ServiceContext
    from casework.services.referrals import get_referral

    past = dt.date.today() - dt.timedelta(days=40)
    ctx = ServiceContext(office.caseworker.vault, office.caseworker.actor, today=lambda: past)
    from casework.model.enums import ClientCategory, CustodyStatus, OrgType, ServiceType
    from casework.services import cases, directory, referrals

    case_id = cases.create_case(
        ctx, cases.CaseInput("Back-dated", ClientCategory.DISENGAGED, CustodyStatus.RELEASED, "KE")
    )
    org = directory.create_organisation(
        office.supervisor,
        directory.OrganisationInput(
            name="Org",
            org_type=OrgType.CSO,
            country="KE",
            services=(directory.ServiceOffer(ServiceType.EDUCATION),),
        ),
    )
    ref = referrals.create_referral(
        ctx, case_id, referrals.ReferralInput(ServiceType.EDUCATION, org)
    )
    detail = get_referral(office.caseworker, ref)
    assert detail.created_at.date() == past
    assert cases.get_case(office.caseworker, case_id).updated_at.date() == past


def test_incoming_referral_is_recorded_and_answered_here(office):
    import datetime as dt

    import pytest

    from casework.errors import ValidationError
    from casework.model.enums import (
        ClientCategory,
        CustodyStatus,
        OrgType,
        ReferralDirection,
        ReferralState,
        ServiceType,
    )
    from casework.services import cases, directory, documents, referrals

    cw = office.caseworker
    case_id = cases.create_case(
        cw,
        cases.CaseInput("Incoming", ClientCategory.RELEASED_OFFENDER, CustodyStatus.RELEASED, "NE"),
    )
    prison = directory.create_organisation(
        office.supervisor,
        directory.OrganisationInput(
            name="Niamey prison service", org_type=OrgType.PRISON_SERVICE, country="NE"
        ),
    )
    received = dt.date.today() - dt.timedelta(days=20)
    ref = referrals.record_incoming_referral(
        cw,
        case_id,
        referrals.IncomingReferralInput(
            ServiceType.PSYCHOSOCIAL,
            prison,
            received,
            purpose="Released next month",
            on_behalf_of="M. Issa",
        ),
    )
    detail = referrals.get_referral(cw, ref)
    assert detail.direction is ReferralDirection.INCOMING
    assert detail.state is ReferralState.SENT and detail.overdue  # 20 days > 14 to answer
    assert detail.events[0].on_behalf_of == "M. Issa"
    incoming = referrals.list_referrals(cw, referrals.ReferralQuery(direction="incoming"))
    outgoing = referrals.list_referrals(cw, referrals.ReferralQuery(direction="outgoing"))
    assert [r.id for r in incoming.rows] == [ref]
    assert ref not in [r.id for r in outgoing.rows]
    assert referrals.accept_referral(cw, ref) is ReferralState.ACCEPTED
    with pytest.raises(ValidationError):  # no form to send back to the sender
        documents.referral_document(cw, ref, "en")
    with pytest.raises(ValidationError):
        referrals.record_incoming_referral(
            cw,
            case_id,
            referrals.IncomingReferralInput(
                ServiceType.PSYCHOSOCIAL, prison, dt.date.today() + dt.timedelta(days=1)
            ),
        )


def test_the_inbox_follows_a_case_handed_to_another_caseworker(world):
    """Each referral keeps its case's caseworker for the inbox's index (store/referral_owner.py):
    a case handed over takes its referrals to the new caseworker's inbox."""
    from casework.services import handovers

    office = world.office
    rid = world.draft()
    other = office.other_caseworker
    assert [r.id for r in referrals.list_referrals(world.cw, ReferralQuery()).rows] == [rid]
    assert referrals.list_referrals(other, ReferralQuery()).total == 0
    handovers.assign_case(office.supervisor, world.case, other.actor.user_id)
    assert [r.id for r in referrals.list_referrals(other, ReferralQuery()).rows] == [rid]
    assert referrals.list_referrals(world.cw, ReferralQuery()).total == 0
    # A referral written afterwards goes to the new caseworker's inbox from the start.
    later = referrals.create_referral(
        other, world.case, ReferralInput(ServiceType.HOUSING, world.clinic)
    )
    listed = referrals.list_referrals(other, ReferralQuery(sort="created_at", descending=False))
    assert [r.id for r in listed.rows] == [rid, later]
    assert listed.total == 2
