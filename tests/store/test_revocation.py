"""Revocation: a removed user or a reset password opens nothing any more, whatever copy of the
key slots it is tried on (current file, `.prev`, a copy taken before)."""

from __future__ import annotations

import logging
import shutil

import pytest
from conftest import ADMIN, ADMIN_PASSWORD, CASEWORKER_PASSWORD, SUPERVISOR_PASSWORD
from raw_sqlcipher import raw_readable

from casework.errors import KeyslotsDamaged, VaultError, WrongCredentials
from casework.model.enums import Role
from casework.services import users, vault_admin
from casework.services.context import ServiceContext
from casework.store import keyslots, passwords
from casework.store.kdf import active_policy
from casework.store.keyslots import KeySlots
from casework.store.throttle import Throttle
from casework.store.vault import Vault


def _user_id(ctx: ServiceContext, name: str) -> int:
    return next(u.id for u in users.list_users(ctx) if u.username == name)


def _with_slots(tmp_path, office, slots_file, name):  # noqa: ANN001
    """The current database next to another key-slot file, as an attacker would assemble it."""
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(office.folder / "casework.db", folder / "casework.db")
    shutil.copy(slots_file, folder / "keyslots.json")
    return folder


def _old_key_opens_current_db(office, old_slots: KeySlots, name: str, password: str) -> bool:  # noqa: ANN001
    try:
        dek = old_slots.unwrap_with_password(name, passwords.encode(password), active_policy())
    except VaultError:
        return False
    return raw_readable(office.folder / "casework.db", dek.hex())


def test_removed_user_opens_nothing_with_current_prev_or_old_copy(office, tmp_path):
    old_copy = tmp_path / "keyslots-copied-earlier.json"
    shutil.copy(office.folder / "keyslots.json", old_copy)
    users.deactivate_user(office.admin, _user_id(office.admin, "carl"))
    office.admin.vault.close()

    with pytest.raises(WrongCredentials):
        Vault.open(office.folder, "carl", CASEWORKER_PASSWORD)
    prev = KeySlots.parse((office.folder / "keyslots.json.prev").read_bytes())
    assert not prev.has_user("carl")  # .prev never holds a removed slot
    old = KeySlots.parse(old_copy.read_bytes())
    assert old.has_user("carl")
    # The old copy still unwraps carl's old key, but that key no longer opens the database.
    assert not _old_key_opens_current_db(office, old, "carl", CASEWORKER_PASSWORD)
    assembled = _with_slots(tmp_path, office, old_copy, "assembled")
    with pytest.raises(VaultError):
        Vault.open(assembled, "carl", CASEWORKER_PASSWORD)
    assembled_prev = _with_slots(tmp_path, office, office.folder / "keyslots.json.prev", "prev")
    with pytest.raises(VaultError):
        Vault.open(assembled_prev, "carl", CASEWORKER_PASSWORD)
    # Everybody else still opens the vault.
    Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD).close()
    Vault.open_with_recovery(office.folder, office.recovery_key).close()


def test_password_reset_makes_the_old_password_open_nothing(office, tmp_path):
    old_copy = tmp_path / "keyslots-copied-earlier.json"
    shutil.copy(office.folder / "keyslots.json", old_copy)
    new_password = "lantern harbour ninety willows"
    users.reset_password(office.admin, _user_id(office.admin, "sara"), new_password)
    office.admin.vault.close()

    with pytest.raises(WrongCredentials):
        Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD)
    Vault.open(office.folder, "sara", new_password).close()
    prev = KeySlots.parse((office.folder / "keyslots.json.prev").read_bytes())
    with pytest.raises(VaultError):
        prev.unwrap_with_password("sara", passwords.encode(SUPERVISOR_PASSWORD), active_policy())
    old = KeySlots.parse(old_copy.read_bytes())
    assert not _old_key_opens_current_db(office, old, "sara", SUPERVISOR_PASSWORD)
    assembled = _with_slots(tmp_path, office, old_copy, "assembled")
    with pytest.raises(VaultError):
        Vault.open(assembled, "sara", SUPERVISOR_PASSWORD)


def test_removal_and_reset_are_audited_and_keep_the_records(office):
    users.deactivate_user(office.admin, _user_id(office.admin, "omar"))
    users.reset_password(office.admin, _user_id(office.admin, "carl"), "quiet orange ferry lamps")
    from casework.services.audit import AuditQuery, list_events

    actions = [r.action for r in list_events(office.admin, AuditQuery(action_prefix="user."))[0]]
    assert "user.removed" in actions and "user.password_reset" in actions
    assert not any(u.username == "omar" for u in users.list_users(office.admin))


def test_previous_slots_used_only_when_the_current_file_is_missing_and_it_says_so(
    new_vault, vault_dir, caplog
):
    vault = new_vault[0]
    ctx = ServiceContext.for_vault(vault)
    users.create_user(ctx, "sara", "Sara", {Role.SUPERVISOR}, SUPERVISOR_PASSWORD)
    vault.close()
    (vault_dir / "keyslots.json").write_text("{ damaged")
    with pytest.raises(KeyslotsDamaged):  # damage is never bypassed
        Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD)
    (vault_dir / "keyslots.json").unlink()
    with caplog.at_level(logging.WARNING, logger="casework.store.keyslots"):
        reopened = Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD)
    assert reopened.slots.from_previous
    assert "keyslots.json.prev" in caplog.text
    reopened.close()


def test_prev_keeps_only_slots_unchanged_by_the_last_write(new_vault, vault_dir):
    vault = new_vault[0]
    ctx = ServiceContext.for_vault(vault)
    users.create_user(ctx, "sara", "Sara", {Role.SUPERVISOR}, SUPERVISOR_PASSWORD)
    users.create_user(ctx, "carl", "Carl", {Role.CASEWORKER}, CASEWORKER_PASSWORD)
    carl = ServiceContext.for_vault(Vault.open(vault_dir, "carl", CASEWORKER_PASSWORD))
    users.change_own_password(carl, CASEWORKER_PASSWORD, "violet canyon drums at noon")
    carl.vault.close()
    prev = keyslots.KeySlots.parse((vault_dir / "keyslots.json.prev").read_bytes())
    assert prev.has_user("sara") and prev.has_user(ADMIN)
    assert not prev.has_user("carl")  # the replaced slot is not kept


def test_rotation_keeps_every_remaining_user(office):
    for v in office.vaults[1:]:
        v.close()
    vault_admin.rotate_key(office.admin)
    office.admin.vault.close()
    Vault.open(office.folder, "carl", CASEWORKER_PASSWORD).close()
    Vault.open(office.folder, ADMIN, ADMIN_PASSWORD).close()


def test_cli_says_when_the_previous_slots_were_used(new_vault, vault_dir, monkeypatch, capsys):
    import io

    from casework import cli

    vault = new_vault[0]
    users.create_user(
        ServiceContext.for_vault(vault), "sara", "Sara", {Role.SUPERVISOR}, SUPERVISOR_PASSWORD
    )
    vault.close()
    (vault_dir / "keyslots.json").write_bytes(b"")  # what an interrupted write can leave
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    code = cli.main(["verify", str(vault_dir), "--user", ADMIN, "--password-stdin"])
    assert code == 0
    assert "keyslots.json.prev" in capsys.readouterr().err


def test_missing_slots_after_a_removal_are_damage_not_a_wrong_password(office):
    users.deactivate_user(office.admin, _user_id(office.admin, "omar"))
    office.close()
    (office.folder / "keyslots.json").unlink()
    with pytest.raises(KeyslotsDamaged):
        Vault.open(office.folder, ADMIN, ADMIN_PASSWORD)
    lookup = KeySlots.parse((office.folder / "keyslots.json.prev").read_bytes()).lookup_for(ADMIN)
    assert Throttle(office.folder).failures(lookup) == 0  # not counted as a wrong password
