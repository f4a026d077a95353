"""The page check of an unlocked vault (a mixin of `Vault`) and the writes held until it passes.

Nothing is written to a vault before every page has passed SQLCipher's HMAC check
(`PRAGMA cipher_integrity_check`). A full unlock (the command line) checks before it returns; the
app's login unlocks without it and calls `start_check()` at once: the check runs on a thread of
its own, on a connection of its own (never one of the engine's, never shared with another
thread), at a lower CPU priority so the first page's queries go first. The app also holds the
scan back (`hold_s`) until its first page has its rows (`release_check()`): on a 500,000-case
vault the scan reads gigabytes, and on a two-core machine it slowed the first rows.

Meanwhile:
- `after_check(work)` queues a write (the login events) and returns at once; the queue is
  written in one transaction when the check passes, and dropped if it finds damage (the vault
  then turns read-only). `write_soon(work)` (an audited read such as "case opened", a
  preference) queues the same way while a check runs.
- `write()` (any other write) waits for the check, then goes ahead or raises `ReadOnlyVault`.
- `close()` never drops a held write: with writes held it lets the check run to its end (a held
  check is released, a running one is not interrupted), the writes are written once it passes
  (dropped if it finds damage), and only then is the engine disposed and the key wiped. With
  nothing held it interrupts a running check and waits for its thread. A lock calls
  `close(wait=False)`: the finishing runs on a thread of its own and the login window shows at
  once; the key stays in memory only until the check has ended and the writes are written (at
  500,000 cases the scan of the whole file takes minutes). `wait_for_closing()` waits for those
  threads (quitting, a workshop reset). Either way the engine is never freed under the check.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable

import sqlcipher3
from sqlalchemy.orm import Session

from casework.errors import ReadOnlyVault, VaultError
from casework.i18n import N_

log = logging.getLogger(__name__)

FirstWrite = Callable[[Session], Callable[[], None] | None]
# The check's result handed to `start_check`'s callback: damaged pages, or the error that
# stopped it (the vault was locked meanwhile).
CheckResult = int | BaseException
CHECK_NICENESS = 10  # added to the check thread's niceness (Linux: per thread), up to 19
CHECK_CACHE_KIB = 2048

# Vaults locked with writes held, finishing their check on a thread of their own.
_closers: set[threading.Thread] = set()
_closers_lock = threading.Lock()


def check_niceness(current: int) -> int:
    """The check thread's niceness: CHECK_NICENESS below the thread that starts it, relative
    to it (an app started with `nice 15` must not have its check raised to 10)."""
    return min(19, current + CHECK_NICENESS)


def wait_for_closing(timeout: float | None = None) -> bool:
    """Wait until every vault locked with writes held has written them and closed (quitting,
    a workshop reset, tests). Whether they all have."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        with _closers_lock:
            pending = list(_closers)
        if not pending:
            return True
        for thread in pending:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            thread.join(left)
            if thread.is_alive():
                return False


class PageCheck:
    closed: bool

    def _connect(self) -> sqlcipher3.Connection:  # pragma: no cover - provided by Vault
        raise NotImplementedError

    def _dispose(self) -> None:  # pragma: no cover - provided by Vault
        raise NotImplementedError

    def _open_spare(self) -> None:  # pragma: no cover - provided by Vault
        raise NotImplementedError

    def write(self):  # noqa: ANN201 - provided by Vault
        raise NotImplementedError  # pragma: no cover

    def _init_check(self) -> None:
        # Set when a page check found damage after unlock: reads go on, writes are refused.
        self.read_only = False
        self._checked = False
        self._damaged = 0
        # Held for the whole check and while the held writes are written.
        self._check_lock = threading.RLock()
        # Held only for a moment: the flags, the queue, the running check's connection.
        self._state_lock = threading.Lock()
        self._first_writes: list[FirstWrite] = []
        self._check_thread: threading.Thread | None = None
        self._check_conn: sqlcipher3.Connection | None = None
        self._closing = False
        # Set when a held check may begin (`release_check`, or the vault closing).
        self._release = threading.Event()
        # When the scan of a background check began (time.monotonic()), None until then.
        self.check_began: float | None = None
        # Set by a lock that lets the check finish for its held writes before closing.
        self.locking = False
        self._closer: threading.Thread | None = None

    @property
    def pages_checked(self) -> bool:
        """Whether every page has passed the HMAC check (writes wait for it)."""
        return self._checked

    def _require_checked(self) -> None:
        if not self._checked:
            self.check_pages()
        if self.read_only:
            raise ReadOnlyVault()

    def after_check(self, work: FirstWrite) -> None:
        """Run `work(session)` in a write once the pages have passed (now, if they have); never
        waits for the check. It may return a function to call after that write has committed.
        Raises `ReadOnlyVault` if the check has already found damage."""
        with self._state_lock:
            if self.read_only:
                raise ReadOnlyVault()
            if not self._checked:
                self._first_writes.append(work)
                return
        # Passed: behind the held writes, if they are still being written.
        with self._check_lock:
            self._run_first_writes([work])

    def write_soon(self, work: FirstWrite) -> None:
        """A write that need not wait for a page check already running (an audited read, a
        preference): queued behind it, written when it passes. With no check started (a
        vault opened by code that never starts one), the check runs now, as for `write()`."""
        with self._state_lock:
            running = self._check_thread is not None and not self._checked
        if not running:
            self._require_checked()
        self.after_check(work)

    def _run_first_writes(self, works: list[FirstWrite]) -> None:
        after: list[Callable[[], None]] = []
        with self.write() as s:
            for work in works:
                then = work(s)
                if then is not None:
                    after.append(then)
        for then in after:
            then()

    def start_check(
        self, on_done: Callable[[CheckResult], None] | None = None, hold_s: float = 0.0
    ) -> None:
        """Check the pages on a thread of its own; `on_done(result)` is called from that thread
        (damaged pages, or the exception that stopped it). Once per vault. With `hold_s`, the
        scan waits up to that long for `release_check()`; writes meanwhile are held (or, for
        `write()`, checked at once) as while it runs."""
        with self._state_lock:
            if self._check_thread is not None or self._closing:
                return
            thread = threading.Thread(
                target=self._background_check, args=(on_done, hold_s), name="casework-page-check"
            )
            self._check_thread = thread
        thread.start()

    def release_check(self) -> None:
        """Let a held check begin now (the first page has its rows)."""
        self._release.set()

    def _background_check(
        self, on_done: Callable[[CheckResult], None] | None, hold_s: float
    ) -> None:
        if hold_s > 0:
            # While held, the session's second connection is opened here, beside the window
            # being built: as the first page's rows are read on the first one, the window's
            # own reads (drafts, settings) would otherwise open it on the GUI thread. A close
            # joins this thread before disposing of the connections (`_stop_check`).
            self._warm_spare()
            self._release.wait(hold_s)
        with contextlib.suppress(AttributeError, OSError):  # Linux: per thread
            niceness = check_niceness(os.nice(0))
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
        result: CheckResult
        try:
            self.check_began = time.monotonic()
            result = self.check_pages()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, never lost
            result = exc
        if on_done is not None:
            try:
                on_done(result)
            except Exception:  # noqa: BLE001
                log.exception("the page check's callback failed")

    def _warm_spare(self) -> None:
        with self._state_lock:
            if self._closing or self._release.is_set():
                return
        try:
            self._open_spare()
        except Exception:  # noqa: BLE001 - the connection is then opened when first needed
            log.warning("the spare connection could not be opened early", exc_info=True)

    def check_pages(self) -> int:
        """Check every page's HMAC (once: waits for a check already running). On damage the
        vault turns read-only and the held writes are dropped; otherwise they are written now.
        Returns the number of damaged pages."""
        with self._check_lock:
            if self._checked or self.read_only:
                return self._damaged
            damaged = self._count_damaged()
            with self._state_lock:
                if damaged:
                    self.read_only, self._damaged = True, damaged
                    dropped = len(self._first_writes)
                    self._first_writes.clear()
                else:
                    self._checked = True
                    held, self._first_writes = self._first_writes, []
            if damaged:
                if dropped:
                    log.warning("the page check found damage: %d held writes dropped", dropped)
                return damaged
            if held:
                self._run_first_writes(held)
        return 0

    def _count_damaged(self) -> int:
        try:
            conn = self._connect()
        except sqlcipher3.OperationalError:
            raise  # locked, busy: not a finding about the pages
        except sqlcipher3.DatabaseError:
            # Damage where opening reads (the first page, the schema): the file is damaged, and
            # nothing held may be written into it.
            return 1
        # A scan of every page, each read once: a page cache (up to 128 MiB on a large vault)
        # would only add to the session's memory.
        conn.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
        with self._state_lock:
            if self._closing:
                conn.close()
                raise VaultError(N_("The vault is locked."))
            self._check_conn = conn
        try:
            return len(conn.execute("PRAGMA cipher_integrity_check").fetchall())
        except sqlcipher3.DatabaseError:
            if self._closing:  # interrupted by close(): not checked, not damaged either
                raise VaultError(N_("The vault is locked.")) from None
            return 1
        finally:
            with self._state_lock:
                self._check_conn = None
            conn.close()

    def close(self, *, wait: bool = True) -> None:
        """Close the vault, never dropping a held write (see the module's notes). With
        `wait=False` (a lock) a check that must finish first does so on a thread of its own and
        this returns at once; `locking` is set until it has closed."""
        closer = self._closer
        if closer is not None:  # locked already: quitting waits for it
            if wait and closer is not threading.current_thread():
                closer.join()
            return
        if self.closed:
            return
        with self._state_lock:
            keep = bool(self._first_writes) and not self._checked and not self.read_only
            self.locking = keep
            thread = self._check_thread
        if not keep:
            self._stop_check()  # never dispose the engine or wipe the key under the check
            self._dispose()
            return
        self._release.set()  # a held check begins now
        closer = threading.Thread(
            target=self._finish_then_close, args=(thread,), name="casework-vault-close"
        )
        self._closer = closer
        with _closers_lock:
            _closers.add(closer)
        closer.start()
        if wait:
            closer.join()

    def _finish_then_close(self, thread: threading.Thread | None) -> None:
        try:
            if thread is not None:
                thread.join()  # the running (or released) check, and the writes behind it
            self.check_pages()  # none started, or it stopped early: the writes still wait
        except Exception:  # noqa: BLE001 - closing goes on: the key must be wiped
            log.exception("the held writes could not be written at lock")
        finally:
            try:
                self._stop_check()
                self._dispose()
            finally:
                self.locking = False
                with _closers_lock:
                    _closers.discard(threading.current_thread())

    def _stop_check(self) -> None:
        """Before the engine is disposed: interrupt a running check and wait for its thread."""
        with self._state_lock:
            self._closing = True
            conn, thread = self._check_conn, self._check_thread
        self._release.set()  # a held check ends at once
        if conn is not None:
            conn.interrupt()  # SQLite's one call meant for another thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()
