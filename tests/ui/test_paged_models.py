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


def test_a_list_sorted_by_labels_is_sorted_again_in_the_new_language(world: World, qtbot):
    """Sorted by Type, the directory reads its rows again on a language switch: "Employer,
    Family, Government" in English is "Employeur, Famille, Gouvernement…" only by chance, and
    "CSO" (OSC in French) moves."""
    from casework.i18n import reading_key, set_language
    from casework.model.labels import label

    for i, kind in enumerate((OrgType.EMPLOYER, OrgType.CSO, OrgType.HEALTH, OrgType.FAMILY)):
        directory.create_organisation(
            world.supervisor,
            directory.OrganisationInput(name=f"Partner {i}", org_type=kind, country="KE"),
        )
    model = OrganisationModel(world.caseworker)
    model.set_query(sort="org_type")
    qtbot.waitUntil(lambda: model.loaded and not model.loading)

    def shown() -> list[str]:
        return [reading_key(label(model.row_at(r).org_type)) for r in range(model.rowCount())]

    english = [model.row_at(r).id for r in range(model.rowCount())]
    assert shown() == sorted(shown())
    set_language("fr")
    model.retranslate()
    qtbot.waitUntil(lambda: not model.loading)
    assert shown() == sorted(shown())
    assert [model.row_at(r).id for r in range(model.rowCount())] != english
