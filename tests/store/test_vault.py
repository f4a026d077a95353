"""The vault on disk: opening, refusing, key slots, permissions, tampering, leaks, raw key."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
import sqlcipher3
from conftest import ADMIN, ADMIN_PASSWORD, CASEWORKER_PASSWORD

from casework.errors import (
    KeyslotsDamaged,
    NotAVault,
    TooManyAttempts,
    VaultDamaged,
    VaultExists,
    VaultTooNew,
    WeakKdfParameters,
    WeakPassword,
    WrongCredentials,
    WrongRecoveryKey,
)
from casework.model.enums import ClientCategory, CustodyStatus, NoteKind, OrgType, Role, ServiceType
from casework.services import cases, users, vault_admin
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.store import passwords
from casework.store.kdf import PRODUCTION, TESTING
from casework.store.throttle import MAX_PER_WINDOW, Throttle
from casework.store.vault import Vault


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_open_with_password_and_recovery_key(new_vault, vault_dir):
    vault, recovery = new_vault
    vault.close()
    with Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD) as v:
        assert v.opened_by == ADMIN
    with Vault.open(vault_dir, " ADMIN ", ADMIN_PASSWORD) as v:  # names are case-insensitive
        assert v.opened_by == ADMIN
    with Vault.open_with_recovery(vault_dir, recovery.lower().replace("-", " ")) as v:
        assert not v.closed


@pytest.mark.parametrize(
    ("user", "password"),
    [(ADMIN, "not the right password at all"), ("nobody", ADMIN_PASSWORD)],
)
def test_wrong_password_and_unknown_user_same_error_and_db_unchanged(
    new_vault, vault_dir, user, password
):
    new_vault[0].close()
    before = digest(vault_dir / "casework.db")
    with pytest.raises(WrongCredentials) as err:
        Vault.open(vault_dir, user, password)
    assert "not correct" in str(err.value)
    assert digest(vault_dir / "casework.db") == before


def test_wrong_recovery_key(new_vault, vault_dir):
    new_vault[0].close()
    with pytest.raises(WrongRecoveryKey):
        Vault.open_with_recovery(vault_dir, "AAAAAA-" * 7 + "AAAAAA")
    with pytest.raises(WrongRecoveryKey):
        Vault.open_with_recovery(vault_dir, "hello")


def test_errors_are_translated(new_vault, vault_dir):
    from casework.i18n import set_language

    new_vault[0].close()
    set_language("fr")
    with pytest.raises(WrongCredentials) as err:
        Vault.open(vault_dir, ADMIN, "not the right password at all")
    assert "mot de passe" in str(err.value)


def test_missing_and_damaged_keyslots(new_vault, vault_dir):
    new_vault[0].close()
    db = vault_dir / "casework.db"
    before = digest(db)
    slots = vault_dir / "keyslots.json"
    original = slots.read_bytes()
    slots.write_bytes(original[: len(original) // 2])
    with pytest.raises(KeyslotsDamaged):
        Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD)
    slots.write_text('{"format": "casework-keyslots", "version": 1}')
    with pytest.raises(KeyslotsDamaged):
        Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD)
    slots.unlink()
    (vault_dir / "keyslots.json.prev").unlink(missing_ok=True)
    with pytest.raises(KeyslotsDamaged):
        Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD)
    assert digest(db) == before


def test_not_a_vault(tmp_path):
    with pytest.raises(NotAVault):
        Vault.open(tmp_path / "nothing", ADMIN, ADMIN_PASSWORD)
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "casework.db").write_bytes(b"SQLite format 3\0" + os.urandom(4000))
    (folder / "keyslots.json").write_text("[1, 2, 3]")
    with pytest.raises(KeyslotsDamaged):
        Vault.open(folder, ADMIN, ADMIN_PASSWORD)


def test_vault_from_newer_app_keyslots(new_vault, vault_dir):
    new_vault[0].close()
    before = digest(vault_dir / "casework.db")
    slots = vault_dir / "keyslots.json"
    data = json.loads(slots.read_text())
    data["version"] = 99
    slots.write_text(json.dumps(data))
    with pytest.raises(VaultTooNew):
        Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD)
    assert digest(vault_dir / "casework.db") == before


def test_vault_from_newer_app_schema(new_vault, vault_dir):
    vault = new_vault[0]
    key = vault.raw_key_hex()
    vault.close()
    conn = sqlcipher3.connect(str(vault_dir / "casework.db"))
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")  # a new vault's
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    conn.commit()
    conn.close()
    before = digest(vault_dir / "casework.db")
    with pytest.raises(VaultTooNew):
        Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD)
    assert digest(vault_dir / "casework.db") == before


def test_create_refuses_existing_vault_and_non_empty_folder(new_vault, vault_dir, tmp_path):
    with pytest.raises(VaultExists):
        Vault.create(
            vault_dir, organisation="X", admin_username="a2", admin_password=ADMIN_PASSWORD
        )
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(VaultExists):
        Vault.create(other, organisation="X", admin_username="a2", admin_password=ADMIN_PASSWORD)
    assert (other / "notes.txt").read_text() == "keep me"


def test_growing_delays_and_hourly_cap(new_vault, vault_dir):
    new_vault[0].close()
    now = [1_000_000.0]
    clock = lambda: now[0]  # noqa: E731
    for _ in range(3):  # the first tries are free
        with pytest.raises(WrongCredentials):
            Vault.open(vault_dir, ADMIN, "not the right password at all", clock=clock)
    with pytest.raises(TooManyAttempts) as err:
        Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD, clock=clock)  # even the right one waits
    assert err.value.params["seconds"] == 1
    delays = []
    for _ in range(6):
        throttle = Throttle(vault_dir, clock)
        key = new_vault[0].slots.lookup_for(ADMIN)
        delays.append(throttle.wait_seconds(key))
        now[0] += throttle.wait_seconds(key)
        with pytest.raises(WrongCredentials):
            Vault.open(vault_dir, ADMIN, "not the right password at all", clock=clock)
    assert delays == sorted(delays) and delays[-1] > delays[0]  # growing
    # The state lives in throttle.json, keyed by the HMAC of the name, never the name itself.
    state = (vault_dir / "throttle.json").read_text()
    assert ADMIN not in state
    # After a successful login the counter is reset and the failures are audited.
    now[0] += 10_000
    with Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD, clock=clock) as v:
        ctx = ServiceContext.for_vault(v)
        from casework.services.audit import AuditQuery, list_events

        rows, _ = list_events(ctx, AuditQuery(action_prefix="login."))
        assert [r.action for r in rows][:2] == ["login.succeeded", "login.failed"]


def test_hourly_cap_of_one_hundred(tmp_path):
    now = [0.0]
    throttle = Throttle(tmp_path, lambda: now[0])
    for _ in range(MAX_PER_WINDOW):
        now[0] += throttle.wait_seconds("k")
        throttle.failed("k")
    assert throttle.wait_seconds("k") > 0
    now[0] += 3601
    assert throttle.wait_seconds("k") == 0


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short words", False),  # under 15 characters
        ("passwordpassword", False),  # common
        ("aaaaaaaaaaaaaaaaaaaa", False),  # repeated
        ("1234567890123456", False),  # sequence
        ("orchard lantern quietly ninety", True),
        ("ثلاثة جمال زرقاء عند الغسق", True),  # any Unicode
        ("x" * 3 + " lantern orchard ninety " + "quietly camel dune " * 3, True),  # over 64
    ],
)
def test_password_rules(password, ok):
    assert passwords.assess(password).acceptable is ok


def test_weak_password_feedback_is_given(new_vault):
    ctx = ServiceContext.for_vault(new_vault[0])
    with pytest.raises(WeakPassword) as err:
        users.create_user(ctx, "bob", "Bob", {Role.CASEWORKER}, "passwordpassword")
    assert err.value.feedback


def test_unicode_password_normalised(vault_dir):
    composed = "caf\u00e9 lantern orchard ninety"
    decomposed = "cafe\u0301 lantern orchard ninety"
    v, _ = Vault.create(vault_dir, organisation="O", admin_username=ADMIN, admin_password=composed)
    v.close()
    Vault.open(vault_dir, ADMIN, decomposed).close()


def test_slot_below_minimum_is_refused(vault_dir):
    """A vault made with the cheap test policy must not open under the production floor."""
    v, _ = Vault.create(
        vault_dir,
        organisation="O",
        admin_username=ADMIN,
        admin_password=ADMIN_PASSWORD,
        policy=TESTING,
    )
    v.close()
    with pytest.raises(WeakKdfParameters):
        Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD, policy=PRODUCTION)


def test_production_defaults_meet_the_floor():
    assert PRODUCTION.minimum.memory_kib >= 64 * 1024
    assert PRODUCTION.minimum.iterations >= 3
    assert PRODUCTION.minimum.lanes >= 4


def test_folder_and_file_permissions(new_vault, vault_dir):
    vault = new_vault[0]
    ctx = ServiceContext.for_vault(vault)
    vault_admin.backup(ctx, vault_dir.parent / "b.cwb")
    assert stat.S_IMODE(vault_dir.stat().st_mode) == 0o700
    for f in vault_dir.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f.name
    assert stat.S_IMODE((vault_dir.parent / "b.cwb").stat().st_mode) == 0o600


def test_change_password_add_and_remove_users(office):
    ctx = office.caseworker
    users.change_own_password(ctx, CASEWORKER_PASSWORD, "new river songs beyond hills")
    with pytest.raises(WrongCredentials):
        Vault.open(office.folder, "carl", CASEWORKER_PASSWORD)
    Vault.open(office.folder, "carl", "new river songs beyond hills").close()
    users.deactivate_user(office.admin, ctx.actor.user_id)
    with pytest.raises(WrongCredentials):
        Vault.open(office.folder, "carl", "new river songs beyond hills")


def test_rotate_key_rewraps_every_slot(office):
    old_key = office.admin.vault.raw_key_hex()
    for v in office.vaults[1:]:
        v.close()
    vault_admin.rotate_key(office.admin)
    new_key = office.admin.vault.raw_key_hex()
    assert new_key != old_key
    office.admin.vault.close()
    conn = sqlcipher3.connect(str(office.folder / "casework.db"))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{old_key}'\"")
    conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")  # a new vault's
    with pytest.raises(sqlcipher3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    Vault.open(office.folder, "carl", CASEWORKER_PASSWORD).close()
    Vault.open(office.folder, ADMIN, ADMIN_PASSWORD).close()
    Vault.open_with_recovery(office.folder, office.recovery_key).close()


def test_raw_key_opens_with_plain_sqlcipher(office):
    case_id = cases.create_case(
        office.caseworker,
        CaseInput("Marker Alias", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE"),
    )
    key = vault_admin.show_key(office.admin)
    conn = sqlcipher3.connect(str(office.folder / "casework.db"))
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")  # a new vault's
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    assert conn.execute("SELECT alias FROM cases WHERE id = ?", (case_id,)).fetchone() == (
        "Marker Alias",
    )
    conn.close()
    from casework.services.audit import AuditQuery, list_events

    rows, _ = list_events(office.admin, AuditQuery(action_prefix="vault.key_shown"))
    assert rows


def test_marker_is_in_no_file_of_the_vault(office):
    marker = "ZQX-MARKER-7731"
    ctx = office.caseworker
    case_id = cases.create_case(
        ctx,
        CaseInput(
            f"{marker} alias",
            ClientCategory.RETURNEE_FTF,
            CustodyStatus.RETURNED,
            "SO",
            legal_name=f"{marker} legal",
        ),
    )
    from casework.services import notes

    notes.add_note(
        ctx, case_id, notes.NoteInput(NoteKind.HOME_VISIT, ctx.today(), f"{marker} note body")
    )
    from casework.services import directory, referrals

    org = directory.create_organisation(
        office.supervisor,
        directory.OrganisationInput(name=f"{marker} org", org_type=OrgType.CSO, country="SO"),
    )
    referrals.create_referral(
        ctx,
        case_id,
        referrals.ReferralInput(ServiceType.VOCATIONAL_TRAINING, org, purpose=f"{marker} referral"),
    )
    # While open (WAL present) and after closing.
    files = [p for p in office.folder.iterdir() if p.is_file()]
    assert any(p.name.endswith("-wal") for p in files) or files
    for path in files:
        assert marker.encode() not in path.read_bytes(), path.name
        assert marker.encode("utf-16-le") not in path.read_bytes(), path.name
    office.close()
    for path in office.folder.iterdir():
        assert marker.encode() not in path.read_bytes(), path.name


def test_tampered_page_is_reported_and_nothing_written(office):
    for i in range(30):
        cases.create_case(
            office.supervisor,
            CaseInput(f"Person {i}", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE"),
        )
    office.close()
    db = office.folder / "casework.db"
    data = bytearray(db.read_bytes())
    assert len(data) > 4096 * 6
    offset = 4096 * 5 + 1000  # somewhere inside the sixth page
    data[offset : offset + 4] = bytes(b ^ 0xFF for b in data[offset : offset + 4])
    db.write_bytes(bytes(data))
    before = digest(db)
    with pytest.raises(VaultDamaged) as err:
        Vault.open(office.folder, ADMIN, ADMIN_PASSWORD)
    message = str(err.value)
    assert "damaged" in message and "restore" in message.lower()
    assert digest(db) == before


def test_damage_found_after_a_fast_unlock_makes_the_vault_read_only(office):
    from casework.errors import ReadOnlyVault

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
    vault = Vault.open(office.folder, "sara", "copper kettle over the dune", verify_pages=False)
    try:
        assert vault.check_pages() >= 1
        with pytest.raises(ReadOnlyVault):
            cases.create_case(
                ServiceContext.for_vault(vault),
                CaseInput("Late", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE"),
            )
    finally:
        vault.close()
