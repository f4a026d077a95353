"""The directory's Type column sorts by the label the user reads, in the user's language, not by
the stored value's English order."""

from __future__ import annotations

import pytest

from casework.i18n import reading_key, set_language
from casework.model.enums import OrgType
from casework.model.labels import label
from casework.services import directory
from casework.services.directory import OrganisationInput, OrganisationQuery

TYPES = (OrgType.EMPLOYER, OrgType.FAMILY, OrgType.GOVERNMENT, OrgType.CSO, OrgType.HEALTH)


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_type_sorts_as_its_labels_read(office, lang: str) -> None:
    for i, kind in enumerate(TYPES):
        directory.create_organisation(
            office.supervisor, OrganisationInput(name=f"Org {i}", org_type=kind, country="KE")
        )
    set_language(lang)
    for descending in (False, True):
        rows = directory.list_organisations(
            office.caseworker, OrganisationQuery(sort="org_type", descending=descending)
        ).rows
        shown = [reading_key(label(r.org_type)) for r in rows]
        assert shown == sorted(shown, reverse=descending)
        assert len(shown) == len(TYPES)


# Code order and name order differ: Chad (TD) before Kenya in English, Ouganda (UG) before
# Somalie (SO) in French.
PLACES = (("Nairobi", "KE"), ("Kampala", "UG"), ("Mogadishu", "SO"), ("N'Djamena", "TD"))


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_area_sorts_by_the_countrys_name_then_the_place(office, lang: str) -> None:
    from casework.i18n import country_name
    from casework.model.enums import Subregion

    for place, country in (*PLACES, ("Garissa", "KE")):
        directory.create_organisation(
            office.supervisor,
            OrganisationInput(name=place, org_type=OrgType.CSO, country=country, locality=place),
        )
    directory.create_organisation(
        office.supervisor,
        OrganisationInput(
            name="Horn network", org_type=OrgType.CSO, subregion=Subregion.GREATER_HORN
        ),
    )
    set_language(lang)
    rows = directory.list_organisations(office.caseworker, OrganisationQuery(sort="country")).rows
    named = [(reading_key(country_name(r.country)), reading_key(r.locality)) for r in rows[:-1]]
    assert named == sorted(named)
    assert [r.country for r in rows[:-1]] != sorted(r.country for r in rows[:-1])
    assert rows[-1].name == "Horn network"  # no country: after every named one
    back = directory.list_organisations(
        office.caseworker, OrganisationQuery(sort="country", descending=True)
    ).rows
    assert [r.id for r in back] == [r.id for r in reversed(rows)]
