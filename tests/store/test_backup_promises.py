"""Backups and files on disk: nothing is written into a vault folder or over a file of an open
vault; a backup changed anywhere by one byte is refused; a restore is checked before success
and leaves nothing behind when it fails."""

from __future__ import annotations

import hashlib
import hmac
import json
import os

import pytest
from conftest import ADMIN, ADMIN_PASSWORD, SUPERVISOR_PASSWORD

from casework import cli
from casework.errors import BackupError, OutputInVault, RestoredVaultUnusable
from casework.services import vault_admin
from casework.store.backup import MAGIC, _mac_key, restore_backup, unlock_with_password
from casework.store.paths import check_output_path
from casework.store.vault import Vault

AS_ADMIN = unlock_with_password(ADMIN, ADMIN_PASSWORD)


def _vault_files(folder):  # noqa: ANN001
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize(
    "name", ["casework.db", "keyslots.json", "keyslots.json.prev", "new.cwb", "sub/inner.cwb"]
)
def test_backup_into_the_vault_folder_is_refused(office, name):
    target = office.folder / name
    target.parent.mkdir(exist_ok=True)
    before = (office.folder / "casework.db").stat().st_size
    with pytest.raises(OutputInVault):
        vault_admin.backup(office.admin, target)
    assert (office.folder / "casework.db").stat().st_size == before
    assert not (office.folder / "new.cwb").exists()
    Vault.open(office.folder, "sara", SUPERVISOR_PASSWORD).close()


def test_links_into_an_open_vault_are_refused(office, tmp_path):
    link = tmp_path / "innocent.cwb"
    link.symlink_to(office.folder / "casework.db")
    with pytest.raises(OutputInVault):
        check_output_path(link)
    hard = tmp_path / "hard.json"
    os.link(office.folder / "keyslots.json", hard)
    with pytest.raises(OutputInVault):
        check_output_path(hard)
    into = tmp_path / "into"
    into.symlink_to(office.folder)
    with pytest.raises(OutputInVault):
        check_output_path(into / "plan.pdf")
    assert check_output_path(tmp_path / "plan.pdf") == tmp_path / "plan.pdf"


def test_any_vault_folder_is_refused_even_closed(new_vault, vault_dir, tmp_path):
    new_vault[0].close()
    with pytest.raises(OutputInVault):
        check_output_path(vault_dir / "plan.pdf")


def test_cli_print_and_backup_refuse_the_vault_folder(office, monkeypatch, capsys):
    import io

    before = _vault_files(office.folder)["keyslots.json"]
    for argv in (
        ["backup", str(office.folder), str(office.folder / "casework.db"), "--user", ADMIN],
        ["backup", str(office.folder), str(office.folder / "keyslots.json"), "--user", ADMIN],
        [
            "print",
            "plan",
            str(office.folder),
            "XX-1",
            "--out",
            str(office.folder / "p.pdf"),
            "--user",
            ADMIN,
        ],
    ):
        monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
        code = cli.main([*argv, "--password-stdin"])
        err = capsys.readouterr().err
        assert code == 1 and ("inside a vault folder" in err or "vault's folder" in err)
    assert _vault_files(office.folder)["keyslots.json"] == before
    assert not (office.folder / "p.pdf").exists()


def test_one_byte_changed_anywhere_in_a_backup_is_refused(office, tmp_path):
    backup = tmp_path / "b.cwb"
    vault_admin.backup(office.admin, backup)
    original = backup.read_bytes()
    header_end = original.index(b"\n", len(MAGIC))
    positions = list(range(0, header_end + 1, 7)) + list(range(header_end + 1, len(original), 997))
    positions += [len(original) - 1, len(original) - 40, len(original) - 70]
    for i in positions:
        damaged = bytearray(original)
        damaged[i] ^= 0x01
        backup.write_bytes(bytes(damaged))
        with pytest.raises(BackupError) as info:
            restore_backup(backup, tmp_path / "r", AS_ADMIN)
        assert str(info.value)  # a clear, translated message
        assert sorted(p.name for p in tmp_path.iterdir()) == ["b.cwb", "vault"], i


def test_restored_copy_is_checked_before_success(office, tmp_path):
    """A backup whose pages are damaged but whose authentication was forged with the real key
    (only a key holder could): the restore opens and checks the copy, refuses it and removes
    it."""
    key = bytes.fromhex(vault_admin.show_key(office.admin))
    backup = tmp_path / "b.cwb"
    vault_admin.backup(office.admin, backup)
    raw = backup.read_bytes()
    header_end = raw.index(b"\n", len(MAGIC))
    header = json.loads(raw[len(MAGIC) : header_end])
    data = bytearray(raw[header_end + 1 : -64])
    data[len(data) // 2] ^= 0xFF  # one damaged page
    header["db_sha256"] = hashlib.sha256(data).hexdigest()
    body = MAGIC + json.dumps(header).encode() + b"\n" + bytes(data)
    mac = hmac.new(_mac_key(key), body, hashlib.sha256).digest()
    backup.write_bytes(body + hashlib.sha256(body).digest() + mac)
    with pytest.raises(RestoredVaultUnusable):
        restore_backup(backup, tmp_path / "r", AS_ADMIN)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.cwb", "vault"]


def test_restore_from_the_app_uses_the_administrators_own_slot(office, tmp_path):
    backup = tmp_path / "b.cwb"
    vault_admin.backup(office.admin, backup)
    vault_admin.restore(office.admin, backup, tmp_path / "copy")
    Vault.open(tmp_path / "copy", "sara", SUPERVISOR_PASSWORD).close()
    with pytest.raises(BackupError):  # a supervisor's… no: only administrators restore
        vault_admin.restore(office.admin, tmp_path / "missing.cwb", tmp_path / "copy2")
    assert not (tmp_path / "copy2").exists()
