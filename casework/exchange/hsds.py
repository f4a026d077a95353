"""The service directory as an Open Referral HSDS 3.0 JSON data package (no database here).

Organisations become HSDS `organization` objects (contacts, phones, a location with its
address, the organisation type as an attribute), and each service they offer an HSDS `service`
with the area it serves. Casework's own codes travel as attributes under two vocabularies
(`casework-organisation-type`, `casework-service-type`), so another Casework reads them back
exactly and other HSDS tools still get names and descriptions.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from casework.exchange.errors import ExchangeError, TooLarge
from casework.i18n import N_
from casework.model.enums import OrgType, ServiceType

HSDS_VERSION = "3.0"
PROFILE = "https://docs.openreferral.org/en/latest/hsds/"
MAX_BYTES = 32 * 1024 * 1024
ORG_TYPES = "casework-organisation-type"
SERVICE_TYPES = "casework-service-type"


class NotHsds(ExchangeError):
    default_message = N_(
        "This file is not an Open Referral (HSDS 3.0) directory that Casework can read. "
        "Nothing was changed."
    )


@dataclass(frozen=True)
class OfferRecord:
    service_type: ServiceType
    description: str = ""
    capacity_note: str = ""


@dataclass(frozen=True)
class OrgRecord:
    """One organisation as it travels (plain values; ids are the exporter's UUIDs)."""

    id: str
    name: str
    org_type: OrgType
    country: str = ""
    locality: str = ""
    focal_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    description: str = ""
    active: bool = True
    services: tuple[OfferRecord, ...] = ()


def stable_id(namespace: str, local_id: int, kind: str = "organization") -> str:
    """The same UUID for the same record in every export from one vault."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"casework:{namespace}:{kind}:{local_id}"))


def _attribute(owner: str, vocabulary: str, code: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{owner}:{vocabulary}")),
        "link_id": owner,
        "link_type": vocabulary,
        "taxonomy_term_id": f"{vocabulary}:{code}",
        "taxonomy_term": {
            "id": f"{vocabulary}:{code}",
            "code": code,
            "name": code,
            "description": code,
            "vocabulary": vocabulary,
        },
        "value": code,
    }


def to_hsds(orgs: list[OrgRecord], publisher: str, exported_at: dt.datetime) -> bytes:
    organizations, services = [], []
    for o in orgs:
        location_id = str(uuid.uuid5(uuid.UUID(o.id), "location"))
        organizations.append(
            {
                "id": o.id,
                "name": o.name,
                "description": o.description,
                "email": o.email or None,
                "website": None,
                "contacts": [
                    {
                        "id": str(uuid.uuid5(uuid.UUID(o.id), "contact")),
                        "organization_id": o.id,
                        "name": o.focal_person,
                    }
                ]
                if o.focal_person
                else [],
                "phones": [
                    {
                        "id": str(uuid.uuid5(uuid.UUID(o.id), "phone")),
                        "organization_id": o.id,
                        "number": o.phone,
                    }
                ]
                if o.phone
                else [],
                "locations": [
                    {
                        "id": location_id,
                        "organization_id": o.id,
                        "location_type": "physical",
                        "name": o.locality or o.name,
                        "addresses": [
                            {
                                "id": str(uuid.uuid5(uuid.UUID(o.id), "address")),
                                "location_id": location_id,
                                "address_1": o.address,
                                "city": o.locality,
                                "state_province": "",
                                "postal_code": "",
                                "country": o.country,
                                "address_type": "physical",
                            }
                        ],
                    }
                ],
                "attributes": [_attribute(o.id, ORG_TYPES, o.org_type.value)],
            }
        )
        for offer in o.services:
            sid = str(uuid.uuid5(uuid.UUID(o.id), f"service:{offer.service_type.value}"))
            services.append(
                {
                    "id": sid,
                    "organization_id": o.id,
                    "name": offer.service_type.value,
                    "description": offer.description,
                    "status": "active" if o.active else "inactive",
                    "service_areas": [
                        {
                            "id": str(uuid.uuid5(uuid.UUID(sid), "area")),
                            "service_id": sid,
                            "name": o.locality or o.country,
                            "description": ", ".join(p for p in (o.locality, o.country) if p),
                            "extent_type": "country" if o.country else None,
                            "extent": o.country or None,
                        }
                    ],
                    "capacity_note": offer.capacity_note,
                    "attributes": [_attribute(sid, SERVICE_TYPES, offer.service_type.value)],
                }
            )
    package = {
        "name": "casework-service-directory",
        "profile": PROFILE,
        "hsds_version": HSDS_VERSION,
        "publisher": publisher,
        "created": exported_at.astimezone(dt.UTC).isoformat(),
        "organization": organizations,
        "service": services,
    }
    return json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")


def _text(value: object, limit: int = 2000) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _code(attributes: object, vocabulary: str) -> str:
    for a in attributes if isinstance(attributes, list) else []:
        term = a.get("taxonomy_term") if isinstance(a, dict) else None
        if isinstance(term, dict) and term.get("vocabulary") == vocabulary:
            return _text(term.get("code"), 40)
    return ""


def from_hsds(data: bytes) -> list[OrgRecord]:
    """Organisations read from an HSDS 3.0 JSON package (unknown members are ignored)."""
    if len(data) > MAX_BYTES:
        raise TooLarge(size=len(data), limit=MAX_BYTES)
    try:
        package = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotHsds() from None
    if not isinstance(package, dict) or not isinstance(package.get("organization"), list):
        raise NotHsds()
    services: dict[str, list[OfferRecord]] = {}
    for s in package.get("service") or []:
        if not isinstance(s, dict):
            raise NotHsds()
        code = _code(s.get("attributes"), SERVICE_TYPES) or _text(s.get("name"), 40)
        try:
            kind = ServiceType(code)
        except ValueError:
            continue  # a service Casework has no category for
        services.setdefault(_text(s.get("organization_id"), 80), []).append(
            OfferRecord(kind, _text(s.get("description")), _text(s.get("capacity_note"), 200))
        )
    orgs = []
    for o in package["organization"]:
        if not isinstance(o, dict) or not _text(o.get("id"), 80) or not _text(o.get("name"), 200):
            raise NotHsds()
        oid = _text(o.get("id"), 80)
        try:
            org_type = OrgType(_code(o.get("attributes"), ORG_TYPES))
        except ValueError:
            org_type = OrgType.CSO
        location = next(iter(o.get("locations") or []), {}) or {}
        address = (
            next(iter(location.get("addresses") or []), {}) if isinstance(location, dict) else {}
        )
        address = address if isinstance(address, dict) else {}
        contact = next(iter(o.get("contacts") or []), {}) or {}
        phone = next(iter(o.get("phones") or []), {}) or {}
        offers = {offer.service_type: offer for offer in services.get(oid, [])}
        orgs.append(
            OrgRecord(
                id=oid,
                name=_text(o.get("name"), 200).strip(),
                org_type=org_type,
                country=_text(address.get("country"), 2).upper(),
                locality=_text(address.get("city"), 200),
                focal_person=_text(contact.get("name") if isinstance(contact, dict) else "", 200),
                phone=_text(phone.get("number") if isinstance(phone, dict) else "", 80),
                email=_text(o.get("email"), 200),
                address=_text(address.get("address_1")),
                description=_text(o.get("description")),
                services=tuple(offers.values()),
            )
        )
    return orgs
