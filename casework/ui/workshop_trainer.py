"""The trainer's tools in a workshop session: confirming a reset (and choosing the language of
the fictional data it brings back), printing the exercises, and "What participants did".

Opened from the main window's menus in workshop vaults only.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casework.errors import CaseworkError
from casework.i18n import LANGUAGES, _, current_language, format_datetime, translator
from casework.model.enums import Role
from casework.ui.retranslate import track_language
from casework.ui.service_call import call_service

if TYPE_CHECKING:
    from collections.abc import Callable

    from casework.services.context import ServiceContext
    from casework.workshop.activity import Activity


def confirm_reset(
    parent: QWidget, data_language: str, on_confirmed: Callable[[str], None]
) -> QMessageBox:
    """Ask before throwing away the session's changes; the trainer also chooses the language
    of the fictional data (the session's language first). `on_confirmed(language)` on yes."""
    box = QMessageBox(parent)
    box.setObjectName("confirmWorkshopReset")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Reset workshop"))
    box.setText(_("Reset the workshop to its fictional data as it was made?"))
    box.setInformativeText(
        _(
            "Every change made during the session is lost, for every training account, "
            "and changed passwords go back to the published ones. The vault is closed "
            "and the login window comes back."
        )
    )
    row = QWidget(box)
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    label = QLabel(_("Language of the fictional data:"), row)
    combo = QComboBox(row)
    combo.setObjectName("workshopDataLanguage")
    for code, name in LANGUAGES.items():
        combo.addItem(name, code)
    combo.setCurrentIndex(max(combo.findData(current_language()), 0))
    label.setBuddy(combo)
    line.addWidget(label)
    line.addWidget(combo, 1)
    note = QLabel(row)
    note.setWordWrap(True)

    def explain() -> None:
        other = combo.currentData() != data_language
        note.setText(
            _("The fictional data is made again in this language (about a minute at most).")
            if other
            else ""
        )
        note.setVisible(other)

    combo.currentIndexChanged.connect(explain)
    explain()
    _insert_above_buttons(box, [row, note])
    box.language_combo = combo  # type: ignore[attr-defined]
    reset = box.addButton(_("&Reset workshop"), QMessageBox.ButtonRole.DestructiveRole)
    reset.setObjectName("confirmWorkshopResetButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def answered(button: object) -> None:
        if button is reset:
            on_confirmed(str(combo.currentData()))

    box.buttonClicked.connect(answered)
    box.open()
    return box


def _insert_above_buttons(box: QMessageBox, widgets: list[QWidget]) -> None:
    """Put widgets between a message box's text and its buttons."""
    grid = box.layout()
    buttons = box.findChild(QDialogButtonBox)
    if not isinstance(grid, QGridLayout) or buttons is None:
        for widget in widgets:
            box.layout().addWidget(widget)
        return
    row, _column, _rows, columns = grid.getItemPosition(grid.indexOf(buttons))
    grid.removeWidget(buttons)
    for offset, widget in enumerate(widgets):
        grid.addWidget(widget, row + offset, 1, 1, max(columns - 1, 1))
    grid.addWidget(buttons, row + len(widgets), 0, 1, grid.columnCount())


def activity_rows(
    activities: list[Activity], lang: str | None = None
) -> list[tuple[str, str, str, str]]:
    """(account, when, what, record) in `lang`, for the view and the PDF."""
    from casework.ui.admin.audit_labels import ACTIONS, RECORDS

    lang = lang or current_language()
    tr = translator(lang)
    out = []
    for a in activities:
        what = tr.gettext(ACTIONS[a.action]) if a.action in ACTIONS else a.action
        record = ""
        if a.entity:
            name = tr.gettext(RECORDS[a.entity]) if a.entity in RECORDS else a.entity
            if a.entity == "case" and a.reference:
                record = a.reference
            elif a.reference:
                record = f"{name} · {a.reference}"
            else:
                record = name
        when = format_datetime(_local(a.at), "short", lang)
        out.append((a.account, when, what, record))
    return out


def _local(value: dt.datetime) -> dt.datetime:
    return value.astimezone() if value.tzinfo is not None else value


class ParticipantsDialog(QDialog):
    """ "What participants did": the trainer's view of the session's activity, per account,
    to discuss on screen, and as a PDF."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("participantsDialog")
        self.activities: list[Activity] = []
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("participantsTree")
        self.tree.setColumnCount(3)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.refresh_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.refresh_button.setObjectName("participantsRefresh")
        self.refresh_button.clicked.connect(self.reload)
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("participantsExport")
        self.export_button.clicked.connect(self.export_pdf)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        from casework.ui.workshop_exercises import fit_to_screen

        fit_to_screen(self, 100, 30)
        track_language(self)
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(_("What participants did"))
        self.intro.setText(
            _(
                "Everything done in the workshop vault since it was made or last reset, per "
                "account. The fictional history is not listed."
            )
        )
        self.tree.setHeaderLabels([_("When"), _("What"), _("Record")])
        self.tree.setAccessibleName(_("What participants did"))
        self.refresh_button.setText(_("&Refresh"))
        self.export_button.setText(_("&Export as PDF…"))
        self._fill()  # from what was read: a language switch reads nothing

    def reload(self) -> None:
        """Read what participants did (off the window's thread on an office server, Refresh
        disabled meanwhile); a failure is said calmly and the list stays as it was."""
        from functools import partial

        from casework.ui.errors import show_error
        from casework.workshop.activity import participant_activity

        def loaded(activities: list[Activity]) -> None:
            self.activities = activities
            self._fill()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, CaseworkError) or self.isVisible():
                show_error(self, exc)  # (a vault locked meanwhile: this dialog is closing)

        work = partial(participant_activity, self.ctx)
        call_service(self, self.ctx, work, loaded, failed, busy=[self.refresh_button])

    def _fill(self) -> None:
        self.tree.clear()
        rows = activity_rows(self.activities)
        if not rows:
            empty = QTreeWidgetItem(
                [
                    _(
                        "Nothing yet: no participant has done anything since the workshop "
                        "was made or last reset."
                    )
                ]
            )
            empty.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(empty)
            return
        for account in dict.fromkeys(r[0] for r in rows):
            mine = [r for r in rows if r[0] == account]
            top = QTreeWidgetItem(
                [_("{account} — actions: {count}").format(account=account, count=len(mine))]
            )
            top.setFirstColumnSpanned(True)
            for _account, when, what, record in mine:
                top.addChild(QTreeWidgetItem([when, what, record]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        for column in range(3):
            self.tree.resizeColumnToContents(column)

    def export_pdf(self) -> None:
        from casework.reports.training import build_activity_pdf
        from casework.ui.background import run_in_background
        from casework.ui.preview import PreviewDialog
        from casework.ui.printing import PrintOptionsDialog

        options = PrintOptionsDialog(self, offer_legal_name=False)
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        lang = options.lang()
        rows = activity_rows(self.activities, lang)
        store = self.ctx.vault  # its name is read with the build, off the window's thread
        printed_by = self.ctx.actor.display_name

        def show(pdf: bytes) -> None:
            preview = PreviewDialog(
                pdf,
                _("What participants did"),
                _("participants-{lang}.pdf").format(lang=lang),
                lambda _path: None,
                self,
            )
            preview.setObjectName("participantsPreview")
            preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            preview.show()
            self.preview = preview

        run_in_background(
            self,
            lambda _report: build_activity_pdf(
                rows, lang, organisation=store.meta("organisation") or "", printed_by=printed_by
            ),
            show,
        )


class WorkshopMenuMixin:
    """The main window's workshop menu entries (mixed into MainWindow): reset, exercises, what
    participants did; for the trainer (an administrator) of a workshop vault."""

    ctx: ServiceContext
    workshop: bool

    def may_reset_workshop(self) -> bool:
        return self.workshop and Role.ADMINISTRATOR in self.ctx.actor.roles

    def confirm_reset_workshop(self) -> QMessageBox | None:
        """Ask before throwing away the session's changes; `reset_workshop_requested` on yes."""
        if not self.may_reset_workshop():
            return None
        store = self.ctx.vault
        asked: list[QMessageBox | None] = []

        def ask(data_language: str) -> None:  # the data's language, read first
            asked.append(confirm_reset(self, data_language, self.reset_workshop_requested.emit))

        def failed(exc: BaseException) -> None:
            from casework.ui.errors import show_error

            show_error(self, exc)

        read = lambda: store.meta("workshop_language") or ""  # noqa: E731
        call_service(self.reset_workshop_action, self.ctx, read, ask, failed)
        return asked[0] if asked else None

    def show_exercises(self) -> QWidget | None:
        if not self.workshop:
            return None
        from casework.ui.workshop_exercises import ExercisesDialog

        existing = self.findChild(ExercisesDialog)
        if existing is not None and existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing
        trainer = self.ctx if self.may_reset_workshop() else None
        dialog = ExercisesDialog(self.ctx.vault, self, trainer)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_participants(self) -> QWidget | None:
        """The trainer's view of the session's activity (workshop vaults, administrators)."""
        if not self.may_reset_workshop():
            return None
        dialog = ParticipantsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
