"""Referrals from a case and in the inbox: consent check on sending, supervisor override, and each
step a partner's answer leads to."""

from __future__ import annotations

from fixtures_screens import World, column_values, give_consent
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from casework.model.enums import DeclineReason, ReferralState, ServiceType
from casework.services import notes, referrals
from casework.services.referrals import ReferralInput
from casework.ui.cases import CasesScreen
from casework.ui.cases.case_referrals import NewReferralDialog
from casework.ui.referrals import ReferralsScreen

pytest_plugins = ["fixtures_screens"]


def _draft(world: World, ctx=None) -> int:  # noqa: ANN001
    return referrals.create_referral(
        ctx or world.caseworker,
        world.carl_case,
        ReferralInput(ServiceType.VOCATIONAL_TRAINING, world.training_org, purpose="Tailoring"),
    )


def _sent(world: World) -> int:
    give_consent(world.supervisor, world.carl_case, world.training_org)
    referral = _draft(world)
    referrals.send_referral(world.caseworker, referral)
    return referral


def _inbox(qtbot, ctx, referral_id: int) -> ReferralsScreen:  # noqa: ANN001
    screen = ReferralsScreen(ctx)
    qtbot.addWidget(screen)
    screen.set_view("all")
    assert screen.select(referral_id)
    return screen


def _visible_steps(panel) -> set[str]:  # noqa: ANN001
    return {k for k, b in panel.buttons.items() if b.isVisibleTo(panel)}


def test_new_referral_then_send_blocked_without_consent_then_allowed(qtbot, world: World) -> None:
    screen = CasesScreen(world.caseworker)
    qtbot.addWidget(screen)
    ws = screen.open_case(world.carl_case)
    tab = ws.show_tab(ws.referrals)
    dialog = tab.new_referral()
    assert isinstance(dialog, NewReferralDialog)
    # the stage list is the case's pathway; the organisations follow the service and the area
    assert dialog.stage.count() == 7  # "(no stage)" + six default stages
    dialog.service.set_value(ServiceType.RELIGIOUS_DIALOGUE.value)
    assert [dialog.org.itemText(i) for i in range(dialog.org.count())] == ["Coast Imams Council"]
    dialog.service.set_value(ServiceType.HOUSING.value)
    assert dialog.org.count() == 0
    assert "No organisation" in dialog.org_hint.text()
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.findChild(QLabel, "error_to_org_id").isVisibleTo(dialog)
    dialog.service.set_value(ServiceType.VOCATIONAL_TRAINING.value)
    assert dialog.org.value() == world.training_org
    dialog.purpose.setPlainText("Tailoring course")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert column_values(tab.model, "State") == ["Draft"]
    panel = tab.detail
    assert _visible_steps(panel) == {"send", "withdraw"}

    send = panel.start_step("send")
    send.ok_button.click()
    assert send.isVisible()
    assert "has not consented" in send.message.text()
    assert not send.overriding  # a caseworker may not override
    assert not send.ok_button.isEnabled()
    send.reject()

    give_consent(world.caseworker, world.carl_case, world.training_org)
    send = panel.start_step("send")
    send.ok_button.click()
    assert not send.isVisible()
    assert column_values(tab.model, "State") == ["Sent"]
    assert panel.detail.state is ReferralState.SENT
    assert _visible_steps(panel) == {"accept", "decline", "withdraw", "progress"}


def test_supervisor_override_with_written_reason(qtbot, world: World) -> None:
    referral = _draft(world, world.supervisor)
    screen = _inbox(qtbot, world.supervisor, referral)
    send = screen.detail.start_step("send")
    send.ok_button.click()
    assert send.isVisible() and send.overriding
    assert "has not consented" in send.message.text()
    assert "As a supervisor" in send.message.text()
    assert send.ok_button.text() == "Send without consent"
    send.ok_button.click()  # still no reason written
    assert send.isVisible()
    send.override.setPlainText("Urgent safety referral agreed at the case conference")
    send.ok_button.click()
    assert not send.isVisible()
    detail = referrals.get_referral(world.supervisor, referral)
    assert detail.state is ReferralState.SENT
    assert detail.consent_override_by_name == "Sara Supervisor"
    assert "Urgent safety" in screen.detail.values["override"].text()


def test_accept_then_complete_with_outcome(qtbot, world: World) -> None:
    referral = _sent(world)
    screen = _inbox(qtbot, world.caseworker, referral)
    panel = screen.detail
    accept = panel.start_step("accept")
    assert accept.behalf.text() == "Nairobi Youth Futures"
    accept.behalf.setText("Grace W. (focal person)")
    accept.ok_button.click()
    assert panel.detail.state is ReferralState.ACCEPTED
    history = column_values(panel.events, "On behalf of")
    assert history[-1] == "Grace W. (focal person)"
    assert column_values(panel.events, "Recorded by")[-1] == "Carl Caseworker"

    progress = panel.start_step("progress")
    progress.text.setPlainText("Attending three days a week")
    progress.ok_button.click()
    bodies = [n.body for n in notes.timeline(world.caseworker, world.carl_case).rows]
    assert any("Attending three days a week" in b for b in bodies)

    complete = panel.start_step("complete")
    complete.ok_button.click()  # outcome required
    assert complete.isVisible()
    assert (
        complete.findChild(QLabel, "error_outcome").text()
        == "Summarise the outcome of the referral."
    )
    complete.outcome.setPlainText("Certificate obtained; placed with a tailor")
    complete.ok_button.click()
    assert panel.detail.state is ReferralState.COMPLETED
    assert panel.detail.outcome.startswith("Certificate")
    assert _visible_steps(panel) == {"rerefer"}


def test_decline_needs_a_reason_then_re_refer(qtbot, world: World) -> None:
    referral = _sent(world)
    screen = _inbox(qtbot, world.caseworker, referral)
    panel = screen.detail
    decline = panel.start_step("decline")
    decline.reason.set_value(DeclineReason.OTHER)
    decline.ok_button.click()
    assert decline.isVisible()
    assert decline.findChild(QLabel, "error_reason_text").text() == "Describe the reason."
    decline.reason_text.setPlainText("Course full until March")
    decline.ok_button.click()
    assert panel.detail.state is ReferralState.DECLINED
    assert "Course full" in panel.values["reason"].text()

    rerefer = panel.start_step("rerefer")
    rerefer.ok_button.click()
    new = panel.detail
    assert new.id != referral and new.state is ReferralState.DRAFT
    assert new.previous_referral_id == referral


def test_end_unsuccessfully_and_withdraw_need_reasons(qtbot, world: World) -> None:
    referral = _sent(world)
    referrals.accept_referral(world.caseworker, referral)
    screen = _inbox(qtbot, world.caseworker, referral)
    end = screen.detail.start_step("end")
    end.ok_button.click()
    assert end.findChild(QLabel, "error_reason_text").text() == "A reason is required."
    end.reason_text.setPlainText("Client stopped attending")
    end.ok_button.click()
    assert screen.detail.detail.state is ReferralState.ENDED_UNSUCCESSFULLY

    other = _draft(world)
    screen.refresh()
    assert screen.select(other)
    withdraw = screen.detail.start_step("withdraw")
    withdraw.reason_text.setPlainText("Client chose another centre")
    withdraw.ok_button.click()
    assert screen.detail.detail.state is ReferralState.WITHDRAWN


def test_inbox_views_and_open_case(qtbot, world: World) -> None:
    import datetime as dt

    referral = _sent(world)
    draft = _draft(world)
    screen = ReferralsScreen(world.caseworker)
    qtbot.addWidget(screen)
    screen.set_view("open")
    assert {r.id for r in screen.model.rows} == {referral, draft}
    screen.state.set_value(ReferralState.DRAFT)
    assert [r.id for r in screen.model.rows] == [draft]
    screen.state.set_value(None)
    screen.set_view("overdue")
    assert screen.model.rows == []
    # answers are due after the stage's expected days: a later "today" makes it overdue
    world.caseworker.today = lambda: dt.date.today() + dt.timedelta(days=60)
    screen.refresh()
    assert [r.id for r in screen.model.rows] == [referral]
    assert "overdue" in screen.model.index(0, 1).data()  # the state, second column
    assert screen.model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None  # icon
    assert "Overdue" in screen.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    screen.set_view("incoming")
    assert screen.model.rows == []
    assert screen.hint.isVisibleTo(screen)

    screen.set_view("all")
    opened: list[int] = []
    screen.open_case_requested.connect(opened.append)
    screen.table.doubleClicked.emit(screen.model.index(0, 0))
    assert opened == [world.carl_case]


def test_caseworker_inbox_shows_only_own_cases(qtbot, world: World) -> None:
    give_consent(world.supervisor, world.omar_case, None)
    referrals.create_referral(
        world.supervisor,
        world.omar_case,
        ReferralInput(ServiceType.VOCATIONAL_TRAINING, world.training_org),
    )
    mine = _draft(world)
    screen = ReferralsScreen(world.caseworker)
    qtbot.addWidget(screen)
    screen.set_view("all")
    assert [r.id for r in screen.model.rows] == [mine]


def test_new_referral_says_whether_consent_covers_the_organisation(qtbot, world: World) -> None:
    screen = CasesScreen(world.caseworker)
    qtbot.addWidget(screen)
    dialog = screen.open_case(world.carl_case).referrals.new_referral()
    assert dialog.ok_button.text() == "Create referral"
    dialog.service.set_value(ServiceType.VOCATIONAL_TRAINING.value)
    assert dialog.org.value() == world.training_org
    assert "No valid consent" in dialog.consent_hint.text()
    dialog.reject()
    give_consent(world.caseworker, world.carl_case, world.training_org)
    dialog = screen.workspace(world.carl_case).referrals.new_referral()
    dialog.service.set_value(ServiceType.VOCATIONAL_TRAINING.value)
    assert dialog.consent_hint.text().startswith("Consent on file covers:")
    # the chosen stage's usual services come first and say so
    typical = [dialog.service.itemText(i) for i in range(dialog.service.count())]
    if dialog._stage_services():
        assert typical[0].endswith("(typical for this stage)")


def test_inbox_detail_shows_only_the_hint_until_a_referral_is_chosen(qtbot, world: World) -> None:
    _draft(world)
    screen = ReferralsScreen(world.caseworker)
    qtbot.addWidget(screen)
    screen.resize(1000, 600)
    screen.show()
    screen.set_view("all")
    panel = screen.detail
    assert "Choose a referral" in panel.heading.text()
    assert not panel.facts_box.isVisible() and not panel.history_box.isVisible()
    width = panel.width()
    screen.table.selectRow(0)
    assert panel.facts_box.isVisible() and panel.history_box.isVisible()
    qtbot.wait(10)
    assert panel.width() == width  # the splitter does not jump


def test_incoming_referral_recorded_on_the_case_and_listed_in_the_inbox(qtbot, world: World):
    from casework.ui.cases.case_referrals import IncomingReferralDialog

    screen = CasesScreen(world.caseworker)
    qtbot.addWidget(screen)
    tab = screen.open_case(world.carl_case).referrals
    dialog = tab.record_incoming()
    assert isinstance(dialog, IncomingReferralDialog)
    dialog.ok_button.click()  # no organisation chosen: refused inline, nothing lost
    assert dialog.isVisible()
    assert dialog.findChild(QLabel, "error_from_org_id").isVisibleTo(dialog)
    dialog.org.set_value(world.mentor_org)
    dialog.service.set_value(ServiceType.RELIGIOUS_DIALOGUE.value)
    dialog.person.setText("Sheikh Omar")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert column_values(tab.model, "Direction") == ["Received"]
    panel = tab.detail
    assert "from" in panel.heading.text()
    assert _visible_steps(panel) == {"accept", "decline", "withdraw", "progress"}
    assert not panel.print_form.isVisibleTo(panel)  # nothing to send back to the sender

    inbox = ReferralsScreen(world.caseworker)
    qtbot.addWidget(inbox)
    inbox.set_view("incoming")
    assert inbox.model.rowCount() == 1
    inbox.set_view("all")
    assert dialog.new_id not in [r.id for r in inbox.model.rows]
