"""Backup and restore (administrators).

A backup is one encrypted file that needs a password or the recovery key to open. A restore
writes into a new, empty folder and never touches the vault in use.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import _
from casework.services import vault_admin
from casework.services.context import ServiceContext
from casework.ui.background import Job, run_in_background
from casework.ui.errors import show_error
from casework.ui.retranslate import live

log = logging.getLogger(__name__)
BACKUP_SUFFIX = ".cwbackup"


def _inform(parent: QWidget, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("backupMessage")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


class BackupTab(QWidget):
    status_message = Signal(object)  # a str, or a live() text

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: Job | None = None
        self.backup_box = QGroupBox(self)
        self.backup_text = QLabel(self.backup_box)
        self.backup_text.setWordWrap(True)
        self.backup_button = QPushButton(self.backup_box)
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.choose_backup_file)
        inner = QVBoxLayout(self.backup_box)
        inner.addWidget(self.backup_text)
        inner.addWidget(self.backup_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.restore_box = QGroupBox(self)
        self.restore_text = QLabel(self.restore_box)
        self.restore_text.setWordWrap(True)
        self.restore_button = QPushButton(self.restore_box)
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.clicked.connect(self.choose_restore)
        inner = QVBoxLayout(self.restore_box)
        inner.addWidget(self.restore_text)
        inner.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.backup_box)
        layout.addWidget(self.restore_box)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.backup_box.setTitle(_("Backup"))
        self.backup_text.setText(
            _(
                "Write the whole vault into one encrypted file, for example on a USB stick kept "
                "in another place. It opens only with a Casework password or the recovery key."
            )
        )
        self.backup_button.setText(_("&Back up now…"))
        self.restore_box.setTitle(_("Restore"))
        self.restore_text.setText(
            _(
                "Restore a backup file into a new, empty folder. The vault you are using now is "
                "not changed; start Casework with the new folder to open the restored vault."
            )
        )
        self.restore_button.setText(_("&Restore a backup…"))

    # --- backup ------------------------------------------------------------------------------

    def choose_backup_file(self) -> None:
        name = f"casework-{dt.date.today().isoformat()}{BACKUP_SUFFIX}"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the backup as"),
            str(Path.home() / name),
            _("Casework backups (*{suffix})").format(suffix=BACKUP_SUFFIX),
        )
        if path:
            self.backup_to(Path(path))

    def backup_to(self, target: Path) -> Job:
        """Write the backup with a progress dialog that can cancel it."""
        progress = QProgressDialog(self)
        progress.setObjectName("backupProgress")
        progress.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        progress.setWindowTitle(_("Backup"))
        progress.setLabelText(_("Writing the encrypted backup…"))
        progress.setCancelButtonText(_("Cancel"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setRange(0, 0)
        ctx = self.ctx

        def advance(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(min(done, total))

        def finished(size: int) -> None:
            self.job = None
            progress.reset()
            progress.close()
            log.info("backup written")
            self.status_message.emit(live(lambda: _("Backup written.")))
            _inform(
                self,
                _("Backup written"),
                _(
                    "The backup was written to {path}. It is encrypted: it opens only with a "
                    "Casework password or the recovery key. Keep it in a safe place away from "
                    "this computer."
                ).format(path=target),
            )

        def failed(exc: BaseException) -> None:
            self.job = None
            progress.reset()
            progress.close()
            show_error(self, exc)

        job = run_in_background(
            self,
            lambda report: vault_admin.backup(ctx, target, report),
            on_done=finished,
            on_error=failed,
            progress=advance,
        )
        self.job = job
        progress.canceled.connect(job.cancel)
        if self.job is not None:
            progress.show()
        return job

    # --- restore -----------------------------------------------------------------------------

    def choose_restore(self) -> None:
        source, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the backup file"),
            str(Path.home()),
            _("Casework backups (*{suffix});;All files (*)").format(suffix=BACKUP_SUFFIX),
        )
        if not source:
            return
        folder = QFileDialog.getExistingDirectory(
            self, _("Choose an empty folder for the restored vault"), str(Path.home())
        )
        if folder:
            self.restore_into(Path(source), Path(folder))

    def restore_into(self, source: Path, folder: Path) -> Job | None:
        if folder.exists() and any(folder.iterdir()):
            _inform(
                self,
                _("Restore"),
                _("The folder {path} is not empty. Choose an empty folder.").format(path=folder),
            )
            return None
        ctx = self.ctx

        def finished(_result: object) -> None:
            self.status_message.emit(live(lambda: _("Backup restored.")))
            _inform(
                self,
                _("Backup restored"),
                _(
                    "The backup was restored into {path}. The vault you are using was not "
                    "changed. To open the restored vault, start Casework with this folder "
                    "(--vault) and any of its users' passwords."
                ).format(path=folder),
            )

        return run_in_background(
            self,
            lambda report: vault_admin.restore(ctx, source, folder),
            on_done=finished,
            on_error=lambda exc: show_error(self, exc),
        )

    def clear(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None
