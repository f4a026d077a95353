"""A case tab's "Save" before it closes: the profile, the plan's aspirations and an open note,
saved one after the other (each through call_service, so the window never waits for the office
server), the next only once the previous is saved.

    save_workspace(ws, then)   # then(True) once all are saved, then(False) at the first refusal

A refusal is shown where it happened (under the profile's fields, in the note's dialog, or as a
message) and the tab that holds it comes to the front; nothing typed is cleared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from casework.ui.cases.workspace import CaseWorkspace
    from casework.ui.widgets.forms import FormDialog

Step = Callable[[Callable[[bool], None]], object]


def save_workspace(ws: CaseWorkspace, then: Callable[[bool], None] | None = None) -> bool | None:
    from casework.ui.cases.plan import PlanTab

    steps: list[Step] = []
    if ws.profile.form.dirty:
        steps.append(lambda next_: ws.profile.save(then=_front(ws, ws.profile, next_)))
    plan, notes = ws.lazy.built("plan"), ws.lazy.built("notes")
    if isinstance(plan, PlanTab) and plan.aspirations_dirty:
        steps.append(lambda next_: plan.save_aspirations(then=_front(ws, plan, next_)))
    if notes is not None and notes.dialog is not None:
        steps.append(lambda next_: _save_note(notes.dialog, next_))

    outcome: list[bool] = []

    def run(index: int, ok: bool = True) -> None:
        if not ok or index == len(steps):
            outcome.append(ok)
            if then is not None:
                then(ok)
            return
        steps[index](lambda ok: run(index + 1, ok))

    run(0)
    return outcome[0] if outcome else None


def _front(
    ws: CaseWorkspace, tab: QWidget, next_: Callable[[bool], None]
) -> Callable[[bool], None]:
    """`next_`, bringing `tab` to the front first when its save was refused."""

    def told(ok: bool) -> None:
        if not ok and isValid(tab):
            ws.tabs.setCurrentWidget(tab)
        next_(ok)

    return told


def _save_note(dialog: FormDialog, next_: Callable[[bool], None]) -> None:
    """OK on the open note's dialog; told once, when it is saved or refused."""
    told: list[bool] = []

    def tell(ok: bool) -> None:
        if not told:
            told.append(ok)
            next_(ok)

    dialog.accepted.connect(lambda: tell(True))
    dialog.save_refused.connect(lambda: tell(False))
    dialog.accept()
