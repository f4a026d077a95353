"""Preview, print and save a document, all from memory.

The PDF bytes never touch the disk unless the user explicitly saves them: QPdfDocument reads a
QBuffer, printing renders pages to the printer's painter, and "Save as PDF" first warns that the
file will not be encrypted and then records the save in the audit trail.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import _, ngettext
from casework.store.paths import check_output_path
from casework.ui.errors import show_error
from casework.ui.retranslate import track_language


class PreviewDialog(QDialog):
    """Shows a PDF held in memory, with Print and Save as PDF.

    `on_saved(path)` is called after an unencrypted copy was written (the caller audits it).
    """

    def __init__(
        self,
        pdf: bytes,
        title: str,
        suggested_name: str,
        on_saved: Callable[[Path], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("previewDialog")
        self._title = title
        self._pdf = pdf
        self._suggested = suggested_name
        self._on_saved = on_saved
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages_label = QLabel()
        self.print_button = QPushButton()
        self.print_button.setObjectName("printButton")
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveButton")
        self.close_button = QPushButton()
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as_pdf)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)

        buttons = QHBoxLayout()
        buttons.addWidget(self.pages_label)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(QSize(900, 1000).boundedTo(self.screen().availableSize() * 0.9))
        track_language(self)

    def retranslate(self) -> None:
        self.setWindowTitle(self._title)
        count = self.document.pageCount()
        self.pages_label.setText(
            ngettext("{count} page", "{count} pages", count).format(count=count)
        )
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("&Save as PDF…"))
        self.close_button.setText(_("Close"))
        self.view.setAccessibleName(_("Document preview"))

    # --- printing ------------------------------------------------------------------------------

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._title)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            render_to_printer(self.document, printer)
        except Exception as exc:  # noqa: BLE001 - a printer problem must not close the preview
            show_error(self, exc)

    # --- saving --------------------------------------------------------------------------------

    def save_as_pdf(self) -> None:
        answer = QMessageBox.warning(
            self,
            _("Save as PDF"),
            _(
                "The saved file will NOT be encrypted. Anyone who can open the folder can read "
                "it. Save it only where it is protected, and delete it once it has been printed "
                "or sent. The save is recorded in the audit log."
            ),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Save:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), suggested_path(self._suggested), _("PDF documents (*.pdf)")
        )
        if not path:
            return
        try:
            target = check_output_path(path)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(self._pdf)
            self._on_saved(target)
        except Exception as exc:  # noqa: BLE001 - shown calmly; nothing else was changed
            show_error(self, exc)


def suggested_path(name: str) -> str:
    """The suggested file in the user's documents folder (the home folder if there is none)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    base = Path(folder) if folder and Path(folder).is_dir() else Path.home()
    return str(base / name)


def render_to_printer(document: QPdfDocument, printer: QPrinter) -> None:
    """Draw each page as an image fitted to the printer's page, at the printer's resolution."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer")
    try:
        dpi = printer.resolution()
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            image = document.render(index, size)
            target = painter.viewport().size()
            scaled = image.scaled(target, Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QPointF(0, 0), scaled)
    finally:
        painter.end()
