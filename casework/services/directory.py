"""The service directory's organisations: partner organisations and community actors, and the
services they offer (the referral pathways are in `pathways`).

Anyone logged in may read the directory (a caseworker needs it to refer); only users with
MANAGE_DIRECTORY (supervisors, administrators) change it. Organisation names and contacts are
never written to the audit trail: a partner may need its involvement kept quiet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from casework.errors import NotFound, ValidationError
from casework.i18n import N_
from casework.model import (
    Consent,
    GoalAction,
    Organisation,
    OrganisationService,
    Referral,
)
from casework.model.enums import OrgType, ServiceType, Subregion
from casework.services import concurrency
from casework.services.areas import normalised_area
from casework.services.context import ServiceContext
from casework.services.directory_list import (  # noqa: F401 - the directory's read side
    ORG_SORT_KEYS,
    OrganisationPage,
    OrganisationQuery,
    OrganisationRow,
    list_organisations,
    organisations_for_referral,
)
from casework.services.permissions import Permission

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


# --- helpers -------------------------------------------------------------------------------------


def _validate_org(data: OrganisationInput) -> OrganisationInput:
    errors: dict[str, str] = {}
    country, subregion = normalised_area(data.country, data.subregion, errors)
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
