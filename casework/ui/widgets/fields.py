"""The form kit's plain fields (line edits, plain-text edits that follow the writing direction)
and the typed text of a dialog kept as a draft; forms.py re-exports them."""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget


def typed_text(dialog: QWidget, title: str) -> str:
    """The text typed into a dialog's fields, as JSON {"title", "fields": [[label, text]]}."""
    fields: list[list[str]] = []
    for edit in dialog.findChildren(QLineEdit) + dialog.findChildren(QPlainTextEdit):
        if isinstance(edit.parent(), QComboBox | QAbstractSpinBox):
            continue  # a combo's or a date's own editor: not typed text
        if isinstance(edit, QLineEdit):
            if edit.echoMode() != QLineEdit.EchoMode.Normal:
                continue  # passwords are never kept
            text = edit.text()
        else:
            text = edit.toPlainText()
        if text.strip() and edit.isEnabled() and not edit.isReadOnly():
            fields.append([edit.accessibleName() or edit.placeholderText(), text])
    return json.dumps({"title": title, "fields": fields}) if fields else ""


def line_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setClearButtonEnabled(True)
    return edit


def ltr_line_edit() -> QLineEdit:
    """A field whose value always reads left to right (phone, e-mail, ID number), even in an
    Arabic form: otherwise "+216 71 234 567" would show its digit groups in reverse order."""
    edit = line_edit()
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return edit


class TextEdit(QPlainTextEdit):
    """A plain-text field whose lines start on the right in a right-to-left interface
    (QPlainTextEdit leaves them on the left), following live language switches."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._follow_direction()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._follow_direction()
        super().changeEvent(event)

    def _follow_direction(self) -> None:
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        option = self.document().defaultTextOption()
        option.setAlignment(Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
        self.document().setDefaultTextOption(option)


def text_edit(lines: int = 3) -> QPlainTextEdit:
    edit = TextEdit()
    edit.setTabChangesFocus(True)
    spacing = edit.fontMetrics().lineSpacing()
    edit.setMinimumHeight(spacing * lines + 12)
    edit.setMaximumHeight(spacing * max(lines * 2, 6) + 12)  # forms stay on screen
    return edit
