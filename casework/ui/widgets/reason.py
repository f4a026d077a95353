"""A step that needs a written reason (closing a case, putting it on hold, declining...):
one text field and, for some steps, a coded reason beside it."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import partial
from typing import Any

from PySide6.QtWidgets import QWidget

from casework.ui.widgets.combos import EnumCombo, enum_combo
from casework.ui.widgets.forms import FormDialog, TextEdit


class ReasonDialog(FormDialog):
    """A step that needs a written reason (and optionally a coded one)."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        action: Callable[[StrEnum | None, str], None],
        *,
        reason_label: str,
        enum_type: type[StrEnum] | None = None,
        enum_label: str = "",
        reason_field: str = "comment",
        enum_field: str = "close_reason",
        ok_text: str | None = None,
    ) -> None:
        super().__init__(parent, title, ok_text)
        self._action = action
        self.choice: EnumCombo | None = None
        if enum_type is not None:
            self.choice = enum_combo(enum_type)
            self.add_field(enum_field, enum_label, self.choice)
        self.reason = TextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.add_field(reason_field, reason_label, self.reason)
        self.finish()

    def submit(self) -> Callable[[], Any]:
        return partial(
            self._action, self.choice.value() if self.choice else None, self.reason.toPlainText()
        )
