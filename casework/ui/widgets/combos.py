"""Combos and pickers shared by every screen: translated enum choices, filters, countries, ids."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QWidget,
)

from casework.i18n import N_, _, country_name
from casework.model.enums import Subregion
from casework.model.geography import COUNTRIES
from casework.model.labels import label
from casework.ui.retranslate import track_language

E = TypeVar("E", bound=StrEnum)


class EnumCombo(QComboBox, Generic[E]):
    """A combo of an enum's translated labels; `value()` is the enum member (or None).

    Made by `enum_combo`, `choice_combo` or `filter_combo`, whose `track_language` fills it (once:
    filling it here too built every item twice)."""

    def __init__(
        self, enum_type: type[E], parent: QWidget | None = None, *, optional: bool = False
    ) -> None:
        super().__init__(parent)
        self.enum_type = enum_type
        self.optional = optional

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


def enum_combo(enum_type: type[E], *, optional: bool = False) -> EnumCombo[E]:
    combo: EnumCombo[E] = EnumCombo(enum_type, optional=optional)
    track_language(combo)
    return combo


class FilterCombo(EnumCombo[E]):
    """An optional enum combo whose empty choice says what it filters ("(any status)")."""

    def __init__(self, enum_type: type[E], any_msgid: str) -> None:
        self.any_msgid = any_msgid
        super().__init__(enum_type, optional=True)

    def retranslate(self) -> None:
        super().retranslate()
        self.setItemText(0, _(self.any_msgid))


def choice_combo(enum_type: type[E]) -> FilterCombo[E]:
    """An enum combo that starts on "(choose)": nothing is chosen for the user."""
    combo: FilterCombo[E] = FilterCombo(enum_type, N_("(choose)"))
    track_language(combo)
    return combo


def filter_combo(enum_type: type[E], any_msgid: str) -> FilterCombo[E]:
    combo: FilterCombo[E] = FilterCombo(enum_type, any_msgid)
    compact(combo)
    track_language(combo)
    return combo


def compact(combo: QComboBox, chars: int = 10) -> QComboBox:
    """Let a combo of long labels shrink in a filter row (its popup still shows them whole)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    return combo


class CountryCombo(QComboBox):
    """The countries of the three subregions, named in the active language."""

    def __init__(self, parent: QWidget | None = None, *, empty_label: str | None = None) -> None:
        super().__init__(parent)
        self._empty_label = empty_label  # an N_() msgid, or None for no empty choice
        track_language(self)  # fills it

    def retranslate(self) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self._empty_label is not None:
            self.addItem(_(self._empty_label), "")
        for subregion in Subregion:
            codes = sorted(COUNTRIES[subregion], key=country_name)
            for code in codes:
                self.addItem(f"{country_name(code)} — {label(subregion)}", code)
        self.set_value(current)
        self.blockSignals(False)

    def value(self) -> str:
        return self.currentData() or ""

    def set_value(self, code: str | None) -> None:
        index = self.findData(code or "")
        self.setCurrentIndex(max(index, 0))


class DataCombo(QComboBox):
    """A combo of (label, id) choices; `value()` is the id (None for the empty choice).

    While its choices are on their way from the office server (`pending`, see choices.py), a
    value set is `wanted`: it is chosen once they are in, and `value()` gives it meanwhile."""

    pending = False
    wanted: Any = None

    def set_choices(self, choices: Iterable[tuple[str, Any]], keep: bool = True) -> None:
        current = self.value() if keep else None
        self.blockSignals(True)
        self.clear()
        for text, data in choices:
            self.addItem(text, data)
        self.set_value(current)
        self.blockSignals(False)

    def value(self) -> Any:
        return self.wanted if self.pending else self.currentData()

    def set_value(self, value: Any) -> None:
        if self.pending:
            self.wanted = value
            return
        index = self.findData(value)
        self.setCurrentIndex(max(index, 0))


class EnumChecks(QWidget, Generic[E]):
    """One checkbox per member of an enum (scopes, actor types, services)."""

    def __init__(self, enum_type: type[E], columns: int = 2, parent: QWidget | None = None):
        super().__init__(parent)
        self.enum_type = enum_type
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[E, QCheckBox] = {}
        for i, member in enumerate(enum_type):
            box = QCheckBox()
            box.setObjectName(f"check_{member.value}")
            self.boxes[member] = box
            grid.addWidget(box, i // columns, i % columns)
        self.retranslate()
        track_language(self)

    def retranslate(self) -> None:
        for member, box in self.boxes.items():
            box.setText(label(member))

    def value(self) -> frozenset[E]:
        return frozenset(m for m, box in self.boxes.items() if box.isChecked())

    def set_value(self, values: Iterable[E]) -> None:
        chosen = set(values)
        for member, box in self.boxes.items():
            box.setChecked(member in chosen)


def labels_of(values: Iterable[StrEnum]) -> str:
    return ", ".join(sorted(label(v) for v in values))
