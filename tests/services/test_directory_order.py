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
