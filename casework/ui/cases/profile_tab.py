"""The Profile tab of a case: the case form with Save and Undo."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from casework.errors import ConcurrentEditError, ValidationError
from casework.i18n import N_
from casework.services import cases
from casework.services.cases import CaseDetail
from casework.services.context import ServiceContext
from casework.ui.cases.profile import ProfileForm
from casework.ui.cases.tabs import CaseTab
from casework.ui.retranslate import follow_language, track_language
from casework.ui.service_call import call_service
from casework.ui.widgets.choices import choices_ready
from casework.ui.widgets.conflict import KeptVersion, resolve
from casework.ui.widgets.forms import show_problem


class ProfileTab(CaseTab):
    """The case form with Save; edits are kept until saved or discarded."""

    def __init__(
        self,
        ctx: ServiceContext,
        case_id: int,
        restricted_visible: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, case_id, parent)
        self.form = ProfileForm(
            ctx, restricted_visible=restricted_visible, load_pathways=False, owner=self
        )
        self.form.set_read_only(not self.may_edit)
        # A lambda: `clicked` would pass its `checked` flag as the version.
        self.save_button = self.button(N_("Save"), "saveProfile", lambda: self.save())
        self.revert_button = self.button(N_("Undo changes"), "revertProfile", self.revert)
        self.message = QLabel()
        self.message.setObjectName("profileMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        self.kept = KeptVersion()  # the user's text after a conflict, to copy
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.kept)
        layout.addLayout(row)
        self.detail: CaseDetail | None = None
        self._refusal: ValidationError | None = None
        track_language(self, now=False)  # the buttons' texts set as registered
        follow_language(self, self._show_refusal)  # in the new language after a switch

    def load(self, detail: CaseDetail) -> None:
        self.detail = detail
        self.form.set_value(detail.data)
        self._refusal = None
        self.message.hide()

    def refresh(self) -> None:
        if not self.form.dirty:
            self.show_now(partial(cases.get_case, self.ctx, self.case_id))

    def show_loaded(self, data: object) -> None:
        if isinstance(data, CaseDetail) and not self.form.dirty:
            self.load(data)

    def revert(self) -> None:
        self.form.dirty = False
        self.refresh()

    def save(
        self, version: int | None = None, then: Callable[[bool], None] | None = None
    ) -> bool | None:
        """Save over the version loaded (or `version`, to overwrite a colleague's). True or
        False once saved or refused (and `then` is told); None while an office server answers
        (the tab says so)."""
        if not choices_ready(self):
            if then is not None:
                then(False)
            return False  # the pathways to choose from are not in yet
        self.form.clear_errors()
        self.message.hide()
        self._refusal = None
        if version is None and self.detail is not None:
            version = self.detail.row_version
        outcome: list[bool] = []

        def saved(_result: object) -> None:
            self.form.dirty = False
            self.refresh()
            self.changed.emit()
            outcome.append(True)
            if then is not None:
                then(True)

        def refused(exc: BaseException) -> None:
            outcome.append(False)
            if then is not None:
                then(False)
            if isinstance(exc, ConcurrentEditError):
                self.message.setText(exc.message())
                self.message.show()
                if exc.version >= 0:
                    self.conflict_dialog = resolve(
                        self, self.form.widgets, exc, self.kept, self.save, self._reloaded
                    )
            elif isinstance(exc, ValidationError):
                self._refusal = exc
                self._show_refusal()
            else:  # shown calmly
                show_problem(self, exc)

        work = partial(
            cases.update_case, self.ctx, self.case_id, self.form.value(), expected_version=version
        )
        call_service(
            self, self.ctx, work, saved, refused, busy=[self.save_button, self.revert_button]
        )
        return outcome[0] if outcome else None

    def _reloaded(self, _version: int) -> None:
        self.form.dirty = False
        self.refresh()

    def _show_refusal(self) -> None:
        exc = self._refusal
        if exc is None:
            return
        self.form.show_errors(exc)
        self.message.setText(exc.message())
        self.message.show()

    def clear(self) -> None:
        self.kept.keep("")
        self.detail = None
        self._refusal = None
        self.form.clear_all()
