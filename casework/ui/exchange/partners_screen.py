"""The Partners page: our organisation card to hand out, partners' cards and their verification.

A partner's card says who holds which keys; only comparing its fingerprint with the partner,
by phone or in person, says the card really is theirs. The page says so where it matters.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casework.exchange.card import CARD_MAX_BYTES, CARD_SUFFIX
from casework.exchange.files import read_limited, write_private
from casework.i18n import N_, _, country_name
from casework.model.enums import PartnerStatus
from casework.model.labels import label
from casework.services.context import ServiceContext
from casework.services.exchange import partners
from casework.services.exchange.common import PartnerRow
from casework.services.permissions import Permission
from casework.ui.background import LatestLoad
from casework.ui.exchange.dialogs import ImportCardDialog, VerifyDialog, read_card
from casework.ui.exchange.preview import fingerprint_html
from casework.ui.retranslate import live, track_language
from casework.ui.screen import Screen
from casework.ui.service_call import call_service
from casework.ui.widgets.dates import fmt_date
from casework.ui.widgets.forms import FormDialog, Texts, show_problem
from casework.ui.widgets.tables import Column, RowsModel, selected_row, sortable, table_view


class PartnersScreen(Screen):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("partnersScreen")
        self.texts = Texts()
        self.dialog: FormDialog | None = None
        self.own: partners.OwnSummary | None = None
        # The card and the partners are read on the pool: the page shows at once.
        self.loader = LatestLoad(self, lambda exc: show_problem(self, exc))

        own = QGroupBox()
        self.texts.add(own.setTitle, N_("This organisation's card"))
        self.own_name = QLabel()
        self.own_name.setObjectName("ownName")
        self.own_fingerprint = QLabel()
        self.own_fingerprint.setObjectName("ownFingerprint")
        self.own_fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.own_help = QLabel()
        self.own_help.setWordWrap(True)
        self.texts.add(
            self.own_help.setText,
            N_(
                "Give this card to partner organisations by any channel (USB stick, e-mail). "
                "Before they trust it, they call you or meet you and compare this fingerprint, "
                "digit by digit. Read it out to them from this page."
            ),
        )
        self.save_card = QPushButton()
        self.save_card.setObjectName("saveOwnCard")
        self.texts.add(self.save_card.setText, N_("Save our card…"))
        self.save_card.clicked.connect(lambda: self.export_card())
        self.print_card = QPushButton()
        self.print_card.setObjectName("printOwnCard")
        self.texts.add(self.print_card.setText, N_("Print our card…"))
        self.print_card.clicked.connect(lambda: self.print_sheet())
        own_layout = QVBoxLayout(own)
        own_layout.addWidget(self.own_name)
        own_layout.addWidget(self.own_fingerprint)
        own_layout.addWidget(self.own_help)
        row = QHBoxLayout()
        row.addWidget(self.save_card)
        row.addWidget(self.print_card)
        row.addStretch(1)
        own_layout.addLayout(row)

        box = QGroupBox()
        self.texts.add(box.setTitle, N_("Partner organisations"))
        self.model: RowsModel[PartnerRow] = RowsModel(
            [
                Column(N_("Organisation"), lambda r: r.organisation_name),
                Column(N_("Status"), lambda r: label(r.status)),
                Column(
                    N_("Imported"),
                    lambda r: fmt_date(r.imported_at.date()),
                    key=lambda r: r.imported_at,
                ),
                Column(N_("Name on the card"), lambda r: r.name_on_card),
                Column(N_("Fingerprint"), lambda r: r.fingerprint, tooltip=lambda r: r.fingerprint),
            ],
            self,
        )
        self.table = sortable(table_view(self.model, self.texts, N_("Partner organisations")))
        self.table.setObjectName("partnersTable")
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._buttons())
        self.import_card = QPushButton()
        self.import_card.setObjectName("importPartnerCard")
        self.texts.add(self.import_card.setText, N_("Import a partner's card…"))
        self.import_card.clicked.connect(lambda: self.start_import())
        self.import_card.setVisible(ctx.actor.can(Permission.MANAGE_DIRECTORY))
        self.verify = QPushButton()
        self.verify.setObjectName("verifyPartner")
        self.texts.add(self.verify.setText, N_("Mark verified…"))
        self.verify.clicked.connect(lambda: self.start_verify())
        self.verify.setVisible(ctx.actor.can(Permission.VERIFY_PARTNERS))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.texts.add(
            self.hint.setText,
            N_(
                "A card marked verified was compared with the partner by an administrator. "
                "Files are sent only to verified partners; files from a partner not yet "
                "verified are shown with a warning."
            ),
        )
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.table, 1)
        box_layout.addWidget(self.hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_card)
        buttons.addWidget(self.verify)
        buttons.addStretch(1)
        box_layout.addLayout(buttons)

        shared = QGroupBox()
        self.texts.add(shared.setTitle, N_("Service directory shared with partners"))
        self.directory_help = QLabel()
        self.directory_help.setWordWrap(True)
        self.texts.add(
            self.directory_help.setText,
            N_(
                "Exchange the directory of organisations and services as an Open Referral "
                "(HSDS 3.0) file. Organisations with pseudonymous contacts are left out. "
                "Importing shows what is new and what differs before anything changes."
            ),
        )
        self.export_directory = QPushButton()
        self.export_directory.setObjectName("exportDirectory")
        self.texts.add(self.export_directory.setText, N_("Export directory…"))
        self.export_directory.clicked.connect(lambda: self.save_directory())
        self.import_directory = QPushButton()
        self.import_directory.setObjectName("importDirectory")
        self.texts.add(self.import_directory.setText, N_("Import directory…"))
        self.import_directory.clicked.connect(lambda: self.start_directory_import())
        shared_layout = QVBoxLayout(shared)
        shared_layout.addWidget(self.directory_help)
        share_row = QHBoxLayout()
        share_row.addWidget(self.export_directory)
        share_row.addWidget(self.import_directory)
        share_row.addStretch(1)
        shared_layout.addLayout(share_row)
        shared.setVisible(ctx.actor.can(Permission.MANAGE_DIRECTORY))

        layout = QVBoxLayout(self)
        layout.addWidget(own)
        layout.addWidget(box, 1)
        layout.addWidget(shared)
        self.refresh()
        track_language(self)

    def title(self) -> str:
        return _("Partners")

    def retranslate(self) -> None:
        self.texts.apply()
        self.model.retranslate()
        self._fill_own()

    def _fill_own(self) -> None:
        """From the card read at the last refresh: switching languages reads no database."""
        card = self.own
        if card is None:
            return
        self.own_name.setText(f"<b>{html.escape(card.name)}</b> {country_name(card.country)}")
        self.own_fingerprint.setText(fingerprint_html(card.fingerprint))

    def refresh(self) -> None:
        ctx = self.ctx
        if self.own is None:
            self.own_name.setText(_("Loading…"))
        self.loader.start(
            lambda: (partners.own_summary(ctx), partners.list_partners(ctx)), self._show
        )

    def _show(self, loaded: tuple[partners.OwnSummary, list[PartnerRow]]) -> None:
        self.own, rows = loaded
        self.model.set_rows(rows)
        self._fill_own()
        self._buttons()

    def _selected(self) -> PartnerRow | None:
        row = selected_row(self.table)
        return self.model.row_at(row) if row >= 0 else None

    def _buttons(self) -> None:
        chosen = self._selected()
        self.verify.setEnabled(chosen is not None and chosen.status is PartnerStatus.UNVERIFIED)

    def export_card(self, target: Path | None = None) -> Path | None:
        """The file is chosen here, the card read, written and recorded off the window's thread
        on an office server: the path once saved (a vault), None while the server answers."""
        if target is None:
            name, _f = QFileDialog.getSaveFileName(
                self,
                _("Save our organisation card"),
                "organisation" + CARD_SUFFIX,
                _("Organisation cards (*.cwcard)"),
            )
            if not name:
                return None
            target = Path(name)
        ctx, path = self.ctx, target

        def work() -> None:
            write_private(path, partners.own_card(ctx).data)
            partners.record_card_exported(ctx)

        message = live(lambda: _("Card saved to {file}.").format(file=path))
        return self._export(work, message, path, self.save_card)

    def _export(self, work, message: object, path: Path, button: QWidget) -> Path | None:  # noqa: ANN001
        saved: list[Path] = []

        def done(_result: object) -> None:
            saved.append(path)
            self.status_message.emit(message)

        # The button is the call's owner: a card export does not refuse a directory export.
        call_service(
            button, self.ctx, work, done, lambda exc: show_problem(self, exc), busy=[button]
        )
        return saved[0] if saved else None

    def print_sheet(self) -> None:
        """The card on paper, with the fingerprint in large digits and a QR code."""
        from casework.services.documents import Document
        from casework.ui.printing import _preview

        def build(lang: str, _restricted: bool) -> Document:
            pdf, name = partners.own_card_sheet(self.ctx, lang)
            return Document("organisation_card", pdf, name)

        _preview(self, self.ctx, build, _("Organisation card"), None, False)

    def start_import(self, path: Path | None = None) -> ImportCardDialog | None:
        """The file is read here; the card is compared with the directory off the window's
        thread on an office server (the button disabled meanwhile) and the dialog opens once
        that is in: returned at once on a vault, None while the server answers."""
        if path is None:
            name, _f = QFileDialog.getOpenFileName(
                self, _("Import a partner's card"), "", _("Organisation cards (*.cwcard)")
            )
            if not name:
                return None
            path = Path(name)
        try:
            data = read_limited(path, CARD_MAX_BYTES)
        except Exception as exc:  # noqa: BLE001 - shown calmly
            show_problem(self, exc)
            return None
        ctx = self.ctx
        return self._read_then_open(
            self.import_card,
            partial(read_card, ctx, data),
            lambda read: ImportCardDialog(ctx, data, read, self),
        )

    def _read_then_open(
        self,
        button: QWidget,
        read: Callable[[], object],
        make: Callable[[object], FormDialog],
    ) -> FormDialog | None:
        opened: list[FormDialog] = []

        def open_with(result: object) -> None:
            opened.append(self._open(make(result)))

        call_service(
            button, self.ctx, read, open_with, lambda exc: show_problem(self, exc), busy=[button]
        )
        return opened[0] if opened else None

    def save_directory(self, target: Path | None = None) -> Path | None:
        from casework.services.exchange import directory_share

        if target is None:
            name, _f = QFileDialog.getSaveFileName(
                self, _("Export directory"), "directory-hsds.json", _("HSDS files (*.json)")
            )
            if not name:
                return None
            target = Path(name)
        ctx, path = self.ctx, target

        def work() -> None:
            write_private(path, directory_share.export_directory(ctx))

        message = live(lambda: _("Directory saved to {file}.").format(file=path))
        return self._export(work, message, path, self.export_directory)

    def start_directory_import(self, path: Path | None = None) -> FormDialog | None:
        from casework.exchange.hsds import MAX_BYTES
        from casework.services.exchange import directory_share
        from casework.ui.exchange.directory_import import DirectoryImportDialog

        if path is None:
            name, _f = QFileDialog.getOpenFileName(
                self, _("Import directory"), "", _("HSDS files (*.json)")
            )
            if not name:
                return None
            path = Path(name)
        try:
            data = read_limited(path, MAX_BYTES)
        except Exception as exc:  # noqa: BLE001 - shown calmly
            show_problem(self, exc)
            return None
        ctx = self.ctx
        return self._read_then_open(  # as start_import
            self.import_directory,
            partial(directory_share.compare_directory, ctx, data),
            lambda diff: DirectoryImportDialog(ctx, data, diff, self),
        )

    def start_verify(self) -> VerifyDialog | None:
        chosen = self._selected()
        if chosen is None:
            return None
        return self._open(VerifyDialog(self.ctx, chosen, self))

    def _open(self, dialog: FormDialog) -> FormDialog:
        self.dialog = dialog
        dialog.accepted.connect(self.refresh)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def clear(self) -> None:
        self.loader.cancel()
        if self.dialog is not None:
            with contextlib.suppress(RuntimeError):  # already closed and deleted
                self.dialog.reject()
        self.model.clear()
