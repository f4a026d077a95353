"""A lock (Vault.close) while the page check is held, running or not yet started never drops
the writes queued behind it (the login events, "case opened", preferences): they are written
once the pages pass, then the engine is disposed and the key wiped. Found damage drops them, as
a check after unlock does (the vault is read-only then)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from conftest import SUPERVISOR_PASSWORD

from casework.model import AuditEvent
from casework.store.page_check import wait_for_closing
from casework.store.vault import Vault


def _events(folder: Path) -> list[str]:
    with Vault.open(folder, "sara", SUPERVISOR_PASSWORD) as vault, vault.session() as s:
        return [e.action for e in s.query(AuditEvent).order_by(AuditEvent.id)]


def _open(folder: Path) -> Vault:
    return Vault.open(folder, "sara", SUPERVISOR_PASSWORD, verify_pages=False)


def _no_vault_threads() -> bool:
    return not any(t.name.startswith("casework-") for t in threading.enumerate())


def test_closing_before_the_check_started_writes_the_login(office):
    before = _events(office.folder)
    vault = _open(office.folder)  # the login event is held: no check has passed
    vault.close()
    assert vault.closed and not any(vault._dek)
    assert _events(office.folder)[len(before) :] == ["login.succeeded", "login.succeeded"]


def test_closing_while_the_check_is_held_writes_the_login_and_a_held_read(office):
    before = _events(office.folder)
    vault = _open(office.folder)
    vault.start_check(hold_s=600)
    vault.write_soon(lambda s: _audit(s, "case.opened"))
    started = time.monotonic()
    vault.close()
    assert time.monotonic() - started < 60  # released, not the 600 s hold
    assert vault.closed and not any(vault._dek) and _no_vault_threads()
    assert _events(office.folder)[len(before) :] == [
        "login.succeeded",
        "case.opened",
        "login.succeeded",
    ]


def test_a_lock_returns_at_once_and_writes_once_the_running_check_passes(office):
    before = _events(office.folder)
    vault = _open(office.folder)
    vault._check_lock.acquire()  # the check has begun and is scanning: it cannot finish yet
    try:
        done = threading.Event()
        vault.start_check(lambda _result: done.set())
        vault.write_soon(lambda s: _audit(s, "case.opened"))
        vault.close(wait=False)  # the lock: the login window shows at once
        assert vault.locking and not vault.closed
        assert not done.is_set()  # not interrupted
    finally:
        vault._check_lock.release()
    wait_for_closing(60)
    assert done.is_set() and vault.closed and not any(vault._dek) and _no_vault_threads()
    assert _events(office.folder)[len(before) :] == [
        "login.succeeded",
        "case.opened",
        "login.succeeded",
    ]


def test_a_lock_with_nothing_held_closes_at_once(office):
    vault = _open(office.folder)
    vault.check_pages()  # passed: the login is written
    vault.close(wait=False)
    assert vault.closed and not vault.locking and not any(vault._dek)


def test_a_lock_during_a_check_that_finds_damage_drops_the_held_writes(office):
    vault = _open(office.folder)
    db = office.folder / "casework.db"
    vault._check_lock.acquire()
    try:
        vault.start_check(hold_s=600)
        vault.close(wait=False)
        data = bytearray(db.read_bytes())
        data[len(data) - 4096 + 1000] ^= 0xFF  # a page the login did not read
        damaged = bytes(data)
        db.write_bytes(damaged)
    finally:
        vault._check_lock.release()
    wait_for_closing(60)
    assert vault.closed and vault.read_only and not any(vault._dek) and _no_vault_threads()
    assert db.read_bytes() == damaged  # nothing was written to the damaged file


def _audit(s, action: str) -> None:  # noqa: ANN001
    from casework.store import audit_chain

    audit_chain.append(s, action, actor_id=None, actor_name="sara")


def test_a_file_that_cannot_be_opened_counts_as_damage(office):
    """The check's own connection cannot even open the file (here it is no database at all):
    that is damage found, the vault turns read-only and nothing held is written into it."""
    import os

    vault = _open(office.folder)
    db = office.folder / "casework.db"
    vault._check_lock.acquire()
    try:
        vault.start_check()  # not held: no spare connection opened before the damage
        damaged = os.urandom(len(db.read_bytes()))
        db.write_bytes(damaged)
    finally:
        vault._check_lock.release()
    vault._check_thread.join(60)
    assert vault.read_only
    vault.close()
    assert db.read_bytes() == damaged
