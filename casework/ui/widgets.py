"""Small form widgets shared by every screen: translated enum combos, optional dates, inline
field errors."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Generic, TypeVar

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QWidget,
)

from casework.i18n import _
from casework.model.enums import label

E = TypeVar("E", bound=StrEnum)


class EnumCombo(QComboBox, Generic[E]):
    """A combo of an enum's translated labels; `value()` is the enum member (or None)."""

    def __init__(
        self, enum_type: type[E], parent: QWidget | None = None, *, optional: bool = False
    ) -> None:
        super().__init__(parent)
        self.enum_type = enum_type
        self.optional = optional
        self.retranslate()

    def retranslate(self) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self.optional:
            self.addItem(_("(any)"), None)
        for member in self.enum_type:
            self.addItem(label(member), member.value)
        self.set_value(current)
        self.blockSignals(False)

    def value(self) -> E | None:
        data = self.currentData()
        return self.enum_type(data) if data else None

    def set_value(self, value: E | None) -> None:
        index = self.findData(value.value if value is not None else None)
        self.setCurrentIndex(max(index, 0))


class OptionalDate(QDateEdit):
    """A date field that may be left empty (shown blank, value None)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self._empty_date = QDate(1900, 1, 1)
        self.setMinimumDate(self._empty_date)
        self.setSpecialValueText(" ")
        self.setDate(self._empty_date)

    def value(self) -> dt.date | None:
        d = self.date()
        return None if d == self._empty_date else dt.date(d.year(), d.month(), d.day())

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else self._empty_date)


class FieldErrors:
    """Inline, translated messages under form fields (from ValidationError.field_messages())."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.labels: dict[str, QLabel] = {}

    def attach(self, name: str, field: QWidget) -> None:
        message = QLabel()
        message.setObjectName(f"error_{name}")
        message.setStyleSheet("color: #b00020;")
        message.setWordWrap(True)
        message.hide()
        row = self.form.getWidgetPosition(field)[0]
        self.form.insertRow(row + 1, "", message)
        self.labels[name] = message

    def show(self, messages: dict[str, str]) -> None:
        for name, lbl in self.labels.items():
            text = messages.get(name, "")
            lbl.setText(text)
            lbl.setVisible(bool(text))

    def clear(self) -> None:
        self.show({})


class ClickableLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)
