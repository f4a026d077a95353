"""A received file: who sent it, what it carries, and where to record it (the user decides)."""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QButtonGroup, QLabel, QMessageBox, QRadioButton, QVBoxLayout, QWidget

from casework.exchange.errors import Replayed
from casework.i18n import N_, _
from casework.model.labels import label
from casework.services.context import ServiceContext
from casework.services.exchange import describe, incoming
from casework.services.exchange.incoming import ImportedReferral, Received
from casework.ui.exchange.preview import PacketPreview
from casework.ui.service_call import call_service
from casework.ui.widgets.dates import fmt_date
from casework.ui.widgets.forms import FormDialog, show_problem

NEW_CASE = 0  # case ids start at 1; QButtonGroup treats -1 as 'give me an id'


def read_received(ctx: ServiceContext, data: bytes) -> tuple[Received, object]:
    """The file opened and checked against what is here (off the window's thread on an office
    server): what it carries, and the new case it would make (for a referral)."""
    received = incoming.open_received(ctx, data)
    new_case = incoming.default_new_case(ctx, received) if received.referral else None
    return received, new_case


class ReceivedDialog(FormDialog):
    """`read`: what `read_received` returned."""

    def __init__(
        self,
        ctx: ServiceContext,
        data: bytes,
        read: tuple[Received, object],
        parent: QWidget | None = None,
    ) -> None:
        self.received, self.new_case = read
        is_answer = self.received.answer is not None
        super().__init__(
            parent,
            N_("Received answer") if is_answer else N_("Received referral"),
            N_("Record answer") if is_answer else N_("Record referral"),
        )
        self.ctx, self.data = ctx, data
        self.result: ImportedReferral | None = None
        self.sender = QLabel()
        self.sender.setObjectName("receivedFrom")
        self.warning = QLabel()
        self.warning.setObjectName("receivedWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.warning.setVisible(bool(self.received.warning))
        self.preview = PacketPreview()
        self.add_field("from", N_("From"), self.sender, error=False)
        self.body.insertWidget(0, self.warning)
        self.body.addWidget(self.preview, 1)
        self.choices = QButtonGroup(self)
        self.where = QWidget()
        self.where.setObjectName("recordWhere")
        QVBoxLayout(self.where).setContentsMargins(0, 0, 0, 0)
        self.effect = QLabel()
        self.effect.setObjectName("answerEffect")
        self.effect.setWordWrap(True)
        if is_answer:
            self.body.addWidget(self.effect)
        else:  # the decision below what it is about, next to the button
            self.record_on = QLabel()
            self.record_on.setObjectName("recordOnCaption")
            self.texts.add(self.record_on.setText, N_("Record it on:"))
            self.body.addWidget(self.record_on)
            self.body.addWidget(self.where)
        self.finish()
        metrics, least = self.fontMetrics(), self.layout().totalMinimumSize()
        self.resize(
            max(least.width(), metrics.averageCharWidth() * 90),
            max(least.height(), metrics.height() * 46),
        )

    def retranslate(self) -> None:
        super().retranslate()
        r = self.received
        name = html.escape(r.partner.organisation_name)
        self.sender.setText(f"<b>{name}</b> — {label(r.partner.status)}")
        self.warning.setText(_(r.warning) if r.warning else "")
        if r.answer is not None:
            self.preview.show_lines(describe.answer_lines(r.answer))
            plan = r.answer_plan
            self.effect.setText(
                _("Referral {id} (case {reference}) moves from '{before}' to '{after}'.").format(
                    id=plan.referral_id,
                    reference=plan.case_reference,
                    before=label(plan.state_now),
                    after=label(plan.state_after),
                )
            )
        else:
            self.preview.show_lines(describe.referral_lines(r.referral))
            self._fill_choices()

    def _fill_choices(self) -> None:
        checked = self.choices.checkedId()
        layout = self.where.layout()
        for button in self.choices.buttons():
            self.choices.removeButton(button)
            layout.removeWidget(button)
            button.deleteLater()
        new = self.new_case
        assert new is not None
        options = [
            (
                NEW_CASE,
                _("A new case: {alias} ({country})").format(alias=new.alias, country=new.country),
            )
        ]
        for m in self.received.matches:
            reasons = ", ".join(_(r) for r in m.reasons)
            if m.visible:
                text = _("Case {reference}: {alias}, born {born} — {reasons}").format(
                    reference=m.reference,
                    alias=m.alias,
                    born=fmt_date(m.date_of_birth) or "—",
                    reasons=reasons,
                )
            else:
                text = _("Case {reference} (assigned to a colleague) — {reasons}").format(
                    reference=m.reference, reasons=reasons
                )
            options.append((m.case_id, text))
        for value, text in options:
            button = QRadioButton(text)
            button.setObjectName(f"recordOn_{value}")
            self.choices.addButton(button, value)
            layout.addWidget(button)
        default = checked if checked >= 0 and self.choices.button(checked) else NEW_CASE
        if checked < 0 and self.received.matches:
            default = self.received.matches[0].case_id
        self.choices.button(default).setChecked(True)

    def choose(self, case_id: int | None) -> None:
        """Tick where to record it (None: a new case)."""
        self.choices.button(NEW_CASE if case_id is None else case_id).setChecked(True)

    def submit(self) -> Callable[[], object]:
        if self.received.answer is not None:
            return partial(incoming.import_answer, self.ctx, self.data)
        choice = self.choices.checkedId()
        if choice == NEW_CASE:
            return partial(incoming.import_referral, self.ctx, self.data, new_case=self.new_case)
        return partial(incoming.import_referral, self.ctx, self.data, case_id=choice)

    def submitted(self, result: object) -> None:
        if self.received.answer is None:
            self.result = result


def open_received_file(
    parent: QWidget,
    ctx: ServiceContext,
    path: Path | str,
    opened: Callable[[ReceivedDialog], None] | None = None,
) -> ReceivedDialog | None:
    """Read, verify and show a received file; refusals are shown, nothing is written. The
    checks run off the window's thread on an office server: the dialog opens once they are in,
    handed to `opened` (and returned at once on a vault; None while the server answers)."""
    try:
        data = incoming.read_file(Path(path))
    except Exception as exc:  # noqa: BLE001 - shown calmly, nothing was written
        show_problem(parent, exc)
        return None
    shown: list[ReceivedDialog] = []

    def open_with(read: tuple[Received, object]) -> None:
        try:
            dialog = ReceivedDialog(ctx, data, read, parent)
        except Exception as exc:  # noqa: BLE001 - shown calmly, nothing was written
            refused(exc)
            return
        dialog.open()
        shown.append(dialog)
        if opened is not None:
            opened(dialog)

    def refused(exc: BaseException) -> None:
        if not isinstance(exc, Replayed):
            show_problem(parent, exc)
            return
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_("Casework"))
        box.setText(exc.message())
        box.setObjectName("alreadyImported")
        box.open()

    call_service(parent, ctx, partial(read_received, ctx, data), open_with, refused, single=False)
    return shown[0] if shown else None
