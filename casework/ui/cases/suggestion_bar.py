"""A bar over a case's tabs suggesting the next status after an event ("The reintegration plan
was approved. Move the case from Intake to Active?"). The caseworker confirms or dismisses it;
nothing changes on its own."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from casework.i18n import N_, _
from casework.model.enums import CaseStatus
from casework.model.labels import label
from casework.model.lifecycle import CASE_TRANSITIONS
from casework.services.suggestions import StatusSuggestion
from casework.ui.retranslate import track_language
from casework.ui.widgets.forms import Texts


class SuggestionBar(QFrame):
    accepted = Signal(object)  # the CaseAction to take

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusSuggestion")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#statusSuggestion { background: #e8f0fb; }")
        self.texts = Texts()
        self.suggestion: StatusSuggestion | None = None
        self.status: CaseStatus | None = None
        self.dismissed: set[str] = set()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.yes = QPushButton()
        self.yes.setObjectName("acceptSuggestion")
        self.yes.clicked.connect(self._accept)
        self.no = QPushButton()
        self.no.setObjectName("dismissSuggestion")
        self.texts.add(self.no.setText, N_("Not now"))
        self.no.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        self.hide()
        track_language(self)

    def show_for(self, suggestion: StatusSuggestion | None, status: CaseStatus) -> None:
        self.suggestion, self.status = suggestion, status
        self.retranslate()

    def retranslate(self) -> None:
        self.texts.apply()
        s = self.suggestion
        if s is None or self.status is None or s.reason in self.dismissed:
            self.hide()
            return
        self.text.setText(
            _("{reason} Move the case from {current} to {next}?").format(
                reason=_(s.reason),
                current=label(self.status),
                next=label(CASE_TRANSITIONS[(self.status, s.action)]),
            )
        )
        self.yes.setText(label(s.action))
        self.show()

    def _accept(self) -> None:
        if self.suggestion is not None:
            self.accepted.emit(self.suggestion.action)

    def dismiss(self) -> None:
        if self.suggestion is not None:
            self.dismissed.add(self.suggestion.reason)
        self.hide()
