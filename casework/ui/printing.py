"""Print actions the screens call: choose the document's language, build it in the background,
preview it. The document language is chosen per print, whatever the interface's language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QWidget,
)

from casework.i18n import LANGUAGES, _, current_language
from casework.services import documents
from casework.services.context import ServiceContext
from casework.ui.background import run_in_background
from casework.ui.preview import PreviewDialog
from casework.ui.widgets.lock import LockButton


class PrintOptionsDialog(QDialog):
    """The document's language and, for those who may see it, whether to print the legal name."""

    def __init__(
        self, parent: QWidget | None, *, offer_legal_name: bool, restricted_label: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printOptionsDialog")
        self.setWindowTitle(_("Print"))
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language of the document"))
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        # Unticked by default: restricted details leave the vault only when someone asks.
        self.legal_name = QCheckBox(restricted_label or _("Print the client's legal name"))
        self.legal_name.setVisible(offer_legal_name)
        form = QFormLayout(self)
        form.addRow(_("Language of the document"), self.language)
        form.addRow("", self.legal_name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        LockButton(buttons)
        form.addRow(buttons)

    def lang(self) -> str:
        return str(self.language.currentData())


def _preview(
    parent: QWidget | None,
    ctx: ServiceContext,
    build: Callable[[str, bool], documents.Document],
    title: str,
    case_id: int | None,
    offer_legal_name: bool,
    restricted_label: str = "",
) -> None:
    options = PrintOptionsDialog(
        parent, offer_legal_name=offer_legal_name, restricted_label=restricted_label
    )
    if options.exec() != QDialog.DialogCode.Accepted:
        return
    lang, legal = options.lang(), options.legal_name.isChecked()

    def show(doc: documents.Document) -> None:
        def saved(_path: object) -> None:
            """The save is audited off the window's thread on an office server."""
            from casework.ui.errors import show_error
            from casework.ui.service_call import call_service

            work = partial(documents.record_unencrypted_save, ctx, doc.kind, case_id)
            failed = lambda exc: show_error(dialog, exc)  # noqa: E731
            call_service(dialog, ctx, work, lambda _result: None, failed, single=False)

        dialog = PreviewDialog(doc.pdf, title, doc.suggested_name, saved, parent)
        dialog.setModal(True)
        dialog.show()

    run_in_background(parent, lambda _report: build(lang, legal), show)


def print_plan(
    parent: QWidget | None,
    ctx: ServiceContext,
    case_id: int,
    version: int | None = None,
    *,
    may_see_restricted: bool = False,
) -> None:
    _preview(
        parent,
        ctx,
        lambda lang, legal: documents.plan_document(
            ctx, case_id, lang, version=version, include_legal_name=legal
        ),
        _("Reintegration plan"),
        case_id,
        may_see_restricted,
    )


def print_case_summary(
    parent: QWidget | None, ctx: ServiceContext, case_id: int, *, may_see_restricted: bool = False
) -> None:
    _preview(
        parent,
        ctx,
        lambda lang, legal: documents.case_summary_document(
            ctx, case_id, lang, include_legal_name=legal
        ),
        _("Case summary"),
        case_id,
        may_see_restricted,
    )


def print_referral(
    parent: QWidget | None,
    ctx: ServiceContext,
    referral_id: int,
    *,
    may_see_restricted: bool = False,
) -> None:
    _preview(
        parent,
        ctx,
        lambda lang, restricted: documents.referral_document(
            ctx, referral_id, lang, include_restricted=restricted
        ),
        _("Referral form"),
        None,
        may_see_restricted,
        _(
            "Include the identity and contact details that the client's consent to this "
            "organisation covers"
        ),
    )


def print_certificate(parent: QWidget | None, ctx: ServiceContext, case_id: int) -> None:
    """The anonymisation certificate of a case, in the language chosen for it."""
    from casework.services import certificates

    _preview(
        parent,
        ctx,
        lambda lang, _legal: certificates.anonymisation_certificate(ctx, case_id, lang),
        _("Anonymisation certificate"),
        case_id,
        False,
    )
