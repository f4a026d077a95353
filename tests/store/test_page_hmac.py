"""The page HMAC: new vaults use HMAC-SHA256 (store/engine.py); a vault made before, with
SQLCipher 4's default HMAC-SHA512, still opens, is checked, written, backed up and restored."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3
from conftest import ADMIN, ADMIN_PASSWORD, CASEWORKER_PASSWORD
from raw_sqlcipher import raw_connect, raw_readable

from casework.errors import VaultDamaged
from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import case_list, cases, vault_admin
from casework.services.case_list import CaseQuery
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.store.backup import restore_backup, unlock_with_password
from casework.store.engine import HMAC_FORMATS, hmac_algorithm, open_connection
from casework.store.snapshot import attached
from casework.store.vault import Vault


def _export(db: Path, key: str, target: Path, algorithm: str) -> None:
    """A copy of a new vault's database under another page HMAC, same key and content."""
    conn = raw_connect(db, key, "HMAC_SHA256")
    conn.execute(f"ATTACH DATABASE '{target}' AS copy KEY \"x'{key}'\"")
    conn.execute(f"PRAGMA copy.cipher_hmac_algorithm = {algorithm}")
    conn.execute("SELECT sqlcipher_export('copy')")
    conn.execute("DETACH DATABASE copy")
    conn.close()


def _as_sha512(folder: Path, key: str) -> None:
    """Rewrite the vault's database as a vault made before would have it (SQLCipher 4's
    defaults), with the same key and content."""
    db, old = folder / "casework.db", folder / "old.db"
    _export(db, key, old, "HMAC_SHA512")
    for suffix in ("-wal", "-shm"):
        (folder / f"casework.db{suffix}").unlink(missing_ok=True)
    old.replace(db)


def _case(ctx: ServiceContext, alias: str) -> int:
    return cases.create_case(
        ctx, CaseInput(alias, ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE")
    )


def test_a_new_vault_carries_sha256_page_hmacs(office):
    key = vault_admin.show_key(office.admin)
    assert office.admin.vault.page_hmac() == "HMAC_SHA256"
    office.close()
    db = office.folder / "casework.db"
    assert raw_readable(db, key, "HMAC_SHA256")
    assert not raw_readable(db, key, "HMAC_SHA512")
    conn = open_connection(db, bytes.fromhex(key))
    assert hmac_algorithm(conn) == "HMAC_SHA256"
    conn.close()


def test_a_vault_made_with_sha512_opens_checks_writes_backs_up_and_restores(office, tmp_path):
    _case(office.caseworker, "Before Alias")
    key = vault_admin.show_key(office.admin)
    office.close()
    _as_sha512(office.folder, key)
    db = office.folder / "casework.db"
    assert raw_readable(db, key, "HMAC_SHA512") and not raw_readable(db, key, "HMAC_SHA256")

    with Vault.open(office.folder, "carl", CASEWORKER_PASSWORD) as vault:  # full page check
        assert vault.page_hmac() == "HMAC_SHA512"  # what `casework show-key` names
        ctx = ServiceContext.for_vault(vault)
        _case(ctx, "After Alias")
        aliases = {r.alias for r in case_list.list_cases(ctx, CaseQuery()).rows}
        assert aliases == {"Before Alias", "After Alias"}
    target = tmp_path / "old.cwb"
    with Vault.open(office.folder, ADMIN, ADMIN_PASSWORD) as vault:
        vault_admin.backup(ServiceContext.for_vault(vault), target)
    # The vault keeps its format: nothing was rewritten behind the user's back.
    assert raw_readable(db, key, "HMAC_SHA512")

    restored = tmp_path / "restored"
    restore_backup(target, restored, unlock_with_password(ADMIN, ADMIN_PASSWORD))
    assert raw_readable(restored / "casework.db", key, "HMAC_SHA512")
    with Vault.open(restored, "carl", CASEWORKER_PASSWORD) as vault:
        page = case_list.list_cases(ServiceContext.for_vault(vault), CaseQuery())
        assert {r.alias for r in page.rows} == {"Before Alias", "After Alias"}


@pytest.mark.parametrize("algorithm", ["HMAC_SHA256", "HMAC_SHA512"])
def test_an_edited_page_is_caught_under_either_hmac(office, algorithm):
    for i in range(30):
        _case(office.supervisor, f"Person {i}")
    key = vault_admin.show_key(office.admin)
    office.close()
    if algorithm == "HMAC_SHA512":
        _as_sha512(office.folder, key)
    db = office.folder / "casework.db"
    data = bytearray(db.read_bytes())
    offset = 4096 * 5 + 1000  # inside the sixth page
    data[offset : offset + 4] = bytes(b ^ 0xFF for b in data[offset : offset + 4])
    db.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged):
        Vault.open(office.folder, ADMIN, ADMIN_PASSWORD)


def test_the_first_page_edited_is_refused_not_read_under_the_other_hmac(office):
    key = vault_admin.show_key(office.admin)
    office.close()
    db = office.folder / "casework.db"
    data = bytearray(db.read_bytes())
    data[100] ^= 0xFF  # inside page 1, which both HMACs are tried on
    db.write_bytes(bytes(data))
    with pytest.raises(sqlcipher3.DatabaseError):
        open_connection(db, bytes.fromhex(key))


def test_a_snapshot_is_attached_under_its_own_hmac(office, tmp_path):
    """The workshop's exercise reset reads its snapshot (a backup's database) by ATTACH, which
    SQLCipher opens with its process-wide defaults: either format is read, and the defaults
    are left as they were."""
    _case(office.caseworker, "Snapshot Alias")
    key = vault_admin.show_key(office.admin)
    vault = office.caseworker.vault
    for algorithm in HMAC_FORMATS:
        copy = tmp_path / f"{algorithm}.db"
        _export(office.folder / "casework.db", key, copy, algorithm)
        with vault.engine.connect() as conn:
            before = conn.exec_driver_sql("PRAGMA cipher_default_hmac_algorithm").scalar()
        with attached(vault, copy.read_bytes()) as conn:
            aliases = conn.exec_driver_sql("SELECT alias FROM snapshot.cases").scalars().all()
            assert aliases == ["Snapshot Alias"]
            after = conn.exec_driver_sql("PRAGMA cipher_default_hmac_algorithm").scalar()
        assert after == before
