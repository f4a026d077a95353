"""The step dialogs of a referral: send, accept, decline, complete, end, withdraw, progress and
re-refer, opened from the referral detail panel.

Each step is a small dialog; the caseworker often records a partner's answer, so the dialogs ask
"on whose behalf".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QLabel, QWidget

from casework.errors import CaseworkError
from casework.i18n import N_, _, isolate
from casework.model.enums import DeclineReason, NoteKind
from casework.model.labels import label
from casework.services import directory, notes, referrals
from casework.services.context import ServiceContext
from casework.services.notes import NoteInput
from casework.services.referrals import ConsentNotCovered, ReferralDetail
from casework.ui.widgets.choices import load_choices
from casework.ui.widgets.combos import DataCombo, enum_combo
from casework.ui.widgets.dates import OptionalDate
from casework.ui.widgets.forms import FormDialog, line_edit, text_edit


class StepDialog(FormDialog):
    """A referral step: optional "on whose behalf" and comment rows, then the step's own."""

    def __init__(
        self,
        ctx: ServiceContext,
        detail: ReferralDetail,
        title: str,
        parent: QWidget | None = None,
        *,
        behalf: bool = True,
        ok_text: str | None = None,
    ) -> None:
        super().__init__(parent, title, ok_text)
        self.ctx, self.detail = ctx, detail
        self.behalf = None
        if behalf:
            self.behalf = line_edit()
            self.behalf.setText(detail.org_name)
            self.add_field("on_behalf_of", N_("Recorded on behalf of"), self.behalf)

    def on_behalf(self) -> str:
        return self.behalf.text() if self.behalf is not None else ""

    def add_comment(self) -> None:
        self.comment = text_edit(2)
        self.add_field("comment", N_("Comment"), self.comment)


class SendDialog(StepDialog):
    """Send a draft. A refusal for lack of consent is shown in the dialog; a supervisor may
    then write a reason and send anyway (audited)."""

    def __init__(self, ctx: ServiceContext, detail: ReferralDetail, parent: QWidget | None = None):
        super().__init__(
            ctx, detail, N_("Send referral"), parent, behalf=False, ok_text=N_("Send referral")
        )
        intro = QLabel()
        intro.setWordWrap(True)
        self.texts.add(
            intro.setText,
            lambda: _("Send the referral for {service} to {organisation}?").format(
                service=label(detail.service_type), organisation=isolate(detail.org_name)
            ),
        )
        self.form.addRow(intro)
        self.add_comment()
        self.override = text_edit(3)
        self.add_field("override_reason", N_("Reason for sending without consent"), self.override)
        self.overriding = False
        self._override_row(False)
        self.finish()

    def _override_row(self, visible: bool) -> None:
        self.form.setRowVisible(self.override, visible)
        self.overriding = visible

    def submit(self) -> Callable[[], object]:
        return partial(
            referrals.send_referral,
            self.ctx,
            self.detail.id,
            comment=self.comment.toPlainText(),
            override_reason=self.override.toPlainText() if self.overriding else "",
        )

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ConsentNotCovered):
            if exc.may_override:
                if not self.overriding:
                    self._override_row(True)
                    self.texts.add(self.ok_button.setText, N_("Send without consent"))
                exc = CaseworkError(
                    N_(
                        "{refusal} As a supervisor you may still send it: write why, and it "
                        "will be recorded."
                    ),
                    refusal=exc.message(),
                )
            else:
                self.ok_button.setEnabled(False)
        super()._refused(exc)


class AcceptDialog(StepDialog):
    def __init__(self, ctx: ServiceContext, detail: ReferralDetail, parent: QWidget | None = None):
        super().__init__(
            ctx, detail, N_("Record acceptance"), parent, ok_text=N_("Record acceptance")
        )
        self.end = OptionalDate()
        self.add_field("expected_end_on", N_("Expected end date"), self.end)
        self.add_comment()
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(
            referrals.accept_referral,
            self.ctx,
            self.detail.id,
            expected_end_on=self.end.value(),
            on_behalf_of=self.on_behalf(),
            comment=self.comment.toPlainText(),
        )


class DeclineDialog(StepDialog):
    def __init__(self, ctx: ServiceContext, detail: ReferralDetail, parent: QWidget | None = None):
        super().__init__(ctx, detail, N_("Record refusal"), parent, ok_text=N_("Decline referral"))
        self.reason = enum_combo(DeclineReason)
        self.add_field("decline_reason", N_("Reason"), self.reason)
        self.reason_text = text_edit(2)
        self.add_field("reason_text", N_("Details (required for Other)"), self.reason_text)
        self.add_comment()
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(
            referrals.decline_referral,
            self.ctx,
            self.detail.id,
            self.reason.value(),
            self.reason_text.toPlainText(),
            on_behalf_of=self.on_behalf(),
            comment=self.comment.toPlainText(),
        )


class CompleteDialog(StepDialog):
    def __init__(self, ctx: ServiceContext, detail: ReferralDetail, parent: QWidget | None = None):
        super().__init__(
            ctx, detail, N_("Record completion"), parent, ok_text=N_("Record completion")
        )
        self.outcome = text_edit(4)
        self.add_field("outcome", N_("Outcome"), self.outcome)
        self.add_comment()
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(
            referrals.complete_referral,
            self.ctx,
            self.detail.id,
            self.outcome.toPlainText(),
            on_behalf_of=self.on_behalf(),
            comment=self.comment.toPlainText(),
        )


class EndDialog(StepDialog):
    def __init__(self, ctx: ServiceContext, detail: ReferralDetail, parent: QWidget | None = None):
        super().__init__(ctx, detail, N_("End unsuccessfully"), parent, ok_text=N_("End referral"))
        self.reason_text = text_edit(3)
        self.add_field("reason_text", N_("Reason"), self.reason_text)
        self.add_comment()
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(
            referrals.end_referral_unsuccessfully,
            self.ctx,
            self.detail.id,
            self.reason_text.toPlainText(),
            on_behalf_of=self.on_behalf(),
            comment=self.comment.toPlainText(),
        )


class WithdrawDialog(StepDialog):
    def __init__(self, ctx: ServiceContext, detail: ReferralDetail, parent: QWidget | None = None):
        super().__init__(
            ctx,
            detail,
            N_("Withdraw referral"),
            parent,
            behalf=False,
            ok_text=N_("Withdraw referral"),
        )
        self.reason_text = text_edit(3)
        self.add_field("reason_text", N_("Reason"), self.reason_text)
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(
            referrals.withdraw_referral, self.ctx, self.detail.id, self.reason_text.toPlainText()
        )


class ProgressDialog(StepDialog):
    """Progress on an open referral, kept as a note on the case (the referral's state stays)."""

    def __init__(self, ctx: ServiceContext, detail: ReferralDetail, parent: QWidget | None = None):
        super().__init__(
            ctx, detail, N_("Record progress"), parent, behalf=False, ok_text=N_("Record progress")
        )
        self.text = text_edit(5)
        self.add_field("body", N_("Progress"), self.text)
        self.finish()

    def submit(self) -> Callable[[], object]:
        prefix = _("Referral progress ({service}, {organisation}):").format(
            service=label(self.detail.service_type), organisation=self.detail.org_name
        )
        body = self.text.toPlainText().strip()
        return partial(
            notes.add_note,
            self.ctx,
            self.detail.case_id,
            NoteInput(
                kind=NoteKind.CONTACT,
                occurred_on=self.ctx.today(),
                body=f"{prefix}\n{body}" if body else "",
            ),
        )


class ReReferDialog(StepDialog):
    """A new draft for the same service, linked to this closed referral."""

    def __init__(
        self,
        ctx: ServiceContext,
        detail: ReferralDetail,
        country: str,
        parent: QWidget | None = None,
    ):
        super().__init__(
            ctx,
            detail,
            N_("New referral from this one"),
            parent,
            behalf=False,
            ok_text=N_("Create referral"),
        )
        self.new_id: int | None = None
        self.org = DataCombo()
        self.org.set_value(detail.to_org_id)
        service = detail.service_type

        def orgs() -> list[tuple[str, int]]:
            rows = directory.organisations_for_referral(ctx, service, country=country)
            return [(o.name, o.id) for o in rows]

        load_choices(self, ctx, self.org, orgs)
        self.add_field("to_org_id", N_("Receiving organisation"), self.org)
        self.purpose = text_edit(3)
        self.purpose.setPlainText(detail.purpose)
        self.add_field("purpose", N_("Purpose"), self.purpose)
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(
            referrals.re_refer,
            self.ctx,
            self.detail.id,
            to_org_id=self.org.value(),
            purpose=self.purpose.toPlainText(),
        )

    def submitted(self, result: object) -> None:
        self.new_id = result  # type: ignore[assignment]
