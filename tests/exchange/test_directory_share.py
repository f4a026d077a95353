"""The service directory shared as an HSDS 3.0 package: what is new and what changed is shown,
nothing is overwritten unless chosen, and partners kept quiet never leave."""

from __future__ import annotations

import json

import pytest

from casework.exchange.hsds import NotHsds
from casework.model.enums import OrgType, ServiceType
from casework.services import directory
from casework.services.directory import OrganisationInput, ServiceOffer
from casework.services.exchange import directory_share

pytest_plugins = ["exchange_fixtures"]


def _org(ctx, name, **kw) -> int:
    return directory.create_organisation(
        ctx, OrganisationInput(name, kw.pop("org_type", OrgType.CSO), **kw)
    )


def test_export_compare_and_apply_only_what_was_chosen(two_orgs):
    cso, probation = two_orgs
    _org(
        cso.admin,
        "Clinique Espoir",
        org_type=OrgType.HEALTH,
        country="ML",
        locality="Bamako",
        phone="+223 20 00 00 01",
        services=(ServiceOffer(ServiceType.MENTAL_HEALTH, "Trauma care"),),
    )
    _org(cso.admin, "Boulangerie Solidaire", org_type=OrgType.EMPLOYER, country="ML")
    _org(cso.admin, "Quiet Mentor", country="ML", pseudonymous=True, phone="+223 999")
    data = directory_share.export_directory(cso.admin)
    package = json.loads(data)
    assert package["hsds_version"] == "3.0"
    names = {o["name"] for o in package["organization"]}
    assert {"Clinique Espoir", "Boulangerie Solidaire"} <= names
    assert "Quiet Mentor" not in names and "+223 999" not in data.decode()
    clinic = next(o for o in package["organization"] if o["name"] == "Clinique Espoir")
    assert clinic["phones"][0]["number"] == "+223 20 00 00 01"
    assert any(s["organization_id"] == clinic["id"] for s in package["service"])
    # The same ids in the next export: partners can follow changes.
    assert (
        json.loads(directory_share.export_directory(cso.admin))["organization"]
        == package["organization"]
    )

    # The probation office edited its own entry for the clinic (another phone number).
    local = _org(
        probation.admin, "Clinique Espoir", org_type=OrgType.HEALTH, country="ML", phone="+223 77"
    )
    diff = directory_share.compare_directory(probation.admin, data)
    assert "Boulangerie Solidaire" in {r.name for r in diff.new}
    [changed] = [c for c in diff.changed if c.local_id == local]
    fields = {c.field: c for c in changed.changes}
    assert fields["phone"].local == "+223 77" and fields["phone"].incoming == "+223 20 00 00 01"
    assert "services" in fields

    # Adding the new ones leaves the local edit alone.
    new_ids = {r.id for r in diff.new}
    assert directory_share.apply_directory(probation.admin, data, add=new_ids, update=set()) == (
        len(new_ids),
        0,
    )
    assert directory.get_organisation(probation.admin, local).data.phone == "+223 77"
    # Only when chosen is it updated (and its services added).
    directory_share.apply_directory(probation.admin, data, add=set(), update={changed.incoming.id})
    detail = directory.get_organisation(probation.admin, local).data
    assert detail.phone == "+223 20 00 00 01"
    assert ServiceType.MENTAL_HEALTH in {s.service_type for s in detail.services}
    again = directory_share.compare_directory(probation.admin, data)
    assert not again.new and not again.changed


def test_not_hsds_is_refused(two_orgs):
    cso, _ = two_orgs
    for bad in (b"{}", b"not json", b'{"organization": [{"name": 3}]}'):
        with pytest.raises(NotHsds):
            directory_share.compare_directory(cso.admin, bad)
