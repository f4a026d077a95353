"""The new data-protection controls in a case workspace: a refusal recorded in the consent form,
the second reviewer's sign-off in the Risk tab, and the transfer dialog's task choice."""

from __future__ import annotations

import datetime as dt

from fixtures_screens import World, column_values
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from casework.model.enums import ConsentPurpose
from casework.services import risk, sharing, tasks
from casework.services.risk import JudgementInput
from casework.services.tasks import TaskInput
from casework.ui.cases import CasesScreen

pytest_plugins = ["fixtures_screens"]


def _screen(qtbot, ctx) -> CasesScreen:  # noqa: ANN001
    screen = CasesScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def test_a_refusal_recorded_in_the_form_blocks_sharing(qtbot, world: World) -> None:
    ws = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    tab = ws.consents
    tab.findChild(type(ws.assign_button), "recordConsent").click()
    dialog = tab.dialog
    dialog.purpose.set_value(ConsentPurpose.INFORMATION_SHARING)
    dialog.recipient.set_value(world.training_org)
    dialog.refused.setChecked(True)  # no scope needed for a refusal
    dialog.ok_button.click()
    assert tab.dialog is None
    assert column_values(tab.model, "State") == ["Refused by the client"]
    answer = sharing.what_may_go(world.caseworker, world.carl_case, world.training_org)
    assert not answer.allowed


def test_the_second_reviewer_signs_off_in_the_risk_tab(qtbot, world: World, monkeypatch) -> None:
    sup = world.supervisor
    risk.add_judgement(
        world.caseworker,
        world.carl_case,
        JudgementInput(dt.date.today(), "Stable", second_reviewer_id=sup.actor.user_id),
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    ws = _screen(qtbot, sup).open_case(world.carl_case)
    tab = ws.risk
    tab.refresh()
    tab.judgement_table.selectRow(0)
    tab.sign_off()
    assert column_values(tab.judgements, "Signed off")[0].startswith("Sara Supervisor")


def test_transfer_dialog_lists_open_tasks_and_moves_the_ticked_ones(qtbot, world: World) -> None:
    keep = tasks.create_task(world.caseworker, world.carl_case, TaskInput("Keep", dt.date.today()))
    move = tasks.create_task(world.caseworker, world.carl_case, TaskInput("Move", dt.date.today()))
    ws = _screen(qtbot, world.supervisor).open_case(world.carl_case)
    from casework.ui.cases.handover import AssignDialog

    dialog = AssignDialog(world.supervisor, world.carl_case, "Carl Caseworker", ws)
    qtbot.addWidget(dialog)
    assert dialog.tasks.count() == 2
    for i in range(dialog.tasks.count()):
        item = dialog.tasks.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == keep:
            item.setCheckState(Qt.CheckState.Unchecked)
    dialog.worker.set_value(world.office.other_caseworker.actor.user_id)  # type: ignore[attr-defined]
    dialog.comment.setPlainText("Handover after leave")
    dialog.ok_button.click()
    omar = world.office.other_caseworker  # type: ignore[attr-defined]
    mine = {t.id for t in tasks.my_tasks(omar)}
    assert move in mine and keep not in mine
    assert keep in {t.id for t in tasks.my_tasks(world.supervisor)}
