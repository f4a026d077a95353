"""The app holds the background page check until its first page has its rows (or a while at
most): the scan of a 500,000-case vault otherwise shares two cores with the first list query.
Writes asked for while it is held wait as they do while it runs."""

from __future__ import annotations

import threading
import time

from conftest import SUPERVISOR_PASSWORD

from casework.model import AuditEvent
from casework.store.page_check import check_niceness
from casework.store.vault import Vault


def _events(vault: Vault) -> list[str]:
    with vault.session() as s:
        return [e.action for e in s.query(AuditEvent).order_by(AuditEvent.id)]


def _start(vault: Vault, hold_s: float) -> tuple[threading.Event, list[object]]:
    done = threading.Event()
    results: list[object] = []
    vault.start_check(lambda result: (results.append(result), done.set()), hold_s=hold_s)
    return done, results


def test_a_held_check_begins_when_released_and_then_writes_the_login(office):
    vault = Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD, verify_pages=False)
    try:
        before = _events(vault)
        done, results = _start(vault, hold_s=60)
        assert not done.wait(0.5)  # held: not begun, nothing written
        assert vault.check_began is None and not vault.pages_checked
        assert _events(vault) == before
        released = time.monotonic()
        vault.release_check()
        assert done.wait(60)
        assert results == [0] and vault.pages_checked
        assert vault.check_began is not None and vault.check_began >= released
        assert _events(vault) == [*before, "login.succeeded"]
    finally:
        vault.close()


def test_a_held_check_begins_on_its_own_after_the_hold(office):
    vault = Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD, verify_pages=False)
    try:
        done, results = _start(vault, hold_s=0.2)
        assert done.wait(60)  # never released
        assert results == [0] and vault.pages_checked
        assert _events(vault)[-1] == "login.succeeded"
    finally:
        vault.close()


def test_locking_a_vault_whose_check_is_held_releases_it_and_keeps_the_login(office):
    vault = Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD, verify_pages=False)
    done, results = _start(vault, hold_s=600)
    started = time.monotonic()
    vault.close()  # the login is held: the check runs now, not after the 600 s hold
    assert time.monotonic() - started < 30
    assert done.is_set() and results == [0] and vault.closed
    assert not vault.read_only
    assert all(t.name != "casework-page-check" for t in threading.enumerate())
    with Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD) as again:
        assert _events(again)[-2:] == ["login.succeeded", "login.succeeded"]


def test_the_check_thread_is_niced_relative_to_the_app():
    assert check_niceness(0) == 10
    assert check_niceness(5) == 15
    assert check_niceness(15) == 19  # never raised above an app started with nice 15
