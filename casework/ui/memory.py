"""Giving a locked session's memory back, so every lock/unlock cycle starts from the same size.

Locking closes the main window with `deleteLater()`: its widgets, item models and the read
models they hold are freed when control is back in the event loop. Once the window is destroyed,
`release_when_destroyed` collects Python's reference cycles and hands the freed C heap back to
the system (glibc's `malloc_trim`). Without that, the process kept the size of its busiest moment
after a lock, and the next unlock's key derivation (Argon2id, 64 MiB) came on top of it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import sys
from functools import cache

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


@cache
def _malloc_trim() -> object | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # musl and other C libraries have no malloc_trim
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def trim_heap() -> None:
    """Return the C heap's free pages to the system (glibc only; elsewhere nothing)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)  # type: ignore[operator]


def release_now() -> None:
    """Collect Python's reference cycles, then trim the C heap."""
    gc.collect()
    trim_heap()


def release_when_destroyed(window: QObject) -> None:
    """Release the memory of a closed session once its window (closed with `deleteLater`) is
    destroyed: on the next turn of the event loop after that."""
    window.destroyed.connect(lambda *_: QTimer.singleShot(0, _release))


def _release() -> None:
    try:
        release_now()
    except Exception:  # noqa: BLE001 - freeing memory must never break the login window
        log.exception("releasing memory after a lock failed")
