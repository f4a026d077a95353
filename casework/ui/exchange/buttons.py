""" "Send as file…" and "Send answer as file…" for the referral detail panel (a one-line hook).

Shown for an outgoing referral that has been sent and whose partner has a card, and for a
referral received as a file once it has an answer (accepted, declined, completed, ended).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from casework.i18n import _
from casework.model.enums import ReferralDirection, ReferralState
from casework.services.context import ServiceContext
from casework.services.exchange import answers, outgoing, partners
from casework.services.permissions import Permission
from casework.services.referrals import ReferralDetail
from casework.ui.exchange.dialogs import SendAnswerDialog, SendReferralDialog
from casework.ui.retranslate import track_language
from casework.ui.service_call import call_service
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
        """Whether the partner has a card (or the referral came as a file) is read off the
        window's thread on an office server: the buttons show once it is known."""
        self.detail = detail
        self._asked = getattr(self, "_asked", 0) + 1
        asked, ctx = self._asked, self.ctx
        may = ctx.actor.can(Permission.EDIT_CASE_RECORDS)
        d = detail
        may_send = bool(
            may
            and d is not None
            and d.direction is ReferralDirection.OUTGOING
            and d.state in (ReferralState.SENT, ReferralState.ACCEPTED)
        )
        may_answer = bool(
            may
            and d is not None
            and d.direction is ReferralDirection.INCOMING
            and d.state in ANSWERED
        )
        self._show(False, False)
        if d is None or not (may_send or may_answer):
            return

        def work() -> tuple[bool, bool]:
            send = may_send and partners.partner_of(ctx, d.to_org_id) is not None
            return send, bool(may_answer and answers.received_as_file(ctx, d.id))

        def known(result: tuple[bool, bool]) -> None:
            if asked == self._asked:  # still the referral shown
                self._show(*result)

        call_service(self, ctx, work, known, lambda _exc: None, single=False)

    def _show(self, send: bool, answer: bool) -> None:
        self.send.setVisible(send)
        self.answer.setVisible(answer)
        self.setVisible(send or answer)

    def start_send(self) -> FormDialog | None:
        return self._start(SendReferralDialog, outgoing.preview_referral_packet, self.send)

    def start_answer(self) -> FormDialog | None:
        return self._start(SendAnswerDialog, answers.preview_answer, self.answer)

    def _start(self, cls: type, read: Callable[..., object], button: QWidget) -> FormDialog | None:
        """What the file will carry is read first (the checks: card verified, consent…), off
        the window's thread on an office server, the button disabled meanwhile; the dialog
        opens once it is in (returned at once on a vault, None while the server answers). A
        refusal or a lost connection is shown calmly and nothing opens."""
        if self.detail is None:
            return None
        ctx, referral_id = self.ctx, self.detail.id
        opened: list[FormDialog] = []

        def open_with(preview: object) -> None:
            dialog = cls(ctx, referral_id, preview, self.window())
            self.dialog = dialog
            dialog.finished.connect(lambda _r: dialog.deleteLater())
            dialog.open()
            opened.append(dialog)

        call_service(
            button,
            ctx,
            partial(read, ctx, referral_id),
            open_with,
            lambda exc: show_problem(self, exc),
            busy=[button],
        )
        return opened[0] if opened else None
