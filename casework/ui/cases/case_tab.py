"""The base of every tab of a case workspace: loads on the pool when first shown (workspace.py),
at once after a change made in it; drops its rows on clear()."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QWidget
from shiboken6 import isValid

from casework.i18n import _
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.ui.background import run_in_background
from casework.ui.service_call import call_service, runs_off_ui
from casework.ui.widgets.forms import FormDialog, Texts, show_problem
from casework.ui.widgets.tables import RowsModel, empty_state, refresh_empty_state


class CaseTab(QWidget):
    """One tab of a case workspace: reloads from the services, drops its rows on clear()."""

    changed = Signal()  # something was written: the workspace refreshes its header

    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.texts = Texts()
        self.may_edit = ctx.actor.can(Permission.EDIT_CASE_RECORDS)
        self.dialog: FormDialog | None = None
        self.loading = False
        self.cleared = False
        self._generation = 0

    def button(self, msgid: str, name: str, slot, *, edit: bool = True) -> QPushButton:  # noqa: ANN001
        b = QPushButton()
        b.setObjectName(name)
        self.texts.add(b.setText, msgid)
        b.clicked.connect(slot)
        if edit and not self.may_edit:
            b.hide()
        return b

    def run(self, call, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        """Call a service that needs no form (args: plain values); show a refusal calmly. On an
        office server the call runs off the UI thread (ui/service_call.py); the tab's buttons
        wait for it, so a second click does not run it twice."""

        def done(_result: object) -> None:
            self.refresh()
            self.changed.emit()

        call_service(
            self,
            self.ctx,
            partial(call, *args, **kwargs),
            done,
            lambda exc: show_problem(self, exc),
            busy=[b for b in self.findChildren(QPushButton) if b.isVisible()],
        )

    def empty(
        self,
        view: QAbstractItemView,
        what: str,
        next_step: str = "",
        step_open: Callable[[], bool] | None = None,
    ) -> None:
        """While `view` is empty, say so (`what`) and, to those who may act, what to do next
        (`next_step`, only while `step_open()` says its button is there, if given)."""

        def offered() -> bool:
            return bool(next_step) and self.may_edit and (step_open is None or step_open())

        empty_state(
            view,
            lambda: (
                _("Loading…")
                if self.loading
                else _(what) + (" " + _(next_step) if offered() else "")
            ),
        )

    def open_dialog(self, dialog: FormDialog) -> FormDialog:
        """Show a form window-modally; on OK, reload. Tests reach it through `self.dialog`."""
        self.dialog = dialog
        dialog.accepted.connect(self.refresh)
        dialog.accepted.connect(self.changed)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def retranslate(self) -> None:
        self.texts.apply()

    # --- loading: on the pool when first shown; at once after the user's own change --------------

    def fetch(self) -> Callable[[], object]:
        """What `show_loaded` needs, as a function a pool thread can run: it captures the
        context and plain values, never the widget."""
        raise NotImplementedError

    def show_loaded(self, data: object) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """Load and show now (after a write made here: the user waits for their own change)."""
        self.show_now(self.fetch())

    def show_now(self, work: Callable[[], object]) -> None:
        """On a vault, at once; on an office server, on the pool (the UI never waits for the
        network; what is on screen stays until the new rows arrive)."""
        if runs_off_ui(self.ctx):
            self.load_in_background(work)
            return
        self._generation += 1  # a background load still on its way is stale now
        self.loading = False
        self.show_loaded(work())

    def load_in_background(self, work: Callable[[], object] | None = None) -> None:
        """Load on the pool, "Loading…" meanwhile; a result overtaken by a later load or
        refresh, or arriving after the tab was cleared or closed, is dropped."""
        work = work or self.fetch()
        self._generation += 1
        generation = self._generation
        self.loading = True
        self._empty_states_changed()

        def current() -> bool:
            return isValid(self) and generation == self._generation and not self.cleared

        def deliver(data: object) -> None:
            if current():
                self.loading = False
                self.show_loaded(data)
                self._empty_states_changed()

        def failed(exc: BaseException) -> None:
            if current():
                self.loading = False
                self._empty_states_changed()
                show_problem(self, exc)

        run_in_background(self, lambda _report: work(), deliver, failed)

    def _empty_states_changed(self) -> None:
        for view in self.findChildren(QAbstractItemView):
            refresh_empty_state(view)

    def clear(self) -> None:
        self.cleared = True
        self._generation += 1
        for model in self.findChildren(RowsModel):
            model.clear()
