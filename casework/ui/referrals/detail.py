"""One referral: its details, its event history, and buttons for the steps allowed next.

Used by the Referrals inbox and by a case workspace's Referrals tab. Each step opens a small
dialog from casework.ui.referrals.steps.
"""

from __future__ import annotations

import html
from functools import partial

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import N_, _, isolate
from casework.model.enums import ReferralAction, ReferralDirection, ReferralState
from casework.model.labels import label
from casework.model.lifecycle import REFERRAL_TERMINAL, REFERRAL_TRANSITIONS
from casework.services import referrals
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.services.referrals import ReferralDetail, ReferralEventRow
from casework.ui.exchange.buttons import ExchangeButtons
from casework.ui.referrals.steps import (
    AcceptDialog,
    CompleteDialog,
    DeclineDialog,
    EndDialog,
    ProgressDialog,
    ReReferDialog,
    SendDialog,
    WithdrawDialog,
)
from casework.ui.retranslate import track_language
from casework.ui.service_call import call_service
from casework.ui.widgets.combos import labels_of
from casework.ui.widgets.dates import fmt_date, fmt_datetime
from casework.ui.widgets.flow import FlowLayout
from casework.ui.widgets.forms import FormDialog, Texts, show_problem
from casework.ui.widgets.tables import Column, RowsModel, cap_column, table_view


def _event_step(e: ReferralEventRow) -> str:
    return _("{action}: {before} → {after}").format(
        action=label(e.action), before=label(e.from_state), after=label(e.to_state)
    )


STEP_BUTTONS: tuple[tuple[str, str, str], ...] = (
    # (key, N_ label, object name)
    ("send", N_("Send…"), "sendReferral"),
    ("accept", N_("Accept…"), "acceptReferral"),
    ("decline", N_("Decline…"), "declineReferral"),
    ("progress", N_("Record progress…"), "progressReferral"),
    ("complete", N_("Complete…"), "completeReferral"),
    ("end", N_("End unsuccessfully…"), "endReferral"),
    ("withdraw", N_("Withdraw…"), "withdrawReferral"),
    ("rerefer", N_("Re-refer…"), "reReferral"),
)
_STEP_ACTION = {
    "send": ReferralAction.SEND,
    "accept": ReferralAction.ACCEPT,
    "decline": ReferralAction.DECLINE,
    "complete": ReferralAction.COMPLETE,
    "end": ReferralAction.END_UNSUCCESSFULLY,
    "withdraw": ReferralAction.WITHDRAW,
}


def allowed_steps(state: ReferralState) -> list[str]:
    """The buttons to show for a referral in this state (only the steps it allows)."""
    steps = [k for k, action in _STEP_ACTION.items() if (state, action) in REFERRAL_TRANSITIONS]
    if state in (ReferralState.SENT, ReferralState.ACCEPTED):
        steps.append("progress")
    if state in REFERRAL_TERMINAL:
        steps.append("rerefer")
    return steps


class ReferralDetailPanel(QWidget):
    changed = Signal(int)  # the referral (or, after a re-referral, the new one) changed
    open_case_requested = Signal(int)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.texts = Texts()
        self.detail: ReferralDetail | None = None
        self.case_country = ""
        self.dialog: FormDialog | None = None
        self.may_edit = ctx.actor.can(Permission.EDIT_CASE_RECORDS)

        self.heading = QLabel()
        self.heading.setObjectName("referralHeading")
        self.heading.setWordWrap(True)
        self.facts_box = QWidget()
        self.facts = QFormLayout(self.facts_box)
        self.facts.setContentsMargins(0, 0, 0, 0)
        self.facts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.values: dict[str, QLabel] = {}
        for key, msgid in (
            ("case", N_("Case")),
            ("state", N_("State")),
            ("stage", N_("Pathway stage")),
            ("purpose", N_("Purpose")),
            ("due", N_("Answer due")),
            ("end", N_("Expected end")),
            ("reason", N_("Reason")),
            ("outcome", N_("Outcome")),
            ("consent", N_("Consent to share")),
            ("override", N_("Consent override")),
            ("links", N_("Linked referrals")),
        ):
            caption = QLabel()
            self.texts.add(caption.setText, msgid)
            value = QLabel()
            value.setObjectName(f"referral_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(value.textInteractionFlags())
            self.facts.addRow(caption, value)
            self.values[key] = value
        self.events: RowsModel[ReferralEventRow] = RowsModel(
            [
                Column(N_("When"), lambda e: fmt_datetime(e.at)),
                Column(N_("Step"), _event_step, tooltip=_event_step),
                Column(N_("Recorded by"), lambda e: e.by_name, tooltip=lambda e: e.by_name),
                Column(
                    N_("On behalf of"), lambda e: e.on_behalf_of, tooltip=lambda e: e.on_behalf_of
                ),
                Column(N_("Comment"), lambda e: e.comment, tooltip=lambda e: e.comment),
            ],
            self,
        )
        self.history = table_view(self.events, self.texts, N_("Referral history"))
        self.history.setObjectName("referralHistory")
        cap_column(self.history, 1, 22)  # the step ("Send: Draft → Sent"); tooltip whole
        cap_column(self.history, 2, 18)
        cap_column(self.history, 3, 18)
        history_box = QGroupBox()
        self.history_box = history_box
        self.texts.add(history_box.setTitle, N_("History"))
        QVBoxLayout(history_box).addWidget(self.history)

        self.buttons: dict[str, QPushButton] = {}
        grid = FlowLayout()  # the steps wrap in a narrow panel
        for key, msgid, name in STEP_BUTTONS:
            b = QPushButton()
            b.setObjectName(name)
            self.texts.add(b.setText, msgid)
            b.clicked.connect(lambda _c=False, k=key: self.start_step(k))
            b.hide()
            self.buttons[key] = b
            grid.addWidget(b)
        self.open_case = QPushButton()
        self.open_case.setObjectName("openReferralCase")
        self.texts.add(self.open_case.setText, N_("Open case"))
        self.open_case.clicked.connect(self._open_case)
        self.open_case.hide()
        self.print_form = QPushButton()
        self.print_form.setObjectName("printReferralForm")
        self.texts.add(self.print_form.setText, N_("Print referral form…"))
        self.print_form.clicked.connect(self._print_form)
        self.print_form.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts_box)
        layout.addLayout(grid)
        layout.addWidget(history_box, 1)
        self.filler = QWidget()  # keeps the hint at the top when nothing is chosen
        layout.addWidget(self.filler, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_case)
        bottom.addWidget(self.print_form)
        self.exchange = ExchangeButtons(ctx, self)  # "Send as file…", "Send answer as file…"
        bottom.addWidget(self.exchange)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        self.show_referral(None)
        track_language(self)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """The same width chosen or not, so the splitter does not jump on a selection."""
        return QSize(self.fontMetrics().averageCharWidth() * 56, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.fontMetrics().averageCharWidth() * 30, super().minimumSizeHint().height())

    def retranslate(self) -> None:
        self.texts.apply()
        self.events.retranslate()
        self._fill()

    def show_referral(self, referral_id: int | None, case_country: str = "") -> None:
        """Show a referral (at once on a vault, off the UI thread on an office server: a
        result overtaken by a later choice is dropped)."""
        self._shown_generation = getattr(self, "_shown_generation", 0) + 1
        generation = self._shown_generation

        def shown(detail: ReferralDetail | None) -> None:
            if generation != self._shown_generation:
                return
            self.detail = detail
            self.case_country = case_country
            self._fill()
            self.exchange.show_for(self.detail)  # reads the database: here, not in retranslate()

        def failed(exc: BaseException) -> None:  # shown calmly
            shown(None)
            show_problem(self, exc)

        if referral_id is None:
            shown(None)
            return
        work = partial(referrals.get_referral, self.ctx, referral_id)
        call_service(self, self.ctx, work, shown, failed, single=False)

    def _fill(self) -> None:
        d = self.detail
        if d is None:
            self.heading.setText(_("Choose a referral to see its history and next steps."))
            for value in self.values.values():
                value.clear()
            self.facts_box.hide()  # only the hint, not eleven empty captions
            self.history_box.hide()
            self.filler.show()
            if self.events.rows:  # emptied once: each reset fits the (hidden) history again
                self.events.clear()
            for b in self.buttons.values():
                b.hide()
            self.open_case.hide()
            self.print_form.hide()
            return
        self.facts_box.show()
        self.history_box.show()
        self.filler.hide()
        heading = (
            _("<b>{service}</b> — from {organisation}")
            if d.direction is ReferralDirection.INCOMING
            else _("<b>{service}</b> — to {organisation}")
        )
        self.heading.setText(
            heading.format(service=label(d.service_type), organisation=html.escape(d.org_name))
        )
        v = self.values
        v["case"].setText(d.case_reference)
        state = label(d.state)
        if d.overdue:
            state = _("{state} — overdue").format(state=state)
        v["state"].setText(state)
        v["stage"].setText(d.stage_name)
        v["purpose"].setText(d.purpose)
        v["due"].setText(fmt_date(d.due_on))
        v["end"].setText(fmt_date(d.expected_end_on))
        reason = label(d.decline_reason) if d.decline_reason else ""
        v["reason"].setText(" — ".join(x for x in (reason, d.reason_text) if x))
        v["outcome"].setText(d.outcome)
        if d.consent_scope_today is None:
            v["consent"].setText(_("No valid consent covers this organisation today."))
        else:
            v["consent"].setText(labels_of(d.consent_scope_today) or _("(no scope)"))
        v["override"].setText(
            _("By {name}: {reason}").format(
                name=isolate(d.consent_override_by_name), reason=d.consent_override_reason
            )
            if d.consent_override_reason
            else ""
        )
        links = []
        if d.previous_referral_id:
            links.append(_("follows referral #{id}").format(id=d.previous_referral_id))
        links += [_("followed by referral #{id}").format(id=i) for i in d.later_referral_ids]
        v["links"].setText("; ".join(links))
        for key, value in v.items():
            self.facts.setRowVisible(value, key in ("case", "state") or bool(value.text()))
        self.events.set_rows(d.events)
        allowed = set(allowed_steps(d.state)) if self.may_edit else set()
        for key, b in self.buttons.items():
            b.setVisible(key in allowed)
        self.open_case.show()
        # A draft has gone nowhere yet: the form is for the receiving organisation.
        self.print_form.setVisible(
            d.state in (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.COMPLETED)
            and d.direction is ReferralDirection.OUTGOING
            and self.ctx.actor.can(Permission.PRINT)
        )

    def _print_form(self) -> None:
        if self.detail is not None:
            from casework.ui.printing import print_referral

            print_referral(
                self,
                self.ctx,
                self.detail.id,
                may_see_restricted=self.ctx.actor.can(Permission.EDIT_CASE_RECORDS),
            )

    def _open_case(self) -> None:
        if self.detail is not None:
            self.open_case_requested.emit(self.detail.case_id)

    def start_step(self, key: str) -> FormDialog | None:
        d = self.detail
        if d is None:
            return None
        dialogs = {
            "send": SendDialog,
            "accept": AcceptDialog,
            "decline": DeclineDialog,
            "complete": CompleteDialog,
            "end": EndDialog,
            "withdraw": WithdrawDialog,
            "progress": ProgressDialog,
        }
        if key == "rerefer":
            dialog: FormDialog = ReReferDialog(self.ctx, d, self.case_country, self)
        else:
            dialog = dialogs[key](self.ctx, d, self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._step_done(dialog))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _step_done(self, dialog: FormDialog) -> None:
        new_id = getattr(dialog, "new_id", None)
        target = new_id if new_id is not None else (self.detail.id if self.detail else None)
        self.show_referral(target, self.case_country)
        if target is not None:
            self.changed.emit(target)

    def clear(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.show_referral(None)
