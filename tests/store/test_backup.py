"""Backup to one encrypted file and restore into a new folder."""

from __future__ import annotations

import pytest
from conftest import ADMIN, ADMIN_PASSWORD

from casework.errors import BackupError, PermissionDenied, VaultExists
from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import case_list, cases, vault_admin
from casework.services.case_list import CaseQuery
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.store.backup import restore_backup, unlock_with_password
from casework.store.vault import Vault

AS_ADMIN = unlock_with_password(ADMIN, ADMIN_PASSWORD)


def test_round_trip_keeps_records_and_passwords(office, tmp_path):
    cases.create_case(
        office.caseworker,
        CaseInput("Backup Alias", ClientCategory.DISENGAGED, CustodyStatus.RELEASED, "TN"),
    )
    progress: list[tuple[int, int]] = []
    target = tmp_path / "office.cwb"
    vault_admin.backup(office.admin, target, lambda done, total: progress.append((done, total)))
    assert progress and progress[-1][0] == progress[-1][1]
    assert b"Backup Alias" not in target.read_bytes()
    restored = tmp_path / "restored"
    restore_backup(target, restored, AS_ADMIN)
    with Vault.open(restored, "sara", "copper kettle over the dune") as v:
        page = case_list.list_cases(ServiceContext.for_vault(v), CaseQuery())
        assert [r.alias for r in page.rows] == ["Backup Alias"]
    Vault.open_with_recovery(restored, office.recovery_key).close()


def test_only_administrators_back_up(office, tmp_path):
    with pytest.raises(PermissionDenied):
        vault_admin.backup(office.supervisor, tmp_path / "x.cwb")
    assert not (tmp_path / "x.cwb").exists()


def test_restore_never_overwrites(office, tmp_path):
    target = tmp_path / "b.cwb"
    vault_admin.backup(office.admin, target)
    before = (office.folder / "casework.db").read_bytes()
    with pytest.raises(VaultExists):
        restore_backup(target, office.folder, AS_ADMIN)
    assert (office.folder / "casework.db").read_bytes() == before


def test_damaged_backup_is_refused(office, tmp_path):
    target = tmp_path / "b.cwb"
    vault_admin.backup(office.admin, target)
    data = bytearray(target.read_bytes())
    data[-100] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(BackupError):
        restore_backup(target, tmp_path / "r", AS_ADMIN)
    assert not (tmp_path / "r").exists()
    (tmp_path / "plain.txt").write_text("not a backup")
    with pytest.raises(BackupError):
        restore_backup(tmp_path / "plain.txt", tmp_path / "r2", AS_ADMIN)


def test_backup_is_audited(office, tmp_path):
    from casework.services.audit import AuditQuery, list_events

    vault_admin.backup(office.admin, tmp_path / "b.cwb")
    rows, _ = list_events(office.admin, AuditQuery(action_prefix="vault.backup"))
    assert rows and rows[0].actor == ADMIN
    assert ADMIN_PASSWORD not in rows[0].details
