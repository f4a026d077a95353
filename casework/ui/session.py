"""Locking and unlocking: the idle timer, drafts kept across a lock, one window per session.

Locking saves each page's unsaved input as an encrypted draft, clears every page, closes every
dialog and the main window, then closes the vault (which wipes the key). The login window comes
back with the same user's name; that user's password rebuilds the window on the same page and
hands the drafts back. Another user gets a fresh window.

A workshop vault can be reset by its trainer: the session ends as for a lock, the vault's
pristine snapshot is put back in a background job (milliseconds), and the login window returns.
"""

from __future__ import annotations

import logging
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMenu

from casework.i18n import N_, _
from casework.ui import settings
from casework.ui.background import pool, run_in_background
from casework.ui.login import LoginWindow
from casework.ui.retranslate import live
from casework.ui.service_call import call_service, runs_off_ui
from casework.ui.session_drafts import (
    drafts_store,
    offer_dialog_drafts,
    restore_page_drafts,
    save_dialog_drafts,
    save_page_drafts,
)
from casework.ui.session_guards import IdleWatcher, LockShortcut
from casework.ui.session_workshop import WorkshopReset

if TYPE_CHECKING:
    from casework.services.context import ServiceContext
    from casework.store.vault import Vault
    from casework.ui.main_window import MainWindow
    from casework.ui.pages import PageFactory
    from casework.ui.server_session import ServerLink

# The main window, the pages and the services are imported when a session opens, not before
# the login window is shown (they pull in SQLAlchemy and every screen).

DAMAGED_AFTER_UNLOCK = N_(
    "The vault file is damaged: the integrity check found damaged pages ({pages}). You can "
    "still read, but nothing will be saved. Ask your administrator to restore the latest "
    "backup into a new folder."
)

log = logging.getLogger(__name__)
# The page check waits at most this long for the first page's rows before it begins.
CHECK_HOLD_S = 2.0


class SessionController(WorkshopReset, QObject):
    """Owns the login window, the open vault and the main window of the current session."""

    unlocked = Signal()
    locked = Signal()
    # The workshop vault was put back as it was made (after `reset_workshop`).
    workshop_reset = Signal()
    # From the vault's page-check thread: (vault, damaged pages or the error that stopped it).
    _page_check_done = Signal(object, object)

    def __init__(
        self,
        folder: Path,
        pages: PageFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.pages = pages
        self.vault: Vault | None = None
        self.ctx: ServiceContext | None = None
        self.window: MainWindow | None = None
        self.workshop = False
        self.login = LoginWindow(self.folder)
        self.login.unlocked.connect(self.open_session)
        self._page_check_done.connect(self._page_checked)
        self.idle = IdleWatcher(self)
        # The default until the user's minutes are read (and if they cannot be: a timer left
        # at 0 ms would lock the session as soon as it opened).
        self.idle.set_minutes(settings.IDLE_MINUTES.default)
        self.idle.idle.connect(self.lock)
        self.lock_keys = LockShortcut(self)
        self.kept_input: QDialog | None = None
        self.server_link: ServerLink | None = None  # in a session on the office server
        self.idle_override_ms: int | None = None  # tests use a short timeout
        self._last_user = ""
        self._last_page = ""

    # --- starting ----------------------------------------------------------------------------

    def set_folder(self, folder: Path) -> None:
        """Switch to another vault folder (the workshop vault) while no session is open."""
        if self.vault is not None:
            raise RuntimeError("a session is open")
        self.folder = Path(folder)
        self._last_user = ""
        self._last_page = ""
        self.login.set_folder(self.folder)

    def show_login(self) -> None:
        self.login.set_workshop(None)
        self.login.show()
        self.login.raise_()
        self.login.activateWindow()

    def open_session(self, vault: Vault) -> None:
        """A vault was unlocked (login) or created (first run): build the window for its user."""
        from casework.ui.background import running_jobs
        from casework.ui.session_open import keep_language, take_opening

        before = running_jobs()  # the first page's loads are those started from here on
        self.vault = vault
        try:  # on an office server, read by the login's job (ui/session_open.py)
            opening = take_opening(vault)
        except BaseException:
            vault.close()
            self.vault = None
            raise
        self.ctx = opening.ctx
        self._check_pages(vault)  # at once, held until the first page has its rows
        self._apply_user_language(opening.country)
        same_user = vault.opened_by == self._last_user and bool(self._last_user)
        self.workshop = opening.workshop  # a vault's own mode, or a workshop server's
        from casework.ui.main_window import MainWindow
        from casework.ui.pages import build_pages

        self.window = MainWindow(self.ctx, self.pages or build_pages, workshop=self.workshop)
        from casework.i18n import current_language

        keep_language(self.window, self.ctx, current_language())
        self.window.lock_requested.connect(self.lock)
        self.window.quit_requested.connect(self.quit)
        self.window.reset_workshop_requested.connect(self.reset_workshop)
        if same_user and self._last_page:
            self.window.show_page(self._last_page)
        self._offer_drafts()
        self.login.hide()
        self.window.show()
        release = getattr(vault, "release_check", None)
        if release is not None:  # the first page's loads started with the window
            from casework.ui.background import when_idle

            when_idle(release, since=before)
        self.window.presentation_changed.connect(self._update_idle)
        self._update_idle()
        self.lock_keys.start()
        log.info("session opened")
        self.unlocked.emit()
        from casework.ui.server_session import ServerLink, is_server

        if is_server(vault):  # pushed changes and the connection watch; no pages to check
            self.server_link = ServerLink(self.ctx, self.window)
            window = self.window  # its size and zoom, read again once the server is back
            self.server_link.online_changed.connect(lambda on: on and window.read_view_state())

    def _update_idle(self) -> None:
        """The idle lock runs, except in a workshop vault in presentation mode unless the
        trainer asked for it there too (a real vault always keeps its lock)."""
        if self.ctx is None or self.window is None:
            return
        if self.idle_override_ms is not None:
            self.idle.set_interval_ms(self.idle_override_ms)
            self._idle_running()
            return
        # Read off the window's thread on an office server; the lock keeps its interval
        # until the minutes are in (or if they cannot be read).
        ctx, window = self.ctx, self.window

        def minutes(value: int) -> None:
            if self.window is window:
                self.idle.set_minutes(value)
                self._idle_running()

        def unread(_exc: BaseException) -> None:
            if self.window is window:
                self._idle_running()

        work = partial(settings.IDLE_MINUTES.get, ctx)
        call_service(window, ctx, work, minutes, unread, single=False)

    def _idle_running(self) -> None:
        assert self.ctx is not None and self.window is not None
        keep = settings.workshop_lock_while_presenting(self.ctx)
        if self.window.presenting and keep is False:
            self.idle.stop()
        else:
            self.idle.start()

    def _check_pages(self, vault: Vault) -> None:
        """Check every page's HMAC on the vault's own check thread (at a lower priority), from
        when the first page has its rows (`when_idle` releases it; at the latest after
        CHECK_HOLD_S): on a 500,000-case vault the scan, beside the first list query on two
        cores, doubled the time to the first rows. Damage makes the vault read-only and
        the user is told to restore a backup. Writes asked for meanwhile are queued or wait for
        it (store/page_check.py), and a lock meanwhile keeps them; the GUI thread never runs it."""
        start = getattr(vault, "start_check", None)
        if start is None:
            return  # the office server: nothing to check here
        start(lambda result: self._page_check_done.emit(vault, result), hold_s=CHECK_HOLD_S)

    def _page_checked(self, vault: object, result: object) -> None:
        """On the GUI thread, once the check has ended."""
        if vault is not self.vault or self.window is None:
            return  # locked (or another vault opened) meanwhile: the next unlock checks
        if isinstance(result, int) and result:
            from casework.errors import CaseworkError
            from casework.ui.errors import show_error

            log.error("page check found damage")
            show_error(self.window, CaseworkError(DAMAGED_AFTER_UNLOCK, pages=result))

    def _apply_user_language(self, country: str) -> None:
        """The language chosen at login wins at once; it becomes the user's preference (stored
        when the page check has passed, by `keep_language`). The organisation's country chooses
        the Arabic locale (Western digits in the Maghreb)."""
        from casework.i18n import set_region
        from casework.ui.retranslate import install_qt_translator

        set_region(country)
        install_qt_translator()

    def _offer_drafts(self) -> None:
        assert self.ctx is not None and self.window is not None
        saved = drafts_store(self.ctx).load_drafts(self.ctx)
        restored = restore_page_drafts(self.window, self.ctx, saved)
        dialog, kept = offer_dialog_drafts(self.window, self.ctx, saved)
        if dialog is not None:
            self.kept_input = dialog
        if restored + kept:
            self.window.show_status(
                live(lambda: _("Your unsaved changes from before the lock were restored."))
            )

    # --- locking -----------------------------------------------------------------------------

    def lock(self) -> None:
        """Save drafts, wipe every page and dialog, close the vault, show the login window."""
        if self.vault is None:
            return
        username = self.vault.opened_by
        self._end_session()
        self._last_user = username
        self.login.prefill(username if username != "recovery-key" else "", locked=True)
        self.show_login()
        log.info("session locked")
        self.locked.emit()

    def _end_session(self) -> None:
        self.idle.stop()
        self.lock_keys.stop()
        if self.server_link is not None:
            self.server_link.stop()
            self.server_link = None
        window, ctx, vault = self.window, self.ctx, self.vault
        remote = runs_off_ui(ctx)  # the office server: locking never waits for the network
        state = ""
        if window is not None and ctx is not None:
            self._last_page = window.current_page_key()
            try:
                save_page_drafts(window, ctx)
                save_dialog_drafts(ctx)
                if remote:
                    vault.abandon_calls()  # type: ignore[union-attr]
                    state = window.state_text()
                else:
                    window.save_state()
            except Exception:  # noqa: BLE001 - locking must go on whatever a page does
                log.exception("saving drafts while locking failed")
            for screen in window.screens:
                try:
                    screen.clear()
                except Exception:  # noqa: BLE001
                    log.exception("a page failed to clear while locking")
        _close_popups()
        if window is not None:
            # Imported here, not before the login window: it loads ctypes (and subprocess).
            from casework.ui.memory import release_when_destroyed

            window.close_for_session()
            release_when_destroyed(window)  # its memory goes back once it is deleted
            window.deleteLater()
        if ctx is not None:
            from casework.ui import changes

            changes.end_session(ctx)
        self.window = None
        self.ctx = None
        self.vault = None
        self.workshop = False
        if vault is not None and remote and ctx is not None:
            from casework.ui.server_session import close_after_lock

            run_in_background(None, *close_after_lock(ctx, state))
        elif vault is not None:
            # A case's "case.opened" entry still committing (its workspace not shown) is
            # written before the vault closes: a matter of milliseconds (cases/screen.py).
            cases_screen = sys.modules.get("casework.ui.cases.screen")
            if cases_screen is not None:
                cases_screen.wait_for_audits()
            # At once, unless writes are held behind a page check still running: then it
            # finishes on a thread of its own, writes them and wipes the key (page_check.py),
            # while the login window is already shown.
            vault.close(wait=False)
        from casework.ui.view_scale import apply_zoom

        apply_zoom(100)

    def quit(self) -> None:
        """Quitting keeps unsaved input as drafts too, then closes the vault."""
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        if self.vault is not None:
            self._end_session()
        self.login.close()
        # The writes held behind a page check are written before exit. No vault was opened if
        # the page check's module was never loaded: importing it (SQLAlchemy, SQLCipher) only to
        # learn that cost 0.7 s at every exit from the login window.
        page_check = sys.modules.get("casework.store.page_check")
        if page_check is not None:
            page_check.wait_for_closing()
        # Only a session that used the office server has listeners to wait for; importing the
        # server code just to learn there are none cost 0.8 s at every exit.
        server_session = sys.modules.get("casework.ui.server_session")
        if server_session is not None:
            server_session.wait_for_listeners()
            wait = getattr(pool(), "waitForDone", None)  # the session's last writes and close
            if wait is not None:
                wait(3000)


def _close_popups() -> None:
    """Close every dialog and menu: nothing decrypted may stay on screen while locked."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMenu) and widget.isVisible():
            widget.close()
        elif isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
            widget.close()
            widget.deleteLater()


__all__ = ["IdleWatcher", "SessionController"]
