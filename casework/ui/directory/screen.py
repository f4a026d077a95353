"""The service directory: organisations and community actors, their services and focal persons.

Everyone reads it (a caseworker needs it to refer); supervisors and administrators edit it.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import N_, _, country_name, format_number, isolate, ngettext
from casework.model.enums import OrgType, ServiceType, Subregion
from casework.model.labels import label
from casework.services import directory
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationPage, OrganisationQuery, OrganisationRow
from casework.services.permissions import Permission
from casework.ui.directory.organisation_dialog import OrganisationDialog
from casework.ui.paged_model import PagedTableModel
from casework.ui.retranslate import track_language
from casework.ui.screen import Screen
from casework.ui.service_call import call_service
from casework.ui.widgets.combos import filter_combo
from casework.ui.widgets.forms import (
    Texts,
    line_edit,
    named,
    show_problem,
)
from casework.ui.widgets.sorting import refuse_sort
from casework.ui.widgets.tables import (
    Index,
    empty_state,
    keep_place,
    refresh_empty_state,
    selected_row,
    table_view,
)

PAGE_SIZE = 200
COLUMNS: tuple[tuple[str, str | None], ...] = (
    (N_("Name"), "name"),
    (N_("Type"), "org_type"),
    (N_("Area"), "country"),
    (N_("Services"), None),
    (N_("Focal person"), None),
    (N_("Active"), None),
)


def area_text(row: OrganisationRow) -> str:
    parts = [row.locality, country_name(row.country)]
    if not row.country and row.subregion is not None:
        parts.append(label(row.subregion))
    return ", ".join(p for p in parts if p) or _("(any area)")


_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.UserRole + 1,  # OrganisationModel.IdRole
    )
)


def _texts(r: OrganisationRow) -> tuple[str, ...]:
    focal = r.focal_person
    if r.pseudonymous:
        focal = _("{name} (pseudonym)").format(name=isolate(focal)) if focal else _("(pseudonym)")
    return (
        r.name,
        label(r.org_type),
        area_text(r),
        ", ".join(label(s) for s in r.services),
        focal,
        _("Yes") if r.active else _("No"),
    )


class OrganisationModel(PagedTableModel[OrganisationRow]):
    """The directory page by page, filtered and sorted in SQL."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    page_size = PAGE_SIZE
    label_sorts = frozenset({"org_type", "country"})
    # The first page is read on the pool (PagedTableModel.background): the page shows at once
    # with "Loading…", and keeps its place and count once the rows are in.

    def __init__(self, ctx: ServiceContext, parent: QObject | None = None) -> None:
        super().__init__(ctx, OrganisationQuery(), parent)

    def fetch(self, query: OrganisationQuery) -> OrganisationPage:
        return directory.list_organisations(self.ctx, query)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        if COLUMNS[column][1] is None:
            self.sort_refused.emit(column)
            return
        self.sort_query(sort=COLUMNS[column][1], descending=order == Qt.SortOrder.DescendingOrder)

    def sort_column(self) -> int:
        return next(i for i, (_title, key) in enumerate(COLUMNS) if key == self.query.sort)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def cell_texts(self, row: int) -> tuple[str, ...]:
        """A row's texts as shown, for fitting the columns (widgets/column_widths.py) without
        asking `data` for every cell in every role."""
        return tuple(isolate(v) for v in self.texts(row, _texts))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Fitting and painting ask each cell for a dozen roles: the ones not shown end here.
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = self.texts(index.row(), _texts)
            return isolate(values[index.column()]) if 0 <= index.column() < len(values) else None
        if role == self.IdRole:
            return r.id
        if role == Qt.ItemDataRole.ForegroundRole and not r.active:
            return Qt.GlobalColor.gray
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section][0])
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1] is None:
            return _("This column cannot be sorted.")
        return None


class DirectoryScreen(Screen):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.texts = Texts()
        self.may_edit = ctx.actor.can(Permission.MANAGE_DIRECTORY)
        self.model = OrganisationModel(ctx, self)
        self.dialog: OrganisationDialog | None = None

        self.search = line_edit()
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.search.setObjectName("directorySearch")
        named(self.search, self.texts, N_("Search the directory"))
        self.texts.add(self.search.setPlaceholderText, N_("Search by name, place or person…"))
        self.org_type = filter_combo(OrgType, N_("(any type)"))
        self.org_type.setObjectName("filterOrgType")
        named(self.org_type, self.texts, N_("Type"))
        self.service = filter_combo(ServiceType, N_("(any service)"))
        self.service.setObjectName("filterService")
        named(self.service, self.texts, N_("Service"))
        self.subregion = filter_combo(Subregion, N_("(any area)"))
        self.subregion.setObjectName("filterArea")
        named(self.subregion, self.texts, N_("Area"))
        self.inactive = QCheckBox()
        self.inactive.setObjectName("showInactive")
        self.texts.add(self.inactive.setText, N_("Show inactive"))
        self.count = QLabel()
        self.count.setObjectName("directoryCount")

        self.table = table_view(self.model, self.texts, N_("Organisations and community actors"))
        self.table.setObjectName("directoryTable")
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.model.sort_refused.connect(
            lambda column: refuse_sort(
                self.table,
                self.model.sort_column(),
                self.model.query.descending,
                COLUMNS[column][0],
                self.status_message,
            )
        )
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        empty_state(self.table, self._empty_text)

        self.add_button = self._button(N_("Add…"), "addOrganisation", self.add)
        self.edit_button = self._button(N_("Edit…"), "editOrganisation", self.edit)
        self.active_button = self._button(N_("Deactivate"), "toggleOrganisation", self.toggle)
        self.read_only_note = QLabel()
        self.texts.add(
            self.read_only_note.setText,
            N_("Supervisors and administrators keep the directory up to date."),
        )
        self.read_only_note.setVisible(not self.may_edit)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.org_type, 1)
        filters.addWidget(self.service, 1)
        filters.addWidget(self.subregion, 1)
        filters.addWidget(self.inactive)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.active_button)
        buttons.addWidget(self.read_only_note)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._apply)
        self.search.textChanged.connect(self._timer.start)
        for combo in (self.org_type, self.service, self.subregion):
            combo.currentIndexChanged.connect(self._apply)
        self.inactive.toggled.connect(self._apply)
        track_language(self)
        self._apply()

    def _button(self, msgid: str, name: str, slot: Any) -> QPushButton:
        b = QPushButton()
        b.setObjectName(name)
        self.texts.add(b.setText, msgid)
        b.clicked.connect(slot)
        b.setVisible(self.may_edit)
        return b

    def title(self) -> str:
        return _("Service directory")

    def retranslate(self) -> None:
        self.texts.apply()
        self.model.retranslate()
        self._show_count()
        self._update_buttons()

    def _apply(self) -> None:
        self._timer.stop()
        try:
            self.model.set_query(
                text=self.search.text(),
                org_type=self.org_type.value(),
                service=self.service.value(),
                subregion=self.subregion.value(),
                include_inactive=self.inactive.isChecked(),
            )
        except Exception as exc:  # noqa: BLE001
            show_problem(self, exc)
        refresh_empty_state(self.table)  # "Loading…" until the rows are in
        self._show_count()
        self.model.after_load(self._loaded)

    def _loaded(self) -> None:
        refresh_empty_state(self.table)
        self._show_count()
        self._update_buttons()

    def _show_count(self) -> None:
        if self.model.loading and not self.model.loaded:
            self.count.setText(_("Loading…"))
            return
        n = self.model.total
        self.count.setText(
            ngettext("{count} entry", "{count} entries", n).format(count=format_number(n))
        )

    watches = frozenset({"organisation", "pathway"})

    def _empty_text(self) -> str:
        if self.model.loading:
            return _("Loading…")
        text = self.search.text().strip()
        if text:
            return _(
                "No organisation matches “{text}”. Check the spelling or clear a filter."
            ).format(text=text)
        combos = (self.org_type, self.service, self.subregion)
        if any(c.currentIndex() > 0 for c in combos):
            return _(
                "No organisation matches these filters. Set a filter back to “any” to see more."
            )
        if self.may_edit:
            return _("The directory is empty. Choose Add… to record a partner organisation.")
        return _("The directory is empty. Supervisors and administrators add the organisations.")

    def refresh(self) -> None:
        place = keep_place(self.table)
        place.__enter__()  # the selection and scroll position, put back once the rows are in
        self._apply()
        self.model.after_load(lambda: place.__exit__(None, None, None))

    def _selected(self) -> OrganisationRow | None:
        return self.model.row_at(selected_row(self.table))

    def _update_buttons(self) -> None:
        row = self._selected()
        self.edit_button.setEnabled(row is not None)
        self.active_button.setEnabled(row is not None)
        self.active_button.setText(
            _("Reactivate") if row is not None and not row.active else _("Deactivate")
        )

    def add(self) -> OrganisationDialog:
        return self._open(OrganisationDialog(self.ctx, None, self))

    def edit(self) -> OrganisationDialog | None:
        row = self._selected()
        if row is None or not self.may_edit:
            return None
        return self._open(OrganisationDialog(self.ctx, row.id, self))

    def _open(self, dialog: OrganisationDialog) -> OrganisationDialog:
        self.dialog = dialog
        dialog.accepted.connect(self._apply)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: OrganisationDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def toggle(self) -> None:
        row = self._selected()
        if row is None:
            return

        def failed(exc: BaseException) -> None:
            show_problem(self, exc)
            self._apply()

        work = partial(directory.set_organisation_active, self.ctx, row.id, not row.active)
        call_service(self, self.ctx, work, lambda _r: self._apply(), failed)

    def clear(self) -> None:
        self.model.clear()
