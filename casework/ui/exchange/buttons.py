""" "Send as file…" and "Send answer as file…" for the referral detail panel (a one-line hook).

Shown for an outgoing referral that has been sent and whose partner has a card, and for a
referral received as a file once it has an answer (accepted, declined, completed, ended).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from casework.i18n import _
from casework.model.enums import ReferralDirection, ReferralState
from casework.services.context import ServiceContext
from casework.services.exchange import answers, partners
from casework.services.permissions import Permission
from casework.services.referrals import ReferralDetail
from casework.ui.exchange.dialogs import SendAnswerDialog, SendReferralDialog
from casework.ui.retranslate import track_language
from casework.ui.widgets.forms import FormDialog, show_problem

ANSWERED = (
    ReferralState.ACCEPTED,
    ReferralState.DECLINED,
    ReferralState.COMPLETED,
    ReferralState.ENDED_UNSUCCESSFULLY,
)


class ExchangeButtons(QWidget):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: ReferralDetail | None = None
        self.dialog: FormDialog | None = None
        self.send = QPushButton()
        self.send.setObjectName("sendReferralFile")
        self.send.clicked.connect(lambda: self.start_send())
        self.answer = QPushButton()
        self.answer.setObjectName("sendAnswerFile")
        self.answer.clicked.connect(lambda: self.start_answer())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.send)
        layout.addWidget(self.answer)
        self.show_for(None)
        track_language(self)

    def retranslate(self) -> None:
        self.send.setText(_("Send as file…"))
        self.answer.setText(_("Send answer as file…"))

    def show_for(self, detail: ReferralDetail | None) -> None:
        self.detail = detail
        may = self.ctx.actor.can(Permission.EDIT_CASE_RECORDS)
        d = detail
        send = bool(
            may
            and d is not None
            and d.direction is ReferralDirection.OUTGOING
            and d.state in (ReferralState.SENT, ReferralState.ACCEPTED)
            and partners.partner_of(self.ctx, d.to_org_id) is not None
        )
        answer = bool(
            may
            and d is not None
            and d.direction is ReferralDirection.INCOMING
            and d.state in ANSWERED
            and answers.received_as_file(self.ctx, d.id)
        )
        self.send.setVisible(send)
        self.answer.setVisible(answer)
        self.setVisible(send or answer)

    def start_send(self) -> FormDialog | None:
        return self._start(SendReferralDialog)

    def start_answer(self) -> FormDialog | None:
        return self._start(SendAnswerDialog)

    def _start(self, cls: type) -> FormDialog | None:
        if self.detail is None:
            return None
        try:
            dialog = cls(self.ctx, self.detail.id, self.window())
        except Exception as exc:  # noqa: BLE001 - a refusal (card not verified…), shown calmly
            show_problem(self, exc)
            return None
        self.dialog = dialog
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog
