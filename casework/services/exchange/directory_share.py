"""Share the service directory with other organisations as an HSDS 3.0 package.

Export leaves out organisations whose involvement is kept quiet (pseudonymous contacts). Import
never changes anything on its own: `compare_directory` says what is new and what differs from
the local directory (field by field), and `apply_directory` adds or updates only the
organisations the user chose. An update fills in the incoming values and adds the services the
local entry lacks; it never removes a local service.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from casework.errors import ValidationError
from casework.exchange.hsds import OfferRecord, OrgRecord, from_hsds, stable_id, to_hsds
from casework.i18n import N_
from casework.model import Organisation, OrganisationService
from casework.model.geography import subregion_of
from casework.services.context import ServiceContext
from casework.services.exchange.common import organisation_name, own_identity
from casework.services.permissions import Permission

COMPARED = ("org_type", "country", "locality", "focal_person", "phone", "email", "address")
FIELD_LABELS = {
    "org_type": N_("Type"),
    "country": N_("Country"),
    "locality": N_("Locality"),
    "focal_person": N_("Focal person"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "address": N_("Address"),
    "services": N_("Services"),
}


@dataclass(frozen=True)
class Change:
    field: str  # a key of FIELD_LABELS
    local: str
    incoming: str


@dataclass(frozen=True)
class ChangedOrg:
    incoming: OrgRecord
    local_id: int
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class DirectoryDiff:
    new: tuple[OrgRecord, ...]
    changed: tuple[ChangedOrg, ...]
    unchanged: int
    skipped: tuple[str, ...] = field(default=())  # names appearing twice in the file


def export_directory(ctx: ServiceContext) -> bytes:
    """Every active, non-pseudonymous organisation with its services; audited."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    with ctx.read() as s:
        namespace = own_identity(s).fingerprint.replace(" ", "")
        publisher = organisation_name(s)
        rows = s.scalars(
            select(Organisation)
            .where(Organisation.active.is_(True), Organisation.pseudonymous.is_(False))
            .order_by(Organisation.name)
        ).all()
        records = [
            OrgRecord(
                id=stable_id(namespace, o.id),
                name=o.name,
                org_type=o.org_type,
                country=o.country,
                locality=o.locality,
                focal_person=o.focal_person,
                phone=o.phone,
                email=o.email,
                address=o.address,
                description=o.notes,
                services=tuple(
                    OfferRecord(x.service_type, x.description, x.capacity_note) for x in o.services
                ),
            )
            for o in rows
        ]
    data = to_hsds(records, publisher, ctx.now())
    with ctx.write() as uow:
        uow.audit("directory.exported", "vault", organisations=len(records), format="hsds-3.0")
    return data


def _local(o: Organisation) -> dict[str, str]:
    return {
        "org_type": o.org_type.value,
        "country": o.country,
        "locality": o.locality,
        "focal_person": o.focal_person,
        "phone": o.phone,
        "email": o.email,
        "address": o.address,
    }


def _incoming(r: OrgRecord) -> dict[str, str]:
    return {
        "org_type": r.org_type.value,
        "country": r.country,
        "locality": r.locality,
        "focal_person": r.focal_person,
        "phone": r.phone,
        "email": r.email,
        "address": r.address,
    }


def _changes(o: Organisation, r: OrgRecord) -> tuple[Change, ...]:
    mine, theirs = _local(o), _incoming(r)
    out = [
        Change(name, mine[name], theirs[name])
        for name in COMPARED
        if theirs[name] and theirs[name] != mine[name]  # an empty incoming value changes nothing
    ]
    have = {x.service_type for x in o.services}
    extra = sorted(x.service_type.value for x in r.services if x.service_type not in have)
    if extra:
        out.append(Change("services", ", ".join(sorted(x.value for x in have)), ", ".join(extra)))
    return tuple(out)


def _match(s, r: OrgRecord) -> Organisation | None:  # noqa: ANN001 - a Session
    conditions = [func.lower(Organisation.name) == r.name.casefold()]
    if r.country:
        conditions.append(Organisation.country.in_([r.country, ""]))
    return s.scalar(select(Organisation).where(*conditions).order_by(Organisation.id))


def compare_directory(ctx: ServiceContext, data: bytes) -> DirectoryDiff:
    """What importing the package would add and change (reads only)."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    records = from_hsds(data)
    new, changed, unchanged, seen, skipped = [], [], 0, set(), []
    with ctx.read() as s:
        for r in records:
            key = (r.name.casefold(), r.country)
            if key in seen:
                skipped.append(r.name)
                continue
            seen.add(key)
            local = _match(s, r)
            if local is None:
                new.append(r)
                continue
            diff = _changes(local, r)
            if diff:
                changed.append(ChangedOrg(r, local.id, diff))
            else:
                unchanged += 1
    return DirectoryDiff(tuple(new), tuple(changed), unchanged, tuple(skipped))


def apply_directory(
    ctx: ServiceContext, data: bytes, *, add: set[str], update: set[str]
) -> tuple[int, int]:
    """Add the new organisations whose ids are in `add`, update the changed ones in `update`;
    nothing else. One transaction; returns (added, updated)."""
    diff = compare_directory(ctx, data)
    added = updated = 0
    with ctx.write() as uow:
        s = uow.session
        for r in diff.new:
            if r.id not in add:
                continue
            if r.country and subregion_of(r.country) is None:
                raise ValidationError({}, N_("{name}: the country code is not known."), name=r.name)
            org = Organisation(
                name=r.name,
                org_type=r.org_type,
                subregion=subregion_of(r.country) if r.country else None,
                country=r.country,
                locality=r.locality,
                focal_person=r.focal_person,
                phone=r.phone,
                email=r.email,
                address=r.address,
                notes=r.description,
                created_at=ctx.now(),
            )
            org.services = [
                OrganisationService(
                    service_type=x.service_type,
                    description=x.description,
                    capacity_note=x.capacity_note,
                )
                for x in r.services
            ]
            s.add(org)
            s.flush()
            uow.audit("organisation.created", "organisation", org.id, source="hsds")
            added += 1
        for c in diff.changed:
            if c.incoming.id not in update:
                continue
            org = s.get(Organisation, c.local_id)
            assert org is not None
            fields = []
            for change in c.changes:
                if change.field == "services":
                    have = {x.service_type for x in org.services}
                    for x in c.incoming.services:
                        if x.service_type not in have:
                            org.services.append(
                                OrganisationService(
                                    service_type=x.service_type,
                                    description=x.description,
                                    capacity_note=x.capacity_note,
                                )
                            )
                elif change.field == "org_type":
                    org.org_type = c.incoming.org_type
                else:
                    setattr(org, change.field, change.incoming)
                    if change.field == "country":
                        org.subregion = subregion_of(change.incoming) or org.subregion
                fields.append(change.field)
            uow.audit(
                "organisation.updated", "organisation", org.id, fields=sorted(fields), source="hsds"
            )
            updated += 1
        uow.audit("directory.imported", "vault", added=added, updated=updated, format="hsds-3.0")
    return added, updated
