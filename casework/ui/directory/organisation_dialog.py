"""The form for one organisation of the service directory: its details and the services it
offers (split from screen.py, the page itself)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from casework.i18n import N_, _
from casework.model.enums import OrgType, ServiceType, Subregion
from casework.model.labels import label
from casework.services import directory
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationDetail, OrganisationInput, ServiceOffer
from casework.ui.retranslate import track_language
from casework.ui.widgets.choices import load_part
from casework.ui.widgets.combos import CountryCombo, enum_combo
from casework.ui.widgets.forms import (
    FormDialog,
    line_edit,
    ltr_line_edit,
    text_edit,
)


class ServicesTable(QTableWidget):
    """One row per service type: a checkbox to offer it and the organisation's description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(ServiceType), 2, parent)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        for i, kind in enumerate(ServiceType):
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, kind.value)
            self.setItem(i, 0, item)
            self.setItem(i, 1, QTableWidgetItem(""))
        self.setMinimumHeight(self.verticalHeader().defaultSectionSize() * 6)
        self.retranslate()
        track_language(self)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_("Service"), _("Description")])
        for i, kind in enumerate(ServiceType):
            self.item(i, 0).setText(label(kind))
        self.resizeColumnToContents(0)

    def value(self) -> tuple[ServiceOffer, ...]:
        out = []
        for i, kind in enumerate(ServiceType):
            if self.item(i, 0).checkState() == Qt.CheckState.Checked:
                out.append(ServiceOffer(kind, self.item(i, 1).text().strip()))
        return tuple(out)

    def set_value(self, offers: tuple[ServiceOffer, ...]) -> None:
        by_kind = {o.service_type: o for o in offers}
        for i, kind in enumerate(ServiceType):
            offer = by_kind.get(kind)
            self.item(i, 0).setCheckState(
                Qt.CheckState.Checked if offer else Qt.CheckState.Unchecked
            )
            self.item(i, 1).setText(offer.description if offer else "")

    def check(self, kind: ServiceType, description: str = "") -> None:
        i = list(ServiceType).index(kind)
        self.item(i, 0).setCheckState(Qt.CheckState.Checked)
        self.item(i, 1).setText(description)


class OrganisationDialog(FormDialog):
    def __init__(
        self, ctx: ServiceContext, org_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, N_("Edit organisation") if org_id else N_("Add organisation"))
        self.ctx, self.org_id = ctx, org_id
        self.name = line_edit()
        self.add_field("name", N_("Name"), self.name)
        self.org_type = enum_combo(OrgType)
        self.add_field("org_type", N_("Type"), self.org_type)
        self.country = CountryCombo(empty_label=N_("(whole subregion or no area)"))
        self.add_field("country", N_("Country"), self.country)
        self.subregion = enum_combo(Subregion, optional=True)
        self.add_field("subregion", N_("Subregion (when no country)"), self.subregion)
        self.locality = line_edit()
        self.add_field("locality", N_("Locality"), self.locality)
        self.focal = line_edit()
        self.add_field("focal_person", N_("Focal person"), self.focal)
        self.pseudonymous = QCheckBox()
        self.texts.add(
            self.pseudonymous.setText,
            N_("Names and contacts are pseudonyms (the partner's involvement is kept quiet)"),
        )
        self.add_field("pseudonymous", N_("Pseudonymous"), self.pseudonymous)
        self.phone = ltr_line_edit()
        self.add_field("phone", N_("Phone"), self.phone)
        self.email = ltr_line_edit()
        self.add_field("email", N_("E-mail"), self.email)
        self.address = text_edit(2)
        self.add_field("address", N_("Address"), self.address)
        self.services = ServicesTable()
        self.add_field("services", N_("Services offered"), self.services)
        self.notes = text_edit(2)
        self.add_field("notes", N_("Notes"), self.notes)
        self.active = True
        if org_id is not None:
            # Read off the window's thread on an office server: the fields wait for it
            # (disabled, OK too), so nothing typed meanwhile is overwritten.
            others = [w for w in self.fields.values() if w is not self.name]
            for widget in others:
                widget.setEnabled(False)

            def shown(detail: OrganisationDetail) -> None:
                self._show(detail)
                for widget in others:
                    widget.setEnabled(True)

            read = partial(directory.get_organisation, ctx, org_id)
            load_part(self, ctx, self.name, read, shown)
        self.finish()
        self.resize(max(self.width(), 720), self.height())

    def _show(self, detail: OrganisationDetail) -> None:
        self.row_version = detail.row_version
        data = detail.data
        self.name.setText(data.name)
        self.org_type.set_value(data.org_type)
        self.country.set_value(data.country)
        self.subregion.set_value(data.subregion)
        self.locality.setText(data.locality)
        self.focal.setText(data.focal_person)
        self.pseudonymous.setChecked(data.pseudonymous)
        self.phone.setText(data.phone)
        self.email.setText(data.email)
        self.address.setPlainText(data.address)
        self.services.set_value(data.services)
        self.notes.setPlainText(data.notes)
        self.active = data.active

    def value(self) -> OrganisationInput:
        return OrganisationInput(
            name=self.name.text(),
            org_type=self.org_type.value(),
            country=self.country.value(),
            subregion=self.subregion.value(),
            locality=self.locality.text(),
            focal_person=self.focal.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            pseudonymous=self.pseudonymous.isChecked(),
            notes=self.notes.toPlainText(),
            active=self.active,
            services=self.services.value(),
        )

    def submit(self) -> Callable[[], object]:
        if self.org_id is None:
            return partial(directory.create_organisation, self.ctx, self.value())
        return partial(
            directory.update_organisation,
            self.ctx,
            self.org_id,
            self.value(),
            expected_version=self.row_version,
        )

    def submitted(self, result: object) -> None:
        if self.org_id is None:
            self.org_id = result  # type: ignore[assignment]
