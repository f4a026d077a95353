"""Printing the recovery key on paper, straight from memory: never to a file.

When casework.reports offers `build_recovery_sheet_pdf`, the sheet is that PDF, rendered page by
page from a QBuffer through QPdfDocument. Until then the key is printed from a QTextDocument.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSizeF
from PySide6.QtGui import QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from casework.errors import CaseworkError
from casework.i18n import N_, _, current_language


def _sheet_builder() -> tuple[Callable[..., bytes], Any] | None:
    """(build_recovery_sheet_pdf, RecoverySheetDoc) when the reports package provides them."""
    for module in ("casework.reports", "casework.reports.recovery"):
        try:
            builder = importlib.import_module(module).build_recovery_sheet_pdf
            doc_type = importlib.import_module("casework.reports.data").RecoverySheetDoc
        except (ImportError, AttributeError):
            continue
        return builder, doc_type
    return None


def recovery_sheet_pdf(organisation: str, folder: Path, key: str) -> bytes | None:
    found = _sheet_builder()
    if found is None:
        return None
    builder, doc_type = found
    doc = doc_type(
        organisation=organisation,
        vault_path=str(folder),
        recovery_key=key,
        created_on=dt.date.today(),
    )
    return builder(doc, current_language())


def _print_pdf(printer: QPrinter, data: bytes) -> None:
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    painter = QPainter(printer)
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            area = printer.pageRect(QPrinter.Unit.DevicePixel)
            size = document.pagePointSize(page)
            scale = min(area.width() / size.width(), area.height() / size.height())
            image = document.render(page, (size * scale * 1.0).toSize())
            painter.drawImage(QPointF(0, 0), image)
    finally:
        painter.end()
        document.close()
        buffer.close()
        buffer.setData(QByteArray())


def _print_text(printer: QPrinter, organisation: str, folder: Path, key: str) -> None:
    def para(text: str, style: str = "") -> str:
        return f"<p style='{style}'>{html.escape(text)}</p>"

    warning = _(
        "This key opens the vault if every password is lost. Anyone who has it and a copy of "
        "the vault can read every case. Keep this sheet locked away; never photograph, scan or "
        "e-mail it."
    )
    parts = [
        "<h1>{}</h1>".format(html.escape(_("Casework — recovery sheet"))),
        para(_("CONFIDENTIAL"), "font-weight: bold"),
        para(_("Organisation: {name}").format(name=organisation)),
        para(_("Vault: {folder}").format(folder=folder)),
        para(_("Recovery key:")),
        para(key, "font-family: monospace; font-size: 16pt"),
        para(warning),
    ]
    document = QTextDocument()
    document.setHtml("".join(parts))
    document.setPageSize(QSizeF(printer.pageRect(QPrinter.Unit.Point).size()))
    document.print_(printer)
    document.clear()


def print_recovery_sheet(parent: QWidget | None, organisation: str, folder: Path, key: str) -> bool:
    """Ask for a printer and print the sheet; returns whether it was sent to the printer.

    Printing to a file is refused (CaseworkError): the key would then lie on disk in clear.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print the recovery sheet"))
    # Printing to a PDF file would leave the key on disk: only real printers are offered.
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or printer.outputFileName():
        raise CaseworkError(
            N_("The recovery sheet can only be printed on paper, not saved to a file.")
        )
    data = recovery_sheet_pdf(organisation, folder, key)
    if data is not None:
        _print_pdf(printer, data)
    else:
        _print_text(printer, organisation, folder, key)
    return True
