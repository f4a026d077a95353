"""One open case: a header (reference, alias, status, caseworker, pathway stages) over tabs.

Built by the case screen, shown once its open is audited (screen.py, `_open_on_vault`); the
header's parts come with the open on a vault, from the pool on an office server (header.py);
each tab loads on the pool when first shown, a stale or overtaken result dropped.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from casework.i18n import N_, _, direction_mark, isolate
from casework.model.enums import CaseAction
from casework.model.labels import label
from casework.model.lifecycle import CASE_TRANSITIONS
from casework.services import cases
from casework.services.context import ServiceContext
from casework.services.pathway_position import PathwayPosition
from casework.services.permissions import Permission
from casework.services.suggestions import StatusSuggestion
from casework.ui import changes
from casework.ui.background import run_in_background
from casework.ui.cases.case_referrals import CaseReferralsTab
from casework.ui.cases.case_steps import open_assign, start_step, take_step
from casework.ui.cases.consents_tab import ConsentsTab
from casework.ui.cases.header import Header, load_position, load_suggestion, stage_strip
from casework.ui.cases.lazy_tabs import CaseTabs, LazyTabs, tab_property
from casework.ui.cases.plan import PlanTab
from casework.ui.cases.profile_tab import ProfileTab
from casework.ui.cases.risk_tab import RiskTab
from casework.ui.cases.suggestion_bar import SuggestionBar
from casework.ui.cases.tabs import CaseTab, NotesTab, TasksTab
from casework.ui.changes import CASE_WORK
from casework.ui.retranslate import track_language
from casework.ui.service_call import call_service
from casework.ui.widgets.flow import FlowLayout
from casework.ui.widgets.forms import FormDialog, Texts, show_problem

ACTION_BUTTONS: tuple[tuple[CaseAction, str], ...] = (
    (CaseAction.ACTIVATE, "activateCase"),
    (CaseAction.HOLD, "holdCase"),
    (CaseAction.RESUME, "resumeCase"),
    (CaseAction.CLOSE, "closeCase"),
    (CaseAction.REOPEN, "reopenCase"),
)


class CaseWorkspace(QWidget):
    """The tabs of one case. `title_changed` tells the case screen to rename its tab."""

    title_changed = Signal(str)
    open_case_requested = Signal(int)
    status_message = Signal(object)  # a str, or a live() text

    def __init__(
        self,
        ctx: ServiceContext,
        case_id: int,
        parent: QWidget | None = None,
        detail: cases.CaseDetail | None = None,
        header: Header | None = None,
    ) -> None:
        """`detail`: the case as opened by the caller (off the UI thread on an office server),
        else opened here; `header`: its pathway position and suggestion read with it, else
        loaded on the pool."""
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.texts = Texts()
        self.cleared = False
        self.position: PathwayPosition | None = None
        self.suggestion: StatusSuggestion | None = None
        self._header_generation = 0
        self._opened_header = header
        self.dialog: FormDialog | None = None  # the step's or assignment's dialog, if open
        # Opening checks access and is audited.
        self.detail = detail if detail is not None else cases.open_case(ctx, case_id)

        self.heading = QLabel()
        self.heading.setObjectName("caseHeading")
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("caseSummary")
        self.summary.setWordWrap(True)
        self.stages = QLabel()
        self.stages.setObjectName("stageStrip")
        self.stages.setWordWrap(True)
        self.action_buttons: dict[CaseAction, QPushButton] = {}
        actions = FlowLayout()  # wraps in a narrow window rather than widening it
        for action, name in ACTION_BUTTONS:
            b = QPushButton()
            b.setObjectName(name)
            b.clicked.connect(lambda _c=False, a=action: self.start_action(a))
            self.action_buttons[action] = b
            actions.addWidget(b)
        self.assign_button = QPushButton()
        self.assign_button.setObjectName("assignCase")
        self.texts.add(self.assign_button.setText, N_("Assign or transfer…"))
        self.assign_button.clicked.connect(self.assign)
        self.assign_button.setVisible(ctx.actor.can(Permission.ASSIGN_CASES))
        actions.addWidget(self.assign_button)
        self.print_button = QPushButton()
        self.print_button.setObjectName("printSummary")
        self.texts.add(self.print_button.setText, N_("Print case summary…"))
        self.print_button.clicked.connect(self.print_summary)
        self.print_button.setVisible(ctx.actor.can(Permission.PRINT))
        actions.addWidget(self.print_button)

        # "The plan was approved. Activate the case?" — the caseworker confirms.
        self.suggestion_bar = SuggestionBar()
        self.suggestion_bar.accepted.connect(partial(take_step, self))

        self.tabs = CaseTabs()
        self.tabs.setObjectName("caseTabs")
        # A tab is built when first shown (or asked for) and loads its rows on the pool then;
        # opening a case builds the header and the profile only.
        self.loaded: set[CaseTab] = set()
        self.lazy = LazyTabs(self.tabs, self._make_tab, self._tab_built)
        self.tabs.currentChanged.connect(self._ensure_loaded)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.stages)
        layout.addLayout(actions)
        layout.addWidget(self.suggestion_bar)
        layout.addWidget(self.tabs, 1)
        self.load_all()
        track_language(self, now=False)  # texts set as registered, header filled

    # --- loading -------------------------------------------------------------------------------

    def load_all(self) -> None:
        """Shown at once from the opened case; the pathway strip and the suggested status
        follow from the pool, as does each other tab when first shown."""
        self.profile.load(self.detail)
        self.loaded.add(self.profile)
        self._ensure_loaded(self.tabs.currentIndex())
        header, self._opened_header = self._opened_header, None
        if header is not None:  # read with the open: nothing to wait for
            self.position, self.suggestion = header
        self._fill_header()
        if header is not None:
            return
        ctx, case_id = self.ctx, self.case_id
        self._header_generation += 1
        generation = self._header_generation

        def deliver(data: tuple[PathwayPosition | None, StatusSuggestion | None]) -> None:
            if isValid(self) and generation == self._header_generation and not self.cleared:
                self.position, self.suggestion = data
                self._fill_header()

        run_in_background(
            self,
            lambda _report: (load_position(ctx, case_id), load_suggestion(ctx, case_id)),
            deliver,
        )

    profile = tab_property("profile")
    consents = tab_property("consents")
    risk = tab_property("risk")
    plan = tab_property("plan")
    referrals = tab_property("referrals")
    notes = tab_property("notes")
    tasks = tab_property("tasks")

    def _make_tab(self, name: str) -> CaseTab:
        ctx, case_id = self.ctx, self.case_id
        if name == "profile":
            return ProfileTab(ctx, case_id, self.detail.restricted_visible)
        kinds: dict[str, type[CaseTab]] = {
            "consents": ConsentsTab,
            "risk": RiskTab,
            "plan": PlanTab,
            "referrals": CaseReferralsTab,
            "notes": NotesTab,
            "tasks": TasksTab,
        }
        return kinds[name](ctx, case_id)

    def _tab_built(self, name: str, tab: CaseTab) -> None:
        tab.changed.connect(self.refresh_header)
        # A tab hidden behind another reloads when shown after a change (a referral completed
        # in one tab, a task it created in another).
        changes.follow(self.ctx, tab, CASE_WORK, lambda t=tab: self._refresh_if_loaded(t))
        if isinstance(tab, CaseReferralsTab):
            tab.detail.open_case_requested.connect(self.open_case_requested)
        self._tab_context(tab)

    def _ensure_loaded(self, index: int) -> None:
        if self.cleared:
            return
        tab = self.lazy.at(index)
        if tab is not None and tab not in self.loaded:
            self.loaded.add(tab)
            self._tab_context(tab)
            tab.load_in_background()

    def _refresh_if_loaded(self, tab: CaseTab) -> None:
        if tab in getattr(self, "loaded", set()):
            tab.refresh()

    def show_tab(self, tab: CaseTab) -> CaseTab:
        """Bring a tab to the front (loading it the first time) and return it."""
        self.tabs.setCurrentWidget(tab)
        self._ensure_loaded(self.tabs.indexOf(tab))
        return tab

    def _tab_context(self, tab: CaseTab) -> None:
        if isinstance(tab, CaseReferralsTab):
            tab.country = self.detail.data.country
        if isinstance(tab, TasksTab):
            tab.caseworker_id = self.detail.data.caseworker_id

    def refresh_header(self) -> None:
        """The case, its pathway strip and suggested status again (at once on a vault, off the
        UI thread on an office server)."""
        ctx, case_id = self.ctx, self.case_id

        def load() -> tuple[cases.CaseDetail, object, object]:
            detail = cases.get_case(ctx, case_id)
            return detail, load_position(ctx, case_id), load_suggestion(ctx, case_id)

        def shown(data: tuple[cases.CaseDetail, PathwayPosition | None, object]) -> None:
            if self.cleared:
                return
            self._header_generation += 1  # a header load still on its way is stale now
            self.detail, self.position, self.suggestion = data  # type: ignore[assignment]
            for tab in self.lazy.all_built():
                self._tab_context(tab)
            self._fill_header()

        # e.g. transferred away from this caseworker: a calm message
        call_service(self, ctx, load, shown, lambda exc: show_problem(self, exc), single=False)

    def refresh(self) -> None:
        self.refresh_header()
        for tab in self.lazy.all_built():
            if tab in self.loaded:
                tab.refresh()

    def _fill_header(self) -> None:
        d = self.detail
        alias = html.escape(d.data.alias)
        self.heading.setText(
            f"<h2>{direction_mark()}{isolate(html.escape(d.reference))} — {isolate(alias)}</h2>"
        )
        status = label(d.status)
        if d.close_reason is not None:
            status = f"{status} ({label(d.close_reason)})"
        self.summary.setText(
            _("Status: {status} · Caseworker: {caseworker} · Pathway: {pathway}").format(
                status=status,
                caseworker=isolate(d.caseworker_name) or _("(no caseworker)"),
                pathway=isolate(d.pathway_name) or _("(no pathway)"),
            )
        )
        self.stages.setText(stage_strip(self.position))
        # "Pathway: (no pathway)" above says it already; no second line saying it again.
        self.stages.setHidden(self.position is None or not self.position.stages)
        self.stages.setAccessibleName(
            _("Current stage: {stage}").format(stage=d.stage_name or _("(no stage)"))
        )
        may_edit = self.ctx.actor.can(Permission.EDIT_CASE_RECORDS)
        may_close = self.ctx.actor.can(Permission.CLOSE_REOPEN_CASES)
        for action, b in self.action_buttons.items():
            b.setText(label(action) + ("…" if action is not CaseAction.ACTIVATE else ""))
            allowed = (d.status, action) in CASE_TRANSITIONS and may_edit
            if action in (CaseAction.CLOSE, CaseAction.REOPEN):
                allowed = allowed and may_close
            b.setVisible(allowed)
        self.suggestion_bar.show_for(self.suggestion, d.status)
        self.title_changed.emit(self.tab_title())

    def tab_title(self) -> str:
        return f"{isolate(self.detail.reference)} · {isolate(self.detail.data.alias)}"

    def retranslate(self) -> None:
        self.texts.apply()
        self.lazy.retranslate()
        if not self.cleared:
            self._fill_header()

    def print_summary(self) -> None:
        from casework.ui.printing import print_case_summary

        print_case_summary(
            self, self.ctx, self.case_id, may_see_restricted=self.detail.restricted_visible
        )

    # --- steps (case_steps.py) ----------------------------------------------------------------

    def start_action(self, action: CaseAction) -> FormDialog | None:
        return start_step(self, action)

    def assign(self) -> FormDialog:
        return open_assign(self)

    # --- unsaved work --------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        plan, notes = self.lazy.built("plan"), self.lazy.built("notes")
        return (
            self.profile.form.dirty
            or (isinstance(plan, PlanTab) and plan.aspirations_dirty)
            or (isinstance(notes, NotesTab) and notes.open_note_text() is not None)
        )

    def save(self, then: Callable[[bool], None] | None = None) -> bool | None:
        """Save what can be saved from here (profile, aspirations, an open note): see
        save_all.py. True or False when known at once (a vault), None while the office server
        answers; `then(ok)` is told either way."""
        from casework.ui.cases.save_all import save_workspace

        return save_workspace(self, then)

    def drafts(self) -> dict[str, str]:
        out = {}
        if self.profile.form.dirty:
            out[f"case:{self.case_id}:profile"] = self.profile.form.to_json()
        notes = self.lazy.built("notes")
        note = notes.open_note_text() if isinstance(notes, NotesTab) else None
        if note is not None:
            out[f"case:{self.case_id}:note"] = note
        return out

    def restore(self, kind: str, payload: str) -> None:
        if kind == "profile":
            self.profile.form.from_json(payload)
            self.tabs.setCurrentWidget(self.profile)
        elif kind == "note":
            self.show_tab(self.notes)
            self.notes.add_note(payload)

    def clear(self) -> None:
        for tab in self.lazy.all_built():
            tab.clear()
        self.position = None
        self.cleared = True
        self.heading.clear()
        self.summary.clear()
        self.stages.clear()
