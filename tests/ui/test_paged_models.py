"""The directory and referral list models page through their services like Qt expects."""

from __future__ import annotations

from fixtures_screens import World

from casework.model.enums import OrgType
from casework.services import directory
from casework.ui.directory.screen import OrganisationModel
from casework.ui.referrals.screen import ReferralListModel

pytest_plugins = ["fixtures_screens"]


def test_organisation_model_pages_and_passes_the_model_tester(world: World, qtmodeltester):
    for i in range(7):
        directory.create_organisation(
            world.supervisor,
            directory.OrganisationInput(name=f"Partner {i}", org_type=OrgType.CSO, country="KE"),
        )
    model = OrganisationModel(world.caseworker)
    model.page_size = 3
    model.set_query()
    assert model.rowCount() == 3 and model.total >= 9
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == model.total
    qtmodeltester.check(model)
    model.clear()
    assert model.rowCount() == 0


def test_referral_model_passes_the_model_tester(world: World, qtmodeltester):
    model = ReferralListModel(world.supervisor)
    model.reload()
    qtmodeltester.check(model)
