"""The office's rules, under the users table (administrators): the four-eyes rule for plan
approval, which a one-person office may switch off."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from casework.i18n import _
from casework.services import four_eyes
from casework.services.context import ServiceContext
from casework.ui.retranslate import live
from casework.ui.service_call import call_service
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
        """The rule as stored (read off the window's thread on an office server; the box is
        disabled until it is in)."""
        self.four_eyes.setEnabled(False)

        def shown(on: bool) -> None:
            self.four_eyes.blockSignals(True)
            self.four_eyes.setChecked(on)
            self.four_eyes.blockSignals(False)
            self.four_eyes.setEnabled(True)

        ctx = self.ctx
        call_service(
            self.four_eyes, ctx, partial(four_eyes.is_on, ctx), shown,
            lambda exc: show_problem(self, exc), single=False,
        )  # fmt: skip

    def _toggled(self, on: bool) -> None:
        def refused(exc: BaseException) -> None:  # shown calmly; the box shows the real state
            show_problem(self, exc)
            self.refresh()

        def saved(_result: object) -> None:
            self.status_message.emit(
                live(
                    lambda: (
                        _("Four-eyes rule switched on.")
                        if on
                        else _("Four-eyes rule switched off.")
                    )
                )
            )

        ctx = self.ctx
        call_service(
            self, ctx, partial(four_eyes.set_rule, ctx, on), saved, refused, busy=[self.four_eyes]
        )
