"""The plan tab's goals, actions and review dates: added, edited, removed; reviews recorded
(mixed into PlanTab, plan.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casework.services import plans
from casework.services.plans import ActionRow, GoalRow
from casework.ui.cases.plan_dialogs import (
    ActionDialog,
    GoalDialog,
    RecordReviewDialog,
    ReviewDateDialog,
)
from casework.ui.cases.plan_view import ID_ROLE

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidget

    from casework.services.context import ServiceContext
    from casework.services.plans import PlanDetail
    from casework.ui.widgets.forms import FormDialog


class PlanItemsMixin:
    """What the plan's goal tree and review list do (PlanTab provides the widgets, PlanViewMixin
    `_selected` and CaseTab `run` and `open_dialog`)."""

    ctx: ServiceContext
    plan: PlanDetail | None
    reviews: QListWidget

    if TYPE_CHECKING:

        def _selected(self) -> tuple[str, int] | tuple[None, None]: ...
        def run(self, call, *args, **kwargs) -> None: ...  # noqa: ANN001, ANN002, ANN003
        def open_dialog(self, dialog: FormDialog) -> FormDialog: ...

    def add_goal(self) -> None:
        if self.plan is not None:
            self.open_dialog(GoalDialog(self.ctx, self.plan.id, None, self))

    def _goal_row(self, goal_id: int) -> GoalRow | None:
        assert self.plan is not None
        return next((g for g in self.plan.goals if g.id == goal_id), None)

    def _action_row(self, action_id: int) -> tuple[GoalRow, ActionRow] | None:
        assert self.plan is not None
        for g in self.plan.goals:
            for a in g.actions:
                if a.id == action_id:
                    return g, a
        return None

    def add_action(self) -> None:
        kind, item_id = self._selected()
        if self.plan is None or kind is None:
            return
        goal_id = item_id if kind == "goal" else self._action_row(item_id)[0].id  # type: ignore[index]
        self.open_dialog(ActionDialog(self.ctx, goal_id, None, self))

    def edit_item(self) -> None:
        kind, item_id = self._selected()
        if self.plan is None or not self.plan.editable:
            return
        if kind == "goal":
            self.open_dialog(GoalDialog(self.ctx, self.plan.id, self._goal_row(item_id), self))
        elif kind == "action":
            goal, action = self._action_row(item_id)  # type: ignore[misc]
            self.open_dialog(ActionDialog(self.ctx, goal.id, action, self))

    def remove_item(self) -> None:
        kind, item_id = self._selected()
        if kind == "goal":
            self.run(plans.remove_goal, self.ctx, item_id)
        elif kind == "action":
            self.run(plans.remove_action, self.ctx, item_id)

    def add_review(self) -> None:
        if self.plan is not None:
            self.open_dialog(ReviewDateDialog(self.ctx, self.plan.id, self))

    def record_review(self) -> None:
        if self.plan is not None:
            self.open_dialog(RecordReviewDialog(self.ctx, self.plan.id, self))

    def remove_review(self) -> None:
        item = self.reviews.currentItem()
        if item is not None:
            self.run(plans.remove_review_date, self.ctx, item.data(ID_ROLE))
