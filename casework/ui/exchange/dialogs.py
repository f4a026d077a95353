"""Dialogs of the exchange: import and verify a card, send a referral or an answer as a file.

Every dialog shows what it is about to do before doing it; refusals stay in the dialog.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QLabel, QLineEdit, QWidget

from casework.errors import ValidationError
from casework.i18n import N_, _
from casework.model.enums import OrgType
from casework.model.labels import label
from casework.services import directory
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationRow
from casework.services.exchange import answers, describe, outgoing, partners
from casework.services.exchange.answers import AnswerPreview
from casework.services.exchange.common import PartnerRow
from casework.services.exchange.outgoing import OutgoingPreview, WrittenPacket
from casework.services.exchange.partners import CardPreview
from casework.ui.exchange.preview import PacketPreview, fingerprint_html
from casework.ui.widgets.combos import enum_combo
from casework.ui.widgets.forms import FormDialog

NEW_ORGANISATION = -1


def _label(text_id: str = "") -> QLabel:
    lab = QLabel()
    lab.setWordWrap(True)
    if text_id:
        lab.setObjectName(text_id)
    return lab


def read_card(ctx: ServiceContext, data: bytes) -> tuple[CardPreview, list[OrganisationRow]]:
    """What the card dialog shows, read before it opens (off the window's thread on an office
    server): the card's preview and the directory's organisations."""
    preview = partners.preview_card(ctx, data)
    rows = directory.list_organisations(ctx, directory.OrganisationQuery(limit=1000)).rows
    return preview, list(rows)


class ImportCardDialog(FormDialog):
    """A partner's card: what it says, and which directory organisation it belongs to
    (`read`: what `read_card` returned)."""

    def __init__(
        self,
        ctx: ServiceContext,
        data: bytes,
        read: tuple[CardPreview, list[OrganisationRow]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, N_("Import a partner's card"), N_("Import card"))
        self.ctx, self.data = ctx, data
        self.preview, rows = read
        self.partner_id: int | None = None
        card = self.preview.card
        self.name = _label("cardName")
        self.name.setText(f"<b>{html.escape(card.name)}</b> ({card.country or '—'})")
        self.fingerprint = _label("cardFingerprint")
        self.fingerprint.setText(fingerprint_html(card.fingerprint))
        self.org = QComboBox()
        self.org.addItem("", NEW_ORGANISATION)
        likely = set(self.preview.likely_org_ids)
        for row in sorted(rows, key=lambda r: (r.id not in likely, r.name.casefold())):
            self.org.addItem(row.name, row.id)
        if likely:
            self.org.setCurrentIndex(1)
        self.org_type = enum_combo(OrgType)
        self.org_type.set_value(OrgType.CSO)
        self.org.currentIndexChanged.connect(self._new_or_not)
        self.note = _label("cardNote")
        self.add_field("name", N_("Card of"), self.name, error=False)
        self.add_field("fingerprint", N_("Fingerprint"), self.fingerprint, error=False)
        self.add_field("org_id", N_("Organisation in the directory"), self.org)
        self.add_field("org_type", N_("Type of the new organisation"), self.org_type)
        self.body.addWidget(self.note)
        self.texts.add(
            lambda text: self.org.setItemText(0, text), N_("A new organisation in the directory")
        )
        self.texts.add(self.note.setText, self._note)
        self._new_or_not()
        self.finish()

    def _note(self) -> str:
        if self.preview.already_imported_for:
            return _("This card is already imported, for {organisation}.").format(
                organisation=self.preview.already_imported_for
            )
        return _(
            "The card is imported as not verified. Before anyone relies on it, an administrator "
            "calls the partner or meets them and compares this fingerprint, digit by digit."
        )

    def _new_or_not(self) -> None:
        new = self.org.currentData() == NEW_ORGANISATION
        self.form.setRowVisible(self.org_type, new)

    def submit(self) -> Callable[[], object]:
        org = self.org.currentData()
        return partial(
            partners.import_card,
            self.ctx,
            self.data,
            None if org == NEW_ORGANISATION else int(org),
            new_org_type=self.org_type.value() or OrgType.CSO,
        )

    def submitted(self, result: object) -> None:
        self.partner_id = result


class VerifyDialog(FormDialog):
    """Mark a card verified, after comparing its fingerprint with the partner."""

    def __init__(self, ctx: ServiceContext, row: PartnerRow, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Verify a partner's card"), N_("Mark verified"))
        self.ctx, self.row = ctx, row
        self.how = _label("verifyHow")
        self.fingerprint = _label("verifyFingerprint")
        self.fingerprint.setText(fingerprint_html(row.fingerprint))
        self.same = QCheckBox()
        self.body.insertWidget(0, self.how)
        self.add_field("fingerprint", N_("Fingerprint"), self.fingerprint)
        self.add_field("same", N_("Compared"), self.same)
        self.texts.add(self.how.setText, self._how)
        self.texts.add(self.same.setText, N_("They read out exactly these fifty digits"))
        self.finish()

    def _how(self) -> str:
        return _(
            "Call {organisation} on a number you already know, or meet them. Ask them to open "
            "their Partners page and read out their own fingerprint. Compare it with the one "
            "below, digit by digit. Mark the card verified only if every digit is the same; "
            "if not, do not use it and ask them for their card again."
        ).format(organisation=self.row.organisation_name)

    def submit(self) -> Callable[[], object]:
        if not self.same.isChecked():
            raise ValidationError(
                {"same": N_("Tick this only after comparing every digit with the partner.")}
            )
        return partial(partners.verify_partner, self.ctx, self.row.id, self.row.fingerprint)


class _SendDialog(FormDialog):
    """Shows exactly what the file will carry; OK asks where to save it, then writes it."""

    def submitted(self, result: object) -> None:
        self.written = result

    def __init__(self, ctx: ServiceContext, referral_id: int, title: str, parent: QWidget | None):
        super().__init__(parent, title, N_("Save file…"))
        self.ctx, self.referral_id = ctx, referral_id
        self.target: Path | None = None  # preset by tests; else asked with a file dialog
        self.written: WrittenPacket | None = None
        self.to = QLabel()
        self.to.setObjectName("sendTo")
        self.preview = PacketPreview()
        self.note = _label("sendNote")
        self.add_field("to", N_("To"), self.to, error=False)

    def _lay_out(self) -> None:
        self.body.addWidget(self.preview, 1)
        self.body.addWidget(self.note)
        self.texts.add(self.note.setText, self._note)
        self.finish()
        metrics, least = self.fontMetrics(), self.layout().totalMinimumSize()
        self.resize(
            max(least.width(), metrics.averageCharWidth() * 90),
            max(least.height(), metrics.height() * 40),
        )

    def _partner(self) -> PartnerRow:
        raise NotImplementedError

    def _note(self) -> str:
        return _(
            "The file is encrypted and signed: only {organisation} can open it, and they can "
            "tell it comes from you. Send it by any channel (USB stick, e-mail, messaging app). "
            "Its name says nothing about the client."
        ).format(organisation=self._partner().organisation_name)

    def _to_text(self, row: PartnerRow) -> str:
        return f"<b>{html.escape(row.organisation_name)}</b> — {label(row.status)}"

    def _ask_target(self, suggested: str) -> Path | None:
        if self.target is not None:
            return self.target
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the file for the partner"),
            suggested,
            _("Casework exchange files (*.cwx)"),
        )
        return Path(name) if name else None


class SendReferralDialog(_SendDialog):
    """`read`: `outgoing.preview_referral_packet`'s, read before the dialog opens (off the
    window's thread on an office server); the contact typed here changes it without a read."""

    def __init__(
        self,
        ctx: ServiceContext,
        referral_id: int,
        read: OutgoingPreview,
        parent: QWidget | None = None,
    ):
        super().__init__(ctx, referral_id, N_("Send referral as a file"), parent)
        self.contact = QLineEdit()
        self.add_field("contact", N_("How they can reach you"), self.contact)
        self.contact.textChanged.connect(self._refresh)
        self.read = read
        self.current = read
        self._refresh()
        self._lay_out()

    def _show(self) -> None:
        self.to.setText(self._to_text(self.current.partner))
        self.preview.show_lines(describe.referral_lines(self.current.content))

    def _partner(self) -> PartnerRow:
        return self.current.partner

    def _refresh(self) -> None:
        """The contact is the only part typed here: it is put in the content read at opening,
        as the service puts it (stripped), so each key typed reads nothing from the server."""
        content = replace(self.read.content, contact=self.contact.text().strip())
        self.current = replace(self.read, content=content)
        self._show()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "current"):
            self._show()  # the same content in the new language; no database read

    def submit(self) -> Callable[[], object]:
        target = self._ask_target(self.current.file_name)
        if target is None:
            raise ValidationError({}, N_("Choose where to save the file."))
        return partial(
            outgoing.write_referral_packet, self.ctx, self.referral_id, target, self.contact.text()
        )


class SendAnswerDialog(_SendDialog):
    """`read`: `answers.preview_answer`'s, read before the dialog opens."""

    def __init__(
        self,
        ctx: ServiceContext,
        referral_id: int,
        read: AnswerPreview,
        parent: QWidget | None = None,
    ):
        super().__init__(ctx, referral_id, N_("Send answer as a file"), parent)
        self.current = read
        self.to.setText(self._to_text(self.current.partner))
        self.preview.show_lines(describe.answer_lines(self.current.content))
        self._lay_out()

    def _partner(self) -> PartnerRow:
        return self.current.partner

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "current"):
            self.preview.show_lines(describe.answer_lines(self.current.content))

    def submit(self) -> Callable[[], object]:
        target = self._ask_target("casework-answer.cwx")
        if target is None:
            raise ValidationError({}, N_("Choose where to save the file."))
        return partial(answers.write_answer_packet, self.ctx, self.referral_id, target)
