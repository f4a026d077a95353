"""Help › Training exercises: the exercises of a workshop vault in the interface language,
printing the facilitator's guide and the participant handouts, and (for the trainer) resetting
one exercise so a group can replay it."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casework.errors import CaseworkError
from casework.i18n import _, current_language
from casework.ui.retranslate import track_language
from casework.workshop.exercises import ExerciseText

if TYPE_CHECKING:
    from casework.services.context import ServiceContext
    from casework.store.vault import Vault


class ExercisesDialog(QDialog):
    """The training exercises in the interface language, each naming its fictional case."""

    def __init__(
        self, vault: Vault, parent: QWidget | None = None, trainer: ServiceContext | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.trainer = trainer  # the trainer's context: may reset one exercise
        self.setObjectName("exercisesDialog")
        self.texts: list[ExerciseText] = []
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("exercisesText")
        self.browser.setOpenLinks(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.guide_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.guide_button.setObjectName("printFacilitatorGuide")
        self.guide_button.clicked.connect(lambda: self.print_material("guide"))
        self.handouts_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.handouts_button.setObjectName("printHandouts")
        self.handouts_button.clicked.connect(lambda: self.print_material("handouts"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.browser, 1)
        self.replay_label = QLabel(self)
        self.replay_choice = QComboBox(self)
        self.replay_choice.setObjectName("replayExercise")
        self.replay_button = QPushButton(self)
        self.replay_button.setObjectName("replayExerciseButton")
        self.replay_button.clicked.connect(self.confirm_replay)
        self.replay_status = QLabel(self)
        self.replay_status.setWordWrap(True)
        if trainer is not None:
            row = QHBoxLayout()
            self.replay_label.setBuddy(self.replay_choice)
            row.addWidget(self.replay_label)
            row.addWidget(self.replay_choice, 1)
            row.addWidget(self.replay_button)
            layout.addLayout(row)
            layout.addWidget(self.replay_status)
        for widget in (self.replay_label, self.replay_choice, self.replay_button):
            widget.setVisible(trainer is not None)
        self.replay_status.setVisible(False)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 90, 32)
        track_language(self)
        self._read_facts()

    def print_material(self, which: str) -> None:
        """Choose the document's language, build the PDF in the background, preview it."""
        from casework.ui.background import run_in_background
        from casework.ui.preview import PreviewDialog
        from casework.ui.printing import PrintOptionsDialog
        from casework.workshop import material

        options = PrintOptionsDialog(self, offer_legal_name=False)
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        lang, vault = options.lang(), self.vault
        build = material.facilitator_guide if which == "guide" else material.handouts
        title = _("Facilitator's guide") if which == "guide" else _("Participant handout")
        name = (
            _("facilitator-guide-{lang}.pdf")
            if which == "guide"
            else _("participant-handouts-{lang}.pdf")
        ).format(lang=lang)

        def show(pdf: bytes) -> None:
            preview = PreviewDialog(pdf, title, name, lambda _path: None, self)
            preview.setObjectName("trainingMaterialPreview")
            preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            preview.show()
            self.preview = preview

        run_in_background(self, lambda _report: build(vault, lang), show)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Training exercises"))
        self.guide_button.setText(_("Facilitator's &guide…"))
        self.handouts_button.setText(_("Participant &handouts…"))
        self.intro.setText(
            _("Scenarios for the workshop. Each one names the fictional case it works on.")
        )
        self._show_texts()
        self.replay_label.setText(_("Reset one exercise:"))
        self.replay_button.setText(_("&Reset exercise…"))
        self.replay_button.setToolTip(
            _(
                "Puts back the records this exercise works on, as the workshop was made, so "
                "a group can replay it. Other groups' work stays."
            )
        )

    def confirm_replay(self) -> QMessageBox | None:
        """Ask, then put the chosen exercise's records back (the trainer only)."""
        if self.trainer is None or self.replay_choice.count() == 0:
            return None
        key = str(self.replay_choice.currentData())
        title = self.replay_choice.currentText()
        box = QMessageBox(self)
        box.setObjectName("confirmReplay")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Reset one exercise"))
        box.setText(_("Reset exercise {exercise} so a group can replay it?").format(exercise=title))
        box.setInformativeText(
            _(
                "Its case goes back to how the workshop was made: what was done on it during "
                "the session is lost. Every other case and exercise stays as it is."
            )
        )
        reset = box.addButton(_("&Reset exercise"), QMessageBox.ButtonRole.DestructiveRole)
        reset.setObjectName("confirmReplayButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.buttonClicked.connect(lambda button: button is reset and self.replay(key, title))
        box.open()
        return box

    def _read_facts(self) -> None:
        """What the texts depend on, read once (off the window's thread on an office server);
        a language switch then reads nothing."""
        from types import SimpleNamespace

        from casework.ui.errors import show_error
        from casework.ui.service_call import call_service
        from casework.workshop.generator import exercise_facts

        def known(facts: tuple[str, str]) -> None:
            self._facts = facts
            self._show_texts()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, CaseworkError) or self.isVisible():
                show_error(self, exc)  # (a vault locked meanwhile: this dialog is closing)

        vault = self.vault
        session = SimpleNamespace(vault=vault)  # call_service asks where the data is
        call_service(self, session, lambda: exercise_facts(vault), known, failed, single=False)

    def _show_texts(self) -> None:
        from casework.workshop.generator import exercise_texts_from

        facts = getattr(self, "_facts", None)
        self.texts = exercise_texts_from(facts, current_language()) if facts else []
        self.browser.setHtml(self.render_html(self.texts))
        current = self.replay_choice.currentIndex()
        self.replay_choice.clear()
        for text in self.texts:
            self.replay_choice.addItem(f"{text.number}. {text.title}", text.key)
        self.replay_choice.setCurrentIndex(max(current, 0))

    def replay(self, key: str, title: str) -> None:
        from casework.ui.errors import show_error
        from casework.ui.service_call import call_service
        from casework.workshop.replay import reset_exercise

        trainer = self.trainer
        assert trainer is not None

        def done(_result: object) -> None:
            self.replay_status.setText(
                _("Exercise {exercise} is ready to be played again.").format(exercise=title)
            )
            self.replay_status.setVisible(True)
            window = self.parentWidget()
            screen = getattr(window, "current_screen", lambda: None)()
            if screen is not None:
                screen.refresh()

        # Off the window's thread on an office server; a second click meanwhile is ignored.
        call_service(
            self.replay_button,
            trainer,
            lambda: reset_exercise(trainer, key),
            done,
            lambda exc: show_error(self, exc),
            busy=[self.replay_button],
        )

    @staticmethod
    def render_html(texts: list[ExerciseText]) -> str:
        parts = []
        expected = _("Expected result:")
        for text in texts:
            facts = [_("Account: {name}").format(name=html.escape(text.account))]
            if text.reference:
                facts.append(
                    _("Case: {reference} ({alias})").format(
                        reference="<b>" + html.escape(text.reference) + "</b>",
                        alias=html.escape(text.alias),
                    )
                )
            facts.append(_("{minutes} min").format(minutes=text.minutes))
            steps = "".join(f"<li>{html.escape(step)}</li>" for step in text.steps)
            parts.append(
                f"<h3>{text.number}. {html.escape(text.title)}</h3>"
                f"<p>{' · '.join(facts)}</p>"
                f"<p><i>{html.escape(text.goal)}</i></p>"
                f"<ol>{steps}</ol>"
                f"<p><b>{html.escape(expected)}</b> {html.escape(text.expected)}</p>"
            )
        return "".join(parts)


def fit_to_screen(dialog: QWidget, columns: int, lines: int) -> None:
    """Size a dialog for `columns` × `lines` of its text, but never beyond the screen it is
    on (at a projector's zoom, a dialog taller than the screen hides its buttons)."""
    metrics = dialog.fontMetrics()
    wanted_w = metrics.averageCharWidth() * columns
    wanted_h = metrics.lineSpacing() * lines
    screen = dialog.screen() or QApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        wanted_w = min(wanted_w, int(room.width() * 0.9))
        wanted_h = min(wanted_h, int(room.height() * 0.85))
    dialog.resize(wanted_w, wanted_h)
