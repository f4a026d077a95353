"""The Statistics page's CSV export: warned (the file is not encrypted), saved owner-only,
audited by the service."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from casework.i18n import _
from casework.services import statistics
from casework.services.context import ServiceContext
from casework.store.paths import check_output_path
from casework.ui.errors import show_error
from casework.ui.service_call import call_service


def export_csv(
    parent: QWidget,
    ctx: ServiceContext,
    filters: dict[str, object],
    exported: Callable[[Path], None] | None = None,
) -> Path | None:
    """`parent`: the export button (disabled while the office server answers).
    Warn that the file is not encrypted, ask where, write it owner-only; the export is
    audited by the service. The path written (handed to `exported` too), or None: cancelled,
    refused (said so), or on its way from the office server (`exported` tells when written)."""
    answer = QMessageBox.warning(
        parent,
        _("Export CSV"),
        _(
            "The CSV file will NOT be encrypted. It holds aggregated counts only (counts "
            "from 1 to 4 are shown as “< 5”, withheld ones as “x”), but save it only where it "
            "is protected. The export is recorded in the audit log."
        ),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Save:
        return None
    suggested = f"casework-statistics-{dt.date.today().isoformat()}.csv"
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Export CSV"), suggested, _("CSV files (*.csv)")
    )
    if not path:
        return None
    try:
        target = check_output_path(path)
    except Exception as exc:  # noqa: BLE001 - shown calmly; nothing else was changed
        show_error(parent, exc)
        return None

    def work() -> Path:
        """Counted, written and audited off the window's thread on an office server."""
        text = statistics.export_csv(ctx, **filters)  # type: ignore[arg-type]
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an existing file keeps its mode otherwise
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return target

    written: list[Path] = []

    def done(path: Path) -> None:
        written.append(path)
        if exported is not None:
            exported(path)

    call_service(parent, ctx, work, done, lambda exc: show_error(parent, exc), busy=[parent])
    return written[0] if written else None
