"""The Consents tab: consents given or refused, per purpose and recipient, and withdrawals.

What may go to an organisation is decided from these by casework.services.sharing.what_may_go.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from casework.errors import ValidationError
from casework.i18n import N_, _
from casework.model.enums import ConsentMethod, ConsentPurpose, InfoScope
from casework.model.labels import label
from casework.services import consents, directory
from casework.services.consents import ConsentInput, ConsentRow
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationQuery
from casework.ui.cases.tabs import CaseTab
from casework.ui.retranslate import track_language
from casework.ui.widgets.choices import load_choices
from casework.ui.widgets.combos import DataCombo, EnumChecks, choice_combo, enum_combo, labels_of
from casework.ui.widgets.dates import OptionalDate, date_edit, date_of, fmt_date
from casework.ui.widgets.forms import FormDialog, line_edit, text_edit
from casework.ui.widgets.tables import (
    Column,
    RowsModel,
    cap_column,
    optional_columns,
    selected_row,
    table_view,
)

# --- consents ------------------------------------------------------------------------------------


def _recipient(row: ConsentRow) -> str:
    return row.recipient_name or _("All organisations (general consent)")


def _scope(row: ConsentRow) -> str:
    return labels_of(row.scope)


def _consent_state(row: ConsentRow) -> str:
    if row.refused:
        return _("Refused by the client")
    if row.withdrawn_on:
        return _("Withdrawn by the client")
    return _("Valid") if row.valid_today else _("Not valid today")


GENERAL_CONSENT = 0  # the recipient choice "All organisations" (no organisation id)


class ConsentDialog(FormDialog):
    """Nothing is pre-chosen: the broadest consent (information sharing with every
    organisation) must be an explicit choice, never a default left in place."""

    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Record consent"), ok_text=N_("Record consent"))
        self.ctx, self.case_id = ctx, case_id
        self.purpose = choice_combo(ConsentPurpose)
        self.add_field("purpose", N_("Purpose"), self.purpose)
        self.recipient = DataCombo()

        def orgs() -> list[tuple[str, int]]:
            rows = directory.list_organisations(ctx, OrganisationQuery(limit=1000)).rows
            return [(o.name, o.id) for o in rows]

        head = [
            (N_("(choose)"), None),
            (N_("All organisations (general consent)"), GENERAL_CONSENT),
        ]
        load_choices(self, ctx, self.recipient, orgs, head=head)
        self.add_field("recipient_org_id", N_("Recipient organisation"), self.recipient)
        self.scope = EnumChecks(InfoScope)
        self.add_field("scope", N_("Information that may be shared"), self.scope)
        self.given = date_edit(ctx.today())
        self.add_field("given_on", N_("Given on"), self.given)
        self.expires = OptionalDate()
        self.add_field("expires_on", N_("Expires on"), self.expires)
        self.method = enum_combo(ConsentMethod)
        self.add_field("method", N_("How it was recorded"), self.method)
        self.witness = line_edit()
        self.add_field("witness", N_("Witness"), self.witness)
        self.guardian = line_edit()
        self.add_field("guardian", N_("Guardian (for a minor)"), self.guardian)
        self.refused = QCheckBox()
        self.texts.add(
            self.refused.setText,
            N_(
                "The client refused (a refusal for an organisation blocks sharing with it, even "
                "where a general consent stands)"
            ),
        )
        self.add_field("refused", N_("Decision"), self.refused)
        self.notes = text_edit(2)
        self.add_field("notes", N_("Notes"), self.notes)
        self.finish()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "recipient") and not self.recipient.pending:
            self.recipient.setItemText(0, _("(choose)"))
            self.recipient.setItemText(1, _("All organisations (general consent)"))

    def submit(self) -> Callable[[], object]:
        missing = {}
        if self.purpose.value() is None:
            missing["purpose"] = N_("Choose what the client consents to.")
        if self.recipient.value() is None:
            missing["recipient_org_id"] = N_(
                "Choose the organisation, or all organisations for a general consent."
            )
        if missing:
            raise ValidationError(missing)
        recipient = self.recipient.value()
        return partial(
            consents.record_consent,
            self.ctx,
            self.case_id,
            ConsentInput(
                purpose=self.purpose.value(),
                given_on=date_of(self.given),
                method=self.method.value(),
                scope=self.scope.value(),
                recipient_org_id=None if recipient == GENERAL_CONSENT else recipient,
                witness=self.witness.text(),
                guardian=self.guardian.text(),
                expires_on=self.expires.value(),
                notes=self.notes.toPlainText(),
                refused=self.refused.isChecked(),
            ),
        )


class WithdrawConsentDialog(FormDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        consent_id: int,
        parent: QWidget | None = None,
        row_version: int | None = None,
    ):
        super().__init__(parent, N_("Withdraw consent"), ok_text=N_("Withdraw consent"))
        self.ctx, self.consent_id, self.row_version = ctx, consent_id, row_version
        self.day = date_edit(ctx.today())
        self.add_field("withdrawn_on", N_("Withdrawn on"), self.day)
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(
            consents.withdraw_consent,
            self.ctx,
            self.consent_id,
            date_of(self.day),
            expected_version=self.row_version,
        )


class ConsentsTab(CaseTab):
    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case_id, parent)
        self.model: RowsModel[ConsentRow] = RowsModel(
            [
                Column(N_("Purpose"), lambda r: label(r.purpose)),
                Column(N_("State"), _consent_state),
                Column(N_("Expires on"), lambda r: fmt_date(r.expires_on)),
                Column(N_("Recipient"), _recipient, tooltip=_recipient),
                Column(
                    N_("Scope"), lambda r: labels_of(r.scope), tooltip=lambda r: labels_of(r.scope)
                ),
                Column(N_("Given on"), lambda r: fmt_date(r.given_on)),
                Column(N_("Withdrawn on"), lambda r: fmt_date(r.withdrawn_on)),
                Column(N_("Method"), lambda r: label(r.method)),
            ],
            self,
        )
        self.model.late = lambda r: not r.valid_today
        self.table = table_view(self.model, self.texts, N_("Consents"))
        self.table.setObjectName("consentTable")
        optional_columns(self.table, (6, 5))  # withdrawn on, given on
        self.empty(
            self.table,
            N_("No consent recorded yet: no information may be shared about this client."),
            N_("Choose Record consent… once the client has decided."),
        )
        cap_column(self.table, 3, 30)
        cap_column(self.table, 4, 30)
        buttons = QHBoxLayout()
        buttons.addWidget(self.button(N_("Record consent…"), "recordConsent", self.record))
        buttons.addWidget(self.button(N_("Withdraw…"), "withdrawConsent", self.withdraw))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        track_language(self)

    def fetch(self) -> Callable[[], object]:
        ctx, case_id = self.ctx, self.case_id
        return lambda: consents.list_consents(ctx, case_id)

    def show_loaded(self, data: object) -> None:
        self.model.set_rows(data)  # type: ignore[arg-type]

    def retranslate(self) -> None:
        super().retranslate()
        self.model.retranslate()

    def record(self) -> None:
        self.open_dialog(ConsentDialog(self.ctx, self.case_id, self))

    def withdraw(self) -> None:
        row = self.model.row_at(selected_row(self.table))
        if row is not None:
            self.open_dialog(WithdrawConsentDialog(self.ctx, row.id, self, row.row_version))


# --- risk and protective factors -----------------------------------------------------------------
