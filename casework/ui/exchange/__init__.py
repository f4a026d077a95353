"""Referrals that cross organisations, in the desktop app.

The Partners page (our card, partners' cards, verification), the send previews ("Send as
file…", "Send answer as file…"), and "Import received file…" (File menu and drag-and-drop on
the window). Hooks into existing screens are one line each: see `buttons` and `window`.
"""

from casework.ui.exchange.partners_screen import PartnersScreen

__all__ = ["PartnersScreen"]
