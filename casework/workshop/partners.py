"""The workshop's people and places: training accounts, pathways and the partner directory."""

from __future__ import annotations

import random

from casework.i18n import translator
from casework.model.enums import OrgType, ServiceType, Subregion
from casework.model.labels import label
from casework.services import (
    directory,
    pathways,
    users,
)
from casework.services.context import Actor, ServiceContext
from casework.store.vault import Vault
from casework.workshop import content, exercises
from casework.workshop.accounts import ACCOUNTS
from casework.workshop.names import HUB_COUNTRIES
from casework.workshop.names_ar import country_data
from casework.workshop.world import Clock, OrgRef, World, fake_phone, initial, person


def _users(vault: Vault, lang: str, clock: Clock) -> dict[str, ServiceContext]:
    tr = translator(lang)
    admin = ServiceContext.for_vault(vault)
    out = {"admin": admin}
    for account in ACCOUNTS:
        if account.name == "admin":
            continue
        uid = users.create_user(
            admin,
            account.name,
            tr.gettext(account.display_name),
            set(account.roles),
            account.password,
            language=lang,
        )
        out[account.name] = ServiceContext(
            vault,
            Actor(uid, account.name, tr.gettext(account.display_name), frozenset(account.roles)),
            today=clock,
        )
    admin.today = clock
    return out


def _directory(world: World, rng: random.Random) -> None:
    ctx = world.supervisor
    for subregion, hubs in HUB_COUNTRIES.items():
        region = label(subregion, world.lang)
        world.pathways[subregion] = pathways.create_default_pathway(
            ctx, world.t(content.PATHWAY_NAME, region=region), subregion=subregion, lang=world.lang
        )
        detail = pathways.get_pathway(ctx, world.pathways[subregion])
        world.stages[subregion] = [(st.id, st.expected_days) for st in detail.stages]
        name = world.t(
            content.FICTIONAL_NAME, name=world.t(content.REGIONAL_ORGANISATION, region=region)
        )
        world.regional[subregion] = [
            _organisation(
                world,
                rng,
                OrgType.INTERNATIONAL,
                name,
                content.REGIONAL_SERVICES,
                "",
                area=subregion,
            )
        ]
        for country in hubs:
            pool, _towns = country_data(country, world.lang)
            refs = []
            for index, (org_type, template, services, _pseudo) in enumerate(content.ORGANISATIONS):
                if "{town}" in template:
                    name = exercises.organisation_name(index, country, world.lang)
                else:
                    given, family = person(rng, pool)
                    name = world.t(
                        content.FICTIONAL_NAME,
                        name=world.t(
                            template,
                            title=pool.religious_title,
                            person=f"{given} {family}",
                            family=family,
                        ),
                    )
                refs.append(_organisation(world, rng, org_type, name, services, country, index))
            world.orgs[country] = refs


def _organisation(
    world: World,
    rng: random.Random,
    org_type: OrgType,
    name: str,
    services: tuple[ServiceType, ...],
    country: str,
    index: int = -1,
    area: Subregion | None = None,
) -> OrgRef:
    """An organisation in `country`, or working across the subregion `area` (regional ones:
    offered to clients of that subregion only, never to one in another)."""
    pool = country_data(country or "KE", world.lang)[0]
    towns = country_data(country, world.lang)[1] if country else ("",)
    given, family = person(rng, pool)
    pseudonymous = index >= 0 and content.ORGANISATIONS[index][3]
    focal = f"{given} {initial(family)}" if pseudonymous else f"{given} {family}"
    slug = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())[:20] or "partner"
    org_id = directory.create_organisation(
        world.supervisor,
        directory.OrganisationInput(
            name=name,
            org_type=org_type,
            country=country,
            subregion=None if country else area,
            locality=towns[index % 3] if country and index >= 0 else "",
            focal_person=focal,
            phone=fake_phone(rng),
            email="" if pseudonymous else f"{slug}@example.org",
            pseudonymous=pseudonymous,
            notes=world.t(content.ORG_NOTE),
            services=tuple(
                directory.ServiceOffer(s, world.t(content.SERVICE_DESCRIPTION)) for s in services
            ),
        ),
    )
    return OrgRef(org_id, org_type, services, name, focal)
