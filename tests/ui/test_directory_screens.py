"""The service directory and the pathway editor: who may edit, filters, edits, stage order."""

from __future__ import annotations

from fixtures_screens import World, column_values
from PySide6.QtWidgets import QLabel

from casework.model.enums import OrgType, ServiceType
from casework.services import directory, pathways
from casework.ui.directory import DirectoryScreen, PathwaysScreen

pytest_plugins = ["fixtures_screens"]


def test_model_passes_qtmodeltester(qtmodeltester, world: World) -> None:
    from casework.ui.directory.screen import OrganisationModel

    model = OrganisationModel(world.supervisor)
    model.reload()
    qtmodeltester.check(model)


def test_filters_and_search(qtbot, world: World) -> None:
    screen = DirectoryScreen(world.caseworker)
    qtbot.addWidget(screen)
    assert sorted(column_values(screen.model, "Name")) == [
        "Coast Imams Council",
        "Nairobi Youth Futures",
    ]
    screen.org_type.set_value(OrgType.RELIGIOUS_LEADER)
    assert column_values(screen.model, "Name") == ["Coast Imams Council"]
    screen.org_type.set_value(None)
    screen.service.set_value(ServiceType.VOCATIONAL_TRAINING)
    assert column_values(screen.model, "Name") == ["Nairobi Youth Futures"]
    screen.service.set_value(None)
    qtbot.keyClicks(screen.search, "Nairobi")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=2000)
    assert column_values(screen.model, "Area") == ["Nairobi, Kenya"]
    assert screen.count.text() == "1 entry"


def test_caseworker_reads_only(qtbot, world: World) -> None:
    screen = DirectoryScreen(world.caseworker)
    qtbot.addWidget(screen)
    assert not screen.add_button.isVisibleTo(screen)
    assert not screen.edit_button.isVisibleTo(screen)
    assert screen.read_only_note.isVisibleTo(screen)
    pathways = PathwaysScreen(world.caseworker)
    qtbot.addWidget(pathways)
    assert not pathways.b_up.isVisibleTo(pathways)


def test_add_edit_and_deactivate_an_organisation(qtbot, world: World) -> None:
    screen = DirectoryScreen(world.supervisor)
    qtbot.addWidget(screen)
    dialog = screen.add()
    dialog.email.setText("not an address")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.findChild(QLabel, "error_name").text() == (
        "Enter the organisation's or person's name."
    )
    assert dialog.findChild(QLabel, "error_email").isVisibleTo(dialog)
    dialog.name.setText("Garissa Women's Circle")
    dialog.email.setText("")
    dialog.org_type.set_value(OrgType.WOMENS_GROUP)
    dialog.country.set_value("KE")
    dialog.focal.setText("Mama Z.")
    dialog.pseudonymous.setChecked(True)
    dialog.services.check(ServiceType.FAMILY_SUPPORT, "Mediation with families")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    row = next(r for r in screen.model.rows if r.name == "Garissa Women's Circle")
    assert row.pseudonymous and row.services == (ServiceType.FAMILY_SUPPORT,)
    i = screen.model.rows.index(row)
    assert screen.model.index(i, 4).data() == "Mama Z. (pseudonym)"

    screen.table.selectRow(i)
    edit = screen.edit()
    assert edit.name.text() == "Garissa Women's Circle"
    edit.locality.setText("Garissa")
    edit.services.check(ServiceType.PSYCHOSOCIAL)
    edit.ok_button.click()
    data = directory.get_organisation(world.supervisor, row.id).data
    assert data.locality == "Garissa"
    assert {o.service_type for o in data.services} == {
        ServiceType.FAMILY_SUPPORT,
        ServiceType.PSYCHOSOCIAL,
    }
    family = next(o for o in data.services if o.service_type is ServiceType.FAMILY_SUPPORT)
    assert family.description == "Mediation with families"

    i = next(n for n, r in enumerate(screen.model.rows) if r.id == row.id)
    screen.table.selectRow(i)
    screen.active_button.click()
    assert all(r.id != row.id for r in screen.model.rows)
    screen.inactive.setChecked(True)
    assert any(r.id == row.id and not r.active for r in screen.model.rows)


def test_pathway_stage_reorder_edit_add_remove(qtbot, world: World) -> None:
    screen = PathwaysScreen(world.supervisor)
    qtbot.addWidget(screen)
    names = column_values(screen.stages, "Stage")
    assert names[:2] == ["Pre-release assessment", "Release planning (case conference)"]
    screen.table.selectRow(1)
    screen.b_up.click()
    assert column_values(screen.stages, "Stage")[:2] == [
        "Release planning (case conference)",
        "Pre-release assessment",
    ]
    assert screen.table.selectionModel().selectedRows()[0].row() == 0  # the moved stage
    screen.b_down.click()
    screen.b_down.click()
    stored = [s.name for s in pathways.get_pathway(world.supervisor, world.pathway_id).stages]
    assert stored[:3] == [
        "Pre-release assessment",
        "Handover to the community",
        "Release planning (case conference)",
    ]

    screen.table.selectRow(0)
    edit = screen.edit_stage()
    edit.days.setValue(45)
    edit.services.boxes[ServiceType.MENTAL_HEALTH].setChecked(True)
    edit.ok_button.click()
    assert column_values(screen.stages, "Answer within")[0] == "45 days"
    assert "Mental-health care" in column_values(screen.stages, "Typical services")[0]

    add = screen.add_stage()
    add.ok_button.click()
    assert add.findChild(QLabel, "error_name").text() == "Enter the stage's name."
    add.name.setText("Peer mentoring follow-up")
    add.ok_button.click()
    assert column_values(screen.stages, "Stage")[-1] == "Peer mentoring follow-up"
    screen.table.selectRow(len(screen.stages.rows) - 1)
    screen.b_remove.click()
    assert "Peer mentoring follow-up" not in column_values(screen.stages, "Stage")


def test_new_pathway_with_default_stages(qtbot, world: World) -> None:
    screen = PathwaysScreen(world.supervisor)
    qtbot.addWidget(screen)
    dialog = screen.new_default_pathway()
    dialog.name.setText("Mali returnees")
    dialog.country.set_value("ML")
    dialog.ok_button.click()
    assert screen.pathway is not None and screen.pathway.data.name == "Mali returnees"
    assert len(screen.stages.rows) == 6
