"""The trainer's tools in a workshop session: confirming a reset (and choosing the language of
the fictional data it brings back), printing the exercises, and "What participants did".

Opened from the main window's menus in workshop vaults only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from casework.i18n import LANGUAGES, _, current_language

if TYPE_CHECKING:
    from collections.abc import Callable


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
