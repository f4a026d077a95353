"""Printing from the screens: the document language is chosen per print, the preview opens
with the PDF built from the vault, and the buttons show only where printing makes sense."""

from __future__ import annotations

import io

from fixtures_screens import World
from pypdf import PdfReader
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from casework.model.enums import GoalTerm, LifeDomain
from casework.services import plans
from casework.ui.cases import CasesScreen
from casework.ui.preview import PreviewDialog
from casework.ui.printing import PrintOptionsDialog

pytest_plugins = ["fixtures_screens"]


def _choose(monkeypatch, lang: str, legal: bool = False) -> None:  # noqa: ANN001
    def exec_(self: PrintOptionsDialog) -> int:
        self.language.setCurrentIndex(self.language.findData(lang))
        self.legal_name.setChecked(legal)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PrintOptionsDialog, "exec", exec_)


def _previews() -> list[PreviewDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, PreviewDialog) and w.isVisible()
    ]


def _close_previews() -> None:
    for dialog in _previews():
        dialog.close()


def _text(dialog: PreviewDialog) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(dialog._pdf)).pages)


def test_print_plan_in_french_from_an_english_interface(world: World, qtbot, monkeypatch):
    ctx = world.caseworker
    plan_id = plans.create_plan(ctx, world.carl_case, "Devenir mécanicien à Mombasa.")
    plans.add_goal(
        ctx,
        plan_id,
        plans.GoalInput(LifeDomain.EMPLOYMENT, "Trouver un apprentissage", term=GoalTerm.SHORT),
    )
    _close_previews()
    screen = CasesScreen(ctx)
    qtbot.addWidget(screen)
    workspace = screen.open_case(world.carl_case)
    assert workspace is not None
    workspace.show_tab(workspace.plan)
    button = workspace.findChild(QPushButton, "printPlan")
    assert button is not None and not button.isHidden()
    _choose(monkeypatch, "fr")
    button.click()
    qtbot.waitUntil(lambda: bool(_previews()))
    dialog = _previews()[-1]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    text = _text(dialog)
    assert "Plan de réinsertion" in text and "PROJET" in text
    assert "Devenir mécanicien à Mombasa." in text
    assert "Print" in dialog.print_button.text()  # the interface stays English


def test_print_case_summary_without_legal_name_unless_asked(world: World, qtbot, monkeypatch):
    from casework.services import cases

    legal = cases.get_case(world.supervisor, world.carl_case).data.legal_name
    _close_previews()
    screen = CasesScreen(world.supervisor)
    qtbot.addWidget(screen)
    workspace = screen.open_case(world.carl_case)
    button = workspace.findChild(QPushButton, "printSummary")
    _choose(monkeypatch, "en")
    button.click()
    qtbot.waitUntil(lambda: bool(_previews()))
    dialog = _previews()[-1]
    qtbot.addWidget(dialog)
    text = _text(dialog)
    assert "CONFIDENTIAL" in text
    if legal:
        assert legal not in text
        _close_previews()
        _choose(monkeypatch, "en", legal=True)
        button.click()
        qtbot.waitUntil(lambda: any(legal in _text(d) for d in _previews()))
