"""Helpers for the exchange tests: organisations with their own real vaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from referral_helpers import record_sharing_consent, send_referral_to

from casework.model.enums import (
    ClientCategory,
    CustodyStatus,
    InfoScope,
    OrgType,
    Role,
)
from casework.services import cases, users
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.exchange import partners
from casework.store.vault import Vault

PASSWORDS = {
    "admin": "orchard lantern quietly ninety",
    "cara": "seven blue camels at dusk",
}


@dataclass
class Org:
    name: str
    folder: Path
    admin: ServiceContext
    worker: ServiceContext  # a supervisor-caseworker who handles referrals
    vaults: list[Vault]

    def partner_org_id(self, name: str) -> int:
        return partners.partner_by_name(self.worker, name).organisation_id


def make_org(tmp: Path, name: str, country: str) -> Org:
    folder = tmp / name.replace(" ", "_")
    vault, _recovery = Vault.create(
        folder,
        organisation=name,
        country=country,
        admin_username="admin",
        admin_password=PASSWORDS["admin"],
    )
    admin = ServiceContext.for_vault(vault)
    users.create_user(
        admin, "cara", "Cara Worker", {Role.SUPERVISOR, Role.CASEWORKER}, PASSWORDS["cara"]
    )
    other = Vault.open(folder, "cara", PASSWORDS["cara"], verify_pages=False)
    return Org(name, folder, admin, ServiceContext.for_vault(other), [vault, other])


def exchange_cards(a: Org, b: Org, a_type: OrgType, b_type: OrgType, verify: bool = True) -> None:
    """Each imports the other's card (as a new directory organisation) and verifies it."""
    for me, them, their_type in ((a, b, b_type), (b, a, a_type)):
        card = partners.own_card(them.admin)
        pid = partners.import_card(me.admin, card.data, None, new_org_type=their_type)
        if verify:
            partners.verify_partner(me.admin, pid, card.fingerprint)


def open_case(org: Org, alias: str, legal_name: str, dob: dt.date, country: str) -> int:
    return cases.create_case(
        org.worker,
        CaseInput(
            alias=alias,
            category=ClientCategory.RELEASED_OFFENDER,
            custody_status=CustodyStatus.ON_PROBATION,
            country=country,
            legal_name=legal_name,
            date_of_birth=dob,
            address="12 Rue des Jardins",
            phone="+223 555 0101",
            offence_details="Offence details kept here",
        ),
    )


def consent_for(org: Org, case_id: int, to_org: int, scopes: set[InfoScope]) -> None:
    record_sharing_consent(org.worker, case_id, to_org, frozenset(scopes))


def sent_referral(org: Org, case_id: int, to_org: int, purpose: str = "Help with a job") -> int:
    return send_referral_to(org.worker, case_id, to_org, purpose)
