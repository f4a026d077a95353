"""The Cases screen: the case list in the first tab, each open case in a closable tab beside it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QMessageBox, QTabWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from casework.errors import ValidationError
from casework.i18n import N_, _, isolate
from casework.services import case_open, cases
from casework.services.context import ServiceContext
from casework.ui import background, changes
from casework.ui.background import run_in_background
from casework.ui.cases.header import Header, open_with_header
from casework.ui.cases.list_panel import CaseListPanel
from casework.ui.cases.profile import ProfileForm
from casework.ui.cases.workspace import CaseWorkspace
from casework.ui.changes import CASE_WORK
from casework.ui.duplicate_check import DuplicateGuard
from casework.ui.retranslate import track_language
from casework.ui.screen import Screen
from casework.ui.service_call import call_service, runs_off_ui
from casework.ui.widgets.forms import FormDialog, show_problem

NEW_CASE_DRAFT = "new_case"
# The threads that commit the "case.opened" entries (`CasesScreen._open_on_vault`).
_AUDITS = "case open audits"


def wait_for_audits(ms: int = 2000) -> None:
    """At lock and quit: the open's audit entries still committing are written first."""
    background.wait_for_pool(_AUDITS, ms)


class NewCaseDialog(FormDialog):
    """The profile form for a new case; a refusal keeps every field as typed."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("New case"))
        self.ctx = ctx
        self.case_id: int | None = None
        self.profile = ProfileForm(ctx, restricted_visible=True, choose_caseworker=True, owner=self)
        self.duplicates = DuplicateGuard(ctx)  # warns once when the person may already be here
        self.body.addWidget(self.profile, 1)
        self.texts.add(self.ok_button.setText, N_("Create case"))
        self.finish()
        self.resize(self.width() + 200, max(self.height(), 640))

    def draft(self) -> str:
        return ""  # kept by the Cases page as a whole form, and reopened after unlocking

    def submit(self) -> Callable[[], object]:
        self.profile.clear_errors()
        if self.profile.caseworker is not None and self.profile.caseworker.value() is None:
            raise ValidationError(
                {"caseworker_id": N_("Choose the caseworker who will follow the case.")}
            )
        data = self.profile.value()
        ctx, duplicates = self.ctx, self.duplicates

        def create() -> int:
            duplicates.check(data)  # a likely match stops the first try (duplicate_check.py)
            return cases.create_case(ctx, data)

        return create

    def submitted(self, result: object) -> None:
        self.case_id = result  # type: ignore[assignment]

    def show_errors(self, exc: ValidationError) -> None:
        self.profile.show_errors(exc)
        self.message.setText(exc.message())
        self.message.show()


class CasesScreen(Screen):
    """Case list plus open case workspaces (several at once, each closable)."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.list = CaseListPanel(ctx)
        self.list.open_case.connect(self.open_case)
        self.list.new_case.connect(self.new_case)
        self.list.status_message.connect(self.status_message)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("casesTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.list, "")
        bar = self.tabs.tabBar()
        for side in (bar.ButtonPosition.RightSide, bar.ButtonPosition.LeftSide):
            button = bar.tabButton(0, side)
            if button is not None:
                button.hide()
        self.tabs.tabCloseRequested.connect(self.request_close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.new_case_dialog: NewCaseDialog | None = None
        self.unsaved_box: QMessageBox | None = None
        self._opening: set[int] = set()  # cases being opened on the office server
        # Built, not shown yet: their open's audit entry is committing (`_open_on_vault`).
        self._pending: set[CaseWorkspace] = set()
        track_language(self)
        # The list and each open case reload when shown after a change made elsewhere (another
        # page, another case's tab): the page as a whole does not follow changes itself.
        changes.follow(ctx, self.list, CASE_WORK, self.list.reload)
        self.list.reload()

    # --- Screen contract -----------------------------------------------------------------------

    watches: frozenset[str] = frozenset()

    def title(self) -> str:
        return _("Cases")

    def retranslate(self) -> None:
        self.tabs.setTabText(self.tabs.indexOf(self.list), _("Case list"))

    def refresh(self) -> None:
        self.list.reload()
        for ws in self.workspaces():
            ws.refresh()

    def has_unsaved_changes(self) -> bool:
        return any(ws.has_unsaved_changes() for ws in self.workspaces())

    def search_field(self) -> QWidget | None:
        self.tabs.setCurrentWidget(self.list)
        return self.list.search

    def close_tab(self) -> bool:
        if not isinstance(self.tabs.currentWidget(), CaseWorkspace):
            return False
        self.request_close(self.tabs.currentIndex())
        return True

    def drafts(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for ws in self.workspaces():
            out.update(ws.drafts())
        dialog = self.new_case_dialog
        if dialog is not None and dialog.isVisible() and dialog.profile.dirty:
            out[NEW_CASE_DRAFT] = dialog.profile.to_json()
        return out

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        for key, payload in sorted(drafts.items()):
            if key == NEW_CASE_DRAFT:
                self.new_case().profile.from_json(payload)
                continue
            parts = key.split(":")
            if len(parts) != 3 or parts[0] != "case" or not parts[1].isdigit():
                continue
            self.open_case(int(parts[1]), lambda ws, k=parts[2], p=payload: ws.restore(k, p))

    def clear(self) -> None:
        if self.unsaved_box is not None:
            self.unsaved_box.done(QMessageBox.StandardButton.Cancel)
        if self.new_case_dialog is not None:
            self.new_case_dialog.profile.clear_all()
            self.new_case_dialog.reject()
        for ws in self.workspaces():
            self._remove(ws)
        for ws in list(self._pending):
            self._discard(ws)
        self._pending.clear()
        self._opening.clear()
        self.list.clear()

    # --- workspaces ----------------------------------------------------------------------------

    def workspaces(self) -> list[CaseWorkspace]:
        return [
            w
            for w in (self.tabs.widget(i) for i in range(self.tabs.count()))
            if isinstance(w, CaseWorkspace)
        ]

    def workspace(self, case_id: int) -> CaseWorkspace | None:
        return next((w for w in self.workspaces() if w.case_id == case_id), None)

    def open_case(
        self, case_id: int, then: Callable[[CaseWorkspace], None] | None = None
    ) -> CaseWorkspace | None:
        """Show the case's workspace (opening it is checked and audited by the service). On an
        office server the case is opened off the UI thread: None is returned and `then` gets
        the workspace once it is shown. On a vault it is returned at once, built but shown
        (and `then` told) only once the open's audit entry has committed (`_open_on_vault`)."""
        existing = self.workspace(case_id)
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
            if then is not None:
                then(existing)
            return existing
        if case_id in self._opening:
            return None  # a second click while the server answers (or the audit commits)
        self._opening.add(case_id)
        if not runs_off_ui(self.ctx):
            return self._open_on_vault(case_id, then)
        shown: list[CaseWorkspace] = []

        def opened(result: tuple[cases.CaseDetail, Header | None]) -> None:
            self._opening.discard(case_id)
            detail, header = result
            ws = self.workspace(case_id) or self._add_workspace(case_id, detail, header)
            shown.append(ws)
            if then is not None:
                then(ws)

        def refused(exc: BaseException) -> None:  # refused or missing: a calm message
            self._opening.discard(case_id)
            show_problem(self, exc)

        # On an office server the open is off the UI thread and the header follows from the
        # pool once the workspace shows.
        work = partial(open_with_header, self.ctx, case_id, with_header=False)
        call_service(self, self.ctx, work, opened, refused, single=False)
        return shown[0] if shown else None

    def _open_on_vault(
        self, case_id: int, then: Callable[[CaseWorkspace], None] | None
    ) -> CaseWorkspace | None:
        """The case and its header read here (permission-checked); its "case.opened" entry
        committed on the pool (the commit's fsync included) while the workspace's widgets are
        built, unshown; the workspace shown once the audit has returned: every open audited,
        durably, before anything of the case is on screen, without the window waiting for the
        disk. A failed audit discards the unshown workspace with a calm message."""
        ctx = self.ctx
        try:
            opened = case_open.read_with_header(ctx, case_id)
        except Exception as exc:  # noqa: BLE001 - refused or missing: a calm message
            self._opening.discard(case_id)
            show_problem(self, exc)
            return None
        audit: dict[str, object] = {}  # "done" or "failed", whichever comes first
        pending: list[CaseWorkspace] = []

        def audited(_result: object) -> None:
            audit["done"] = True
            if pending:
                self._show_opened(pending[0], then)

        def failed(exc: BaseException) -> None:
            audit["failed"] = True
            self._opening.discard(case_id)
            if pending:
                self._pending.discard(pending[0])
                self._discard(pending[0])
            show_problem(self, exc)

        # On a pool of its own: an open never queues behind page loads. A synchronous pool
        # (tests) runs it now; a real one delivers after this returns.
        run_in_background(
            self,
            lambda _report: cases.audit_open(ctx, case_id),
            audited,
            failed,
            on_pool=background.own_pool(_AUDITS, 2),
        )
        if audit.get("failed"):
            return None
        ws = CaseWorkspace(
            ctx, case_id, self, detail=opened.detail, header=(opened.position, opened.suggestion)
        )
        ws.hide()  # a child of the screen until the tab takes it: shown only once audited
        pending.append(ws)
        self._pending.add(ws)
        if audit.get("done"):
            self._show_opened(ws, then)
        return ws

    def _show_opened(self, ws: CaseWorkspace, then: Callable[[CaseWorkspace], None] | None) -> None:
        self._opening.discard(ws.case_id)
        if ws not in self._pending or not isValid(ws):
            return  # cleared meanwhile (the session locked)
        self._pending.discard(ws)
        self._add_workspace(ws.case_id, ws.detail, workspace=ws)
        if then is not None:
            then(ws)

    def _discard(self, ws: CaseWorkspace) -> None:
        if isValid(ws):
            ws.clear()
            ws.setParent(None)
            ws.deleteLater()

    def _add_workspace(
        self,
        case_id: int,
        detail: cases.CaseDetail,
        header: Header | None = None,
        workspace: CaseWorkspace | None = None,
    ) -> CaseWorkspace:
        ws = workspace or CaseWorkspace(self.ctx, case_id, detail=detail, header=header)
        index = self.tabs.addTab(ws, ws.tab_title())
        ws.title_changed.connect(lambda text, w=ws: self._retitle(w, text))
        ws.open_case_requested.connect(self.open_case)
        ws.status_message.connect(self.status_message)
        changes.follow(self.ctx, ws, CASE_WORK, ws.refresh)
        self.tabs.setCurrentIndex(index)
        return ws

    def _retitle(self, ws: CaseWorkspace, text: str) -> None:
        index = self.tabs.indexOf(ws)
        if index >= 0:
            self.tabs.setTabText(index, text)

    def request_close(self, index: int) -> None:
        """Close a workspace tab, asking Save / Discard / Cancel when it holds edits."""
        ws = self.tabs.widget(index)
        if not isinstance(ws, CaseWorkspace):
            return
        if not ws.has_unsaved_changes():
            self._remove(ws)
            return
        box = QMessageBox(self)
        box.setObjectName("unsavedChanges")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Unsaved changes"))
        box.setText(
            _("The case {reference} has changes that are not saved.").format(
                reference=isolate(ws.detail.reference)
            )
        )
        box.setInformativeText(_("Save them before closing?"))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        self.unsaved_box = box
        box.finished.connect(lambda _r: self._answered(box, ws))
        box.open()

    def _answered(self, box: QMessageBox, ws: CaseWorkspace) -> None:
        button = box.standardButton(box.clickedButton()) if box.clickedButton() else None
        self.unsaved_box = None
        box.deleteLater()
        if button == QMessageBox.StandardButton.Save:
            # Closed once saved (off the window's thread on the office server); refused, the
            # tab stays open with what was typed and says why.
            def saved(ok: bool) -> None:
                if ok and isValid(ws) and self.tabs.indexOf(ws) >= 0:
                    self._remove(ws)

            ws.save(then=saved)
        elif button == QMessageBox.StandardButton.Discard:
            self._remove(ws)

    def _remove(self, ws: CaseWorkspace) -> None:
        ws.clear()
        index = self.tabs.indexOf(ws)
        if index >= 0:
            self.tabs.removeTab(index)
        ws.setParent(None)
        ws.deleteLater()

    # --- new case ------------------------------------------------------------------------------

    def new_case(self) -> NewCaseDialog:
        dialog = NewCaseDialog(self.ctx, self)
        self.new_case_dialog = dialog
        dialog.accepted.connect(lambda: self._created(dialog))
        dialog.finished.connect(lambda _r: self._new_closed(dialog))
        dialog.open()
        return dialog

    def _new_closed(self, dialog: NewCaseDialog) -> None:
        if self.new_case_dialog is dialog:
            self.new_case_dialog = None
        dialog.deleteLater()

    def _created(self, dialog: NewCaseDialog) -> None:
        self.list.reload()
        if dialog.case_id is not None:
            self.open_case(dialog.case_id)
