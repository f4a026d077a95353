"""Workshop mode on screen: the banner, the training accounts, the exercises, window titles,
and making a workshop vault with a progress dialog.

Trainers run Casework on a projector with fictional data. Everything here tells the room, on
every window, that the data is fictional, and never appears for a real vault: before unlock the
folder's pristine snapshot (`has_pristine`) marks a workshop vault; after unlock the vault
itself says so (`is_workshop`).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import LANGUAGES, N_, _, current_language, translator
from casework.model.enums import Role
from casework.model.labels import label
from casework.ui.background import Job, run_in_background
from casework.ui.retranslate import track_language
from casework.workshop.accounts import ACCOUNTS, Account, has_pristine

log = logging.getLogger(__name__)

# The same words as on printed pages (casework/reports/layout.py).
BANNER = N_("WORKSHOP — FICTIONAL DATA")
BANNER_COLOUR = "#b54708"  # white on this is readable on a washed-out projector (5.4:1)


def is_workshop_folder(folder: Path | str) -> bool:
    """Whether the folder holds a workshop vault, readable before unlock (its snapshot)."""
    return has_pristine(folder)


def title_suffix(lang: str | None = None) -> str:
    return "[" + translator(lang or current_language()).gettext(BANNER) + "]"


def with_suffix(title: str) -> str:
    """`title` followed by the workshop marking in the active language (once). Only a title
    already marked is compared with each language's marking: compiling the other languages'
    catalogues for every window's first title cost the first unlock of a process 0.2 s of CPU."""
    base = title
    for lang in LANGUAGES if base.endswith("]") else ():
        tail = " " + title_suffix(lang)
        if base.endswith(tail):
            base = base[: -len(tail)]
            break
    return f"{base} {title_suffix()}" if base else title_suffix()


class WorkshopBanner(QLabel):
    """A coloured strip that cannot be dismissed: the data on this screen is fictional."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        # A palette, not a style sheet: a widget with a style sheet keeps its font when the
        # zoom changes the application's, and the banner must grow with everything else.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BANNER_COLOUR))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#ffffff"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setMargin(max(2, self.fontMetrics().height() // 4))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        track_language(self)

    def retranslate(self) -> None:
        self.setText("<b>" + html.escape(_(BANNER)) + "</b>")
        self.setAccessibleName(_(BANNER))

    def plain_text(self) -> str:
        return _(BANNER)


def role_labels(account: Account) -> str:
    return " · ".join(label(r) for r in Role if r in account.roles)


class AccountsTable(QTableWidget):
    """The training accounts with their public passwords; a click fills in the login form."""

    chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(ACCOUNTS), 3, parent)
        self.setObjectName("workshopAccounts")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for row, account in enumerate(ACCOUNTS):
            for column, text in enumerate((account.name, account.password, "")):
                self.setItem(row, column, QTableWidgetItem(text))
        self.cellClicked.connect(self._clicked)
        self.cellActivated.connect(self._clicked)
        track_language(self)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_("User name"), _("Password"), _("Roles")])
        for row, account in enumerate(ACCOUNTS):
            item = self.item(row, 2)
            if item is not None:
                item.setText(role_labels(account))
        self.setAccessibleName(_("Training accounts"))
        self.fit_size()

    def fit_size(self) -> None:
        """Show every account and role in full, without scroll bars, in any language and zoom."""
        self.resizeRowsToContents()
        self.resizeColumnsToContents()
        frame = 2 * self.frameWidth()
        height = self.horizontalHeader().sizeHint().height() + frame
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(height)
        width = sum(
            max(self.sizeHintForColumn(c), self.horizontalHeader().sectionSizeHint(c))
            for c in range(self.columnCount())
        )
        self.setMinimumWidth(width + frame + self.fontMetrics().averageCharWidth() * 2)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_size()

    def _clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(ACCOUNTS):
            self.chosen.emit(ACCOUNTS[row].name, ACCOUNTS[row].password)


class DataLanguageDialog(QDialog):
    """Asks, before a workshop vault is made, which language its fictional data is in (the
    interface language is offered first; the choice can be changed later by a reset)."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopDataLanguageDialog")
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.combo = QComboBox(self)
        self.combo.setObjectName("workshopDataLanguage")
        for code, name in LANGUAGES.items():
            self.combo.addItem(name, code)
        self.combo.setCurrentIndex(max(self.combo.findData(current_language()), 0))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.combo)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        track_language(self)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Workshop mode"))
        self.explain.setText(
            _(
                "The workshop vault is filled with fictional cases, organisations and notes. "
                "In which language? A reset can change it later."
            )
        )
        self.combo.setAccessibleName(_("Language of the fictional data"))

    def accept(self) -> None:
        super().accept()
        self.chosen.emit(str(self.combo.currentData()))


def create_workshop_vault(
    parent: QWidget | None,
    folder: Path,
    on_done: Callable[[object], None],
    on_error: Callable[[BaseException], None],
    cases: int = 60,
    language: str | None = None,
) -> tuple[QProgressDialog, Job]:
    """Make the workshop vault in `folder` in the background (about ten seconds), with the
    fictional data in `language` (chosen by the trainer), showing progress."""
    lang = language or current_language()
    dialog = QProgressDialog(parent)
    dialog.setObjectName("workshopProgress")
    dialog.setWindowTitle(_("Workshop mode"))
    dialog.setLabelText(_("Making the workshop vault with fictional data…"))
    dialog.setCancelButton(None)
    dialog.setRange(0, 0)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * 60)
    if parent is not None:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()

    def progress(done: int, total: int) -> None:
        dialog.setRange(0, max(total, 1))
        dialog.setValue(done)

    def finished(info: object) -> None:
        dialog.close()
        dialog.deleteLater()
        log.info("workshop vault created")
        on_done(info)

    def failed(exc: BaseException) -> None:
        dialog.close()
        dialog.deleteLater()
        on_error(exc)

    job = run_in_background(
        parent,
        lambda report: _generate(folder, cases, report, lang),
        on_done=finished,
        on_error=failed,
        progress=progress,
    )
    return dialog, job


__all__ = [
    "BANNER",
    "AccountsTable",
    "DataLanguageDialog",
    "WorkshopBanner",
    "create_workshop_vault",
    "is_workshop_folder",
    "with_suffix",
]


def _generate(folder: Path, cases: int, report: object, lang: str) -> object:
    """Imported here: the generator pulls in the services, not needed to show the login."""
    from casework.workshop import generate

    return generate(folder, cases=cases, progress=report, language=lang)


def __getattr__(name: str) -> object:
    """The exercises dialog lives in its own module, imported when first asked for: the login
    window imports this module, and the exercises are not needed to show it."""
    if name == "ExercisesDialog":
        from casework.ui.workshop_exercises import ExercisesDialog

        return ExercisesDialog
    if name == "WorkshopTitles":  # only a workshop session's main window needs it
        from casework.ui.workshop_titles import WorkshopTitles

        return WorkshopTitles
    raise AttributeError(name)
