"""The print preview: loads from memory, prints, warns before saving, writes no temp file."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from casework.model.enums import ClientCategory, CustodyStatus, GoalTerm, LifeDomain
from casework.services import cases, documents, plans
from casework.services.audit import AuditQuery, list_events
from casework.services.cases import CaseInput
from casework.ui.preview import PreviewDialog, render_to_printer


def _plan_pdf(office) -> documents.Document:
    cw = office.caseworker
    case_id = cases.create_case(
        cw, CaseInput("Abu Bakr", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "NE")
    )
    plan_id = plans.create_plan(cw, case_id, "Retrouver ma famille à Zinder.")
    for i in range(12):
        plans.add_goal(
            cw,
            plan_id,
            plans.GoalInput(
                LifeDomain.FAMILY, f"Objectif {i} " + "médiation " * 40, term=GoalTerm.LONG
            ),
        )
    return documents.plan_document(cw, case_id, "fr")


def test_preview_prints_and_saves_without_temp_files(office, qtbot, tmp_path, monkeypatch):
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    doc = _plan_pdf(office)
    saved: list[Path] = []
    dialog = PreviewDialog(doc.pdf, "Plan", doc.suggested_name, saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    expected_pages = len(PdfReader(io.BytesIO(doc.pdf)).pages)
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    assert dialog.document.pageCount() == expected_pages > 1
    assert str(expected_pages) in dialog.pages_label.text()

    # Printing renders every page from memory (a PDF printer stands in for paper here).
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    render_to_printer(dialog.document, printer)
    assert len(PdfReader(printed).pages) == expected_pages

    # Save as PDF: cancelled at the warning, nothing is written or audited.
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    dialog.save_as_pdf()
    assert saved == []
    # Confirmed: written with owner-only permissions, and the caller is told (to audit it).
    target = tmp_path / "out.pdf"
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.save_as_pdf()
    assert saved == [target]
    assert target.read_bytes() == doc.pdf
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert os.listdir(private_tmp) == []


def test_saved_copy_is_audited(office, qtbot, tmp_path, monkeypatch):
    doc = _plan_pdf(office)
    ctx = office.caseworker
    dialog = PreviewDialog(
        doc.pdf,
        "Plan",
        doc.suggested_name,
        lambda _path: documents.record_unencrypted_save(ctx, doc.kind, None),
    )
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "p.pdf"), "")
    )
    dialog.save_as_pdf()
    rows, _ = list_events(office.supervisor, AuditQuery(action_prefix="document.saved"))
    assert len(rows) == 1


def test_preview_retranslates(office, qtbot):
    from casework.i18n import set_language

    doc = _plan_pdf(office)
    dialog = PreviewDialog(doc.pdf, "Plan", doc.suggested_name, lambda _p: None)
    qtbot.addWidget(dialog)
    assert "Print" in dialog.print_button.text()
    set_language("fr")
    assert "Imprimer" in dialog.print_button.text()


def test_save_as_pdf_refuses_the_vault_folder(office, qtbot, monkeypatch):
    from casework.errors import OutputInVault

    doc = _plan_pdf(office)
    saved: list[Path] = []
    shown: list[BaseException] = []
    dialog = PreviewDialog(doc.pdf, "Plan", doc.suggested_name, saved.append)
    qtbot.addWidget(dialog)
    monkeypatch.setattr("casework.ui.preview.show_error", lambda _parent, exc: shown.append(exc))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Save)
    before = (office.folder / "keyslots.json").read_bytes()
    for name in ("keyslots.json", "plan.pdf"):
        target = office.folder / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        dialog.save_as_pdf()
    assert saved == [] and len(shown) == 2
    assert all(isinstance(exc, OutputInVault) for exc in shown)
    assert (office.folder / "keyslots.json").read_bytes() == before
    assert not (office.folder / "plan.pdf").exists()


def test_save_as_pdf_suggests_the_documents_folder(qtbot) -> None:  # noqa: ANN001
    from PySide6.QtCore import QStandardPaths

    from casework.ui.preview import suggested_path

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(suggested_path("reintegration-plan-v1_KE-2026-0001_en.pdf"))
    assert path.name == "reintegration-plan-v1_KE-2026-0001_en.pdf"
    assert path.parent in (Path(docs), Path.home())
