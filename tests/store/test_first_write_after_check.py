"""A damaged vault gets no write before the page check has passed, and login stays fast: the
login events (and everything else) wait for the check, which the app runs in the background."""

from __future__ import annotations

import hashlib
import threading

import pytest
from conftest import ADMIN, SUPERVISOR_PASSWORD

from casework.errors import ReadOnlyVault, VaultError
from casework.model import AuditEvent
from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import cases, users
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.store.vault import Vault


def _files(folder):  # noqa: ANN001
    """The database and its log as a reader would see them on disk."""
    out = {}
    for name in ("casework.db", "casework.db-wal"):
        path = folder / name
        out[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    return out


def _events(vault: Vault) -> list[str]:
    with vault.session() as s:
        return [e.action for e in s.query(AuditEvent).order_by(AuditEvent.id)]


def _damaged_office(office):  # noqa: ANN001
    for i in range(30):
        cases.create_case(
            office.supervisor,
            CaseInput(f"Person {i}", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE"),
        )
    office.close()
    db = office.folder / "casework.db"
    data = bytearray(db.read_bytes())
    data[4096 * 5 + 1000] ^= 0xFF
    db.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (office.folder / f"casework.db{suffix}").unlink(missing_ok=True)


def test_damaged_vault_gets_no_write_before_the_page_check(office):
    _damaged_office(office)
    before = _files(office.folder)
    vault = Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD, verify_pages=False)
    try:
        ctx = ServiceContext.for_vault(vault)
        assert _files(office.folder)["casework.db"] == before["casework.db"]
        # A write with no check running (code that never started one) runs the check first,
        # which finds the damage: nothing is written.
        with pytest.raises(ReadOnlyVault):
            users.set_setting(ctx, "language", "fr")
        with pytest.raises(ReadOnlyVault):
            _new_case(ctx, "Late")
        assert vault.read_only
        assert vault.check_pages() >= 1
        with pytest.raises(ReadOnlyVault):  # once known, refused at once
            users.set_setting(ctx, "ui.zoom_percent", "120")
    finally:
        vault.close()
    after = _files(office.folder)
    assert after["casework.db"] == before["casework.db"]
    assert after["casework.db-wal"] in (None, hashlib.sha256(b"").hexdigest())


def test_login_events_are_held_until_the_check_passes(office):
    vault = Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD, verify_pages=False)
    try:
        count = len(_events(vault))
        held = _events(vault)
        assert vault.check_pages() == 0
        now = _events(vault)
        assert len(now) == count + 1 and now[-1] == "login.succeeded"
        assert held == now[:-1]
    finally:
        vault.close()


def test_a_write_before_the_background_check_waits_for_it(office):
    vault = Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD, verify_pages=False)
    try:
        ctx = ServiceContext.for_vault(vault)
        cases.create_case(
            ctx, CaseInput("Early", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE")
        )
        actions = _events(vault)
        assert actions[-2:] == ["login.succeeded", "case.created"]
        assert vault.check_pages() == 0  # already passed; nothing written twice
        assert _events(vault) == actions
    finally:
        vault.close()


def test_full_unlock_writes_the_login_event_at_once(office):
    with Vault.open(office.folder, ADMIN, "orchard lantern quietly ninety") as vault:
        assert _events(vault)[-1] == "login.succeeded"


def _new_case(ctx: ServiceContext, name: str) -> int:
    return cases.create_case(
        ctx, CaseInput(name, ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE")
    )


class _Check:
    """The app's background check, started and held at its first step (the test holds the
    check's lock) until `run()`: what is asked for meanwhile happens "while it runs"."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.done = threading.Event()
        self.results: list[object] = []
        vault._check_lock.acquire()
        vault.start_check(lambda result: (self.results.append(result), self.done.set()))

    def release(self) -> None:
        if not self.done.is_set() and self.vault._check_lock._is_owned():  # type: ignore[attr-defined]
            self.vault._check_lock.release()

    def run(self) -> object:
        self.release()
        assert self.done.wait(60)
        return self.results[0]


def test_an_audited_read_before_the_check_is_queued_then_written_in_order(office):
    case_id = _new_case(office.supervisor, "Amina")
    vault = Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD, verify_pages=False)
    try:
        ctx = ServiceContext.for_vault(vault)
        before = _events(vault)
        check = _Check(vault)
        # Opening a case while the check runs does not wait for it: the case is shown, the
        # audit event waits in the queue behind the login event (as does a preference).
        detail = cases.open_case(ctx, case_id)
        users.set_setting(ctx, "ui.language", "fr")
        assert detail.id == case_id
        assert _events(vault) == before and not vault.pages_checked
        assert check.run() == 0
        assert _events(vault)[len(before) :] == ["login.succeeded", "case.opened"]
        assert users.get_setting(ctx, "ui.language") == "fr"
        # Once passed, an audited read is written at once.
        cases.open_case(ctx, case_id)
        assert _events(vault)[-1] == "case.opened" and len(_events(vault)) == len(before) + 3
    finally:
        check.release()
        vault.close()


def test_a_write_during_the_background_check_waits_then_goes_ahead(office):
    vault = Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD, verify_pages=False)
    try:
        ctx = ServiceContext.for_vault(vault)
        done = threading.Event()
        vault.start_check(lambda _result: done.set())
        _new_case(ctx, "Early")  # waits for the running check (or finds it passed)
        assert vault.pages_checked
        assert _events(vault)[-2:] == ["login.succeeded", "case.created"]
        assert done.wait(60)
        assert _events(vault)[-2:] == ["login.succeeded", "case.created"]  # nothing twice
    finally:
        vault.close()


def test_the_background_check_finds_damage_and_drops_what_was_queued(office):
    _damaged_office(office)
    before = _files(office.folder)
    vault = Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD, verify_pages=False)
    try:
        ctx = ServiceContext.for_vault(vault)
        check = _Check(vault)
        users.set_setting(ctx, "ui.language", "fr")  # queued while the check runs
        result = check.run()
        assert isinstance(result, int) and result >= 1
        assert vault.read_only
        with pytest.raises(ReadOnlyVault):
            _new_case(ctx, "Late")
    finally:
        check.release()
        vault.close()
    assert _files(office.folder)["casework.db"] == before["casework.db"]


def test_locking_while_the_check_runs_stops_it_cleanly(office):
    """The check runs on its own connection and thread; closing the vault interrupts it and
    waits for the thread before the engine goes: never a damaged verdict, never a thread left
    reading a closed database."""
    vault = Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD, verify_pages=False)
    done = threading.Event()
    results: list[object] = []
    vault.start_check(lambda result: (results.append(result), done.set()))
    vault.close()
    assert done.is_set()  # the thread ended before close() returned
    assert results[0] == 0 or isinstance(results[0], VaultError)
    assert not vault.read_only
    assert all(t.name != "casework-page-check" for t in threading.enumerate())
    # The vault is intact and opens again with a full check.
    with Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD) as again:
        assert again.pages_checked and not again.read_only
