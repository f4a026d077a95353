"""The reintegration plan tab: versions, the client's aspirations, goals by life domain with
their actions, the approval steps and review dates. The tab's layout and loading are here; what
it shows: plan_view.py; its steps and aspirations: plan_steps.py; its goals, actions and review
dates: plan_items.py; its dialogs: plan_dialogs.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QStyle,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import N_, _
from casework.model.labels import label
from casework.services import plans
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.services.plans import PlanDetail, PlanVersionRow
from casework.ui.cases.plan_dialogs import WrapDelegate
from casework.ui.cases.plan_items import PlanItemsMixin
from casework.ui.cases.plan_steps import PlanStepsMixin
from casework.ui.cases.plan_view import PlanViewMixin
from casework.ui.cases.tabs import CaseTab
from casework.ui.retranslate import track_language
from casework.ui.service_call import call_service
from casework.ui.widgets.combos import DataCombo
from casework.ui.widgets.conflict import KeptVersion
from casework.ui.widgets.flow import FlowLayout
from casework.ui.widgets.forms import show_problem, text_edit
from casework.ui.widgets.tables import empty_state


class PlanTab(PlanViewMixin, PlanStepsMixin, PlanItemsMixin, CaseTab):
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
            step_open=lambda: not self.b_review.isHidden(),  # not on a submitted plan
        )
        self.reviews.itemSelectionChanged.connect(self._update_buttons)
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
