"""The case workspace: new case form, profile, status steps, consents, plan, notes, unsaved
changes, drafts and clearing on lock."""

from __future__ import annotations

import json

from fixtures_screens import World, all_model_texts, column_values
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QTreeWidgetItemIterator

from casework.i18n import set_language
from casework.model.enums import (
    CaseStatus,
    ClientCategory,
    CloseReason,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    InfoScope,
    LifeDomain,
    PlanState,
)
from casework.services import cases, consents, plans
from casework.ui.cases import CasesScreen
from casework.ui.cases.plan_dialogs import ActionDialog, GoalDialog, ReturnPlanDialog
from casework.ui.widgets.dates import set_date

pytest_plugins = ["fixtures_screens"]


def _screen(qtbot, ctx) -> CasesScreen:  # noqa: ANN001
    screen = CasesScreen(ctx)
    qtbot.addWidget(screen)
    return screen


def _error(widget, name: str) -> QLabel:  # noqa: ANN001
    label = widget.findChild(QLabel, f"error_{name}")
    assert label is not None, name
    return label


def test_create_case_through_the_form_keeps_input_on_a_validation_error(
    qtbot, world: World
) -> None:
    screen = _screen(qtbot, world.caseworker)
    dialog = screen.new_case()
    form = dialog.profile
    form.alias.setText("")
    form.category.set_value(ClientCategory.CHILD)  # a minor: needs a guardian
    form.locality.setText("Garissa")
    form.widgets["legal_name"].setText("Halima Example")
    dialog.ok_button.click()
    assert dialog.isVisible()  # refused: still open, nothing lost
    assert _error(form, "alias").isVisibleTo(dialog)
    assert _error(form, "alias").text() == "Enter an alias or display name."
    assert _error(form, "country").text() == "Choose a country."
    assert _error(form, "guardian_name").text() == "A minor needs a guardian recorded."
    # Nothing is chosen for the user (no "released" next to "in detention").
    assert _error(form, "custody_status").text() == "Choose the custody status."
    assert form.locality.text() == "Garissa"
    assert form.widgets["legal_name"].text() == "Halima Example"

    form.alias.setText("Halima N.")
    form.country.set_value("KE")
    form.guardian.setText("Her aunt")
    form.custody.set_value(CustodyStatus.RELEASED)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    ws = screen.workspaces()[0]
    assert ws.detail.data.alias == "Halima N."
    assert ws.detail.data.is_minor
    assert ws.detail.data.legal_name == "Halima Example"
    assert ws.detail.data.caseworker_id == world.caseworker.actor.user_id
    assert "Halima N." in column_values(screen.list.model, "Alias")


def test_french_validation_messages_inline(qtbot, world: World) -> None:
    set_language("fr")
    screen = _screen(qtbot, world.caseworker)
    dialog = screen.new_case()
    dialog.ok_button.click()
    assert (
        _error(dialog.profile, "alias").text() == "Saisissez un pseudonyme ou un nom d'affichage."
    )


def test_profile_edit_and_restricted_fields(qtbot, world: World) -> None:
    screen = _screen(qtbot, world.caseworker)
    ws = screen.open_case(world.carl_case)
    assert ws is not None
    assert ws.profile.form.widgets["legal_name"].text() == "Legal name of Amina Carlcase"
    ws.profile.form.locality.setText("Eastleigh")
    assert ws.has_unsaved_changes()
    ws.profile.form.alias.setText("")
    assert not ws.profile.save()
    assert _error(ws.profile.form, "alias").isVisibleTo(ws)
    assert ws.profile.form.locality.text() == "Eastleigh"
    ws.profile.form.alias.setText("Amina C.")
    assert ws.profile.save()
    assert not ws.has_unsaved_changes()
    assert cases.get_case(world.caseworker, world.carl_case).data.locality == "Eastleigh"
    assert "Amina C." in ws.heading.text()


def test_restricted_note_when_not_visible(qtbot, world: World) -> None:
    # A supervisor sees restricted fields; the form for someone who may not shows a note instead.
    from casework.ui.cases.profile import ProfileForm

    form = ProfileForm(world.caseworker, restricted_visible=False)
    qtbot.addWidget(form)
    assert "legal_name" not in form.widgets
    assert "Restricted" in form.restricted_note.text()


def test_status_steps_per_role(qtbot, world: World) -> None:
    cw = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    assert cw is not None
    assert not cw.action_buttons[cases.CaseAction.CLOSE].isVisibleTo(cw)  # supervisors only
    assert not cw.assign_button.isVisibleTo(cw)
    cw.action_buttons[cases.CaseAction.ACTIVATE].click()
    assert cw.detail.status is CaseStatus.ACTIVE

    sup_screen = _screen(qtbot, world.supervisor)
    ws = sup_screen.open_case(world.carl_case)
    assert ws is not None
    dialog = ws.start_action(cases.CaseAction.CLOSE)
    dialog.choice.set_value(CloseReason.OTHER)
    dialog.ok_button.click()  # "other" needs a comment
    assert dialog.isVisible()
    assert dialog.findChild(QLabel, "error_comment").text() == "Describe the reason."
    dialog.reason.setPlainText("Moved abroad with family")
    dialog.ok_button.click()
    assert ws.detail.status is CaseStatus.CLOSED
    assert ws.action_buttons[cases.CaseAction.REOPEN].isVisibleTo(ws)

    assign = ws.assign()
    assign.worker.set_value(world.office.other_caseworker.actor.user_id)
    assign.ok_button.click()
    assert ws.detail.caseworker_name == "Omar Caseworker"


def test_record_and_withdraw_consent(qtbot, world: World) -> None:
    ws = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    tab = ws.show_tab(ws.consents)
    tab.findChild(type(ws.assign_button), "recordConsent").click()
    dialog = tab.dialog
    dialog.purpose.set_value(ConsentPurpose.INFORMATION_SHARING)
    dialog.recipient.set_value(world.training_org)
    dialog.ok_button.click()  # no scope chosen
    assert dialog.isVisible()
    assert dialog.findChild(QLabel, "error_scope").isVisibleTo(dialog)
    dialog.scope.boxes[InfoScope.IDENTITY].setChecked(True)
    dialog.method.set_value(ConsentMethod.VERBAL_WITNESSED)
    dialog.witness.setText("Community elder")
    dialog.ok_button.click()
    assert tab.dialog is None
    assert column_values(tab.model, "Recipient") == ["Nairobi Youth Futures"]
    assert column_values(tab.model, "State") == ["Valid"]
    tab.table.selectRow(0)
    tab.withdraw()
    tab.dialog.ok_button.click()
    assert column_values(tab.model, "State") == ["Withdrawn by the client"]
    assert consents.list_consents(world.caseworker, world.carl_case)[0].withdrawn_on is not None


def _tree_texts(tab) -> list[str]:  # noqa: ANN001
    out = []
    it = QTreeWidgetItemIterator(tab.tree)
    while it.value():
        out.append(it.value().text(0))
        it += 1
    return out


def test_plan_goal_submit_return_and_approve(qtbot, world: World) -> None:
    ws = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    tab = ws.show_tab(ws.plan)
    assert tab.b_create.isVisibleTo(tab)
    tab.b_create.click()
    assert tab.plan is not None and tab.plan.state is PlanState.DRAFT
    tab.aspirations.setPlainText("Open a tailoring shop")
    assert ws.has_unsaved_changes()
    tab.b_aspirations.click()
    assert not ws.has_unsaved_changes()

    tab.b_submit.click()  # no goal yet: refused calmly
    qtbot.waitUntil(lambda: ws.window().findChild(QMessageBox, "errorDialog") is not None)
    box = ws.window().findChild(QMessageBox, "errorDialog")
    assert "at least one goal" in box.text()
    box.close()

    tab.b_goal.click()
    dialog = tab.dialog
    assert isinstance(dialog, GoalDialog)
    dialog.domain.set_value(LifeDomain.EMPLOYMENT)
    dialog.goal_text.setPlainText("Finish the tailoring course")
    dialog.ok_button.click()
    texts = _tree_texts(tab)
    assert texts == ["Employment and livelihood", "Finish the tailoring course"]
    tab.b_submit.click()
    assert tab.plan.state is PlanState.SUBMITTED
    assert not tab.b_approve.isVisibleTo(tab)  # caseworkers do not approve

    sup_ws = _screen(qtbot, world.supervisor).open_case(world.carl_case)
    sup_tab = sup_ws.show_tab(sup_ws.plan)
    assert sup_tab.b_approve.isVisibleTo(sup_tab)
    sup_tab.b_return.click()
    ret = sup_tab.dialog
    assert isinstance(ret, ReturnPlanDialog)
    ret.ok_button.click()  # a comment is required
    assert ret.isVisible()
    assert (
        ret.findChild(QLabel, "error_comment").text()
        == "Say what must change before the plan is approved."
    )
    ret.comment.setPlainText("Add a housing goal")
    ret.ok_button.click()
    assert sup_tab.plan.state is PlanState.RETURNED

    tab.refresh()
    assert tab.return_note.isVisibleTo(tab)
    assert "Add a housing goal" in tab.return_note.text()
    tab.b_goal.click()
    tab.dialog.domain.set_value(LifeDomain.HOUSING)
    tab.dialog.goal_text.setPlainText("Find a room near the market")
    tab.dialog.ok_button.click()
    tab.b_submit.click()
    assert tab.plan.state is PlanState.SUBMITTED

    sup_tab.refresh()
    sup_tab.b_approve.click()
    assert sup_tab.plan.state is PlanState.APPROVED
    assert sup_tab.b_version.isVisibleTo(sup_tab)
    sup_tab.b_version.click()
    assert sup_tab.plan.version == 2 and sup_tab.plan.state is PlanState.DRAFT
    assert len(plans.plan_versions(world.supervisor, world.carl_case)) == 2


def test_add_note_and_restricted_mask(qtbot, world: World) -> None:
    ws = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    tab = ws.show_tab(ws.notes)
    tab.add_note()
    tab.dialog.body_edit.setPlainText("Home visit went well")
    tab.dialog.restricted.setChecked(True)
    tab.dialog.ok_button.click()
    assert tab.dialog is None
    bodies = column_values(tab.model, "Note")
    assert bodies[0].startswith("Restricted note")
    tab.show_restricted.setChecked(True)
    assert column_values(tab.model, "Note")[0] == "Home visit went well"


def test_task_add_and_done(qtbot, world: World) -> None:
    ws = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    tab = ws.show_tab(ws.tasks)
    tab.add_task()
    tab.dialog.title_edit.setText("Call the mother")
    tab.dialog.ok_button.click()
    assert column_values(tab.model, "Task") == ["Call the mother"]
    tab.table.selectRow(0)
    tab.mark_done()
    assert column_values(tab.model, "State")[0].startswith("Done on")


def test_closing_a_tab_with_edits_asks_save_discard_cancel(qtbot, world: World) -> None:
    screen = _screen(qtbot, world.caseworker)
    ws = screen.open_case(world.carl_case)
    ws.profile.form.locality.setText("Mandera")
    index = screen.tabs.indexOf(ws)

    screen.request_close(index)
    box = screen.unsaved_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert screen.workspaces() == [ws]
    assert ws.profile.form.locality.text() == "Mandera"

    screen.request_close(screen.tabs.indexOf(ws))
    screen.unsaved_box.button(QMessageBox.StandardButton.Save).click()
    assert screen.workspaces() == []
    assert cases.get_case(world.caseworker, world.carl_case).data.locality == "Mandera"

    ws = screen.open_case(world.carl_case)
    ws.profile.form.locality.setText("Wajir")
    screen.request_close(screen.tabs.indexOf(ws))
    screen.unsaved_box.button(QMessageBox.StandardButton.Discard).click()
    assert screen.workspaces() == []
    assert cases.get_case(world.caseworker, world.carl_case).data.locality == "Mandera"


def test_unedited_tab_closes_without_asking(qtbot, world: World) -> None:
    screen = _screen(qtbot, world.caseworker)
    ws = screen.open_case(world.carl_case)
    screen.tabs.tabCloseRequested.emit(screen.tabs.indexOf(ws))
    assert screen.unsaved_box is None
    assert screen.workspaces() == []


def test_drafts_round_trip(qtbot, world: World) -> None:
    screen = _screen(qtbot, world.caseworker)
    ws = screen.open_case(world.carl_case)
    ws.profile.form.locality.setText("Kakuma")
    ws.profile.form.widgets["phone"].setText("+254 700 000")
    ws.notes.add_note()
    ws.notes.dialog.body_edit.setPlainText("Half-written note about the visit")
    assert screen.has_unsaved_changes()
    drafts = screen.drafts()
    profile_key = f"case:{world.carl_case}:profile"
    note_key = f"case:{world.carl_case}:note"
    assert set(drafts) == {profile_key, note_key}
    assert json.loads(drafts[profile_key])["locality"] == "Kakuma"

    screen.clear()
    assert screen.workspaces() == []
    assert not screen.has_unsaved_changes()

    again = _screen(qtbot, world.caseworker)
    again.restore_drafts(drafts)
    ws2 = again.workspace(world.carl_case)
    assert ws2 is not None
    assert ws2.profile.form.locality.text() == "Kakuma"
    assert ws2.profile.form.widgets["phone"].text() == "+254 700 000"
    assert ws2.has_unsaved_changes()
    assert ws2.notes.dialog.body_edit.toPlainText() == "Half-written note about the visit"
    assert again.drafts() == drafts


def test_clear_leaves_no_case_text_in_any_model(qtbot, world: World) -> None:
    screen = _screen(qtbot, world.supervisor)
    ws = screen.open_case(world.carl_case)
    ws.notes.add_note()
    ws.notes.dialog.body_edit.setPlainText("Amina spoke about her brother")
    texts = all_model_texts(screen)
    assert any("Amina Carlcase" in t for t in texts)
    screen.clear()
    texts = all_model_texts(screen)
    assert not any("Amina" in t or "Yusuf" in t for t in texts), texts
    assert screen.list.model.rowCount() == 0
    assert screen.workspaces() == []
    assert screen.tabs.count() == 1


def test_retranslates_live(qtbot, world: World) -> None:
    screen = _screen(qtbot, world.supervisor)
    ws = screen.open_case(world.carl_case)
    set_language("fr")
    assert screen.tabs.tabText(0) == "Liste des dossiers"
    assert ws.tabs.tabText(0) == "Profil"
    assert screen.list.model.headerData(1, Qt.Orientation.Horizontal) == "Alias"
    assert screen.list.count.text() == "2 dossiers"
    assert ws.consents.model.headerData(0, Qt.Orientation.Horizontal) == "Finalité"
    set_language("en")
    assert ws.tabs.tabText(0) == "Profile"


def test_consent_dialog_starts_on_choose_and_requires_a_choice(qtbot, world: World) -> None:
    ws = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    ws.consents.record()
    dialog = ws.consents.dialog
    assert dialog.ok_button.text() == "Record consent"
    assert dialog.purpose.currentText() == "(choose)" and dialog.purpose.value() is None
    assert dialog.recipient.currentText() == "(choose)" and dialog.recipient.value() is None
    dialog.scope.boxes[InfoScope.IDENTITY].setChecked(True)
    dialog.witness.setText("Community elder")
    dialog.ok_button.click()
    assert dialog.isVisible()  # refused, nothing lost
    assert _error(dialog, "purpose").isVisibleTo(dialog)
    assert _error(dialog, "recipient_org_id").isVisibleTo(dialog)
    assert dialog.witness.text() == "Community elder"
    assert consents.list_consents(world.caseworker, world.carl_case) == []
    dialog.purpose.set_value(ConsentPurpose.INFORMATION_SHARING)
    dialog.recipient.setCurrentIndex(1)  # "All organisations (general consent)", chosen
    dialog.method.set_value(ConsentMethod.VERBAL_WITNESSED)
    dialog.ok_button.click()
    assert ws.consents.dialog is None
    rows = consents.list_consents(world.caseworker, world.carl_case)
    assert len(rows) == 1 and rows[0].recipient_org_id is None


def _approved_plan(world: World) -> int:
    plan_id = plans.create_plan(world.caseworker, world.carl_case)
    plans.add_goal(
        world.caseworker,
        plan_id,
        plans.GoalInput(domain=LifeDomain.EMPLOYMENT, goal="Finish the tailoring course"),
    )
    plans.submit_plan(world.caseworker, plan_id)
    plans.approve_plan(world.supervisor, plan_id)
    return plan_id


def test_record_a_review_of_the_approved_plan(qtbot, world: World) -> None:
    import datetime as dt

    plan_id = _approved_plan(world)
    past = world.caseworker.today() - dt.timedelta(days=40)
    plans.add_review_date(world.caseworker, plan_id, past)
    ws = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    tab = ws.show_tab(ws.plan)
    assert tab.b_record.isVisibleTo(tab)
    item = tab.reviews.item(0)
    assert item.text().endswith("— overdue") and not item.icon().isNull()
    assert "Approved" not in tab.state.text()  # the version chooser says it already
    tab.b_record.click()
    dialog = tab.dialog
    assert dialog.ok_button.text() == "Record review"
    dialog.participants.setText("Amina, her mother, Carl")
    dialog.ok_button.click()  # a summary is required
    assert dialog.isVisible() and _error(dialog, "summary").isVisibleTo(dialog)
    set_date(dialog.held, past)
    dialog.summary.setPlainText("Course going well")
    dialog.decisions.setPlainText("Look for a workshop placement")
    dialog.ok_button.click()
    assert tab.dialog is None
    assert tab.held_reviews.count() == 1
    assert "Course going well" in tab.held_reviews.item(0).text()
    assert "Amina, her mother, Carl" in tab.held_reviews.item(0).toolTip()
    assert tab.reviews.item(0).text().endswith("(held)")


def test_record_review_hidden_on_a_draft(qtbot, world: World) -> None:
    plans.create_plan(world.caseworker, world.carl_case)
    ws = _screen(qtbot, world.caseworker).open_case(world.carl_case)
    assert not ws.plan.b_record.isVisibleTo(ws.plan)


def test_new_case_supervisor_must_choose_the_caseworker(qtbot, world: World) -> None:
    screen = _screen(qtbot, world.supervisor)
    dialog = screen.new_case()
    form = dialog.profile
    assert form.caseworker is not None and form.caseworker.value() is None
    form.alias.setText("Halima N.")
    form.country.set_value("KE")
    form.category.set_value(ClientCategory.RETURNEE_FTF)
    form.custody.set_value(CustodyStatus.RELEASED)
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert _error(form, "caseworker_id").text() == "Choose the caseworker who will follow the case."
    form.caseworker.set_value(world.caseworker.actor.user_id)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert screen.workspaces()[0].detail.data.caseworker_id == world.caseworker.actor.user_id


def test_decisive_dialogs_name_their_step(qtbot, world: World) -> None:
    ws = _screen(qtbot, world.supervisor).open_case(world.carl_case)
    from casework.model.enums import CaseAction

    dialog = ws.start_action(CaseAction.CLOSE)
    assert dialog.ok_button.text() == "Close case"
    dialog.reject()
    action = ActionDialog(world.supervisor, 1)
    qtbot.addWidget(action)
    assert action.org.itemText(0) == "(no organisation)"


def test_dates_are_unambiguous() -> None:
    import datetime as dt

    from casework.ui.widgets.dates import date_edit, fmt_datetime

    moment = dt.datetime(2026, 11, 25, 9, 54)
    assert fmt_datetime(moment.astimezone(dt.UTC)).startswith("Nov 25, 2026, ")
    edit = date_edit(dt.date(2026, 3, 4))
    assert edit.text() == "4 Mar 2026"
    set_language("fr")
    assert fmt_datetime(moment.astimezone(dt.UTC)).startswith("25 nov. 2026, ")
    assert edit.text().startswith("4 mars")


def test_a_returned_plan_shows_the_comment_and_a_revise_and_resubmit_path(
    qtbot, world: World
) -> None:
    from casework.model.enums import PlanState
    from casework.services import plans

    cw, sup = world.caseworker, world.supervisor
    plan_id = plans.create_plan(cw, world.carl_case, "A job and a quiet place to live.")
    _goal(cw, plan_id)
    plans.submit_plan(cw, plan_id)
    plans.return_plan(sup, plan_id, "Add a housing goal before approval.")
    ws = _screen(qtbot, cw).open_case(world.carl_case)
    tab = ws.plan
    ws.tabs.setCurrentWidget(tab)
    assert tab.return_note.isVisibleTo(ws)
    assert "Add a housing goal before approval." in tab.return_note.text()
    assert "Revise and resubmit" in tab.return_note.text()
    assert tab.b_revise.isVisibleTo(ws) and not tab.b_submit.isVisibleTo(ws)
    tab.b_revise.click()
    assert tab.plan.state is PlanState.DRAFT
    assert tab.b_submit.isVisibleTo(ws) and not tab.b_revise.isVisibleTo(ws)
    assert "Add a housing goal before approval." in tab.return_note.text()  # still in sight
    tab.b_submit.click()
    assert tab.plan.state is PlanState.SUBMITTED


def test_after_the_plan_is_approved_activating_the_case_is_suggested(qtbot, world: World) -> None:
    from casework.model.enums import CaseStatus
    from casework.services import cases, plans

    cw, sup = world.caseworker, world.supervisor
    plan_id = plans.create_plan(cw, world.carl_case, "A job.")
    _goal(cw, plan_id)
    plans.submit_plan(cw, plan_id)
    ws = _screen(qtbot, cw).open_case(world.carl_case)
    bar = ws.suggestion_bar
    assert not bar.isVisibleTo(ws)  # nothing to suggest yet
    plans.approve_plan(sup, plan_id)
    ws.refresh()
    assert bar.isVisibleTo(ws)
    assert "The reintegration plan was approved." in bar.text.text()
    assert "Intake" in bar.text.text() and "Active" in bar.text.text()
    assert cases.get_case(cw, world.carl_case).status is CaseStatus.INTAKE  # not on its own
    bar.yes.click()
    assert cases.get_case(cw, world.carl_case).status is CaseStatus.ACTIVE
    assert not bar.isVisibleTo(ws)


def test_a_dismissed_suggestion_stays_away(qtbot, world: World) -> None:
    from casework.services import plans

    cw, sup = world.caseworker, world.supervisor
    plan_id = plans.create_plan(cw, world.carl_case, "A job.")
    _goal(cw, plan_id)
    plans.submit_plan(cw, plan_id)
    plans.approve_plan(sup, plan_id)
    ws = _screen(qtbot, cw).open_case(world.carl_case)
    assert ws.suggestion_bar.isVisibleTo(ws)
    ws.suggestion_bar.no.click()
    ws.refresh()
    assert not ws.suggestion_bar.isVisibleTo(ws)


def _goal(ctx, plan_id: int) -> None:  # noqa: ANN001
    from casework.model.enums import LifeDomain
    from casework.services import plans

    plans.add_goal(ctx, plan_id, plans.GoalInput(LifeDomain.EMPLOYMENT, "Find work"))


def test_a_case_without_a_pathway_says_so_once(qtbot, world: World) -> None:
    from fixtures_screens import make_case

    case_id = make_case(world.supervisor, "Idris Nopath", caseworker_id=None)
    ws = _screen(qtbot, world.supervisor).open_case(case_id)
    assert "(no pathway)" in ws.summary.text()
    assert ws.stages.isHidden()
    with_pathway = _screen(qtbot, world.supervisor).open_case(world.carl_case)
    assert not with_pathway.stages.isHidden()
