"""A case's referrals and the "New referral" flow: stage → service → receiving organisation."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSplitter, QVBoxLayout, QWidget

from casework.i18n import N_, _
from casework.model.enums import ServiceType
from casework.model.labels import label
from casework.services import directory, pathway_position, referrals, sharing
from casework.services.context import ServiceContext
from casework.services.pathway_position import PathwayPosition
from casework.services.referrals import (
    IncomingReferralInput,
    ReferralInput,
    ReferralQuery,
    ReferralRow,
)
from casework.ui.cases.tabs import CaseTab
from casework.ui.referrals.detail import ReferralDetailPanel
from casework.ui.retranslate import track_language
from casework.ui.service_call import call_service
from casework.ui.widgets.choices import load_choices
from casework.ui.widgets.combos import DataCombo, labels_of
from casework.ui.widgets.dates import date_edit, date_of, fmt_date
from casework.ui.widgets.forms import FormDialog, text_edit
from casework.ui.widgets.tables import (
    Column,
    RowsModel,
    cap_column,
    optional_columns,
    selected_row,
    table_view,
)


def referral_state_text(row: ReferralRow) -> str:
    state = label(row.state)
    return _("{state} — overdue").format(state=state) if row.overdue else state


class NewReferralDialog(FormDialog):
    """Pick the pathway stage, then the service (the stage's typical ones first), then an
    organisation offering it in the client's area."""

    def __init__(
        self,
        ctx: ServiceContext,
        case_id: int,
        country: str,
        position: PathwayPosition | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, N_("New referral"), ok_text=N_("Create referral"))
        self.ctx, self.case_id, self.country = ctx, case_id, country
        self.position = position
        self.new_id: int | None = None
        self._consent_asked = 0
        self.stage = DataCombo()
        stages = [(p.stage.name, p.stage.id) for p in position.stages] if position else []
        self.stage.set_choices([(_("(no stage)"), None), *stages], keep=False)
        if position is not None and position.current_stage_id is not None:
            self.stage.set_value(position.current_stage_id)
        self.add_field("stage_id", N_("Pathway stage"), self.stage)
        self.service = DataCombo()
        self.add_field("service_type", N_("Service"), self.service)
        self.org = DataCombo()
        self.add_field("to_org_id", N_("Receiving organisation"), self.org)
        self.org_hint = QLabel()
        self.org_hint.setObjectName("orgHint")
        self.org_hint.setWordWrap(True)
        self.form.addRow("", self.org_hint)
        self.consent_hint = QLabel()
        self.consent_hint.setObjectName("consentHint")
        self.consent_hint.setWordWrap(True)
        self.form.addRow("", self.consent_hint)
        self.org.currentIndexChanged.connect(self._show_consent)
        self.purpose = text_edit(3)
        self.add_field("purpose", N_("Purpose"), self.purpose)
        self.stage.currentIndexChanged.connect(self._load_services)
        self.service.currentIndexChanged.connect(self._load_organisations)
        self._load_services()
        self.finish()

    def _stage_services(self) -> frozenset[ServiceType]:
        if self.position is None:
            return frozenset()
        for p in self.position.stages:
            if p.stage.id == self.stage.value():
                return p.stage.service_types
        return frozenset()

    def _service_text(self, service: ServiceType, typical: frozenset[ServiceType]) -> str:
        if service in typical:
            return _("{service} (typical for this stage)").format(service=label(service))
        return label(service)

    def _load_services(self) -> None:
        typical = self._stage_services()
        ordered = [s for s in ServiceType if s in typical] + [
            s for s in ServiceType if s not in typical
        ]
        self.service.set_choices([(self._service_text(s, typical), s.value) for s in ordered])
        self._load_organisations()

    def _load_organisations(self) -> None:
        value = self.service.value()
        ctx, country = self.ctx, self.country

        def orgs() -> list[tuple[str, int]]:
            if not value:
                return []
            rows = directory.organisations_for_referral(ctx, ServiceType(value), country=country)
            return [(o.name, o.id) for o in rows]

        def shown() -> None:
            self.org_hint.setVisible(self.org.count() == 0)
            self._org_hint_text()
            self._show_consent()

        self.consent_hint.hide()  # said again for the organisation chosen once they are in
        load_choices(self, ctx, self.org, orgs, shown)

    def _org_hint_text(self) -> None:
        self.org_hint.setText(
            ""
            if self.org_hint.isHidden()
            else _("No organisation in the directory offers this service in the client's area.")
        )

    def _show_consent(self) -> None:
        """Say before sending whether the client's consent covers the chosen organisation."""
        org_id = self.org.value()
        self._consent_asked += 1
        asked = self._consent_asked
        if org_id is None or self.org.pending:
            self._consent_said(None, None)
            return
        ctx, case_id = self.ctx, self.case_id

        def said(scope: object) -> None:
            if asked == self._consent_asked:  # not an answer about an earlier choice
                self._consent_said(org_id, scope)

        def unknown(_exc: BaseException) -> None:  # informative only: sending checks again
            if asked == self._consent_asked:
                self._consent_said(None, None)

        work = partial(sharing.what_may_go, ctx, case_id, org_id)
        call_service(
            self.consent_hint, ctx, work, lambda r: said(r.kinds or None), unknown, single=False
        )

    def _consent_said(self, org_id: int | None, scope: object) -> None:
        if org_id is None:
            text, colour = "", ""
        elif scope is None:
            text = _(
                "No valid consent covers this organisation today: record the client's consent "
                "before sending."
            )
            colour = "color: #b3261e;"
        else:
            text = _("Consent on file covers: {scope}").format(
                scope=labels_of(scope) or _("(no scope)")
            )
            colour = "color: #1b5e20;"
        self.consent_hint.setText(text)
        self.consent_hint.setStyleSheet(colour)
        self.consent_hint.setVisible(bool(text))

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "consent_hint"):
            typical = self._stage_services()
            for i in range(self.service.count()):
                service = ServiceType(self.service.itemData(i))
                self.service.setItemText(i, self._service_text(service, typical))
            self.stage.setItemText(0, _("(no stage)"))
            self._org_hint_text()
            self._show_consent()

    def submit(self) -> Callable[[], object]:
        from casework.errors import ValidationError

        if self.org.value() is None:
            raise ValidationError(
                {"to_org_id": N_("Choose an active organisation from the directory.")}
            )
        return partial(
            referrals.create_referral,
            self.ctx,
            self.case_id,
            ReferralInput(
                service_type=ServiceType(self.service.value()),
                to_org_id=self.org.value(),
                stage_id=self.stage.value(),
                purpose=self.purpose.toPlainText(),
            ),
        )

    def submitted(self, result: object) -> None:
        self.new_id = result  # type: ignore[assignment]


class IncomingReferralDialog(FormDialog):
    """Record a referral a partner sent to this organisation about this client."""

    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Record an incoming referral"), ok_text=N_("Record referral"))
        self.ctx, self.case_id = ctx, case_id
        self.new_id: int | None = None
        self.org = DataCombo()

        def orgs() -> list[tuple[str, int]]:
            page = directory.list_organisations(ctx, directory.OrganisationQuery(limit=1000))
            return [(o.name, o.id) for o in page.rows]

        load_choices(self, ctx, self.org, orgs, head=[(N_("(choose)"), None)])
        self.add_field("from_org_id", N_("Referring organisation"), self.org)
        self.service = DataCombo()
        self.service.set_choices([(label(s), s.value) for s in ServiceType])
        self.add_field("service_type", N_("Service asked for"), self.service)
        self.received = date_edit(ctx.today())
        self.add_field("received_on", N_("Received on"), self.received)
        self.person = QLineEdit()
        self.add_field("on_behalf_of", N_("Referred by (person)"), self.person)
        self.purpose = text_edit(3)
        self.add_field("purpose", N_("Purpose"), self.purpose)
        self.finish()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "service"):
            for i in range(self.service.count()):
                self.service.setItemText(i, label(ServiceType(self.service.itemData(i))))
            if not self.org.pending:
                self.org.setItemText(0, _("(choose)"))

    def submit(self) -> Callable[[], object]:
        from casework.errors import ValidationError

        if self.org.value() is None:
            raise ValidationError({"from_org_id": N_("Choose the organisation that referred.")})
        return partial(
            referrals.record_incoming_referral,
            self.ctx,
            self.case_id,
            IncomingReferralInput(
                service_type=ServiceType(self.service.value()),
                from_org_id=self.org.value(),
                received_on=date_of(self.received),
                purpose=self.purpose.toPlainText(),
                on_behalf_of=self.person.text(),
            ),
        )

    def submitted(self, result: object) -> None:
        self.new_id = result  # type: ignore[assignment]


class CaseReferralsTab(CaseTab):
    open_case_requested = Signal(int)

    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case_id, parent)
        self.country = ""
        self.model: RowsModel[ReferralRow] = RowsModel(
            [
                Column(N_("State"), referral_state_text),
                Column(N_("Direction"), lambda r: label(r.direction)),
                Column(N_("Answer due"), lambda r: fmt_date(r.due_on)),
                Column(N_("Service"), lambda r: label(r.service_type)),
                Column(N_("Organisation"), lambda r: r.org_name, tooltip=lambda r: r.org_name),
                Column(N_("Stage"), lambda r: r.stage_name),
                Column(N_("Created"), lambda r: fmt_date(r.created_at.date())),
            ],
            self,
        )
        self.model.late = lambda r: r.overdue
        self.table = table_view(self.model, self.texts, N_("Referrals of this case"))
        self.table.setObjectName("caseReferralTable")
        optional_columns(self.table, (6, 5, 1))  # created, stage, direction: in the detail
        self.empty(
            self.table,
            N_("No referrals for this case yet."),
            N_("Choose New referral… to refer the client to a service."),
        )
        cap_column(self.table, 4, 24)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.detail = ReferralDetailPanel(ctx, self)
        self.detail.open_case.setVisible(False)
        self.detail.changed.connect(self._after_step)
        buttons = QHBoxLayout()
        buttons.addWidget(self.button(N_("New referral…"), "newReferral", self.new_referral))
        buttons.addWidget(
            self.button(
                N_("Record incoming referral…"), "recordIncomingReferral", self.record_incoming
            )
        )
        buttons.addStretch(1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(buttons)
        lv.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(splitter)
        track_language(self)

    def fetch(self) -> Callable[[], object]:
        ctx, query = self.ctx, ReferralQuery(case_id=self.case_id, limit=1000)
        return lambda: referrals.list_referrals(ctx, query).rows

    def show_loaded(self, data: object) -> None:
        current = self.detail.detail.id if self.detail.detail else None
        self.model.set_rows(data)  # type: ignore[arg-type]
        self.select(current)

    def select(self, referral_id: int | None) -> None:
        for i, row in enumerate(self.model.rows):
            if row.id == referral_id:
                self.table.selectRow(i)
                return
        self.detail.show_referral(None)

    def _selected(self) -> None:
        row = self.model.row_at(selected_row(self.table))
        if row is not None:
            self.detail.show_referral(row.id, self.country)
            self.detail.open_case.setVisible(False)

    def _after_step(self, referral_id: int) -> None:
        self.refresh()
        self.select(referral_id)
        self.changed.emit()

    def retranslate(self) -> None:
        super().retranslate()
        self.model.retranslate()

    def new_referral(self) -> NewReferralDialog | None:
        """Opened once the case's pathway stages are read (at once on a vault; off the
        window's thread on an office server, when None is returned)."""
        opened: list[NewReferralDialog] = []

        def open_with(position: object) -> None:
            dialog = NewReferralDialog(self.ctx, self.case_id, self.country, position, self)  # type: ignore[arg-type]
            dialog.accepted.connect(lambda: self._created(dialog.new_id))
            self.open_dialog(dialog)
            opened.append(dialog)

        ctx, case_id = self.ctx, self.case_id
        call_service(
            self, ctx, partial(pathway_position.pathway_position, ctx, case_id), open_with,
            lambda _exc: open_with(None),  # the dialog works without a pathway
        )  # fmt: skip
        return opened[0] if opened else None

    def record_incoming(self) -> IncomingReferralDialog:
        dialog = IncomingReferralDialog(self.ctx, self.case_id, self)
        dialog.accepted.connect(lambda: self._created(dialog.new_id))
        self.open_dialog(dialog)
        return dialog

    def _created(self, referral_id: int | None) -> None:
        self.refresh()
        self.select(referral_id)

    def clear(self) -> None:
        super().clear()
        self.detail.clear()
