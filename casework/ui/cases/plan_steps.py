"""The plan tab's approval steps: start a plan or a new version, submit, approve, return,
revise; and saving the client's aspirations (mixed into PlanTab, plan.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton

from casework.errors import ConcurrentEditError
from casework.services import plans
from casework.services.context import ServiceContext
from casework.ui.cases.plan_dialogs import ReturnPlanDialog
from casework.ui.service_call import call_service
from casework.ui.widgets.conflict import resolve
from casework.ui.widgets.forms import show_problem

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QTextEdit

    from casework.services.plans import PlanDetail
    from casework.ui.widgets.conflict import KeptVersion
    from casework.ui.widgets.forms import FormDialog


class PlanStepsMixin:
    """The steps a plan version goes through, and its aspirations saved (PlanTab provides the
    widgets and CaseTab's `run`, `open_dialog` and `changed`)."""

    ctx: ServiceContext
    case_id: int
    plan: PlanDetail | None
    changed: SignalInstance
    aspirations: QTextEdit
    aspirations_dirty: bool
    kept_aspirations: KeptVersion
    b_aspirations: QPushButton

    if TYPE_CHECKING:

        def refresh(self, plan_id: int | None = None) -> None: ...
        def run(self, call, *args, **kwargs) -> None: ...  # noqa: ANN001, ANN002, ANN003
        def open_dialog(self, dialog: FormDialog) -> FormDialog: ...
        def findChildren(self, kind: type[QPushButton]) -> list[QPushButton]: ...  # noqa: N802

    def create_plan(self) -> None:
        self._new_plan(plans.create_plan)

    def new_version(self) -> None:
        self._new_plan(plans.new_version)

    def _new_plan(self, call: Callable[[ServiceContext, int], int]) -> None:
        def made(plan_id: int) -> None:
            self.refresh(plan_id)
            self.changed.emit()

        call_service(
            self,
            self.ctx,
            partial(call, self.ctx, self.case_id),
            made,
            lambda exc: show_problem(self, exc),
            busy=[b for b in self.findChildren(QPushButton) if b.isVisible()],
        )

    def _plan_step(self, call) -> None:  # noqa: ANN001
        if self.plan is not None:
            self.run(call, self.ctx, self.plan.id)

    def submit(self) -> None:
        if self.aspirations_dirty:  # saved first, then the plan goes (as one click)
            self.save_aspirations(then=lambda _ok: self._plan_step(plans.submit_plan))
        else:
            self._plan_step(plans.submit_plan)

    def approve(self) -> None:
        self._plan_step(plans.approve_plan)

    def revise(self) -> None:
        """A returned plan back to draft, to change what the supervisor asked for."""
        self._plan_step(plans.reopen_plan)

    def return_plan(self) -> None:
        if self.plan is not None:
            self.open_dialog(ReturnPlanDialog(self.ctx, self.plan.id, self))

    def _aspirations_edited(self) -> None:
        self.aspirations_dirty = True

    def save_aspirations(
        self, version: int | None = None, then: Callable[[bool], None] | None = None
    ) -> bool | None:
        """Save over the plan version shown (or `version`, to overwrite a colleague's). True or
        False once saved or refused (and `then` is told); None while an office server
        answers."""
        if self.plan is None:
            return True
        version = self.plan.row_version if version is None else version
        outcome: list[bool] = []

        def done(ok: bool) -> None:
            outcome.append(ok)
            if then is not None:
                then(ok)

        def saved(_result: object) -> None:
            self.aspirations_dirty = False
            self.refresh()
            self.changed.emit()
            done(True)

        def refused(exc: BaseException) -> None:  # shown to the user, never a traceback
            if isinstance(exc, ConcurrentEditError) and exc.version >= 0:
                self.conflict_dialog = resolve(
                    self, {"aspirations": self.aspirations}, exc, self.kept_aspirations,
                    self.save_aspirations, lambda _v: self.refresh(),
                )  # fmt: skip
            else:
                show_problem(self, exc)
            done(False)

        text = self.aspirations.toPlainText()
        work = partial(
            plans.update_aspirations, self.ctx, self.plan.id, text, expected_version=version
        )
        call_service(self, self.ctx, work, saved, refused, busy=[self.b_aspirations])
        return outcome[0] if outcome else None
