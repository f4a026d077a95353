"""Referral pathways: the list of pathways and the ordered stages of the chosen one, each with
the actor types, services and expected response days it usually involves."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import N_, _, current_language, ngettext
from casework.model.enums import OrgType, ServiceType, Subregion
from casework.services import pathways
from casework.services.context import ServiceContext
from casework.services.pathways import PathwayDetail, PathwayInput, StageInput, StageRow
from casework.services.permissions import Permission
from casework.ui.background import LatestLoad
from casework.ui.retranslate import track_language
from casework.ui.screen import Screen
from casework.ui.service_call import call_service
from casework.ui.widgets.combos import CountryCombo, EnumChecks, enum_combo, labels_of
from casework.ui.widgets.flow import flow
from casework.ui.widgets.forms import FormDialog, Texts, line_edit, named, show_problem, text_edit
from casework.ui.widgets.tables import (
    Column,
    RowsModel,
    cap_column,
    optional_columns,
    selected_row,
    table_view,
)


class PathwayDialog(FormDialog):
    def __init__(
        self, ctx: ServiceContext, pathway: PathwayDetail | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, N_("Edit pathway") if pathway else N_("New pathway"))
        self.ctx, self.pathway = ctx, pathway
        self.with_defaults = False
        self.new_id: int | None = None
        self.name = line_edit()
        self.add_field("name", N_("Name"), self.name)
        self.country = CountryCombo(empty_label=N_("(whole subregion or general)"))
        self.add_field("country", N_("Country"), self.country)
        self.subregion = enum_combo(Subregion, optional=True)
        self.add_field("subregion", N_("Subregion (when no country)"), self.subregion)
        self.description = text_edit(3)
        self.add_field("description", N_("Description"), self.description)
        if pathway is not None:
            self.row_version = pathway.row_version
            self.name.setText(pathway.data.name)
            self.country.set_value(pathway.data.country)
            self.subregion.set_value(pathway.data.subregion)
            self.description.setPlainText(pathway.data.description)
        self.finish()

    def submit(self) -> Callable[[], object]:
        data = PathwayInput(
            name=self.name.text(),
            country=self.country.value(),
            subregion=self.subregion.value(),
            description=self.description.toPlainText(),
            active=self.pathway.data.active if self.pathway else True,
        )
        ctx = self.ctx
        if self.pathway is not None:
            return partial(
                pathways.update_pathway,
                ctx,
                self.pathway.id,
                data,
                expected_version=self.row_version,
            )
        if not self.with_defaults:
            return partial(pathways.create_pathway, ctx, data)
        # The default stages are named in the language the user works in (stage names are
        # data, not interface text).
        lang = current_language()

        def create() -> int:
            new_id = pathways.create_default_pathway(
                ctx, data.name, country=data.country, subregion=data.subregion, lang=lang
            )
            if data.description.strip():
                pathways.update_pathway(ctx, new_id, data)
            return new_id

        return create

    def submitted(self, result: object) -> None:
        if self.pathway is None:
            self.new_id = result  # type: ignore[assignment]


class StageDialog(FormDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        pathway_id: int,
        stage: StageRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, N_("Edit stage") if stage else N_("Add stage"))
        self.ctx, self.pathway_id, self.stage = ctx, pathway_id, stage
        self.name = line_edit()
        self.add_field("name", N_("Stage name"), self.name)
        self.sending = EnumChecks(OrgType, columns=3)
        self.add_field("sending_types", N_("Usually sent by"), self.sending)
        self.receiving = EnumChecks(OrgType, columns=3)
        self.add_field("receiving_types", N_("Usually received by"), self.receiving)
        self.services = EnumChecks(ServiceType, columns=3)
        self.add_field("service_types", N_("Typical services"), self.services)
        self.days = QSpinBox()
        self.days.setRange(1, 730)
        self.days.setValue(14)
        self.add_field("expected_days", N_("Expected response (days)"), self.days)
        if stage is not None:
            self.row_version = stage.row_version
            self.name.setText(stage.name)
            self.sending.set_value(stage.sending_types)
            self.receiving.set_value(stage.receiving_types)
            self.services.set_value(stage.service_types)
            self.days.setValue(stage.expected_days)
        self.finish()

    def submit(self) -> Callable[[], object]:
        data = StageInput(
            name=self.name.text(),
            sending_types=self.sending.value(),
            receiving_types=self.receiving.value(),
            service_types=self.services.value(),
            expected_days=self.days.value(),
        )
        if self.stage is None:
            return partial(pathways.add_stage, self.ctx, self.pathway_id, data)
        return partial(
            pathways.update_stage, self.ctx, self.stage.id, data, expected_version=self.row_version
        )


class PathwaysScreen(Screen):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.texts = Texts()
        self.may_edit = ctx.actor.can(Permission.MANAGE_DIRECTORY)
        self.pathway: PathwayDetail | None = None
        self.dialog: FormDialog | None = None
        # Pathways and the chosen one's stages are read on the pool: the page shows at once.
        self.loader = LatestLoad(self, lambda exc: show_problem(self, exc))

        self.list = QListWidget()
        self.list.setObjectName("pathwayList")
        self.list.setWordWrap(True)  # long pathway names wrap rather than being cut
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setMinimumWidth(self.fontMetrics().averageCharWidth() * 22)
        named(self.list, self.texts, N_("Pathways"))
        self.list.currentItemChanged.connect(lambda *_: self._load_current())
        self.stages: RowsModel[StageRow] = RowsModel(
            [
                Column(N_("Order"), lambda s: s.position),
                Column(N_("Stage"), lambda s: s.name),
                # Short titles: six columns share 1024 pixels in French too.
                Column(
                    N_("Usual sender"),
                    lambda s: labels_of(s.sending_types),
                    tooltip=lambda s: labels_of(s.sending_types),
                ),
                Column(
                    N_("Usual receiver"),
                    lambda s: labels_of(s.receiving_types),
                    tooltip=lambda s: labels_of(s.receiving_types),
                ),
                Column(
                    N_("Typical services"),
                    lambda s: labels_of(s.service_types),
                    tooltip=lambda s: labels_of(s.service_types),
                ),
                Column(
                    N_("Answer within"),
                    lambda s: ngettext("{count} day", "{count} days", s.expected_days).format(
                        count=s.expected_days
                    ),
                ),
            ],
            self,
        )
        self.table = table_view(self.stages, self.texts, N_("Stages in order"))
        optional_columns(self.table, (0,))  # the order is the rows' order
        self.table.setObjectName("stageTable")
        for column in (2, 3, 4):  # long lists of types: elided, whole in the tooltip
            cap_column(self.table, column, 26)
        self.table.doubleClicked.connect(lambda _i: self.edit_stage())
        self.heading = QLabel()
        self.heading.setObjectName("pathwayHeading")
        self.heading.setWordWrap(True)

        self.b_new = self._button(N_("New pathway…"), "newPathway", self.new_pathway)
        self.b_defaults = self._button(
            N_("New pathway with default stages…"), "newDefaultPathway", self.new_default_pathway
        )
        self.b_edit_pathway = self._button(N_("Edit pathway…"), "editPathway", self.edit_pathway)
        self.b_add = self._button(N_("Add stage…"), "addStage", self.add_stage)
        self.b_edit = self._button(N_("Edit stage…"), "editStage", self.edit_stage)
        self.b_remove = self._button(N_("Remove stage"), "removeStage", self.remove_stage)
        self.b_up = self._button(N_("Move up"), "moveStageUp", lambda: self.move(-1))
        self.b_down = self._button(N_("Move down"), "moveStageDown", lambda: self.move(1))
        self.read_only_note = QLabel()
        self.read_only_note.setWordWrap(True)
        self.texts.add(
            self.read_only_note.setText,
            N_("Supervisors and administrators keep the pathways up to date."),
        )
        self.read_only_note.setVisible(not self.may_edit)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.list, 1)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        # Rows of buttons wrap: the list keeps its width and the page fits 1024 pixels.
        rv.addLayout(flow(self.b_new, self.b_defaults, self.b_edit_pathway))
        rv.addWidget(self.heading)
        rv.addWidget(self.table, 1)
        rv.addLayout(flow(self.b_add, self.b_edit, self.b_remove, self.b_up, self.b_down))
        rv.addWidget(self.read_only_note)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        chars = self.fontMetrics().averageCharWidth()
        splitter.setSizes([chars * 32, chars * 100])
        QVBoxLayout(self).addWidget(splitter)
        track_language(self)
        self.refresh()

    def _button(self, msgid: str, name: str, slot: Any) -> QPushButton:
        b = QPushButton()
        b.setObjectName(name)
        self.texts.add(b.setText, msgid)
        b.clicked.connect(slot)
        b.setVisible(self.may_edit)
        return b

    def title(self) -> str:
        return _("Pathways")

    def retranslate(self) -> None:
        self.texts.apply()
        self.stages.retranslate()
        self._fill_heading()

    watches = frozenset({"organisation", "pathway"})

    def refresh(self, select: int | None = None) -> None:
        """Read the pathways and the chosen one (`select`, else the one shown, else the
        first) on the pool."""
        ctx, current = self.ctx, select or (self.pathway.id if self.pathway else None)

        def read() -> tuple[list[Any], PathwayDetail | None]:
            rows = pathways.list_pathways(ctx, include_inactive=True)
            ids = [row.id for row in rows]
            chosen = current if current in ids else (ids[0] if ids else None)
            return rows, pathways.get_pathway(ctx, chosen) if chosen is not None else None

        self.loader.start(read, self._show_list)
        self._fill_heading()

    def _show_list(self, loaded: tuple[list[Any], PathwayDetail | None]) -> None:
        rows, pathway = loaded
        self.list.blockSignals(True)
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(row.name)
            item.setToolTip(row.name)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
            if pathway is not None and row.id == pathway.id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._show_pathway(pathway)

    def _load_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self._show_pathway(None)
            return
        ctx, pathway_id = self.ctx, item.data(Qt.ItemDataRole.UserRole)
        self.loader.start(lambda: pathways.get_pathway(ctx, pathway_id), self._show_pathway)
        self._fill_heading()

    def _show_pathway(self, pathway: PathwayDetail | None) -> None:
        self.pathway = pathway
        self.stages.set_rows(self.pathway.stages if self.pathway else [])
        self._fill_heading()
        self.b_edit_pathway.setEnabled(self.pathway is not None)
        for b in (self.b_add, self.b_edit, self.b_remove, self.b_up, self.b_down):
            b.setEnabled(self.pathway is not None)

    def _fill_heading(self) -> None:
        if self.pathway is None:
            self.heading.setText(_("Loading…") if self.loader.loading else _("No pathway yet."))
            return
        self.heading.setText(f"<b>{self.pathway.data.name}</b>")

    def _selected_stage(self) -> StageRow | None:
        return self.stages.row_at(selected_row(self.table))

    def _open(self, dialog: FormDialog) -> FormDialog:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.refresh(getattr(dialog, "new_id", None)))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def new_pathway(self) -> FormDialog:
        return self._open(PathwayDialog(self.ctx, None, self))

    def new_default_pathway(self) -> FormDialog:
        dialog = PathwayDialog(self.ctx, None, self)
        dialog.with_defaults = True
        return self._open(dialog)

    def edit_pathway(self) -> FormDialog | None:
        if self.pathway is None:
            return None
        return self._open(PathwayDialog(self.ctx, self.pathway, self))

    def add_stage(self) -> FormDialog | None:
        if self.pathway is None:
            return None
        return self._open(StageDialog(self.ctx, self.pathway.id, None, self))

    def edit_stage(self) -> FormDialog | None:
        stage = self._selected_stage()
        if self.pathway is None or stage is None or not self.may_edit:
            return None
        return self._open(StageDialog(self.ctx, self.pathway.id, stage, self))

    def remove_stage(self) -> None:
        stage = self._selected_stage()
        if stage is None:
            return
        self._step(partial(pathways.remove_stage, self.ctx, stage.id))

    def move(self, step: int) -> None:
        """Move the chosen stage up (-1) or down (+1) and keep it chosen."""
        stage = self._selected_stage()
        if self.pathway is None or stage is None:
            return
        ids = [s.id for s in self.pathway.stages]
        i = ids.index(stage.id)
        j = i + step
        if not 0 <= j < len(ids):
            return
        ids[i], ids[j] = ids[j], ids[i]
        self._step(partial(pathways.reorder_stages, self.ctx, self.pathway.id, ids), row=j)

    def _step(self, work: Callable[[], object], row: int | None = None) -> None:
        """A change to the pathway's stages (off the UI thread on an office server); then
        the pathway again, the stage `row` chosen."""

        def then(_result: object = None) -> None:
            self.refresh()
            if row is not None:
                self.loader.after(lambda: self.table.selectRow(row))

        call_service(self, self.ctx, work, then, lambda exc: (show_problem(self, exc), then()))

    def clear(self) -> None:
        self.loader.cancel()
        self.stages.clear()
        self.list.clear()
        self.pathway = None
