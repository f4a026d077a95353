"""A case's steps from its workspace's header: activate, hold, resume, close, reopen (those
that need a written reason in a dialog), and assign or transfer it to a caseworker.

Each dialog is kept as `workspace.dialog` (tests and the lock reach it there); the header is
read again once the step is taken, or refused."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from casework.i18n import N_
from casework.model.enums import CaseAction, CloseReason
from casework.services import cases
from casework.ui.cases.handover import AssignDialog
from casework.ui.service_call import call_service
from casework.ui.widgets.forms import FormDialog, show_problem
from casework.ui.widgets.reason import ReasonDialog

if TYPE_CHECKING:
    from casework.ui.cases.workspace import CaseWorkspace

# The steps that need a written reason: (title, reason label, OK button).
STEP_DIALOGS: dict[CaseAction, tuple[str, str, str]] = {
    CaseAction.CLOSE: (N_("Close the case"), N_("Comment"), N_("Close case")),
    CaseAction.HOLD: (N_("Put the case on hold"), N_("Reason"), N_("Put on hold")),
    CaseAction.REOPEN: (N_("Reopen the case"), N_("Reason"), N_("Reopen case")),
}


def start_step(ws: CaseWorkspace, action: CaseAction) -> FormDialog | None:
    """Take `action` at once (activate, resume) or open its dialog asking why."""
    ws.dialog = None
    if action in (CaseAction.ACTIVATE, CaseAction.RESUME):
        take_step(ws, action)
        return None
    ctx, case_id = ws.ctx, ws.case_id

    def run(choice: object, reason: str) -> None:
        cases.change_status(
            ctx,
            case_id,
            action,
            close_reason=choice if isinstance(choice, CloseReason) else None,
            comment=reason,
        )

    title, reason_label, ok_text = STEP_DIALOGS.get(action, STEP_DIALOGS[CaseAction.REOPEN])
    closing = action is CaseAction.CLOSE
    dialog = ReasonDialog(
        ws,
        title,
        run,
        reason_label=reason_label,
        enum_type=CloseReason if closing else None,
        enum_label=N_("Reason") if closing else "",
        ok_text=ok_text,
    )
    return _open(ws, dialog)


def open_assign(ws: CaseWorkspace) -> FormDialog:
    return _open(ws, AssignDialog(ws.ctx, ws.case_id, ws.detail.caseworker_name, ws))


def _open(ws: CaseWorkspace, dialog: FormDialog) -> FormDialog:
    dialog.accepted.connect(ws.refresh_header)
    dialog.finished.connect(dialog.deleteLater)
    ws.dialog = dialog
    dialog.open()
    return dialog


def take_step(ws: CaseWorkspace, action: CaseAction) -> None:
    """A step without a reason, on the pool on an office server; the buttons wait meanwhile."""
    ctx, case_id, buttons = ws.ctx, ws.case_id, list(ws.action_buttons.values())
    work = partial(cases.change_status, ctx, case_id, action, close_reason=None, comment="")
    refused = lambda exc: (show_problem(ws, exc), ws.refresh_header())  # noqa: E731
    call_service(ws, ctx, work, lambda _r: ws.refresh_header(), refused, busy=buttons)
