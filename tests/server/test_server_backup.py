"""`casework server backup|check-backup|restore|upgrade`: pg_dump sealed in the vault backup
format, authenticated before anything is restored, restored into a new database whose roles,
grants and policies are rebuilt for it."""

from __future__ import annotations

import pytest
from psycopg import sql

from casework.errors import BackupError, BackupTampered, WrongCredentials
from casework.model.enums import ClientCategory, CustodyStatus, Role
from casework.services import case_list, cases, server_admin, server_backup
from casework.services.context import ServiceContext
from casework.store import backup as vault_backup
from casework.store import schema
from casework.store.server import ServerStore

pytestmark = pytest.mark.postgres

PASSPHRASE = "lantern harbour seventeen owls"
ADMIN_PW = "orchard lantern quietly ninety"
CW_PW = "seven blue camels at dusk"


@pytest.fixture
def office_db(pg_server, pg_database):
    url = pg_server.url(pg_database)
    server_admin.init_server(
        url, organisation="Sahel Hope", admin_username="bk_ada", admin_password=ADMIN_PW
    )
    server_admin.add_user(url, "bk_carl", "Carl", {Role.CASEWORKER}, CW_PW)
    with ServerStore.open(url, "bk_carl", CW_PW) as store:
        cases.create_case(
            ServiceContext.for_vault(store),
            cases.CaseInput(
                alias="Aïcha",
                category=ClientCategory.RETURNEE_FTF,
                custody_status=CustodyStatus.RETURNED,
                country="KE",
            ),
        )
    return url


@pytest.fixture
def second_database(pg_server):
    name = pg_server.new_database_name()
    yield name
    with pg_server.connect() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        for (role,) in conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (name + "\\_%",)
        ).fetchall():
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_backup_is_sealed_checked_and_restored_into_a_new_database(
    office_db, pg_server, second_database, tmp_path
):
    target = tmp_path / "office.cwbackup"
    size = server_backup.backup(office_db, target, PASSPHRASE)
    raw = target.read_bytes()
    assert size == len(raw) and raw.startswith(vault_backup.MAGIC)
    assert b"A\xc3\xafcha" not in raw and b"bk_carl" not in raw  # nothing readable inside
    assert target.stat().st_mode & 0o077 == 0
    check = server_backup.check_backup(target, PASSPHRASE)
    assert check.revision == schema.head_revision() and check.objects > 50
    with pytest.raises(WrongCredentials):
        server_backup.check_backup(target, "not the passphrase at all")
    # A vault restore refuses it plainly (it is not a vault).
    with pytest.raises(BackupError):
        vault_backup.restore_backup(target, tmp_path / "as-vault", lambda slots: b"")
    assert not (tmp_path / "as-vault").exists()

    restored_url = pg_server.url(second_database)
    result = server_backup.restore(target, restored_url, PASSPHRASE)
    assert result.users_reconnected == ("bk_ada", "bk_carl") and result.events >= 3
    # The caseworker connects to the restored database with their own login and policies.
    with ServerStore.open(restored_url, "bk_carl", CW_PW) as store:
        rows = case_list.list_cases(ServiceContext.for_vault(store), case_list.CaseQuery()).rows
        assert [r.alias for r in rows] == ["Aïcha"]
    assert server_admin.verify(restored_url).ok
    # Never over an existing office.
    with pytest.raises(server_admin.ServerError, match="not empty"):
        server_backup.restore(target, restored_url, PASSPHRASE)
    # Restored onto a server without the user's login: `passwd` makes it again.
    with pg_server.connect() as conn:
        conn.execute('DROP ROLE "bk_carl"')
    new = "ninety green kites over lagos"
    server_admin.set_password(restored_url, "bk_carl", new)
    try:
        with ServerStore.open(restored_url, "bk_carl", new) as store:
            ctx = ServiceContext.for_vault(store)
            assert case_list.list_cases(ctx, case_list.CaseQuery()).total == 1
    finally:
        with pg_server.connect() as conn:
            conn.execute('DROP ROLE IF EXISTS "bk_carl"')


def test_a_changed_byte_is_refused_before_anything_is_restored(
    office_db, pg_server, second_database, tmp_path
):
    target = tmp_path / "office.cwbackup"
    server_backup.backup(office_db, target, PASSPHRASE)
    raw = bytearray(target.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    target.write_bytes(bytes(raw))
    with pytest.raises((BackupTampered, BackupError)):
        server_backup.restore(target, pg_server.url(second_database), PASSPHRASE)
    with pg_server.connect() as conn:
        assert (
            conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (second_database,)
            ).fetchone()
            is None
        )


def test_upgrade_brings_an_older_schema_to_head(office_db):
    from casework.store import postgres

    engine = postgres.make_engine(office_db, pool_size=1)
    try:
        with engine.begin() as conn:
            from alembic import command

            command.downgrade(schema.alembic_config(conn), "0003_i8_exchange")
    finally:
        engine.dispose()
    with pytest.raises(Exception, match="older than this app"):
        ServerStore.open(office_db, "bk_carl", CW_PW)
    before, now = server_backup.upgrade(office_db)
    assert (before, now) == ("0003_i8_exchange", schema.head_revision())
    ServerStore.open(office_db, "bk_carl", CW_PW).close()


def test_the_commands_end_to_end(office_db, pg_server, second_database, tmp_path, capsys,
                                 monkeypatch):  # fmt: skip
    import io
    import sys

    from casework.cli import main

    def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["--password-stdin", *argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out + err

    target = str(tmp_path / "office.cwbackup")
    code, out = run(["server", "backup", office_db, target], PASSPHRASE + "\n")
    assert code == 0 and "Backup written" in out and pg_server.password not in out
    code, out = run(["server", "check-backup", target], PASSPHRASE + "\n")
    assert code == 0 and "Backup intact" in out
    code, out = run(["server", "check-backup", target], "the wrong passphrase here\n")
    assert code != 0 and out.strip()
    code, out = run(["server", "restore", target, pg_server.url(second_database)],
                    PASSPHRASE + "\n")  # fmt: skip
    assert code == 0 and "chain intact" in out, out
    code, out = run(["server", "upgrade", office_db])
    assert code == 0 and "up to date" in out
    code, out = run(["--lang", "fr", "server", "upgrade", office_db])
    assert code == 0 and "à jour" in out
