"""Esc, Cancel or the close button on a form with typed text asks before throwing the text
away; a form with nothing typed (or only what it opened with) closes at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from casework.i18n import N_, set_language
from casework.ui.widgets.reason import ReasonDialog

TYPED = "Family asked for a pause until the harvest"


def _dialog(qtbot, prefilled: str = "") -> ReasonDialog:  # noqa: ANN001
    dialog = ReasonDialog(
        None, N_("Put the case on hold"), lambda *_a: None, reason_label=N_("Reason")
    )
    qtbot.addWidget(dialog)
    if prefilled:
        dialog.reason.setPlainText(prefilled)  # what an edit form opens with
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _box(dialog: ReasonDialog) -> QMessageBox | None:
    shown = [b for b in dialog.findChildren(QMessageBox, "discardTyped") if b.isVisible()]
    assert len(shown) <= 1  # never two questions at once
    return shown[0] if shown else None


def _click(box: QMessageBox, name: str) -> None:
    box.findChild(QPushButton, name).click()


def test_nothing_typed_closes_at_once(qtbot) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and _box(dialog) is None


def test_what_the_form_opened_with_is_not_typing(qtbot) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot, prefilled="The reason given last time")
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert not dialog.isVisible() and _box(dialog) is None


def test_esc_cancel_and_close_ask_and_keep_editing_keeps_the_text(qtbot) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot, prefilled="Earlier: ")
    qtbot.keyClicks(dialog.reason, TYPED)
    typed = dialog.reason.toPlainText()
    assert TYPED in typed and "Earlier: " in typed
    for close in (
        lambda: qtbot.keyClick(dialog, Qt.Key.Key_Escape),
        lambda: dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click(),
        dialog.close,  # the window's close button
    ):
        close()
        box = _box(dialog)
        assert box is not None and dialog.isVisible()
        assert box.text() == "Close without saving?"
        _click(box, "keepEditing")
        qtbot.waitUntil(lambda: _box(dialog) is None)
        assert dialog.isVisible()
        assert dialog.reason.toPlainText() == typed  # as it was, nothing lost
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    _click(_box(dialog), "closeWithoutSaving")
    assert not dialog.isVisible()


def test_the_question_is_asked_in_the_users_language(qtbot) -> None:  # noqa: ANN001
    set_language("fr")
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.reason, TYPED)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = _box(dialog)
    assert box.text() == "Fermer sans enregistrer\u00a0?"
    assert box.findChild(QPushButton, "keepEditing").text() == "Continuer la modification"
    set_language("en")  # a live switch while it asks
    assert box.findChild(QPushButton, "closeWithoutSaving").text() == "Close without saving"
    _click(box, "keepEditing")
    assert dialog.isVisible()


def test_closing_by_program_never_asks(qtbot) -> None:  # noqa: ANN001
    """The lock (and a step taken elsewhere) close forms with reject(): the lock keeps the
    text as a draft (test_lock_everywhere.py), and nobody is there to answer a question."""
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.reason, TYPED)
    dialog.reject()
    assert not dialog.isVisible() and _box(dialog) is None
