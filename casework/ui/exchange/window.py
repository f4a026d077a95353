""" "Import received file…" in the File menu, and dropping a file on the window (one-line hook).

install(main_window)   # at the end of MainWindow._build_menus
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow

from casework.exchange.packet import PACKET_SUFFIX
from casework.i18n import _
from casework.services.permissions import Permission
from casework.ui.exchange.received import ReceivedDialog, open_received_file
from casework.ui.retranslate import live, track_language


class ReceivedFiles(QObject):
    """The menu action and the window's drop target for received exchange files."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx  # type: ignore[attr-defined]
        self.dialog: ReceivedDialog | None = None
        self.action = QAction(window)
        self.action.setObjectName("importReceivedFileAction")
        self.action.triggered.connect(lambda: self.choose())
        allowed = self.ctx.actor.can(Permission.EDIT_CASE_RECORDS)
        self.action.setVisible(allowed)
        if allowed:
            window.setAcceptDrops(True)
            window.installEventFilter(self)
        track_language(self)

    def retranslate(self) -> None:
        self.action.setText(_("Import received file…"))

    def choose(self) -> None:
        name, _f = QFileDialog.getOpenFileName(
            self.window, _("Import received file"), "", _("Casework exchange files (*.cwx)")
        )
        if name:
            self.open(Path(name))

    def open(self, path: Path) -> ReceivedDialog | None:
        """The dialog once the file is checked (None while the office server answers)."""
        return open_received_file(self.window, self.ctx, path, self._opened)

    def _opened(self, dialog: ReceivedDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(self._recorded)

    def _recorded(self) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        result = dialog.result
        if result is not None:
            message = live(
                lambda: _("Referral recorded on case {reference}.").format(
                    reference=result.case_reference
                )
            )
        else:
            message = live(lambda: _("Answer recorded."))
        show = getattr(self.window, "show_status", None)
        if callable(show):
            show(message, 8000)
        else:
            self.window.statusBar().showMessage(message, 8000)
        for screen in getattr(self.window, "screens", []):  # the pages built so far
            screen.refresh()

    @staticmethod
    def _file_of(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        path = Path(urls[0].toLocalFile())
        return path if path.suffix.lower() == PACKET_SUFFIX else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.DragEnter and self._file_of(event) is not None:
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop:
            path = self._file_of(event)
            if path is not None:
                event.acceptProposedAction()
                self.open(path)
                return True
        return False


def install(window: QMainWindow) -> ReceivedFiles:
    files = ReceivedFiles(window)
    menu = window.file_menu  # type: ignore[attr-defined]
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, files.action)
    menu.insertSeparator(first)
    window.received_files = files  # type: ignore[attr-defined]
    return files
