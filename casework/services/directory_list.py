"""The directory as lists: a page of organisations, filtered and sorted in SQL, and those a
referral may go to. The records themselves (create, edit, deactivate) are in directory.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case as sql_case
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from casework.errors import ValidationError
from casework.i18n import N_
from casework.model import Organisation, OrganisationService
from casework.model.enums import OrgType, ServiceType, Subregion
from casework.services.cases import subregion_of
from casework.services.context import ServiceContext
from casework.services.label_order import country_order, label_order
from casework.store.search import organisation_ids_matching


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
    # The Area column reads "locality, country" (or the subregion when no country is
    # recorded): by the country's name, then the subregion's, then the place.
    sort_columns = {
        "name": (Organisation.name,),
        "org_type": (label_order(OrgType, Organisation.org_type),),
        "country": (
            country_order(Organisation.country),
            label_order(Subregion, Organisation.subregion),
            Organisation.locality,
        ),
        "locality": (Organisation.locality,),
        "created_at": (Organisation.created_at,),
    }
    if query.sort not in sort_columns:
        raise ValidationError({"sort": N_("This column cannot be sorted.")})
    order = [c.desc() if query.descending else c.asc() for c in sort_columns[query.sort]]
    tiebreak = Organisation.id.desc() if query.descending else Organisation.id.asc()
    with ctx.read() as s:
        match = organisation_ids_matching(s, query.text) if query.text.strip() else None
        if match is not None:
            conditions.append(match)
        total = s.scalar(select(func.count(Organisation.id)).where(*conditions)) or 0
        stmt = (
            select(*_ROW_COLUMNS)
            .where(*conditions)
            .order_by(*order, tiebreak)
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
