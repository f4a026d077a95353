"""Forward-secure sealing: an insider holding the raw vault key (any user has it) rewrites the
audit trail and re-chains it with the chain key found in the database; the chain alone is
fooled, an administrator's verify is not. Tests named after what each attack tries."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import sqlcipher3
from conftest import ADMIN, ADMIN_PASSWORD, CASEWORKER_PASSWORD, SUPERVISOR_PASSWORD
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from casework.model import AuditEvent, VaultMeta
from casework.model.enums import ClientCategory, CustodyStatus, Role
from casework.services import audit, cases, users, vault_admin
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.store import audit_chain, audit_seal
from casework.store.vault import Vault


def _some_events(office) -> None:  # noqa: ANN001
    for i in range(4):
        cases.create_case(
            office.caseworker,
            CaseInput(f"Seal {i}", ClientCategory.DISENGAGED, CustodyStatus.RELEASED, "KE"),
        )


def _insider(office, tamper: Callable[[Session], None]) -> None:  # noqa: ANN001
    """Play the insider: raw key, plain sqlcipher3, triggers dropped, rows changed, the chain
    recomputed with the database's own chain key and its head moved to match."""
    key = vault_admin.show_key(office.admin)
    office.close()

    def connect() -> sqlcipher3.Connection:
        conn = sqlcipher3.connect(str(office.folder / "casework.db"))
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
        conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")  # a new vault's
        return conn

    raw = connect()
    raw.execute("DROP TRIGGER audit_events_no_update")
    raw.execute("DROP TRIGGER audit_events_no_delete")
    raw.commit()
    raw.close()
    engine = create_engine("sqlite://", creator=connect)
    with Session(engine) as s, s.begin():
        tamper(s)
        s.flush()
        chain_key = audit_chain.audit_key(s)
        prev = audit_chain.GENESIS
        last = None
        for event in s.scalars(select(AuditEvent).order_by(AuditEvent.id)):
            event.prev_mac = prev
            event.mac = audit_chain._mac(chain_key, prev, event)
            prev, last = event.mac, event
        head = s.get(VaultMeta, audit_chain.AUDIT_HEAD)
        head.value = f"{last.id}:{last.mac.hex()}"
    engine.dispose()


def _admin_verify(office) -> audit.VerifyReport:  # noqa: ANN001
    vault = Vault.open(office.folder, ADMIN, ADMIN_PASSWORD)
    try:
        with vault.session() as s:
            # The insider's re-chaining does fool the chain on its own...
            assert audit_chain.verify(s).ok
        return audit.verify(ServiceContext.for_vault(vault))
    finally:
        vault.close()


def test_untouched_trail_passes_admin_verify(office):
    _some_events(office)
    report = audit.verify(office.admin)
    assert report.ok and report.sealed == report.events and report.first_sealed == 1


def test_insider_edit_and_rechain_is_detected(office):
    _some_events(office)

    def edit(s: Session) -> None:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "case.created")).first()
        event.details = '{"edited": true}'

    _insider(office, edit)
    report = _admin_verify(office)
    assert not report.chain_ok
    assert any("does not match its seal" in p for p in report.chain_problems)


def test_insider_deletion_with_renumbering_is_detected(office):
    _some_events(office)

    def delete(s: Session) -> None:
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        victim = events[len(events) // 2]
        s.delete(victim)
        s.flush()
        for event in events[len(events) // 2 + 1 :]:
            s.execute(
                AuditEvent.__table__.update()
                .where(AuditEvent.id == event.id)
                .values(id=event.id - 1)
            )
        s.expire_all()

    _insider(office, delete)
    assert not _admin_verify(office).chain_ok


def test_insider_reordering_is_detected(office):
    _some_events(office)

    def swap(s: Session) -> None:
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        a, b = events[3], events[5]
        a.action, b.action = b.action, a.action
        a.details, b.details = b.details, a.details

    _insider(office, swap)
    assert not _admin_verify(office).chain_ok


def test_insider_truncating_the_tail_is_detected(office):
    _some_events(office)

    def truncate(s: Session) -> None:
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        for event in events[-3:]:
            s.delete(event)

    _insider(office, truncate)
    report = _admin_verify(office)
    assert not report.chain_ok
    assert any("were removed" in p for p in report.chain_problems)


def test_insider_truncating_and_forging_the_seal_state_is_detected(office):
    _some_events(office)

    def truncate_and_forge(s: Session) -> None:
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        for event in events[-3:]:
            s.delete(event)
        state = s.get(VaultMeta, audit_seal.SEAL_STATE)
        # The insider holds only the newest key: ratcheting forward is all they can do.
        _next_id, key_hex = state.value.split(":")
        state.value = f"{events[-3].id}:{audit_seal.next_key(bytes.fromhex(key_hex)).hex()}"

    _insider(office, truncate_and_forge)
    report = _admin_verify(office)
    assert not report.chain_ok
    assert any("sealing state was replaced" in p for p in report.chain_problems)


def test_insider_resealing_with_a_new_seed_is_detected(office):
    """Re-chaining *and* re-sealing everything with a seed of their own: the administrator's
    slot keeps the real verification key, which they cannot replace."""
    _some_events(office)

    def reseal(s: Session) -> None:
        seed = audit_seal.new_seed()
        key = audit_seal.first_key(seed)
        chain_key = audit_chain.audit_key(s)
        prev = audit_chain.GENESIS
        for event in s.scalars(select(AuditEvent).order_by(AuditEvent.id)):
            if event.action == "case.created":
                event.details = '{"forged": true}'
            event.prev_mac = prev
            event.mac = audit_chain._mac(chain_key, prev, event)
            event.seal = audit_seal.tag(key, event.id, audit_chain.payload(event), prev)
            key, prev = audit_seal.next_key(key), event.mac
        s.get(VaultMeta, audit_seal.SEAL_STATE).value = f"{event.id + 1}:{key.hex()}"

    _insider(office, reseal)
    assert not _admin_verify(office).chain_ok


def test_rollback_of_the_database_behind_the_last_verify_is_detected(office, tmp_path):
    _some_events(office)
    key = vault_admin.show_key(office.admin)
    assert key
    office.close()
    old_db = tmp_path / "old.db"
    shutil.copy(office.folder / "casework.db", old_db)
    vault = Vault.open(office.folder, ADMIN, ADMIN_PASSWORD)
    ctx = ServiceContext.for_vault(vault)
    carl = ServiceContext.for_vault(Vault.open(office.folder, "carl", CASEWORKER_PASSWORD))
    cases.create_case(
        carl, CaseInput("Later", ClientCategory.DISENGAGED, CustodyStatus.RELEASED, "KE")
    )
    assert audit.verify(ctx).ok  # records the anchor in the administrator's slot
    vault.close()
    carl.vault.close()
    for suffix in ("-wal", "-shm"):
        (office.folder / f"casework.db{suffix}").unlink(missing_ok=True)
    shutil.copy(old_db, office.folder / "casework.db")
    vault = Vault.open(office.folder, ADMIN, ADMIN_PASSWORD)
    report = audit.verify(ServiceContext.for_vault(vault))
    vault.close()
    assert not report.chain_ok
    assert any("last verify" in p for p in report.chain_problems)


def test_verification_key_is_kept_out_of_the_database(office, tmp_path):
    _some_events(office)
    seed = bytes.fromhex(str(office.admin.vault.seal_info["seed"]))
    key = vault_admin.show_key(office.admin)
    office.close()
    # Everything the insider can read: a plaintext export of the whole database.
    plain = tmp_path / "plain.db"
    conn = sqlcipher3.connect(str(office.folder / "casework.db"))
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")  # a new vault's
    conn.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
    conn.execute("SELECT sqlcipher_export('plaintext')")
    conn.execute("DETACH DATABASE plaintext")
    conn.close()
    everything = plain.read_bytes()
    assert b"Seal 0" in everything  # the export really is plaintext
    assert seed not in everything and seed.hex().encode() not in everything
    assert audit_seal.first_key(seed).hex().encode() not in everything


def test_only_administrators_slots_hold_the_verification_key(office):
    assert office.admin.vault.seal_info is not None
    assert office.caseworker.vault.seal_info is None
    assert office.supervisor.vault.seal_info is None
    # Made an administrator by a role change: their slot was not given the key, and verify
    # says so instead of claiming anything about the seals.
    sara = office.supervisor.actor.user_id
    users.update_user(office.admin, sara, "Sara", {Role.SUPERVISOR, Role.ADMINISTRATOR}, "en")
    with Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD) as vault:
        report = audit.verify(ServiceContext.for_vault(vault))
    assert not report.ok
    assert any("no audit verification key" in p for p in report.chain_problems)


def test_new_administrator_and_recovery_key_can_verify(office):
    users.create_user(
        office.admin, "nadia", "Nadia Admin", {Role.ADMINISTRATOR}, "harbour pepper violin moon"
    )
    _some_events(office)
    with Vault.open(office.folder, "nadia", "harbour pepper violin moon") as vault:
        assert audit.verify(ServiceContext.for_vault(vault)).ok
    with Vault.open_with_recovery(office.folder, office.recovery_key) as vault:
        assert audit.verify(ServiceContext.for_vault(vault)).ok


def test_sealing_starts_on_a_vault_made_before_it(new_vault, vault_dir):
    """A vault from before sealing (no seal state, no key in any slot): the first
    administrator login starts sealing from the next event; older events keep the chain only."""
    vault = new_vault[0]
    with vault.write() as s:
        s.delete(s.get(VaultMeta, audit_seal.SEAL_STATE))
    own = vault._own_slot()
    own.seal_nonce, own.seal_box = b"", b""
    vault.slots.recovery_slot().seal_nonce = b""
    vault.slots.recovery_slot().seal_box = b""
    from casework.store import keyslots

    keyslots.save(vault_dir, vault.slots)
    vault.close()
    with Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD) as again:
        report = audit.verify(ServiceContext.for_vault(again))
        assert report.ok and report.first_sealed > 1


def test_an_administrator_changing_their_password_keeps_the_verification_key(office, tmp_path):
    from casework.services import users as users_service

    users_service.change_own_password(office.admin, ADMIN_PASSWORD, "amber tide juniper crowns")
    assert audit.verify(office.admin).ok  # still verifiable in this session
    backup = tmp_path / "b.cwb"
    vault_admin.backup(office.admin, backup)
    vault_admin.restore(office.admin, backup, tmp_path / "copy")  # through the new own slot
    office.close()
    with Vault.open(office.folder, ADMIN, "amber tide juniper crowns") as vault:
        assert vault.seal_info is not None
        assert audit.verify(ServiceContext.for_vault(vault)).ok


def test_vandalised_sealing_state_is_reported_and_writing_goes_on(office):
    _some_events(office)

    def vandalise(s: Session) -> None:
        s.get(VaultMeta, audit_seal.SEAL_STATE).value = "not a state"

    _insider(office, vandalise)
    report = _admin_verify(office)
    assert not report.chain_ok
    assert any("sealing state was replaced" in p for p in report.chain_problems)
