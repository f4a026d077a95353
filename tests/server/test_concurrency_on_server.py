"""Optimistic concurrency on an office server: two login roles racing on every kind of record
people edit, and two saves at the same instant (the row lock makes the second wait, then
refuses it: nothing is overwritten silently)."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from occ_races import RACES, new_case, run_race, withdraw_consent_race

from casework.errors import ConcurrentEditError
from casework.model import Case
from casework.model.enums import Role
from casework.services import cases, concurrency, server_admin
from casework.services.context import ServiceContext
from casework.store.server import ServerStore

pytestmark = pytest.mark.postgres

PASSWORDS = {
    "ada": "orchard lantern quietly ninety",
    "carl": "seven blue camels at dusk",
    "sara": "copper kettle over the dune",
}
DIRECTORY = {"directory entry", "pathway", "pathway stage"}


@pytest.fixture
def server_url(pg_server, pg_database):
    url = pg_server.url(pg_database)
    server_admin.init_server(
        url, organisation="Sahel Hope", admin_username="ada", admin_password=PASSWORDS["ada"]
    )
    server_admin.add_user(url, "carl", "Carl Caseworker", {Role.CASEWORKER}, PASSWORDS["carl"])
    server_admin.add_user(url, "sara", "Sara Supervisor", {Role.SUPERVISOR}, PASSWORDS["sara"])
    return url


@pytest.fixture
def team(server_url):
    stores = {name: ServerStore.open(server_url, name, pw) for name, pw in PASSWORDS.items()}
    yield {name: ServiceContext.for_vault(store) for name, store in stores.items()}
    for store in stores.values():
        store.close()


@pytest.mark.parametrize("kind", sorted(RACES))
def test_the_second_save_is_refused_on_the_server_too(team, kind):
    race = RACES[kind](team["carl"], team["sara"])
    if kind in DIRECTORY:
        run_race(race, team["sara"], team["ada"])
    else:
        run_race(race, team["carl"], team["sara"])


def test_a_consent_withdrawn_meanwhile_on_the_server(team):
    withdraw_consent_race(team["carl"], team["sara"], new_case(team["carl"]))


def _hold_an_edit(ctx: ServiceContext, case_id: int):  # noqa: ANN202 - an open Session
    """Carl's save, flushed (the row locked) but not yet committed."""
    session = ctx.vault.session()
    session.begin()
    session.info[concurrency.ACTOR_KEY] = ctx.actor.user_id
    case = session.get(Case, case_id)
    case.other_aliases = "Carl's words"
    session.flush()
    return session


@pytest.mark.parametrize("with_version", [True, False])
def test_two_saves_at_the_same_instant_one_waits_then_is_refused(team, with_version):
    carl, sara = team["carl"], team["sara"]
    case_id = new_case(carl)
    loaded = cases.get_case(sara, case_id)
    held = _hold_an_edit(carl, case_id)
    outcome: list[BaseException | None] = []

    def save() -> None:
        data = replace(loaded.data, other_aliases="Sara's words")
        try:
            version = loaded.row_version if with_version else None
            cases.update_case(sara, case_id, data, expected_version=version)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=save)
    worker.start()
    worker.join(1.0)
    assert worker.is_alive(), "the second save should wait for the first's row lock"
    held.commit()
    held.close()
    worker.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], ConcurrentEditError)
    if with_version:
        assert outcome[0].name == "Carl Caseworker"
        assert outcome[0].theirs["other_aliases"] == "Carl's words"
    assert cases.get_case(sara, case_id).data.other_aliases == "Carl's words"
