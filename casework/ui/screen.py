"""The contract between the main window and the pages it hosts (Cases, Referrals, …).

A screen is built with the ServiceContext of the logged-in user, sets all its texts in
`retranslate()`, and talks to the rest of the window only through signals.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from casework.services.context import ServiceContext
from casework.ui.changes import CASE_WORK


class Screen(QWidget):
    # A short message for the status bar.
    status_message = Signal(object)  # a str, or a live() text
    # Ask the window to open a case workspace (from a referral, a task, a search hit…).
    open_case_requested = Signal(int)

    # The kinds of records whose changes make this page stale (ui/changes.py): the window
    # reloads it with `refresh()` when it is shown after such a change. Empty: not followed.
    watches: frozenset[str] = CASE_WORK

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    # --- what the main window calls ----------------------------------------------------------

    @classmethod
    def load_early(cls, ctx: ServiceContext) -> object | None:
        """Start the page's first load before it is built, when it is built to be shown at once
        (chosen in the navigation): the reads then run on the pool while the widgets are made.
        Handed to `loaded_early` once the page exists; None: the page loads when shown."""
        return None

    def loaded_early(self, load: object) -> None:
        """Take the load `load_early` started (see there)."""

    def title(self) -> str:
        """The translated name shown in the navigation."""
        raise NotImplementedError

    def retranslate(self) -> None:
        """Set every visible text in the active language (called on every switch)."""

    def refresh(self) -> None:
        """Reload from the services (after another screen changed something), keeping the
        selection and the scroll position."""

    def has_unsaved_changes(self) -> bool:
        return False

    def search_field(self) -> QWidget | None:
        """Where Ctrl+F goes: by default the page's visible field named "…search…"."""
        for edit in self.findChildren(QLineEdit):
            if "search" in edit.objectName().lower() and edit.isVisible():
                return edit
        return None

    def close_tab(self) -> bool:
        """Ctrl+W: close the page's current tab, if it has closable tabs."""
        return False

    def drafts(self) -> dict[str, str]:
        """Unsaved input as {key: JSON}, kept encrypted in the vault when locking."""
        return {}

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        """Offer back drafts saved before a lock (keys this screen produced)."""

    def clear(self) -> None:
        """Drop every piece of case data from widgets and item models (the vault is locking)."""
