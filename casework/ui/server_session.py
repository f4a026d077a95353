"""A session on the office server: colleagues' changes pushed, a lost connection survived.

`ServerLink` runs beside the main window of a server session:

- a `ChangeListener` thread holds a connection of its own (same TLS, same user) that LISTENs for
  the server's NOTIFY (store/server_push.py) and hands each change to the session's change hub
  (ui/changes.py): a colleague's new referral, approval or returned plan shows up within a
  second. The UI thread never waits on that connection.
- the same connection is the session's pulse: when it breaks (server stopped, network gone; TCP
  keepalives and a ping answered within PING_DEADLINE_S notice a silent cut within seconds) the
  store is marked offline, so every call fails at once with a clear message instead of waiting
  for the network, calls already waiting on it fail too (their sockets are cut: the dialog
  that sent them keeps its input and can save again later), and a banner says
  "Connection to the office server lost — reconnecting…". The listener reconnects with backoff;
  when it is back, the banner goes and every page reloads (changes made meanwhile were not heard).
  Nothing on screen is cleared meanwhile, so what the user was typing stays where it is.

Unsaved input kept across a lock stays in this process's memory in server mode (`MemoryDrafts`),
never on the laptop's disk: a server session writes nothing under the data folder but settings.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from casework.i18n import _
from casework.store.server import ServerStore
from casework.ui.retranslate import track_language

if TYPE_CHECKING:
    from casework.services.context import ServiceContext

log = logging.getLogger(__name__)

FIRST_RETRY_S = 0.5
LAST_RETRY_S = 8.0
PING_S = 3.0
POLL_S = 0.25
# A ping unanswered for this long means the network is gone, even if TCP has not said so (a
# dropped link that sends no reset, a stalled relay): the listener cuts its connection.
PING_DEADLINE_S = 4.0


def is_server(store: object) -> bool:
    return isinstance(store, ServerStore)


class ChangeListener(QThread):
    """LISTENs on its own connection; says when the connection is lost and when it is back."""

    changes = Signal(object)  # list[PushedChange]
    lost = Signal()
    restored = Signal()

    def __init__(self, store: ServerStore) -> None:
        super().__init__()
        self.store = store
        self._stopping = threading.Event()
        self.listening = threading.Event()  # set while LISTEN is active (tests wait on it)

    def stop(self) -> None:
        self._stopping.set()

    def run(self) -> None:
        import psycopg

        from casework.store import server_push

        delay, online = FIRST_RETRY_S, True
        while not self._stopping.is_set():
            try:
                conn = self.store.listen_connection()
            except Exception:  # noqa: BLE001 - unreachable, refused, closed: try again later
                if online and not self._stopping.is_set():
                    online = False
                    self._went_offline()
                self._stopping.wait(delay)
                delay = min(delay * 2, LAST_RETRY_S)
                continue
            try:
                conn.execute(f"LISTEN {server_push.CHANNEL}")
                self.listening.set()
                if not online:
                    online = True
                    self.restored.emit()
                delay = FIRST_RETRY_S
                pinged = time.monotonic()
                while not self._stopping.is_set():
                    batch = [
                        change
                        for note in conn.notifies(timeout=POLL_S, stop_after=100)
                        if (change := server_push.parse(note.payload)) is not None
                    ]
                    if batch:
                        self.changes.emit(batch)
                    if time.monotonic() - pinged > PING_S:
                        self._ping(conn)
                        pinged = time.monotonic()
            except psycopg.Error:
                self.listening.clear()
                if online and not self._stopping.is_set():
                    online = False
                    self._went_offline()
            finally:
                self.listening.clear()
                conn.close()

    def _went_offline(self) -> None:
        """Here, on the listener's thread: calls fail at once from now on and the calls
        waiting on the network are cut, even one the UI thread itself is blocked in. Then the
        UI thread is told (banner)."""
        self.store.connection_lost()
        self.lost.emit()

    @staticmethod
    def _ping(conn: object) -> None:
        """SELECT 1, cut if it is not answered within PING_DEADLINE_S (then it raises)."""
        from casework.store.server_connection import cut

        watchdog = threading.Timer(PING_DEADLINE_S, cut, args=(conn,))
        watchdog.daemon = True
        watchdog.start()
        try:
            conn.execute("SELECT 1")  # type: ignore[attr-defined]
        finally:
            watchdog.cancel()


_running: set[ChangeListener] = set()  # kept alive until their thread ends


def wait_for_listeners(ms: int = 1500) -> None:
    """At quit: let stopped listeners close their connections (each polls every POLL_S)."""
    for listener in list(_running):
        listener.stop()
        listener.wait(ms)


class ConnectionBanner(QWidget):
    """The band above the pages while the office server cannot be reached."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#connectionBanner { background: #fff4ce; border-bottom: 1px solid #c8a600; }"
            "#connectionBanner QLabel { color: #3d3000; }"
        )
        self.label = QLabel(self)
        self.label.setObjectName("connectionBannerText")
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        margin = self.fontMetrics().lineSpacing() // 2
        layout.setContentsMargins(margin * 2, margin, margin * 2, margin)
        layout.addWidget(self.label, 1)
        track_language(self)

    def retranslate(self) -> None:
        self.label.setText(
            _("Connection to the office server lost — reconnecting…")
            + " "
            + _("What you type is kept; save once the connection is back.")
        )
        self.setAccessibleName(_("Connection to the office server lost — reconnecting…"))

    def text(self) -> str:
        return self.label.text()


class ServerLink(QObject):
    """Push and connection watch for one server session (see the module's docstring)."""

    online_changed = Signal(bool)

    def __init__(self, ctx: ServiceContext, window: QMainWindow) -> None:
        super().__init__(window)
        store = ctx.vault
        assert isinstance(store, ServerStore)
        self.ctx = ctx
        self.store = store
        self.banner = ConnectionBanner()
        self.banner.hide()
        column = window.centralWidget().layout()
        if isinstance(column, QVBoxLayout):
            column.insertWidget(0, self.banner)
        self.listener = ChangeListener(store)
        self.listener.changes.connect(self._heard)
        self.listener.lost.connect(self._lost)
        self.listener.restored.connect(self._restored)
        _running.add(self.listener)
        self.listener.finished.connect(lambda listener=self.listener: _running.discard(listener))
        self.listener.start()

    @property
    def online(self) -> bool:
        return self.store.online

    def stop(self) -> None:
        """The session ends: the listener closes its connection (on its own thread)."""
        self.listener.stop()
        for signal in (self.listener.changes, self.listener.lost, self.listener.restored):
            signal.disconnect()

    def _heard(self, batch: object) -> None:
        from casework.services.context import changed_kinds
        from casework.ui import changes

        mine = self.ctx.actor.user_id
        events = [c.as_event() for c in batch if c.actor_id != mine]  # type: ignore[attr-defined]
        kinds = changed_kinds(events)
        if kinds:
            changes.hub(self.ctx).pushed(kinds)

    def _lost(self) -> None:
        log.warning("office server connection lost")
        self.store.online = False  # (the listener has cut the calls waiting on the network)
        self.banner.show()
        self.online_changed.emit(False)

    def _restored(self) -> None:
        from casework.ui import changes

        log.info("office server connection back")
        self.store.engine.dispose()  # the pool's connections died with the old link
        self.store.online = True
        self.banner.hide()
        self.online_changed.emit(True)
        changes.hub(self.ctx).pushed(frozenset({"*"}))  # what changed meanwhile was not heard


def close_after_lock(ctx: ServiceContext, state: str) -> tuple[Callable, Callable, Callable]:
    """After a lock (work, on_done, on_error for run_in_background): off the UI thread, the
    window's geometry remembered if the server answers, then the connections closed."""
    from casework.ui import settings

    def work(_report: object) -> None:
        try:
            if state:
                settings.GEOMETRY.set(ctx, state)
        finally:
            ctx.vault.close()

    def failed(exc: BaseException) -> None:
        log.warning("closing the office server session: %s", type(exc).__name__)

    return work, lambda _result: None, failed


class MemoryDrafts:
    """Drafts kept across a lock in memory (server mode): the drafts service's three calls."""

    _kept: dict[tuple[str, int], dict[str, str]] = {}

    @classmethod
    def _mine(cls, ctx: ServiceContext) -> dict[str, str] | None:
        if ctx.actor.user_id is None:
            return None
        store = ctx.vault
        where = store.address.url if isinstance(store, ServerStore) and store.address else ""
        return cls._kept.setdefault((where, ctx.actor.user_id), {})

    @classmethod
    def save_draft(cls, ctx: ServiceContext, key: str, payload: str) -> None:
        mine = cls._mine(ctx)
        if mine is not None:
            mine[key] = payload

    @classmethod
    def load_drafts(cls, ctx: ServiceContext) -> dict[str, str]:
        mine = cls._mine(ctx)
        return dict(mine) if mine is not None else {}

    @classmethod
    def discard_draft(cls, ctx: ServiceContext, key: str) -> None:
        mine = cls._mine(ctx)
        if mine is not None:
            mine.pop(key, None)


__all__ = ["ChangeListener", "ConnectionBanner", "MemoryDrafts", "ServerLink", "is_server"]
