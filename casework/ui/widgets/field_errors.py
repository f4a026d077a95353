"""Inline, translated messages under a form's fields, made when first needed."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from casework.ui.widgets.field_hints import message_width
from casework.ui.widgets.form_status import ERROR_STYLE


class FieldErrors:
    """Inline, translated messages under form fields (from ValidationError.field_messages()).

    A field's message label is made the first time it has something to say: a form of twenty
    fields built twenty hidden labels (each with its own style sheet) that were mostly never
    shown, and opening a case paid for them."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.labels: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

    def attach(self, name: str, field: QWidget) -> None:
        self._fields[name] = field

    def has(self, name: str) -> bool:
        """Whether `name`'s message goes under its field."""
        return name in self._fields

    def _label(self, name: str) -> QLabel:
        message = self.labels.get(name)
        if message is not None:
            return message
        field = self._fields[name]
        message = QLabel()
        message.setObjectName(f"error_{name}")
        message.setStyleSheet(ERROR_STYLE)
        message.setWordWrap(True)
        message_width(message)
        row = self.form.getWidgetPosition(field)[0] + 1
        # Under the field, after its plausibility warning if it has one.
        below = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if (
            below is not None
            and below.widget() is not None
            and (below.widget().objectName() == f"warning_{name}")
        ):
            row += 1
        self.form.insertRow(row, "", message)
        self.labels[name] = message
        return message

    def show(self, messages: dict[str, str]) -> None:
        for name in self._fields:
            text = messages.get(name, "")
            if not text and name not in self.labels:
                continue
            lbl = self._label(name)
            lbl.setText(text)
            lbl.setVisible(bool(text))

    def clear(self) -> None:
        self.show({})
