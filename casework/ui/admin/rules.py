"""The office's rules, under the users table (administrators): the four-eyes rule for plan
approval, which a one-person office may switch off."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from casework.i18n import _
from casework.services import four_eyes
from casework.services.context import ServiceContext
from casework.ui.retranslate import live
from casework.ui.widgets.forms import show_problem


class OfficeRules(QGroupBox):
    status_message = Signal(object)  # a str, or a live() text

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("officeRules")
        self.four_eyes = QCheckBox(self)
        self.four_eyes.setObjectName("fourEyesRule")
        self.four_eyes.toggled.connect(self._toggled)
        self.hint = QLabel(self)
        self.hint.setObjectName("fourEyesHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.four_eyes)
        layout.addWidget(self.hint)

    def retranslate(self) -> None:
        self.setTitle(_("Office rules"))
        self.four_eyes.setText(
            _("Four-eyes rule: a supervisor may not approve a plan they wrote or submitted")
        )
        self.hint.setText(
            _(
                "Switch it off only in a one-person office, where nobody else could approve. "
                "Every change is recorded in the audit log."
            )
        )

    def refresh(self) -> None:
        self.four_eyes.blockSignals(True)
        self.four_eyes.setChecked(four_eyes.is_on(self.ctx))
        self.four_eyes.blockSignals(False)

    def _toggled(self, on: bool) -> None:
        try:
            four_eyes.set_rule(self.ctx, on)
        except Exception as exc:  # noqa: BLE001 - shown calmly; the box shows the real state
            show_problem(self, exc)
            self.refresh()
            return
        self.status_message.emit(
            live(
                lambda: (
                    _("Four-eyes rule switched on.") if on else _("Four-eyes rule switched off.")
                )
            )
        )
