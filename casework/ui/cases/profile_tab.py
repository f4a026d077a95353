"""The Profile tab of a case workspace (the case form with Save) and the assign dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from casework.errors import ValidationError
from casework.i18n import N_
from casework.services import cases, users
from casework.services.cases import CaseDetail
from casework.services.context import ServiceContext
from casework.ui.cases.profile import ProfileForm
from casework.ui.cases.tabs import CaseTab
from casework.ui.retranslate import track_language
from casework.ui.widgets.combos import DataCombo
from casework.ui.widgets.forms import FormDialog, show_problem, text_edit


class AssignDialog(FormDialog):
    def __init__(
        self, ctx: ServiceContext, case_id: int, current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, N_("Assign or transfer the case"), ok_text=N_("Assign"))
        self.ctx, self.case_id = ctx, case_id
        self.worker = DataCombo()
        people = users.caseworkers(ctx)
        self.worker.set_choices([(u.display_name, u.id) for u in people], keep=False)
        for u in people:
            if u.display_name == current:
                self.worker.set_value(u.id)
        self.add_field("caseworker_id", N_("Caseworker"), self.worker)
        self.comment = text_edit(2)
        self.add_field("comment", N_("Comment"), self.comment)
        self.finish()

    def submit(self) -> None:
        cases.assign_case(self.ctx, self.case_id, self.worker.value(), self.comment.toPlainText())


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
        self.form = ProfileForm(ctx, restricted_visible=restricted_visible)
        self.form.set_read_only(not self.may_edit)
        self.save_button = self.button(N_("Save"), "saveProfile", self.save)
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addLayout(row)
        self.detail: CaseDetail | None = None
        track_language(self)

    def load(self, detail: CaseDetail) -> None:
        self.detail = detail
        self.form.set_value(detail.data)
        self.message.hide()

    def refresh(self) -> None:
        if not self.form.dirty:
            self.load(cases.get_case(self.ctx, self.case_id))

    def revert(self) -> None:
        self.form.dirty = False
        self.refresh()

    def save(self) -> bool:
        self.form.clear_errors()
        self.message.hide()
        try:
            cases.update_case(self.ctx, self.case_id, self.form.value())
        except ValidationError as exc:
            self.form.show_errors(exc)
            self.message.setText(exc.message())
            self.message.show()
            return False
        except Exception as exc:  # noqa: BLE001 - shown calmly
            show_problem(self, exc)
            return False
        self.form.dirty = False
        self.refresh()
        self.changed.emit()
        return True

    def clear(self) -> None:
        self.detail = None
        self.form.clear_all()
