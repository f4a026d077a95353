"""The directory and pathways through the services on a real vault."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casework.errors import PermissionDenied, ValidationError
from casework.model import AuditEvent
from casework.model.enums import ClientCategory, CustodyStatus, OrgType, ServiceType, Subregion
from casework.services import cases, directory, pathway_position, pathways
from casework.services.cases import CaseInput
from casework.services.directory import OrganisationInput, OrganisationQuery, ServiceOffer
from casework.services.pathways import PathwayInput, StageInput


def _audit_count(ctx) -> int:
    """Events other than refusals (a refused call writes its refusal and nothing else)."""
    with ctx.vault.session() as s:
        return s.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action != "access.refused")
        )


def _org(name: str = "Bamako Mental Health Clinic", **overrides: object) -> OrganisationInput:
    values: dict[str, object] = {
        "name": name,
        "org_type": OrgType.HEALTH,
        "country": "ML",
        "locality": "Bamako",
        "focal_person": "Dr Keita",
        "services": (ServiceOffer(ServiceType.MENTAL_HEALTH, "Trauma counselling"),),
    }
    values.update(overrides)
    return OrganisationInput(**values)  # type: ignore[arg-type]


def test_supervisor_and_admin_manage_directory_caseworker_only_reads(office):
    org_id = directory.create_organisation(office.supervisor, _org())
    directory.create_organisation(office.admin, _org("Mopti Imams Council"))
    before = _audit_count(office.admin)
    with pytest.raises(PermissionDenied):
        directory.create_organisation(office.caseworker, _org("Nope"))
    with pytest.raises(PermissionDenied):
        directory.update_organisation(office.caseworker, org_id, _org("Renamed"))
    assert _audit_count(office.admin) == before
    detail = directory.get_organisation(office.caseworker, org_id)
    assert detail.data.subregion is Subregion.SAHEL_MAGHREB
    assert detail.data.services[0].service_type is ServiceType.MENTAL_HEALTH
    page = directory.list_organisations(office.caseworker, OrganisationQuery())
    assert page.total == 2


def test_validation_and_audit_has_no_names(office):
    with pytest.raises(ValidationError) as err:
        directory.create_organisation(office.supervisor, _org(" ", country="FR", email="x"))
    assert set(err.value.fields) == {"name", "country", "email"}
    org_id = directory.create_organisation(office.supervisor, _org(pseudonymous=True))
    with office.admin.vault.session() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "organisation.created" and event.entity_id == org_id
    assert "Bamako" not in event.details and "Keita" not in event.details


def test_update_replaces_services_and_lists_filter_in_sql(office):
    clinic = directory.create_organisation(office.supervisor, _org())
    imam = directory.create_organisation(
        office.supervisor,
        _org(
            "Sheikh Ould Ahmed",
            org_type=OrgType.RELIGIOUS_LEADER,
            country="MR",
            services=(ServiceOffer(ServiceType.RELIGIOUS_DIALOGUE),),
        ),
    )
    directory.create_organisation(
        office.supervisor,
        _org("Nairobi Youth Sport", org_type=OrgType.YOUTH_GROUP, country="KE", services=()),
    )
    directory.update_organisation(
        office.supervisor,
        clinic,
        _org(
            services=(
                ServiceOffer(ServiceType.PSYCHOSOCIAL),
                ServiceOffer(ServiceType.MENTAL_HEALTH, "Now also groups"),
            )
        ),
    )
    detail = directory.get_organisation(office.supervisor, clinic)
    assert {o.service_type for o in detail.data.services} == {
        ServiceType.PSYCHOSOCIAL,
        ServiceType.MENTAL_HEALTH,
    }
    q = directory.list_organisations
    ctx = office.caseworker
    assert [
        r.id for r in q(ctx, OrganisationQuery(service=ServiceType.RELIGIOUS_DIALOGUE)).rows
    ] == [imam]
    assert q(ctx, OrganisationQuery(subregion=Subregion.SAHEL_MAGHREB)).total == 2
    assert q(ctx, OrganisationQuery(country="ke")).total == 1
    assert q(ctx, OrganisationQuery(org_type=OrgType.HEALTH)).rows[0].id == clinic
    assert [r.id for r in q(ctx, OrganisationQuery(text="ould")).rows] == [imam]
    names = [r.name for r in q(ctx, OrganisationQuery(sort="name", descending=True)).rows]
    assert names == sorted(names, reverse=True)
    directory.set_organisation_active(office.supervisor, imam, False)
    assert q(ctx, OrganisationQuery()).total == 2
    assert q(ctx, OrganisationQuery(include_inactive=True)).total == 3
    with pytest.raises(ValidationError):
        q(ctx, OrganisationQuery(sort="phone"))


def test_organisations_for_referral_by_service_and_area(office):
    local = directory.create_organisation(office.supervisor, _org("Mali clinic"))
    regional = directory.create_organisation(
        office.supervisor, _org("Sahel network", country="", subregion=Subregion.SAHEL_MAGHREB)
    )
    international = directory.create_organisation(
        office.supervisor, _org("Global NGO", country="", org_type=OrgType.INTERNATIONAL)
    )
    directory.create_organisation(office.supervisor, _org("Kenya clinic", country="KE"))
    directory.create_organisation(office.supervisor, _org("Mali school", services=()))
    rows = directory.organisations_for_referral(
        office.caseworker, ServiceType.MENTAL_HEALTH, country="ML"
    )
    assert [r.id for r in rows] == [local, regional, international]


def test_pathway_stages_crud_and_reorder(office):
    pid = pathways.create_pathway(
        office.supervisor,
        PathwayInput("Mali pathway", country="ML"),
        [StageInput("Assessment", expected_days=30), StageInput("Handover", expected_days=7)],
    )
    with pytest.raises(PermissionDenied):
        pathways.add_stage(office.caseworker, pid, StageInput("Nope"))
    follow = pathways.add_stage(
        office.supervisor,
        pid,
        StageInput(
            "Follow-up", frozenset({OrgType.CSO}), service_types=frozenset({ServiceType.HOUSING})
        ),
    )
    first = pathways.add_stage(office.supervisor, pid, StageInput("Pre-release"), position=1)
    stages = pathways.get_pathway(office.caseworker, pid).stages
    assert [st.name for st in stages] == ["Pre-release", "Assessment", "Handover", "Follow-up"]
    assert [st.position for st in stages] == [1, 2, 3, 4]
    ids = [st.id for st in stages]
    pathways.reorder_stages(office.supervisor, pid, list(reversed(ids)))
    assert [st.id for st in pathways.get_pathway(office.supervisor, pid).stages] == ids[::-1]
    with pytest.raises(ValidationError):
        pathways.reorder_stages(office.supervisor, pid, ids[:2])
    pathways.remove_stage(office.supervisor, first)
    stages = pathways.get_pathway(office.supervisor, pid).stages
    assert [st.position for st in stages] == [1, 2, 3]
    assert stages[0].id == follow and stages[0].service_types == {ServiceType.HOUSING}
    with pytest.raises(ValidationError):
        pathways.update_stage(office.supervisor, follow, StageInput("Bad", expected_days=0))
    rows = pathways.list_pathways(office.caseworker, country="ML")
    assert [(r.id, r.stage_count) for r in rows] == [(pid, 3)]
    assert pathways.list_pathways(office.caseworker, country="KE") == []


def test_default_pathway_in_french_and_case_position(office):
    pid = pathways.create_default_pathway(
        office.supervisor, "Parcours Niger", country="NE", lang="fr"
    )
    stages = pathways.get_pathway(office.supervisor, pid).stages
    assert len(stages) == 6
    case_id = cases.create_case(
        office.caseworker,
        CaseInput(
            alias="Abu Layla",
            category=ClientCategory.RELEASED_OFFENDER,
            custody_status=CustodyStatus.RELEASED,
            country="NE",
            pathway_id=pid,
        ),
    )
    cases.set_stage(office.caseworker, case_id, stages[2].id)
    position = pathway_position.pathway_position(office.caseworker, case_id)
    assert position is not None and position.current_stage_id == stages[2].id
    assert [p.current for p in position.stages] == [False, False, True, False, False, False]
    assert [p.passed for p in position.stages][:3] == [True, True, False]
    with pytest.raises(PermissionDenied):
        pathway_position.pathway_position(office.other_caseworker, case_id)
    with pytest.raises(ValidationError):
        pathways.remove_stage(office.supervisor, stages[2].id)


def test_used_organisation_cannot_be_deleted(office):
    unused = directory.create_organisation(office.supervisor, _org("Typo"))
    directory.delete_organisation(office.supervisor, unused)
    assert directory.list_organisations(office.supervisor, OrganisationQuery()).total == 0
