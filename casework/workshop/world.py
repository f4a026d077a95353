"""The workshop's world: what the case stories share (users, directory, pathways, a settable
clock), and the small helpers for fictional people."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from casework.i18n import translator
from casework.model.enums import (
    CaseStatus,
    OrgType,
    Role,
    ServiceType,
    Subregion,
)
from casework.services import cases
from casework.services.context import ServiceContext
from casework.store.vault import Vault
from casework.workshop.names import HUB_COUNTRIES, NamePool

Progress = Callable[[int, int], None]  # (cases done, cases in all)

SERVICE_REFERRALS_STAGE = 4  # position of "Service referrals" in the default pathway


@dataclass
class WorkshopInfo:
    """What was made: the accounts to hand out, and counts and timings for the curious."""

    folder: Path
    accounts: list[tuple[str, str, tuple[Role, ...]]]
    recovery_key: str
    seed: int
    cases: int
    today: dt.date
    language: str
    bulk: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class Clock:
    """A settable "today" for service contexts, so past events carry their own dates."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


@dataclass(frozen=True)
class OrgRef:
    id: int
    org_type: OrgType
    services: tuple[ServiceType, ...]
    name: str
    focal_person: str


@dataclass
class World:
    """The vault's users, directory and pathways, as the case stories need them."""

    vault: Vault
    today: dt.date
    lang: str
    clock: Clock
    admin: ServiceContext
    supervisor: ServiceContext
    caseworkers: list[ServiceContext]
    orgs: dict[str, list[OrgRef]] = field(default_factory=dict)  # by country ("" regional)
    regional: dict[Subregion, list[OrgRef]] = field(default_factory=dict)
    stages: dict[Subregion, list[tuple[int, int]]] = field(default_factory=dict)  # (id, days)
    pathways: dict[Subregion, int] = field(default_factory=dict)

    def t(self, msgid: str, **params: object) -> str:
        text = translator(self.lang).gettext(msgid)
        return text.format(**params) if params else text

    @property
    def comma(self) -> str:
        """The list separator of the data language (Arabic has its own comma)."""
        return "، " if self.lang == "ar" else ", "

    def at(self, days_ago: int) -> dt.date:
        """Set the clock `days_ago` days before the workshop today (never after it)."""
        self.clock.day = self.today - dt.timedelta(days=max(0, days_ago))
        return self.clock.day

    def targets(self, country: str, service: ServiceType) -> list[OrgRef]:
        """Organisations that offer a service to a client in this country, nearest first."""
        subregion = cases.subregion_of(country)
        assert subregion is not None
        local = [o for o in self.orgs.get(country, []) if service in o.services]
        if local:
            return local
        regional = [o for o in self.regional[subregion] if service in o.services]
        if regional:
            return regional
        return [
            o
            for c in HUB_COUNTRIES[subregion]
            for o in self.orgs.get(c, [])
            if service in o.services
        ]


# --- names -----------------------------------------------------------------------------------


def person(rng: random.Random, pool: NamePool, female: bool | None = None) -> tuple[str, str]:
    """(given name, family name), a fictional combination."""
    if female is None:
        female = rng.random() < 0.4
    return rng.choice(pool.female if female else pool.male), rng.choice(pool.family)


def initial(family: str) -> str:
    """ "Ould Sidi" → "S.", "bin Ismail" → "I.": the initial of the name, not of a particle."""
    return family.split()[-1][0] + "."


def stage_index(rng: random.Random, status: CaseStatus) -> int:
    """Where on the default pathway a case in this status plausibly stands (0-based)."""
    if status is CaseStatus.INTAKE:
        return rng.randint(0, 1)
    if status is CaseStatus.CLOSED:
        return 5
    return rng.randint(2, 4)


def fake_phone(rng: random.Random) -> str:
    """Numbers in a range no country uses (+000), so nobody is rung by mistake."""
    return f"+000 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
