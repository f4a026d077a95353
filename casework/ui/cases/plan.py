"""The reintegration plan tab: versions, the client's aspirations, goals by life domain with
their actions, the approval steps and review dates."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casework.errors import ConcurrentEditError
from casework.i18n import N_, _, isolate
from casework.model.enums import (
    LifeDomain,
    PlanState,
    label,
)
from casework.services import plans
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.services.plans import (
    ActionRow,
    GoalRow,
    PlanDetail,
    PlanVersionRow,
)
from casework.ui.cases.plan_dialogs import (
    ActionDialog,
    GoalDialog,
    RecordReviewDialog,
    ReturnPlanDialog,
    ReviewDateDialog,
    WrapDelegate,
    review_date_text,
    review_text,
    review_tooltip,
)
from casework.ui.cases.tabs import CaseTab
from casework.ui.retranslate import track_language
from casework.ui.service_call import call_service
from casework.ui.widgets.combos import DataCombo
from casework.ui.widgets.conflict import KeptVersion, resolve
from casework.ui.widgets.dates import fmt_date, fmt_datetime
from casework.ui.widgets.flow import FlowLayout
from casework.ui.widgets.forms import show_problem, text_edit
from casework.ui.widgets.tables import OVERDUE_COLOUR, empty_state, refresh_empty_state

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class PlanTab(CaseTab):
    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case_id, parent)
        self.plan: PlanDetail | None = None
        self._versions: list[PlanVersionRow] = []
        self.approver = ctx.actor.can(Permission.APPROVE_PLANS)
        self.versions = DataCombo()
        self.versions.setObjectName("planVersions")
        self.texts.add(self.versions.setAccessibleName, N_("Plan version"))
        self.versions.currentIndexChanged.connect(self._version_chosen)
        self.state = QLabel()
        self.state.setObjectName("planState")
        self.state.setWordWrap(True)
        self.return_note = QLabel()
        self.return_note.setObjectName("planReturnComment")
        self.return_note.setWordWrap(True)
        self.return_note.setStyleSheet("color: #b3261e;")
        self.four_eyes_note = QLabel()
        self.four_eyes_note.setObjectName("fourEyesNote")
        self.four_eyes_note.setWordWrap(True)
        self.four_eyes_note.hide()

        self.b_create = self.button(N_("Start a plan"), "createPlan", self.create_plan)
        self.b_version = self.button(N_("New version"), "newVersion", self.new_version)
        self.b_submit = self.button(N_("Submit for approval"), "submitPlan", self.submit)
        # A returned plan: say so, and open it for changes (then Submit appears again).
        self.b_revise = self.button(N_("Revise and resubmit"), "revisePlan", self.revise)
        self.b_approve = self.button(N_("Approve"), "approvePlan", self.approve, edit=False)
        self.b_return = self.button(
            N_("Return for changes…"), "returnPlan", self.return_plan, edit=False
        )
        self.b_print = self.button(N_("Print plan…"), "printPlan", self.print_plan, edit=False)

        self.aspirations = text_edit(3)
        self.aspirations.setMaximumHeight(self.aspirations.fontMetrics().lineSpacing() * 6 + 12)
        self.aspirations.setObjectName("aspirations")
        self.texts.add(self.aspirations.setAccessibleName, N_("Aspirations"))
        self.texts.add(
            self.aspirations.setPlaceholderText,
            N_("The client's own aspirations, in their words"),
        )
        self.aspirations.textChanged.connect(self._aspirations_edited)
        self.aspirations_dirty = False
        # A lambda: `clicked` would pass its `checked` flag as the version.
        self.b_aspirations = self.button(
            N_("Save aspirations"), "saveAspirations", lambda: self.save_aspirations()
        )

        self.tree = QTreeWidget()
        self.tree.setObjectName("goalTree")
        self.tree.setColumnCount(4)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 6)
        # The goal or action text takes the room and wraps; the other columns fit their text,
        # the responsible organisation elided (its tooltip has it whole).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, self.fontMetrics().averageCharWidth() * 28)
        header.sectionResized.connect(lambda i, _old, _new: i == 0 and self.tree.doItemsLayout())
        self.texts.add(self.tree.setAccessibleName, N_("Goals by life domain"))
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.edit_item())
        self.b_goal = self.button(N_("Add goal…"), "addGoal", self.add_goal)
        self.b_action = self.button(N_("Add action…"), "addAction", self.add_action)
        self.b_edit = self.button(N_("Edit…"), "editPlanItem", self.edit_item)
        self.b_remove = self.button(N_("Remove"), "removePlanItem", self.remove_item)

        self.reviews = QListWidget()
        self.reviews.setObjectName("reviewDates")
        self.texts.add(self.reviews.setAccessibleName, N_("Review dates"))
        self.b_review = self.button(N_("Schedule review…"), "addReviewDate", self.add_review)
        self.b_unreview = self.button(
            N_("Remove review date"), "removeReviewDate", self.remove_review
        )
        self.b_record = self.button(N_("Record review…"), "recordReview", self.record_review)
        self.held_reviews = QListWidget()
        self.held_reviews.setObjectName("planReviews")
        self.held_reviews.setWordWrap(True)
        self.texts.add(self.held_reviews.setAccessibleName, N_("Reviews held"))
        self._warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        empty_state(self.tree, self._empty_goals)
        self.empty(
            self.reviews,
            N_("No review dates agreed yet."),
            N_("Choose Schedule review… to agree one."),
        )
        self.empty(
            self.held_reviews, N_("No reviews held yet: what each review decided goes here.")
        )

        top = QHBoxLayout()
        top.addWidget(self.versions, 1)
        top.addWidget(self.state, 2)
        steps = FlowLayout()  # wraps under the version in a narrow window
        for b in (
            self.b_create,
            self.b_version,
            self.b_revise,
            self.b_submit,
            self.b_approve,
            self.b_return,
            self.b_print,
        ):
            steps.addWidget(b)
        asp_title = QLabel()
        self.texts.add(asp_title.setText, N_("<b>Aspirations</b>"))
        asp_row = QHBoxLayout()
        asp_row.addWidget(asp_title)
        asp_row.addStretch(1)
        asp_row.addWidget(self.b_aspirations)
        goal_buttons = FlowLayout()
        for b in (self.b_goal, self.b_action, self.b_edit, self.b_remove):
            goal_buttons.addWidget(b)
        main = QWidget()
        m = QVBoxLayout(main)
        m.setContentsMargins(0, 0, 0, 0)
        m.addLayout(asp_row)
        m.addWidget(self.aspirations)
        self.kept_aspirations = KeptVersion()  # the user's text after a conflict, to copy
        m.addWidget(self.kept_aspirations)
        m.addLayout(goal_buttons)
        m.addWidget(self.tree, 1)
        side = QWidget()
        sv = QVBoxLayout(side)
        sv.setContentsMargins(0, 0, 0, 0)
        rev_title = QLabel()
        self.texts.add(rev_title.setText, N_("<b>Review dates</b>"))
        sv.addWidget(rev_title)
        sv.addWidget(self.reviews, 1)
        sv.addWidget(self.b_review)
        sv.addWidget(self.b_unreview)
        held_title = QLabel()
        self.texts.add(held_title.setText, N_("<b>Reviews held</b>"))
        sv.addWidget(held_title)
        sv.addWidget(self.held_reviews, 1)
        sv.addWidget(self.b_record)
        self._side = side
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(main)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(steps)
        layout.addWidget(self.return_note)
        layout.addWidget(self.four_eyes_note)
        layout.addWidget(splitter, 1)
        track_language(self)

    # --- loading -------------------------------------------------------------------------------

    def fetch(self, plan_id: int | None = None) -> Callable[[], object]:
        """The versions and the one to show (`plan_id`, else the one shown, else the first)."""
        ctx, case_id = self.ctx, self.case_id
        keep = plan_id or self.versions.value()

        def work() -> object:
            versions = plans.plan_versions(ctx, case_id)
            ids = [v.id for v in versions]
            chosen = keep if keep in ids else (ids[0] if ids else None)
            return versions, (plans.get_plan(ctx, chosen) if chosen else None)

        return work

    def show_loaded(self, data: object) -> None:
        self._versions, plan = data  # type: ignore[misc]
        self.versions.blockSignals(True)
        self._fill_versions()
        if plan is not None:
            self.versions.set_value(plan.id)
        self.versions.blockSignals(False)
        self.plan = plan
        self._fill()

    def refresh(self, plan_id: int | None = None) -> None:
        self.show_now(self.fetch(plan_id))

    def _fill_versions(self) -> None:
        self.versions.set_choices(
            [
                (
                    _("Version {version} — {state}").format(
                        version=v.version, state=label(v.state)
                    ),
                    v.id,
                )
                for v in self._versions
            ],
        )

    def _version_chosen(self) -> None:
        self._load(self.versions.value())

    def _load(self, plan_id: int | None) -> None:
        """Another version shown (read off the window's thread on an office server)."""
        self._asked = getattr(self, "_asked", 0) + 1
        asked, ctx = self._asked, self.ctx

        def shown(plan: PlanDetail | None) -> None:
            if asked == self._asked:
                self.plan = plan
                self._fill()

        work = partial(plans.get_plan, ctx, plan_id) if plan_id else lambda: None
        call_service(self, ctx, work, shown, lambda exc: show_problem(self, exc), single=False)

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
                status = f"{status}: {goal.dropped_reason}"
            g = QTreeWidgetItem([goal.goal, label(goal.term), status, ""])
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
                who = " — ".join(x for x in (a.responsible_org_name, a.responsible_person) if x)
                item = QTreeWidgetItem([a.description, fmt_date(a.due_on), label(a.status), who])
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
        self.b_record.setVisible(self.may_edit and p is not None and p.state is PlanState.APPROVED)

    def print_plan(self) -> None:
        """Preview the chosen version for signature, in the language chosen for the document."""
        if self.plan is None:
            return
        from casework.ui.printing import print_plan

        print_plan(
            self,
            self.ctx,
            self.case_id,
            self.plan.version,
            may_see_restricted=self.ctx.can_see_all_cases() or self.may_edit,
        )

    def retranslate(self) -> None:
        """Texts only, from what is already loaded (no service call: the vault may be locking)."""
        super().retranslate()
        self._fit_side()
        self._fill_versions()
        self._fill()

    def _fit_side(self) -> None:
        """The review column at least as wide as its buttons in this language (French's are
        longer: at 1024×700 the splitter would otherwise cut them)."""
        if hasattr(self, "_side"):
            buttons = (self.b_review, self.b_unreview, self.b_record)
            self._side.setMinimumWidth(max(b.sizeHint().width() for b in buttons))

    # --- steps ---------------------------------------------------------------------------------

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

    def clear(self) -> None:
        super().clear()
        self.plan = None
        self.kept_aspirations.keep("")
        self.tree.clear()
        self.reviews.clear()
        self.held_reviews.clear()
        self.versions.clear()
        self._versions = []
        self.aspirations.clear()
        self.aspirations_dirty = False
