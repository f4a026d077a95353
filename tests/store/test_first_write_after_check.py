"""A damaged vault gets no write before the page check has passed, and login stays fast: the
login events (and everything else) wait for the check, which the app runs in the background."""

from __future__ import annotations

import hashlib

import pytest
from conftest import ADMIN, SUPERVISOR_PASSWORD

from casework.errors import ReadOnlyVault
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
        # A setting written at login (the app stores the chosen language) waits for the
        # check, which finds the damage: nothing is written.
        with pytest.raises(ReadOnlyVault):
            users.set_setting(ctx, "language", "fr")
        assert vault.read_only
        assert vault.check_pages() >= 1
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
