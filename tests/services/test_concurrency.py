"""Optimistic concurrency on a vault: two logins (two connections, as two windows or two
people at one laptop) racing on every kind of record people edit; the exchange import and
other writes that pass no version are refused over a newer row too."""

from __future__ import annotations

import pytest
from conftest import CASEWORKER_PASSWORD
from occ_races import RACES, new_case, run_race, withdraw_consent_race

from casework.errors import ConcurrentEditError
from casework.services import cases
from casework.services.context import ServiceContext
from casework.store.vault import Vault

DIRECTORY = {"directory entry", "pathway", "pathway stage"}


@pytest.mark.parametrize("kind", sorted(RACES))
def test_the_second_save_is_refused_with_who_when_and_their_version(office, kind):
    race = RACES[kind](office.caseworker, office.supervisor)
    if kind in DIRECTORY:  # the directory is the supervisors' and administrators'
        run_race(race, office.supervisor, office.admin)
    else:
        run_race(race, office.caseworker, office.supervisor)


def test_the_same_user_in_two_windows_is_protected_too(office, backend):
    if backend == "server":  # a second connection as the same login role
        from casework.store.server import ServerStore

        store = ServerStore.open(office.url, "svc_carl", CASEWORKER_PASSWORD)
        office.stores.append(store)
        second_window = ServiceContext.for_vault(store)
    else:
        second_window = ServiceContext.for_vault(
            Vault.open(office.folder, "carl", CASEWORKER_PASSWORD, verify_pages=False)
        )
        office.vaults.append(second_window.vault)
    run_race(RACES["case profile"](office.caseworker, office.supervisor),
             office.caseworker, second_window)  # fmt: skip


def test_a_consent_withdrawn_meanwhile_is_not_withdrawn_twice(office):
    withdraw_consent_race(office.caseworker, office.supervisor, new_case(office.caseworker))


def test_restricted_values_are_not_shown_to_whom_may_not_see_them(office):
    from dataclasses import replace

    case_id = new_case(office.caseworker)
    loaded = cases.get_case(office.caseworker, case_id).row_version
    data = replace(cases.get_case(office.caseworker, case_id).data, legal_name="Aïcha B.")
    cases.update_case(office.caseworker, case_id, data, expected_version=loaded)
    with pytest.raises(ConcurrentEditError) as refused:
        cases.update_case(office.caseworker, case_id, data, expected_version=loaded)
    assert refused.value.theirs["legal_name"] == "Aïcha B."  # the caseworker may see it
    assert "legal_name" in refused.value.theirs


def test_a_version_without_a_check_is_stamped_with_who_and_when(office):
    from dataclasses import replace

    case_id = new_case(office.caseworker)
    detail = cases.get_case(office.caseworker, case_id)
    assert detail.row_version == 1
    cases.update_case(office.supervisor, case_id, detail.data)  # nothing changed: no version
    assert cases.get_case(office.caseworker, case_id).row_version == 1
    changed = replace(detail.data, locality="Mombasa")
    cases.update_case(office.supervisor, case_id, changed)  # no version passed: still counted
    assert cases.get_case(office.caseworker, case_id).row_version == 2
    with pytest.raises(ConcurrentEditError, match="Changed by Sara Supervisor at"):
        cases.update_case(office.caseworker, case_id, detail.data, expected_version=1)
