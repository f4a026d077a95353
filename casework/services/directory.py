"""The service directory: organisations and community actors, the services they offer, and the
referral pathways (ordered stages) cases follow.

Anyone logged in may read the directory (a caseworker needs it to refer); only users with
MANAGE_DIRECTORY (supervisors, administrators) change it. Organisation names and contacts are
never written to the audit trail: a partner may need its involvement kept quiet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import case as sql_case
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from casework.errors import NotFound, ValidationError
from casework.i18n import N_, translator
from casework.model import (
    Case,
    Consent,
    GoalAction,
    Organisation,
    OrganisationService,
    Pathway,
    PathwayStage,
    Referral,
)
from casework.model.enums import OrgType, ServiceType, Subregion
from casework.services import concurrency
from casework.services.cases import subregion_of
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.store.search import organisation_ids_matching

DEFAULT_EXPECTED_DAYS = 14

# --- read models and inputs ----------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceOffer:
    """One service an organisation offers, in its own words."""

    service_type: ServiceType
    description: str = ""
    capacity_note: str = ""


@dataclass(frozen=True)
class OrganisationInput:
    """What the directory form holds. The subregion follows from the country when one is given."""

    name: str
    org_type: OrgType
    country: str = ""
    subregion: Subregion | None = None
    locality: str = ""
    focal_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    pseudonymous: bool = False
    notes: str = ""
    active: bool = True
    services: tuple[ServiceOffer, ...] = ()


@dataclass(frozen=True)
class OrganisationDetail:
    id: int
    created_at: dt.datetime
    data: OrganisationInput
    row_version: int = 1  # passed back as expected_version by the directory form


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    name: str
    org_type: OrgType
    subregion: Subregion | None
    country: str
    locality: str
    focal_person: str
    pseudonymous: bool
    active: bool
    services: tuple[ServiceType, ...]


ORG_SORT_KEYS = ("name", "org_type", "country", "locality", "created_at")


@dataclass(frozen=True)
class OrganisationQuery:
    text: str = ""
    org_type: OrgType | None = None
    service: ServiceType | None = None
    subregion: Subregion | None = None
    country: str | None = None
    include_inactive: bool = False
    sort: str = "name"
    descending: bool = False
    offset: int = 0
    limit: int = 200


@dataclass(frozen=True)
class OrganisationPage:
    rows: list[OrganisationRow]
    total: int


@dataclass(frozen=True)
class StageInput:
    name: str
    sending_types: frozenset[OrgType] = frozenset()
    receiving_types: frozenset[OrgType] = frozenset()
    service_types: frozenset[ServiceType] = frozenset()
    expected_days: int = DEFAULT_EXPECTED_DAYS


@dataclass(frozen=True)
class StageRow:
    id: int
    position: int  # 1, 2, 3… in pathway order
    name: str
    sending_types: frozenset[OrgType]
    receiving_types: frozenset[OrgType]
    service_types: frozenset[ServiceType]
    expected_days: int
    row_version: int = 1  # passed back as expected_version by the stage form


@dataclass(frozen=True)
class PathwayInput:
    name: str
    country: str = ""
    subregion: Subregion | None = None
    description: str = ""
    active: bool = True


@dataclass(frozen=True)
class PathwayDetail:
    id: int
    data: PathwayInput
    stages: tuple[StageRow, ...]
    row_version: int = 1  # passed back as expected_version by the pathway form


@dataclass(frozen=True)
class PathwayRow:
    id: int
    name: str
    subregion: Subregion | None
    country: str
    active: bool
    stage_count: int


@dataclass(frozen=True)
class StagePosition:
    stage: StageRow
    current: bool
    passed: bool  # an earlier stage than the current one


@dataclass(frozen=True)
class PathwayPosition:
    """Where a case stands on its pathway (the case header's stage strip)."""

    pathway_id: int
    pathway_name: str
    current_stage_id: int | None
    stages: tuple[StagePosition, ...]


# The default stages of DOMAIN.md ("Referral pathway"); names are stored in the chosen language.
DEFAULT_STAGES: tuple[tuple[str, frozenset[OrgType], frozenset[OrgType], int], ...] = (
    (
        N_("Pre-release assessment"),
        frozenset({OrgType.PRISON_SERVICE}),
        frozenset({OrgType.CSO, OrgType.PROBATION}),
        30,
    ),
    (
        N_("Release planning (case conference)"),
        frozenset({OrgType.PRISON_SERVICE, OrgType.PROBATION}),
        frozenset({OrgType.CSO, OrgType.FAMILY, OrgType.COMMUNITY_LEADER}),
        21,
    ),
    (
        N_("Handover to the community"),
        frozenset({OrgType.PRISON_SERVICE, OrgType.PROBATION}),
        frozenset({OrgType.CSO, OrgType.COMMUNITY_LEADER, OrgType.FAMILY}),
        7,
    ),
    (
        N_("Service referrals"),
        frozenset({OrgType.CSO, OrgType.PROBATION}),
        frozenset(
            {
                OrgType.HEALTH,
                OrgType.VOCATIONAL_TRAINING,
                OrgType.EMPLOYER,
                OrgType.LEGAL_AID,
                OrgType.RELIGIOUS_LEADER,
                OrgType.SCHOOL,
            }
        ),
        14,
    ),
    (N_("Follow-up reviews"), frozenset({OrgType.CSO}), frozenset({OrgType.CSO}), 90),
    (N_("Closure"), frozenset({OrgType.CSO}), frozenset({OrgType.CSO}), 30),
)


# --- helpers -------------------------------------------------------------------------------------


def _area(
    country: str, subregion: Subregion | None, errors: dict[str, str]
) -> tuple[str, Subregion | None]:
    """Normalise a country code and derive its subregion; an empty country keeps the subregion."""
    country = country.strip().upper()
    if not country:
        return "", subregion
    derived = subregion_of(country)
    if derived is None:
        errors["country"] = N_("Choose a country.")
        return country, subregion
    return country, derived


def _validate_org(data: OrganisationInput) -> OrganisationInput:
    errors: dict[str, str] = {}
    country, subregion = _area(data.country, data.subregion, errors)
    data = replace(
        data,
        name=data.name.strip(),
        country=country,
        subregion=subregion,
        locality=data.locality.strip(),
        focal_person=data.focal_person.strip(),
        phone=data.phone.strip(),
        email=data.email.strip(),
    )
    if not data.name:
        errors["name"] = N_("Enter the organisation's or person's name.")
    if data.email and ("@" not in data.email or " " in data.email):
        errors["email"] = N_("Enter a valid e-mail address, or leave it empty.")
    kinds = [s.service_type for s in data.services]
    if len(kinds) != len(set(kinds)):
        errors["services"] = N_("Each service can be listed only once.")
    if errors:
        raise ValidationError(errors)
    return data


def _validate_stage(stage: StageInput) -> StageInput:
    errors: dict[str, str] = {}
    stage = replace(stage, name=stage.name.strip())
    if not stage.name:
        errors["name"] = N_("Enter the stage's name.")
    if not 1 <= stage.expected_days <= 730:
        errors["expected_days"] = N_("Expected response time must be between 1 and 730 days.")
    if errors:
        raise ValidationError(errors)
    return stage


def _validate_pathway(data: PathwayInput) -> PathwayInput:
    errors: dict[str, str] = {}
    country, subregion = _area(data.country, data.subregion, errors)
    data = replace(data, name=data.name.strip(), country=country, subregion=subregion)
    if not data.name:
        errors["name"] = N_("Enter the pathway's name.")
    if errors:
        raise ValidationError(errors)
    return data


def _services_of(s: Session, org_ids: Sequence[int]) -> dict[int, tuple[ServiceType, ...]]:
    """The services of the given organisations in one query (only the page being shown)."""
    out: dict[int, list[ServiceType]] = {i: [] for i in org_ids}
    if org_ids:
        rows = s.execute(
            select(OrganisationService.organisation_id, OrganisationService.service_type)
            .where(OrganisationService.organisation_id.in_(org_ids))
            .order_by(OrganisationService.organisation_id, OrganisationService.service_type)
        )
        for org_id, kind in rows:
            out[org_id].append(kind)
    return {k: tuple(v) for k, v in out.items()}


_ROW_COLUMNS = (
    Organisation.id,
    Organisation.name,
    Organisation.org_type,
    Organisation.subregion,
    Organisation.country,
    Organisation.locality,
    Organisation.focal_person,
    Organisation.pseudonymous,
    Organisation.active,
)


def _rows(s: Session, stmt) -> list[OrganisationRow]:  # noqa: ANN001 - a Select of _ROW_COLUMNS
    raw = s.execute(stmt).all()
    services = _services_of(s, [r[0] for r in raw])
    return [OrganisationRow(*r, services=services[r[0]]) for r in raw]


def _stage_row(stage: PathwayStage) -> StageRow:
    return StageRow(
        id=stage.id,
        position=stage.position,
        name=stage.name,
        sending_types=frozenset(OrgType(v) for v in stage.sending_types),
        receiving_types=frozenset(OrgType(v) for v in stage.receiving_types),
        service_types=frozenset(ServiceType(v) for v in stage.service_types),
        expected_days=stage.expected_days,
        row_version=stage.row_version,
    )


def _apply_stage(row: PathwayStage, stage: StageInput) -> None:
    row.name = stage.name
    row.sending_types = sorted(t.value for t in stage.sending_types)
    row.receiving_types = sorted(t.value for t in stage.receiving_types)
    row.service_types = sorted(t.value for t in stage.service_types)
    row.expected_days = stage.expected_days


def _renumber(s: Session, stages: Sequence[PathwayStage]) -> None:
    """Give stages positions 1..n in the given order.

    Two passes through negative numbers, because SQLite checks the (pathway, position) unique
    constraint row by row and a direct swap would collide half-way.
    """
    for i, stage in enumerate(stages, start=1):
        stage.position = -i
    s.flush()
    for i, stage in enumerate(stages, start=1):
        stage.position = i
    s.flush()


def _pathway(s: Session, pathway_id: int) -> Pathway:
    pathway = s.get(Pathway, pathway_id)
    if pathway is None:
        raise NotFound()
    return pathway


def _organisation(s: Session, org_id: int) -> Organisation:
    org = s.get(Organisation, org_id)
    if org is None:
        raise NotFound()
    return org


# --- organisations -------------------------------------------------------------------------------


def create_organisation(ctx: ServiceContext, data: OrganisationInput) -> int:
    ctx.require(Permission.MANAGE_DIRECTORY)
    data = _validate_org(data)
    with ctx.write() as uow:
        org = Organisation(
            name=data.name,
            org_type=data.org_type,
            subregion=data.subregion,
            country=data.country,
            locality=data.locality,
            focal_person=data.focal_person,
            phone=data.phone,
            email=data.email,
            address=data.address,
            pseudonymous=data.pseudonymous,
            notes=data.notes,
            active=data.active,
        )
        org.services = [
            OrganisationService(
                service_type=o.service_type,
                description=o.description,
                capacity_note=o.capacity_note,
            )
            for o in data.services
        ]
        uow.session.add(org)
        uow.session.flush()
        uow.audit(
            "organisation.created",
            "organisation",
            org.id,
            org_type=data.org_type.value,
            services=sorted(o.service_type.value for o in data.services),
        )
        return org.id


_ORG_FIELDS = (
    "name",
    "org_type",
    "subregion",
    "country",
    "locality",
    "focal_person",
    "phone",
    "email",
    "address",
    "pseudonymous",
    "notes",
    "active",
)


def update_organisation(
    ctx: ServiceContext, org_id: int, data: OrganisationInput, expected_version: int | None = None
) -> None:
    """Replace an organisation's details and its set of services."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    data = _validate_org(data)
    with ctx.write() as uow:
        org = _organisation(uow.session, org_id)
        concurrency.check(uow.session, org, expected_version, _ORG_FIELDS, "organisation")
        changed = [f for f in _ORG_FIELDS if getattr(org, f) != getattr(data, f)]
        for name in changed:
            setattr(org, name, getattr(data, name))
        wanted = {o.service_type: o for o in data.services}
        for row in list(org.services):
            offer = wanted.pop(row.service_type, None)
            if offer is None:
                org.services.remove(row)
                changed.append("services")
            elif (row.description, row.capacity_note) != (offer.description, offer.capacity_note):
                row.description, row.capacity_note = offer.description, offer.capacity_note
                changed.append("services")
        uow.session.flush()  # removed services go before re-added ones (unique per org)
        for offer in wanted.values():
            org.services.append(
                OrganisationService(
                    service_type=offer.service_type,
                    description=offer.description,
                    capacity_note=offer.capacity_note,
                )
            )
            changed.append("services")
        if changed:
            org.changed_at = ctx.now()  # a change of services alone is a new version too
            uow.audit("organisation.updated", "organisation", org.id, fields=sorted(set(changed)))


def set_organisation_active(ctx: ServiceContext, org_id: int, active: bool) -> None:
    """Retire (or bring back) an organisation without losing the referrals that name it."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    with ctx.write() as uow:
        org = _organisation(uow.session, org_id)
        if org.active != active:
            org.active = active
            uow.audit(
                "organisation.activated" if active else "organisation.deactivated",
                "organisation",
                org.id,
            )


def delete_organisation(ctx: ServiceContext, org_id: int) -> None:
    """Delete an organisation entered by mistake; one already used must be deactivated."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    with ctx.write() as uow:
        s = uow.session
        org = _organisation(s, org_id)
        used = s.scalar(
            select(
                exists().where(Referral.to_org_id == org_id)
                | exists().where(Consent.recipient_org_id == org_id)
                | exists().where(GoalAction.responsible_org_id == org_id)
            )
        )
        if used:
            raise ValidationError(
                {
                    "organisation": N_(
                        "This organisation is named in referrals, consents or plans and cannot "
                        "be deleted. Deactivate it instead."
                    )
                }
            )
        s.delete(org)
        uow.audit("organisation.deleted", "organisation", org_id)


def get_organisation(ctx: ServiceContext, org_id: int) -> OrganisationDetail:
    with ctx.read() as s:
        org = _organisation(s, org_id)
        offers = tuple(
            ServiceOffer(o.service_type, o.description, o.capacity_note)
            for o in sorted(org.services, key=lambda o: list(ServiceType).index(o.service_type))
        )
        data = OrganisationInput(**{f: getattr(org, f) for f in _ORG_FIELDS}, services=offers)
        return OrganisationDetail(org.id, org.created_at, data, org.row_version)


def list_organisations(ctx: ServiceContext, query: OrganisationQuery) -> OrganisationPage:
    """One page of the directory, filtered and sorted in SQL."""
    conditions = []
    if not query.include_inactive:
        conditions.append(Organisation.active.is_(True))
    if query.org_type is not None:
        conditions.append(Organisation.org_type == query.org_type)
    if query.service is not None:
        conditions.append(_offers(query.service))
    if query.subregion is not None:
        conditions.append(Organisation.subregion == query.subregion)
    if query.country:
        conditions.append(Organisation.country == query.country.strip().upper())
    sort_columns = {
        "name": Organisation.name,
        "org_type": Organisation.org_type,
        "country": Organisation.country,
        "locality": Organisation.locality,
        "created_at": Organisation.created_at,
    }
    if query.sort not in sort_columns:
        raise ValidationError({"sort": N_("This column cannot be sorted.")})
    order = sort_columns[query.sort]
    order = order.desc() if query.descending else order.asc()
    tiebreak = Organisation.id.desc() if query.descending else Organisation.id.asc()
    with ctx.read() as s:
        match = organisation_ids_matching(s, query.text) if query.text.strip() else None
        if match is not None:
            conditions.append(match)
        total = s.scalar(select(func.count(Organisation.id)).where(*conditions)) or 0
        stmt = (
            select(*_ROW_COLUMNS)
            .where(*conditions)
            .order_by(order, tiebreak)
            .offset(max(0, query.offset))
            .limit(max(1, min(query.limit, 1000)))
        )
        return OrganisationPage(_rows(s, stmt), total)


def _offers(service: ServiceType):  # noqa: ANN202 - a SQL expression
    return exists().where(
        OrganisationService.organisation_id == Organisation.id,
        OrganisationService.service_type == service,
    )


def organisations_for_referral(
    ctx: ServiceContext,
    service: ServiceType,
    *,
    country: str | None = None,
    subregion: Subregion | None = None,
) -> list[OrganisationRow]:
    """Active organisations offering the service in the case's area.

    An organisation is in the area when it is in that country, or covers the whole subregion
    (no country recorded), or has no area at all (international or national actors recorded
    without one). Those in the country come first, then the subregion-wide, then the rest.
    """
    conditions = [Organisation.active.is_(True), _offers(service)]
    country = (country or "").strip().upper()
    if country and subregion is None:
        subregion = subregion_of(country)
    no_area = (Organisation.country == "") & Organisation.subregion.is_(None)
    if country:
        conditions.append(
            or_(
                Organisation.country == country,
                (Organisation.country == "") & (Organisation.subregion == subregion),
                no_area,
            )
        )
        rank = sql_case((Organisation.country == country, 0), (no_area, 2), else_=1)
    elif subregion is not None:
        conditions.append(or_(Organisation.subregion == subregion, no_area))
        rank = sql_case((no_area, 1), else_=0)
    else:
        rank = sql_case((no_area, 0), else_=0)
    with ctx.read() as s:
        stmt = (
            select(*_ROW_COLUMNS)
            .where(*conditions)
            .order_by(rank, Organisation.name, Organisation.id)
        )
        return _rows(s, stmt)


# --- pathways ------------------------------------------------------------------------------------


def create_pathway(
    ctx: ServiceContext, data: PathwayInput, stages: Sequence[StageInput] = ()
) -> int:
    ctx.require(Permission.MANAGE_DIRECTORY)
    data = _validate_pathway(data)
    stages = [_validate_stage(st) for st in stages]
    with ctx.write() as uow:
        pathway = Pathway(
            name=data.name,
            subregion=data.subregion,
            country=data.country,
            description=data.description,
            active=data.active,
        )
        for i, stage in enumerate(stages, start=1):
            row = PathwayStage(position=i)
            _apply_stage(row, stage)
            pathway.stages.append(row)
        uow.session.add(pathway)
        uow.session.flush()
        uow.audit("pathway.created", "pathway", pathway.id, stages=len(stages))
        return pathway.id


def create_default_pathway(
    ctx: ServiceContext,
    name: str,
    *,
    country: str = "",
    subregion: Subregion | None = None,
    lang: str = "en",
) -> int:
    """A pathway with DOMAIN.md's default stages, named in `lang` (stage names are data)."""
    tr = translator(lang)
    stages = [
        StageInput(tr.gettext(title), sending, receiving, expected_days=days)
        for title, sending, receiving, days in DEFAULT_STAGES
    ]
    return create_pathway(ctx, PathwayInput(name, country, subregion), stages)


_PATHWAY_FIELDS = ("name", "subregion", "country", "description", "active")


def update_pathway(
    ctx: ServiceContext, pathway_id: int, data: PathwayInput, expected_version: int | None = None
) -> None:
    ctx.require(Permission.MANAGE_DIRECTORY)
    data = _validate_pathway(data)
    with ctx.write() as uow:
        pathway = _pathway(uow.session, pathway_id)
        concurrency.check(uow.session, pathway, expected_version, _PATHWAY_FIELDS, "pathway")
        changed = []
        for name in _PATHWAY_FIELDS:
            if getattr(pathway, name) != getattr(data, name):
                setattr(pathway, name, getattr(data, name))
                changed.append(name)
        if changed:
            uow.audit("pathway.updated", "pathway", pathway.id, fields=changed)


def add_stage(
    ctx: ServiceContext, pathway_id: int, stage: StageInput, position: int | None = None
) -> int:
    """Add a stage at `position` (1-based; at the end when None)."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    stage = _validate_stage(stage)
    with ctx.write() as uow:
        s = uow.session
        pathway = _pathway(s, pathway_id)
        ordered = list(pathway.stages)
        row = PathwayStage(pathway_id=pathway.id, position=len(ordered) + 1)
        _apply_stage(row, stage)
        s.add(row)
        s.flush()
        if position is not None:
            index = min(max(position, 1), len(ordered) + 1) - 1
            ordered.insert(index, row)
            _renumber(s, ordered)
        uow.audit("pathway.stage_added", "pathway", pathway.id, stage=row.id)
        return row.id


def update_stage(
    ctx: ServiceContext, stage_id: int, stage: StageInput, expected_version: int | None = None
) -> None:
    ctx.require(Permission.MANAGE_DIRECTORY)
    stage = _validate_stage(stage)
    with ctx.write() as uow:
        row = uow.session.get(PathwayStage, stage_id)
        if row is None:
            raise NotFound()
        fields = ("name", "sending_types", "receiving_types", "service_types", "expected_days")
        concurrency.check(uow.session, row, expected_version, fields, "stage")
        _apply_stage(row, stage)
        uow.audit("pathway.stage_updated", "pathway", row.pathway_id, stage=row.id)


def remove_stage(ctx: ServiceContext, stage_id: int) -> None:
    """Remove a stage no case or referral is at; the others close up."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    with ctx.write() as uow:
        s = uow.session
        row = s.get(PathwayStage, stage_id)
        if row is None:
            raise NotFound()
        used = s.scalar(
            select(
                exists().where(Case.current_stage_id == stage_id)
                | exists().where(Referral.stage_id == stage_id)
            )
        )
        if used:
            raise ValidationError(
                {"stage": N_("Cases or referrals are at this stage; it cannot be removed.")}
            )
        pathway = row.pathway
        pathway.stages.remove(row)
        s.delete(row)
        s.flush()
        _renumber(s, list(pathway.stages))
        uow.audit("pathway.stage_removed", "pathway", pathway.id, stage=stage_id)


def reorder_stages(ctx: ServiceContext, pathway_id: int, stage_ids: Sequence[int]) -> None:
    """Put a pathway's stages in the given order (every stage exactly once)."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    with ctx.write() as uow:
        s = uow.session
        pathway = _pathway(s, pathway_id)
        by_id = {st.id: st for st in pathway.stages}
        if sorted(stage_ids) != sorted(by_id) or len(set(stage_ids)) != len(stage_ids):
            raise ValidationError({"stages": N_("List every stage of the pathway exactly once.")})
        _renumber(s, [by_id[i] for i in stage_ids])
        s.expire(pathway, ["stages"])
        uow.audit("pathway.stages_reordered", "pathway", pathway.id, order=list(stage_ids))


def get_pathway(ctx: ServiceContext, pathway_id: int) -> PathwayDetail:
    with ctx.read() as s:
        p = _pathway(s, pathway_id)
        data = PathwayInput(p.name, p.country, p.subregion, p.description, p.active)
        return PathwayDetail(p.id, data, tuple(_stage_row(st) for st in p.stages), p.row_version)


def list_pathways(
    ctx: ServiceContext,
    *,
    subregion: Subregion | None = None,
    country: str | None = None,
    include_inactive: bool = False,
) -> list[PathwayRow]:
    """Pathways for a picker: those of the country, of its subregion, or general ones."""
    conditions = []
    if not include_inactive:
        conditions.append(Pathway.active.is_(True))
    country = (country or "").strip().upper()
    if country:
        subregion = subregion or subregion_of(country)
        conditions.append(
            or_(
                Pathway.country == country,
                (Pathway.country == "")
                & or_(Pathway.subregion == subregion, Pathway.subregion.is_(None)),
            )
        )
    elif subregion is not None:
        conditions.append(or_(Pathway.subregion == subregion, Pathway.subregion.is_(None)))
    count = (
        select(func.count(PathwayStage.id))
        .where(PathwayStage.pathway_id == Pathway.id)
        .scalar_subquery()
    )
    with ctx.read() as s:
        stmt = (
            select(
                Pathway.id, Pathway.name, Pathway.subregion, Pathway.country, Pathway.active, count
            )
            .where(*conditions)
            .order_by(Pathway.name, Pathway.id)
        )
        return [PathwayRow(*r) for r in s.execute(stmt)]


def stage_of(ctx: ServiceContext, stage_id: int) -> StageRow:
    with ctx.read() as s:
        row = s.get(PathwayStage, stage_id)
        if row is None:
            raise NotFound()
        return _stage_row(row)


def pathway_position(ctx: ServiceContext, case_id: int) -> PathwayPosition | None:
    """The case's pathway stages with the current one marked; None when it follows none."""
    with ctx.read() as s:
        case = ctx.case_for_read(s, case_id)
        if case.pathway_id is None:
            return None
        pathway = _pathway(s, case.pathway_id)
        current = next((st for st in pathway.stages if st.id == case.current_stage_id), None)
        stages = tuple(
            StagePosition(
                _stage_row(st),
                current=current is not None and st.id == current.id,
                passed=current is not None and st.position < current.position,
            )
            for st in pathway.stages
        )
        return PathwayPosition(pathway.id, pathway.name, case.current_stage_id, stages)
