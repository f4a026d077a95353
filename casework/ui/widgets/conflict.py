"""Two people edited the same record: the colleague's saved version beside the user's unsaved one.

A service refuses a save made over a newer version with `ConcurrentEditError` (who, when, their
values). `ConflictDialog` shows both versions field by field (the fields that differ first) and
lets the user reload the colleague's version (their own text stays beside the form to copy:
`KeptVersion`) or overwrite it deliberately. `FormDialog` and the case profile use it; the
widget helpers here read and show a form field's value whatever its kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casework.errors import ConcurrentEditError
from casework.i18n import N_, _, format_date
from casework.model.labels import label
from casework.ui.retranslate import track_language


def field_value(widget: QWidget) -> Any:
    """What a form field holds, as the service takes it."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    return widget.value()  # type: ignore[attr-defined] - the form kit's combos and dates


def set_field_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("" if value is None else str(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))
    elif hasattr(widget, "set_value"):
        widget.set_value(value)


def shown(widget: QWidget | None, value: Any) -> str:
    """A value as the user reads it in that field (a combo's label, a date in their locale)."""
    if value is None or value == "":
        return ""
    if isinstance(widget, QComboBox):
        data = value.value if isinstance(value, StrEnum) else value
        index = widget.findData(data)
        if index >= 0:
            return widget.itemText(index)
    if isinstance(value, StrEnum):
        return label(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, Iterable) and not isinstance(value, str):
        return ", ".join(sorted(shown(None, v) for v in value))
    return str(value)


def rows_of(
    widgets: dict[str, QWidget], error: ConcurrentEditError, mine: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """(field label, their value, my value) for the fields the refusal carries, differing first."""
    rows = []
    for name, theirs in error.theirs.items():
        widget = widgets.get(name)
        if widget is None or name not in mine:
            continue
        caption = widget.accessibleName() or name
        rows.append((caption, shown(widget, theirs), shown(widget, mine[name])))
    rows.sort(key=lambda r: r[1] == r[2])
    return rows


def as_text(rows: list[tuple[str, str, str]]) -> str:
    """What reloading would lose of the user's version (the fields that differ from theirs),
    one field a paragraph, to copy from."""
    return "\n\n".join(f"{caption}\n{mine}" for caption, theirs, mine in rows if mine != theirs)


class ConflictDialog(QDialog):
    """Their saved version beside yours: Reload theirs, Overwrite with mine, or keep editing."""

    RELOAD = 2
    OVERWRITE = 3

    def __init__(
        self, parent: QWidget | None, error: ConcurrentEditError, rows: list[tuple[str, str, str]]
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.error, self.rows = error, rows
        layout = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setObjectName("conflictMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("conflictTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c and row[1] != row[2]:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox()
        self.reload_button = QPushButton()
        self.reload_button.setObjectName("reloadTheirs")
        self.overwrite_button = QPushButton()
        self.overwrite_button.setObjectName("overwriteTheirs")
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copyMine")
        self.keep_button = QPushButton()
        self.keep_button.setObjectName("keepEditing")
        self.buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.overwrite_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reload_button.clicked.connect(lambda: self.done(self.RELOAD))
        self.overwrite_button.clicked.connect(lambda: self.done(self.OVERWRITE))
        self.copy_button.clicked.connect(self.copy_mine)
        self.keep_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 100, 360)
        track_language(self)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Changed by someone else"))
        self.message.setText(self.error.message())
        self.table.setHorizontalHeaderLabels(
            [_("Field"), _("Their saved version"), _("Your unsaved version")]
        )
        self.reload_button.setText(_("Reload theirs (keep mine to copy)"))
        self.overwrite_button.setText(_("Overwrite with mine"))
        self.copy_button.setText(_("Copy my version"))
        self.keep_button.setText(_("Keep editing"))

    def copy_mine(self) -> None:
        QApplication.clipboard().setText(as_text(self.rows))


class KeptVersion(QWidget):
    """The user's unsaved version, kept beside a reloaded form to copy from.

    Its text box is made the first time there is something to keep: every case workspace and
    plan has one, and almost none is ever shown."""

    TITLE = N_("Your unsaved version (not saved; copy what you need):")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keptVersion")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self._layout.addWidget(self.title)
        self._text: QPlainTextEdit | None = None
        self.hide()
        track_language(self)

    @property
    def text(self) -> QPlainTextEdit:
        if self._text is None:
            self._text = QPlainTextEdit()
            self._text.setObjectName("keptVersionText")
            self._text.setReadOnly(True)
            self._text.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
            self._layout.addWidget(self._text)
        return self._text

    def retranslate(self) -> None:
        self.title.setText(_(self.TITLE))

    def keep(self, text: str) -> None:
        if not text and self._text is None:
            self.hide()
            return
        self.text.setPlainText(text)
        self.setVisible(bool(text))


def resolve(
    parent: QWidget,
    widgets: dict[str, QWidget],
    error: ConcurrentEditError,
    kept: KeptVersion,
    overwrite: Callable[[int], None],
    reloaded: Callable[[int], None] = lambda _version: None,
) -> ConflictDialog:
    """Show both versions; on Reload fill `widgets` with theirs (keeping the user's in `kept`)
    and call `reloaded(version)`; on Overwrite call `overwrite(version)` to save over theirs."""
    mine = {name: field_value(w) for name, w in widgets.items()}
    rows = rows_of(widgets, error, mine)
    dialog = ConflictDialog(parent, error, rows)

    def finished(result: int) -> None:
        if result == ConflictDialog.OVERWRITE:
            overwrite(error.version)
        elif result == ConflictDialog.RELOAD:
            for name, value in error.theirs.items():
                if name in widgets:
                    set_field_value(widgets[name], value)
            kept.keep(as_text(rows))
            reloaded(error.version)

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
