"""The plan tab's dialogs (goal, action, return, review date, review held) and the small
helpers that word review dates and reviews; the tab itself is in plan.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QWidget,
)

from casework.i18n import N_, _, isolate
from casework.model.enums import (
    ActionStatus,
    GoalStatus,
    GoalTerm,
    LifeDomain,
)
from casework.services import directory, plans
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationQuery
from casework.services.plans import (
    ActionInput,
    ActionRow,
    GoalInput,
    GoalRow,
    ReviewDateRow,
    ReviewInput,
    ReviewRow,
)
from casework.ui.widgets.choices import load_choices
from casework.ui.widgets.combos import DataCombo, enum_combo
from casework.ui.widgets.dates import OptionalDate, date_edit, date_of, fmt_date
from casework.ui.widgets.forms import FormDialog, line_edit, text_edit


class WrapDelegate(QStyledItemDelegate):
    """Rows of the goal tree as tall as their wrapped goal or action text (a tree asks its
    delegate for a height without telling it the column's width)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        if index.column() != 0:
            return hint
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.columnWidth(0) - self.tree.indentation() * (depth + 1) - 8
        text = str(index.data() or "")
        if width <= 0 or not text:
            return hint
        rect = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(hint.width(), max(hint.height(), rect.height() + 6))


class GoalDialog(FormDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        plan_id: int,
        goal: GoalRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, N_("Edit goal") if goal else N_("Add goal"))
        self.ctx, self.plan_id, self.goal = ctx, plan_id, goal
        self.domain = enum_combo(LifeDomain)
        self.add_field("domain", N_("Life domain"), self.domain)
        self.need = text_edit(2)
        self.add_field("need", N_("Need"), self.need)
        self.goal_text = text_edit(3)
        self.add_field("goal", N_("Goal (in the client's words where possible)"), self.goal_text)
        self.term = enum_combo(GoalTerm)
        self.add_field("term", N_("Term"), self.term)
        self.status = enum_combo(GoalStatus)
        self.add_field("status", N_("Status"), self.status)
        self.dropped = line_edit()
        self.add_field("dropped_reason", N_("Why it was dropped"), self.dropped)
        if goal is not None:
            self.row_version = goal.row_version
            self.domain.set_value(goal.domain)
            self.need.setPlainText(goal.need)
            self.goal_text.setPlainText(goal.goal)
            self.term.set_value(goal.term)
            self.status.set_value(goal.status)
            self.dropped.setText(goal.dropped_reason)
        self.status.currentIndexChanged.connect(self._dropped_follows_status)
        self._dropped_follows_status()
        self.finish()

    def _dropped_follows_status(self) -> None:
        """Why it was dropped is asked only of a dropped goal (what was typed stays meanwhile)."""
        self.dropped.setEnabled(self.status.value() is GoalStatus.DROPPED)

    def value(self) -> GoalInput:
        return GoalInput(
            domain=self.domain.value(),
            goal=self.goal_text.toPlainText(),
            need=self.need.toPlainText(),
            term=self.term.value(),
            status=self.status.value(),
            dropped_reason=self.dropped.text() if self.dropped.isEnabled() else "",
            practice=self.goal.practice if self.goal else "",
        )

    def submit(self) -> Callable[[], object]:
        if self.goal is None:
            return partial(plans.add_goal, self.ctx, self.plan_id, self.value())
        return partial(plans.update_goal, self.ctx, self.goal.id, self.value(), self.row_version)


class ActionDialog(FormDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        goal_id: int,
        action: ActionRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, N_("Edit action") if action else N_("Add action"))
        self.ctx, self.goal_id, self.action = ctx, goal_id, action
        self.description = text_edit(2)
        self.add_field("description", N_("Action"), self.description)
        self.org = DataCombo()

        def orgs() -> list[tuple[str, int]]:
            rows = directory.list_organisations(ctx, OrganisationQuery(limit=1000)).rows
            return [(o.name, o.id) for o in rows]

        load_choices(self, ctx, self.org, orgs, head=[(N_("(no organisation)"), None)])
        self.add_field("responsible_org_id", N_("Responsible organisation"), self.org)
        self.person = line_edit()
        self.add_field("responsible_person", N_("Responsible person"), self.person)
        self.due = OptionalDate()
        self.add_field("due_on", N_("Due date"), self.due)
        self.status = enum_combo(ActionStatus)
        self.add_field("status", N_("Status"), self.status)
        if action is not None:
            self.row_version = action.row_version
            self.description.setPlainText(action.description)
            self.org.set_value(action.responsible_org_id)
            self.person.setText(action.responsible_person)
            self.due.set_value(action.due_on)
            self.status.set_value(action.status)
        self.finish()

    def submit(self) -> Callable[[], object]:
        data = ActionInput(
            description=self.description.toPlainText(),
            responsible_org_id=self.org.value(),
            responsible_person=self.person.text(),
            due_on=self.due.value(),
            status=self.status.value(),
        )
        if self.action is None:
            return partial(plans.add_action, self.ctx, self.goal_id, data)
        return partial(plans.update_action, self.ctx, self.action.id, data, self.row_version)


class ReturnPlanDialog(FormDialog):
    def __init__(self, ctx: ServiceContext, plan_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Return plan for changes"), ok_text=N_("Return for changes"))
        self.ctx, self.plan_id = ctx, plan_id
        self.comment = text_edit(4)
        self.add_field("comment", N_("What must change"), self.comment)
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(plans.return_plan, self.ctx, self.plan_id, self.comment.toPlainText())


class ReviewDateDialog(FormDialog):
    def __init__(self, ctx: ServiceContext, plan_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Schedule a review"), ok_text=N_("Schedule review"))
        self.ctx, self.plan_id = ctx, plan_id
        self.day = date_edit(ctx.today())
        self.add_field("scheduled_on", N_("Review date"), self.day)
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(plans.add_review_date, self.ctx, self.plan_id, date_of(self.day))


class RecordReviewDialog(FormDialog):
    """What a review of the approved plan found and decided (`plans.record_review`)."""

    def __init__(self, ctx: ServiceContext, plan_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Record a review"), ok_text=N_("Record review"))
        self.ctx, self.plan_id = ctx, plan_id
        self.held = date_edit(ctx.today())
        self.add_field("held_on", N_("Held on"), self.held)
        self.participants = line_edit()
        self.add_field("participants", N_("Participants"), self.participants)
        self.summary = text_edit(4)
        self.add_field("summary", N_("Summary"), self.summary)
        self.decisions = text_edit(3)
        self.add_field("decisions", N_("Decisions"), self.decisions)
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(
            plans.record_review,
            self.ctx,
            self.plan_id,
            ReviewInput(
                held_on=date_of(self.held),
                participants=self.participants.text(),
                summary=self.summary.toPlainText(),
                decisions=self.decisions.toPlainText(),
            ),
        )


def review_date_text(row: ReviewDateRow, today: dt.date) -> tuple[str, bool]:
    """A scheduled review as listed, and whether it is overdue (passed with no review)."""
    day = fmt_date(row.scheduled_on)
    if row.held:
        return _("{date} (held)").format(date=isolate(day)), False
    if row.scheduled_on < today:
        return _("{date} — overdue").format(date=isolate(day)), True
    return day, False


def review_text(row: ReviewRow) -> str:
    return _("{date}: {summary}").format(date=isolate(fmt_date(row.held_on)), summary=row.summary)


def review_tooltip(row: ReviewRow) -> str:
    parts = [
        _("Participants: {names}").format(names=isolate(row.participants))
        if row.participants
        else "",
        _("Summary: {text}").format(text=row.summary),
        _("Decisions: {text}").format(text=row.decisions) if row.decisions else "",
        _("Recorded by {name}").format(name=isolate(row.recorded_by_name)),
    ]
    return "\n".join(p for p in parts if p)
