"""What a lock keeps of unsaved input, and how it is offered back after the next unlock.

Each page's unsaved input is saved as a draft under "<Page>/<key>"; what was typed into an
open dialog under "Dialog/<object name>.<n>". On a vault the drafts are encrypted in it
(casework.services.drafts); in an office-server session they stay in this process's memory
(`MemoryDrafts`): nothing of a server's cases is written to the laptop's disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

if TYPE_CHECKING:
    from casework.services.context import ServiceContext
    from casework.ui.kept_input import KeptInputDialog
    from casework.ui.main_window import MainWindow

DRAFT_SEPARATOR = "/"
DIALOG_DRAFTS = "Dialog"  # the draft key prefix of input typed into a dialog closed by a lock


def drafts_store(ctx: ServiceContext):  # noqa: ANN201 - the services module, or memory (server)
    from casework.ui.server_session import MemoryDrafts, is_server

    if is_server(ctx.vault):
        return MemoryDrafts
    from casework.services import drafts

    return drafts


def save_page_drafts(window: MainWindow, ctx: ServiceContext) -> None:
    for screen in window.screens:
        for key, payload in screen.drafts().items():
            drafts_store(ctx).save_draft(
                ctx, type(screen).__name__ + DRAFT_SEPARATOR + key, payload
            )


def save_dialog_drafts(ctx: ServiceContext) -> None:
    """What was typed into the open dialogs, kept; offered back after unlock."""
    for n, widget in enumerate(QApplication.topLevelWidgets()):
        draft = getattr(widget, "draft", None)
        if not isinstance(widget, QDialog) or not widget.isVisible() or not callable(draft):
            continue
        payload = draft()
        if payload:
            key = f"{DIALOG_DRAFTS}{DRAFT_SEPARATOR}{widget.objectName()}.{n}"
            drafts_store(ctx).save_draft(ctx, key, payload)


def restore_page_drafts(window: MainWindow, ctx: ServiceContext, saved: dict[str, str]) -> int:
    """Each page's drafts back into it (a page with drafts is built to take them); how many."""
    restored = 0
    for page in window.page_keys():
        prefix = page + DRAFT_SEPARATOR
        mine = {k[len(prefix) :]: v for k, v in saved.items() if k.startswith(prefix)}
        if not mine:
            continue
        screen = window.screen_named(page)
        if screen is None:
            continue
        screen.restore_drafts(mine)
        for key in mine:
            drafts_store(ctx).discard_draft(ctx, prefix + key)
        restored += len(mine)
    return restored


def offer_dialog_drafts(
    window: MainWindow, ctx: ServiceContext, saved: dict[str, str]
) -> tuple[KeptInputDialog | None, int]:
    """What open dialogs held, shown to copy from once the window is on screen; then
    discarded from the store (the dialog holds it). Returns the dialog and how many."""
    from casework.ui.kept_input import KeptInputDialog

    prefix = DIALOG_DRAFTS + DRAFT_SEPARATOR
    kept = [payload for key, payload in sorted(saved.items()) if key.startswith(prefix)]
    dialog = None
    if kept:
        dialog = KeptInputDialog(kept, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        QTimer.singleShot(0, dialog.open)
    for key in saved:
        if key.startswith(prefix):
            drafts_store(ctx).discard_draft(ctx, key)
    return dialog, len(kept)
