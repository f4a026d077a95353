"""The plan tab's display of the version shown: its state and the supervisor's note, the goals
by life domain with their actions, the review dates and reviews held, and which steps show
(mixed into PlanTab, plan.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem, QTreeWidgetItem

from casework.i18n import _, isolate
from casework.model.enums import LifeDomain, PlanState
from casework.model.labels import label
from casework.services.permissions import Permission
from casework.ui.cases.plan_dialogs import review_date_text, review_text, review_tooltip
from casework.ui.widgets.dates import fmt_date, fmt_datetime
from casework.ui.widgets.tables import OVERDUE_COLOUR, refresh_empty_state

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QTextEdit, QTreeWidget

    from casework.services.context import ServiceContext
    from casework.services.plans import PlanDetail
    from casework.ui.widgets.combos import DataCombo

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class PlanViewMixin:
    """Fills the plan tab's widgets from `plan` (PlanTab builds them)."""

    ctx: ServiceContext
    plan: PlanDetail | None
    may_edit: bool
    approver: bool
    versions: DataCombo
    state: QLabel
    return_note: QLabel
    four_eyes_note: QLabel
    aspirations: QTextEdit
    aspirations_dirty: bool
    tree: QTreeWidget
    reviews: QListWidget
    held_reviews: QListWidget
    _warning: QIcon
    b_create: QPushButton
    b_version: QPushButton
    b_submit: QPushButton
    b_revise: QPushButton
    b_approve: QPushButton
    b_return: QPushButton
    b_print: QPushButton
    b_aspirations: QPushButton
    b_goal: QPushButton
    b_action: QPushButton
    b_edit: QPushButton
    b_remove: QPushButton
    b_review: QPushButton
    b_unreview: QPushButton
    b_record: QPushButton

    def _fill(self) -> None:
        p = self.plan
        self.tree.clear()
        # Headers even when there is no plan yet (Qt shows 1 2 3 4 otherwise).
        self.tree.setHeaderLabels(
            [_("Goal or action"), _("Term or due date"), _("Status"), _("Responsible")]
        )
        self.reviews.clear()
        self.held_reviews.clear()
        self.aspirations.blockSignals(True)
        self.aspirations.setPlainText(p.aspirations if p else "")
        self.aspirations.blockSignals(False)
        self.aspirations_dirty = False
        if p is None:
            self.state.setText(_("This case has no reintegration plan yet."))
            self.return_note.hide()
        else:
            parts = []  # the state is in the version chooser already ("Version 2 — Draft")
            if p.approved_at:
                parts.append(
                    _("approved by {name} on {date}").format(
                        name=isolate(p.approved_by_name), date=isolate(fmt_datetime(p.approved_at))
                    )
                )
            if p.next_review_on:
                parts.append(
                    _("next review {date}").format(date=isolate(fmt_date(p.next_review_on)))
                )
            self.state.setText(" — ".join(parts))
            if p.state is PlanState.RETURNED:
                note = _(
                    "The supervisor returned this plan for changes: “{comment}” Choose "
                    "Revise and resubmit, make the changes, then submit it again."
                )
            else:
                note = _(
                    "The supervisor asked for changes: “{comment}” When they are made, "
                    "submit the plan for approval again."
                )
            self.return_note.setText(note.format(comment=p.return_comment))
            self.return_note.setVisible(
                bool(p.return_comment) and p.state in (PlanState.RETURNED, PlanState.DRAFT)
            )
            self._fill_tree(p)
            today = self.ctx.today()
            for d in p.review_dates:
                text, overdue = review_date_text(d, today)
                item = QListWidgetItem(text)
                item.setData(ID_ROLE, d.id)
                if overdue:
                    item.setIcon(self._warning)
                    item.setForeground(OVERDUE_COLOUR)
                    item.setToolTip(_("This review date has passed and no review was recorded."))
                self.reviews.addItem(item)
            for r in p.reviews:
                item = QListWidgetItem(review_text(r))
                item.setToolTip(review_tooltip(r))
                item.setData(ID_ROLE, r.id)
                self.held_reviews.addItem(item)
        self.aspirations.setReadOnly(not (p and p.editable))
        refresh_empty_state(self.tree)
        self._update_buttons()

    def _fill_tree(self, p: PlanDetail) -> None:
        domains: dict[LifeDomain, QTreeWidgetItem] = {}
        for goal in p.goals:
            parent = domains.get(goal.domain)
            if parent is None:
                parent = QTreeWidgetItem([label(goal.domain)])
                parent.setData(0, KIND_ROLE, "domain")
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                self.tree.addTopLevelItem(parent)
                domains[goal.domain] = parent
            status = label(goal.status)
            if goal.dropped_reason:
                status = f"{status}: {isolate(goal.dropped_reason)}"
            # What was typed keeps its own direction (isolate): an English goal in the Arabic
            # interface ends with its full stop, not starts with it.
            g = QTreeWidgetItem([isolate(goal.goal), label(goal.term), status, ""])
            g.setToolTip(
                0,
                "\n".join([goal.goal, _("Need: {need}").format(need=goal.need)])
                if goal.need
                else goal.goal,
            )
            g.setData(0, KIND_ROLE, "goal")
            g.setData(0, ID_ROLE, goal.id)
            parent.addChild(g)
            for a in goal.actions:
                who = " — ".join(
                    isolate(x) for x in (a.responsible_org_name, a.responsible_person) if x
                )
                item = QTreeWidgetItem(
                    [isolate(a.description), fmt_date(a.due_on), label(a.status), who]
                )
                item.setToolTip(0, a.description)
                item.setToolTip(3, who)
                item.setData(0, KIND_ROLE, "action")
                item.setData(0, ID_ROLE, a.id)
                g.addChild(item)
        self.tree.expandAll()

    def _empty_goals(self) -> str:
        if self.plan is None:
            return _("No plan yet: the client's goals, by life domain, will go here.") + (
                " " + _("Choose Start a plan to write it with the client.") if self.may_edit else ""
            )
        return _("No goals yet: the plan's goals, grouped by life domain, go here.") + (
            " " + _("Choose Add goal… to write the first with the client.")
            if self.may_edit and self.plan.editable
            else ""
        )

    def _selected(self) -> tuple[str, int] | tuple[None, None]:
        items = self.tree.selectedItems()
        if not items:
            return None, None
        return items[0].data(0, KIND_ROLE), items[0].data(0, ID_ROLE)

    def _update_buttons(self) -> None:
        p = self.plan
        editable = bool(p and p.editable) and self.may_edit
        kind, _id = self._selected()
        has_versions = self.versions.count() > 0
        self.b_create.setVisible(self.may_edit and not has_versions)
        self.b_version.setVisible(self.may_edit and p is not None and p.state is PlanState.APPROVED)
        self.b_submit.setVisible(editable and p is not None and p.state is PlanState.DRAFT)
        self.b_revise.setVisible(editable and p is not None and p.state is PlanState.RETURNED)
        submitted = p is not None and p.state is PlanState.SUBMITTED
        self.b_approve.setVisible(self.approver and submitted)
        # The four-eyes rule: say why the approval is not open to this supervisor.
        refusal = _(p.approval_refusal) if p is not None and p.approval_refusal else ""
        self.b_approve.setEnabled(not refusal)
        self.b_approve.setToolTip(refusal)
        self.b_approve.setAccessibleDescription(refusal)
        self.four_eyes_note.setText(refusal)
        self.four_eyes_note.setVisible(self.approver and submitted and bool(refusal))
        self.b_print.setVisible(p is not None and self.ctx.actor.can(Permission.PRINT))
        self.b_return.setVisible(self.approver and submitted)
        self.b_aspirations.setVisible(editable)
        self.b_goal.setVisible(editable)
        self.b_action.setVisible(editable)
        self.b_action.setEnabled(kind in ("goal", "action"))
        self.b_edit.setVisible(editable)
        self.b_edit.setEnabled(kind in ("goal", "action"))
        self.b_remove.setVisible(editable)
        self.b_remove.setEnabled(kind in ("goal", "action"))
        progress = p is not None and p.state in (PlanState.DRAFT, PlanState.APPROVED)
        self.b_review.setVisible(self.may_edit and progress)
        self.b_unreview.setVisible(self.may_edit and progress)
        self.b_unreview.setEnabled(bool(self.reviews.selectedItems()))  # which date to remove
        refresh_empty_state(self.reviews)  # its hint names Schedule review… only when shown
        self.b_record.setVisible(self.may_edit and p is not None and p.state is PlanState.APPROVED)
