"""Tab order of every form and dialog of the app: Tab and Shift+Tab reach every control a
keyboard user can use, once each, in reading order (top to bottom, then left to right), and
leave none of them stuck (a keyboard trap), in English and in French.

The dialogs are the real ones, opened on a real vault with the data they need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fixtures_screens import World
from PySide6.QtWidgets import QApplication, QDialog
from tab_walk import check_tab_order

from casework.i18n import set_language
from casework.model.enums import LifeDomain, ServiceType
from casework.services import plans, referrals, users
from casework.services.plans import ActionInput, GoalInput
from casework.services.referrals import ReferralInput
from casework.ui.widgets.lock import lock_requests

pytest_plugins = ["fixtures_screens"]


@dataclass
class Things:
    world: World
    plan_id: int
    goal_id: int
    referral_id: int
    consent_id: int


@pytest.fixture
def things(world: World) -> Things:
    from fixtures_screens import give_consent

    cw = world.caseworker
    plan_id = plans.create_plan(cw, world.carl_case, "A job.")
    goal_id = plans.add_goal(cw, plan_id, GoalInput(LifeDomain.EMPLOYMENT, "Find steady work"))
    plans.add_action(cw, goal_id, ActionInput("Register at the job centre"))
    consent_id = give_consent(cw, world.carl_case, world.training_org)
    referral_id = referrals.create_referral(
        cw,
        world.carl_case,
        ReferralInput(ServiceType.VOCATIONAL_TRAINING, world.training_org, purpose="Tailoring"),
    )
    return Things(world, plan_id, goal_id, referral_id, consent_id)


def _dialogs() -> dict[str, Callable[[Things], QDialog]]:
    from casework.ui.admin import dialogs as admin
    from casework.ui.cases import (
        case_referrals,
        consents_tab,
        handover,
        plan_dialogs,
        risk_tab,
        tabs,
    )
    from casework.ui.cases.screen import NewCaseDialog
    from casework.ui.directory import pathways
    from casework.ui.directory.screen import OrganisationDialog
    from casework.ui.kept_input import KeptInputDialog
    from casework.ui.printing import PrintOptionsDialog
    from casework.ui.referrals import steps
    from casework.ui.settings_dialog import SettingsDialog

    def cw(t: Things):  # noqa: ANN202
        return t.world.caseworker

    def sup(t: Things):  # noqa: ANN202
        return t.world.supervisor

    def ref(t: Things):  # noqa: ANN202
        return referrals.get_referral(cw(t), t.referral_id)

    def goal(t: Things):  # noqa: ANN202
        return plans.get_plan(cw(t), t.plan_id).goals[0]

    def admin_user(t: Things):  # noqa: ANN202
        return users.get_user(t.world.office.admin, cw(t).actor.user_id)

    return {
        "new case": lambda t: NewCaseDialog(cw(t)),
        "case assignment": lambda t: handover.AssignDialog(sup(t), t.world.carl_case, "Carl"),
        "note": lambda t: tabs.NoteDialog(cw(t), t.world.carl_case),
        "task": lambda t: tabs.TaskDialog(cw(t), t.world.carl_case, [("Carl", 1)]),
        "consent": lambda t: consents_tab.ConsentDialog(cw(t), t.world.carl_case),
        "consent withdrawal": lambda t: consents_tab.WithdrawConsentDialog(cw(t), t.consent_id),
        "risk observation": lambda t: risk_tab.ObservationDialog(cw(t), t.world.carl_case),
        "professional judgement": lambda t: risk_tab.JudgementDialog(cw(t), t.world.carl_case),
        "plan goal": lambda t: plan_dialogs.GoalDialog(cw(t), t.plan_id, None),
        "plan goal edit": lambda t: plan_dialogs.GoalDialog(cw(t), t.plan_id, goal(t)),
        "plan action": lambda t: plan_dialogs.ActionDialog(cw(t), t.goal_id, None),
        "plan return": lambda t: plan_dialogs.ReturnPlanDialog(sup(t), t.plan_id),
        "plan review date": lambda t: plan_dialogs.ReviewDateDialog(cw(t), t.plan_id),
        "plan review": lambda t: plan_dialogs.RecordReviewDialog(cw(t), t.plan_id),
        "new referral": lambda t: case_referrals.NewReferralDialog(
            cw(t), t.world.carl_case, "KE", None
        ),
        "incoming referral": lambda t: case_referrals.IncomingReferralDialog(
            cw(t), t.world.carl_case
        ),
        "referral send": lambda t: steps.SendDialog(cw(t), ref(t), None),
        "referral accept": lambda t: steps.AcceptDialog(cw(t), ref(t), None),
        "referral decline": lambda t: steps.DeclineDialog(cw(t), ref(t), None),
        "referral complete": lambda t: steps.CompleteDialog(cw(t), ref(t), None),
        "referral end": lambda t: steps.EndDialog(cw(t), ref(t), None),
        "referral withdraw": lambda t: steps.WithdrawDialog(cw(t), ref(t), None),
        "referral progress": lambda t: steps.ProgressDialog(cw(t), ref(t), None),
        "re-referral": lambda t: steps.ReReferDialog(cw(t), ref(t), "KE", None),
        "directory entry": lambda t: OrganisationDialog(sup(t), t.world.training_org),
        "new directory entry": lambda t: OrganisationDialog(sup(t), None),
        "pathway": lambda t: pathways.PathwayDialog(sup(t), None),
        "pathway stage": lambda t: pathways.StageDialog(sup(t), t.world.pathway_id, None),
        "user add": lambda t: admin.AddUserDialog(t.world.office.admin),
        "user edit": lambda t: admin.EditUserDialog(t.world.office.admin, admin_user(t)),
        "password reset": lambda t: admin.ResetPasswordDialog(t.world.office.admin, admin_user(t)),
        "password change": lambda t: admin.ChangePasswordDialog(cw(t)),
        "preferences": lambda t: SettingsDialog(cw(t)),
        "print options": lambda t: PrintOptionsDialog(None, offer_legal_name=True),
        "kept input": lambda t: KeptInputDialog(['{"title": "Note", "fields": [["", "Text"]]}']),
    }


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("name", list(_dialogs()))
def test_tab_and_shift_tab_reach_every_control_in_reading_order(
    qtbot, things: Things, name: str, language: str
) -> None:
    set_language(language)
    lock_requests().listen(lambda: None)  # as in a session: the dialog's Lock button shows
    try:
        dialog = _dialogs()[name](things)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        check_tab_order(qtbot, dialog, name)
    finally:
        lock_requests().stop_listening()
