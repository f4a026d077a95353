"""Case search finds the town and the country of a case, by name in English and French."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text

from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import cases
from casework.services.case_list import CaseQuery, list_cases
from casework.services.cases import CaseInput
from casework.store import postgres
from casework.store.ddl import search_v2, search_v2_down


def _aliases(ctx, words: str) -> set[str]:  # noqa: ANN001
    return {r.alias for r in list_cases(ctx, CaseQuery(text=words)).rows}


def _new(ctx, alias: str, country: str, locality: str) -> int:  # noqa: ANN001
    return cases.create_case(
        ctx,
        CaseInput(
            alias=alias,
            category=ClientCategory.RETURNEE_FTF,
            custody_status=CustodyStatus.RELEASED,
            country=country,
            locality=locality,
        ),
    )


def test_search_finds_the_town_and_the_country_in_both_languages(office):
    sup = office.supervisor
    _new(sup, "Amina", "TD", "N'Djamena")
    moussa = _new(sup, "Moussa", "ML", "Gao")
    _new(sup, "Hassan", "KE", "Garissa")
    assert _aliases(sup, "Garissa") == {"Hassan"}
    assert _aliases(sup, "Chad") == {"Amina"}
    assert _aliases(sup, "Tchad") == {"Amina"}  # the French name
    assert _aliases(sup, "Djamena") == {"Amina"}
    assert _aliases(sup, "Mali Gao") == {"Moussa"}
    # Moving the case moves its places in the index.
    data = cases.get_case(sup, moussa).data
    cases.update_case(sup, moussa, replace(data, country="NE", locality="Niamey"))
    assert _aliases(sup, "Gao") == set()
    assert _aliases(sup, "Niamey") == {"Moussa"}


def test_the_migration_indexes_the_cases_already_in_the_vault(office, backend):
    sup = office.supervisor
    _new(sup, "Amina", "TD", "Abéché")
    up, down = (postgres.search_v2, postgres.search_v2_down) if backend == "server" else (
        search_v2, search_v2_down)  # fmt: skip
    with office.as_owner() as s:
        for statement in down():  # as the vault (or server) was before
            s.execute(text(statement))
    with office.as_owner() as s:
        assert s.execute(text("SELECT count(*) FROM case_search")).scalar() == 1  # no places
        s.execute(text("DELETE FROM case_search"))  # nothing indexed: the upgrade must do it
        for statement in up({"TD": "Chad Tchad"}):
            s.execute(text(statement))
    assert _aliases(sup, "Abeche") == {"Amina"}  # diacritics do not matter
    assert _aliases(sup, "Tchad") == {"Amina"}
