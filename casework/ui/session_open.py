"""What a session reads and writes as it opens, without making the window wait for the office
server.

- Who the user is (their roles choose the pages), the organisation's country (the Arabic locale)
  and whether it is a workshop: needed to build the window, so on an office server they are
  read by the login's own background job, with the connection (`read_opening`), and handed
  to the session on the store (`store.opening`). On a vault they are read as the session
  opens, as before (a local read, no network).
- The window's size, zoom and presentation mode kept for the user: on an office server the
  window shows at once at its usual size and they are read off the window's thread, applied
  when they come unless the user already zoomed or presented meanwhile
  (`MainWindow.read_view_state`); a read that fails (the connection lost) is made again once
  the connection is back. On a vault they are read before the pages are built, as before.
- The language chosen at login, kept as the user's preference: written through `call_service`
  (off the window's thread on an office server); a failure keeps it for this session only.

At lock the window's size is written off the window's thread before the connections close
(`close_after_lock` in ui/server_session.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from casework.ui.service_call import call_service

if TYPE_CHECKING:
    from casework.services.context import ServiceContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Opening:
    ctx: ServiceContext
    country: str
    workshop: bool


def read_opening(store: object) -> Opening:
    """The session's context, the organisation's country and the workshop flag, read in one go
    (on the login's job for an office server)."""
    from casework.services.context import ServiceContext
    from casework.workshop import is_workshop

    ctx = ServiceContext.for_vault(store)  # type: ignore[arg-type]
    return Opening(ctx, store.meta("country"), is_workshop(store))  # type: ignore[attr-defined]


def take_opening(store: object) -> Opening:
    """What the login's job read (once), else read now (a vault, or a test's own store)."""
    opening = getattr(store, "opening", None)
    if opening is not None:
        store.opening = None  # type: ignore[attr-defined]
        return opening
    return read_opening(store)


def keep_language(owner: QObject, ctx: ServiceContext, lang: str) -> None:
    """The language chosen at login becomes the user's preference (quietly kept for this
    session only if it cannot be written: a damaged vault, a lost connection)."""
    from casework.ui import settings

    def failed(exc: BaseException) -> None:
        log.warning("the language preference could not be stored: %s", type(exc).__name__)

    work = partial(settings.LANGUAGE.set, ctx, lang)
    call_service(owner, ctx, work, lambda _result: None, failed, single=False)


__all__ = ["Opening", "keep_language", "read_opening", "take_opening"]
