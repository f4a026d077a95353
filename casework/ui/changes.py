"""Pages that show current data: every write says what it changed, stale pages reload.

Every service write runs in `ServiceContext.write()`, which tells its listeners the kinds of
records it changed ("case", "referral", "task"…, read from the write's audit events). A
`ChangeHub` turns that into a Qt signal on the GUI thread (writes may run in a background job).
`follow(ctx, page, kinds, reload)` marks a page stale when one of its kinds changed while it was
hidden, and reloads it the next time it is shown. A page already on screen made the change
itself (or a dialog over it did) and has redrawn what it shows; reloading it again under the
user's hands would lose their place.

On an office server colleagues write too: their changes arrive pushed (ui/server_session.py)
through `ChangeHub.pushed`. Then a page on screen reloads at once (keeping its place), unless it
holds unsaved input: that is never replaced under the user's hands, the page reloads when shown
next.

A page's `reload` keeps the selection and scroll position (see `widgets.tables.keep_place`).
Pages built late (when first shown) call `follow` when they are built: nothing else to do.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from casework.services.context import ServiceContext

log = logging.getLogger(__name__)

# The kinds a page showing case work follows.
CASE_WORK = frozenset(
    {
        "case",
        "referral",
        "plan",
        "task",
        "note",
        "consent",
        "observation",
        "judgement",
        "assessment",
        "organisation",
        "pathway",
        "user",
    }
)
# Follow every kind (the audit log shows every write).
EVERYTHING: frozenset[str] = frozenset({"*"})


class _Follower(QObject):
    """Reloads one page when it is shown after a change it follows."""

    def __init__(self, page: QWidget, kinds: frozenset[str], reload: Callable[[], None]) -> None:
        super().__init__(page)
        self.page = page
        self.kinds = kinds
        self.reload = reload
        self.stale = False
        page.installEventFilter(self)

    def changed(self, kinds: frozenset[str], pushed: bool = False) -> None:
        if "*" not in self.kinds | kinds and not (kinds & self.kinds):
            return
        if self.page.isVisible():
            if pushed and _holds_input(self.page):
                self.stale = True  # a colleague's change, shown once the input is dealt with
            elif pushed:
                self._reload()  # a colleague's change: show it now
            return  # the page on screen made the change and shows it already
        self.stale = True

    def _reload(self) -> None:
        self.stale = False
        try:
            self.reload()
        except Exception:  # noqa: BLE001 - a page that fails to reload keeps its rows
            log.exception("a page failed to reload after a change")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.page and event.type() == QEvent.Type.Show and self.stale:
            self._reload()
        return False


def _holds_input(page: QWidget) -> bool:
    """Whether the page, or the screen it is part of, has unsaved input."""
    widget: QWidget | None = page
    while widget is not None:
        drafts = getattr(widget, "drafts", None)
        if callable(drafts):
            try:
                if drafts():
                    return True
            except Exception:  # noqa: BLE001 - when in doubt, keep what is on screen
                return True
        widget = widget.parentWidget()
    return False


class ChangeHub(QObject):
    """The session's change signal. `changed` carries a frozenset of record kinds."""

    changed = Signal(object)
    _relay = Signal(object)

    def __init__(self, ctx: ServiceContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._followers: weakref.WeakSet[_Follower] = weakref.WeakSet()
        # A write in a background job calls the listener on its thread: hop to this one.
        self._relay.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        ctx.listeners.append(self._heard)

    def _heard(self, kinds: frozenset[str]) -> None:
        self._relay.emit(kinds)

    def _deliver(self, kinds: object, pushed: bool = False) -> None:
        assert isinstance(kinds, frozenset)
        for follower in list(self._followers):
            try:
                follower.changed(kinds, pushed)
            except RuntimeError:  # the page is gone
                self._followers.discard(follower)
        self.changed.emit(kinds)

    def pushed(self, kinds: frozenset[str]) -> None:
        """A colleague's change, pushed by the office server (on the GUI thread)."""
        if kinds:
            self._deliver(kinds, pushed=True)

    def follow(self, page: QWidget, kinds: Iterable[str], reload: Callable[[], None]) -> None:
        """Reload `page` with `reload()` when it is shown after one of `kinds` changed."""
        follower = _Follower(page, frozenset(kinds), reload)
        self._followers.add(follower)

    def stop(self) -> None:
        """The session ends: no more deliveries."""
        if self._heard in self.ctx.listeners:
            self.ctx.listeners.remove(self._heard)
        self._followers.clear()


_hubs: weakref.WeakKeyDictionary[ServiceContext, ChangeHub] = weakref.WeakKeyDictionary()


def hub(ctx: ServiceContext) -> ChangeHub:
    """The change hub of a session (one per service context, made on first use)."""
    found = _hubs.get(ctx)
    if found is None:
        found = _hubs[ctx] = ChangeHub(ctx)
    return found


def follow(
    ctx: ServiceContext, page: QWidget, kinds: Iterable[str], reload: Callable[[], None]
) -> None:
    """Reload `page` with `reload()` when it is shown after a write changed one of `kinds`."""
    hub(ctx).follow(page, kinds, reload)


def end_session(ctx: ServiceContext) -> None:
    found = _hubs.pop(ctx, None)
    if found is not None:
        found.stop()
        found.deleteLater()


__all__ = ["CASE_WORK", "EVERYTHING", "ChangeHub", "end_session", "follow", "hub"]
