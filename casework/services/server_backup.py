"""Backing up, checking and restoring an office server (`casework server backup|restore|
check-backup|upgrade`), as the database's owner.

A backup is `pg_dump --format=custom` of the database (schema and data, without owners and
grants: those are the server's, and are rebuilt on restore), sealed into the vault backup
format under a passphrase (store/server_backup.py). The dump never touches the disk
unencrypted: it is read from pg_dump's output into memory and sealed. A restore goes into a
new, empty database: the file is authenticated first, pg_restore loads it, then the group
roles, grants and policies are rebuilt for that database and the users whose login roles exist
on this server get their group roles back; the others are listed (give them a password with
`casework server passwd`, which creates the login). The restored audit chain is verified.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from casework.i18n import N_
from casework.model import User
from casework.services.server_admin import (
    ServerError,
    _administer,
    _create_database_if_missing,
    _engine,
    _failures,
    check_url,
    shown_url,
)
from casework.store import postgres, schema, server_backup, server_security


def _tool(name: str) -> str:
    """The newest installed PostgreSQL client program (Debian: /usr/lib/postgresql/N/bin)."""

    def version(path: str) -> int:
        part = Path(path).parent.parent.name
        return int(part) if part.isdigit() else 0

    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    path = found[-1] if found else shutil.which(name)
    if not path:
        raise ServerError(
            N_("{program} is not installed (Debian/Ubuntu: apt install postgresql-client)."),
            program=name,
        )
    return path


def _libpq_env(url: str) -> tuple[str, dict[str, str]]:
    """The address without its password, and an environment carrying the password (so it
    never shows in the process list)."""
    address = make_url(postgres.sqlalchemy_url(url))
    env = dict(os.environ)
    if address.password:
        env["PGPASSWORD"] = str(address.password)
    plain = address.set(password=None).render_as_string(hide_password=False)
    return postgres.libpq_url(plain), env


def _run(cmd: list[str], env: dict[str, str], stdin: bytes | None = None) -> bytes:
    done = subprocess.run(cmd, input=stdin, capture_output=True, env=env, check=False)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ServerError(
            N_("{program} failed: {reason}"),
            program=Path(cmd[0]).name,
            reason=reason[-1] if reason else str(done.returncode),
        )
    return done.stdout


def backup(url: str, target: Path, passphrase: str) -> int:
    """Dump the database and seal it into `target`; returns the file's size."""
    from casework.store import passwords

    database = check_url(url)
    passwords.check(passphrase, ())
    with _administer(url) as (_s, conn, _database):
        revision = schema.current_revision(conn) or ""
    address, env = _libpq_env(url)
    dump = _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl",
                 "--dbname", address], env)  # fmt: skip
    return server_backup.seal(dump, passphrase, Path(target),
                              {"database": database, "revision": revision})  # fmt: skip


@dataclass(frozen=True)
class BackupCheck:
    database: str
    revision: str
    created: str
    objects: int  # entries in the dump's table of contents


def check_backup(source: Path, passphrase: str) -> BackupCheck:
    """Authenticate the file and read the dump's table of contents (nothing is restored)."""
    header, dump = server_backup.unseal(Path(source), passphrase)
    listing = _with_dump_file(dump, lambda f: _run([_tool("pg_restore"), "--list", f],
                                                   dict(os.environ)))  # fmt: skip
    entries = [ln for ln in listing.decode("utf-8", "replace").splitlines()
               if ln and not ln.startswith(";")]  # fmt: skip
    about = header.get("server") if isinstance(header.get("server"), dict) else {}
    return BackupCheck(
        str(about.get("database", "")),  # type: ignore[union-attr]
        str(about.get("revision", "")),  # type: ignore[union-attr]
        str(header.get("created", "")),
        len(entries),
    )


def _with_dump_file(dump: bytes, use):  # noqa: ANN001, ANN202
    """pg_restore reads a custom-format dump from a file: an owner-only temporary one,
    removed at once (the dump is the encrypted file's content; keep it off shared disks)."""
    fd, name = tempfile.mkstemp(prefix="casework-restore-", suffix=".dump")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(dump)
        return use(name)
    finally:
        os.unlink(name)


@dataclass(frozen=True)
class RestoreResult:
    events: int
    users_reconnected: tuple[str, ...]
    users_without_login: tuple[str, ...]


def restore(source: Path, url: str, passphrase: str) -> RestoreResult:
    """Restore a server backup into a new (or empty) database named in `url`."""
    from casework.store import audit_chain

    database = check_url(url)
    _header, dump = server_backup.unseal(Path(source), passphrase)
    with _failures(url):
        _create_database_if_missing(url, database)
        engine = _engine(url)
        try:
            with engine.connect() as conn:
                if (
                    schema.current_revision(conn) is not None
                    or conn.execute(
                        text("SELECT 1 FROM pg_tables WHERE schemaname = 'public' LIMIT 1")
                    ).first()
                ):
                    raise ServerError(
                        N_("The database {database} is not empty: restore into a new one."),
                        database=database,
                    )
        finally:
            engine.dispose()
    address, env = _libpq_env(url)
    _with_dump_file(dump, lambda f: _run([_tool("pg_restore"), "--no-owner", "--no-acl",
                                          "--exit-on-error", "--single-transaction",
                                          "--dbname", address, f], env))  # fmt: skip
    with _administer(url) as (s, conn, database):
        if schema.needs_upgrade(conn):
            schema.upgrade(conn)
        server_security.apply_security(conn)
        back, missing = [], []
        for user in s.scalars(select(User).where(User.active).order_by(User.username)):
            exists = conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :n AND rolcanlogin"),
                {"n": user.username},
            ).first()
            if exists is None:
                missing.append(user.username)
                continue
            for role in user.role_set:
                group = server_security.group_role(database, role)
                conn.exec_driver_sql(f'GRANT "{group}" TO "{user.username}"')
            back.append(user.username)
        report = audit_chain.verify(s)
        if not report.ok:
            raise ServerError(
                N_("The restored audit trail does not verify: {problem}"),
                problem=report.problems[0] if report.problems else "?",
            )
    return RestoreResult(report.events, tuple(back), tuple(missing))


def upgrade(url: str) -> tuple[str | None, str]:
    """Bring the schema to this app's version (Alembic to head), then the roles and policies
    up to date. Returns (the revision before, the revision now)."""
    with _administer(url) as (_s, conn, _database):
        schema.check_not_newer(conn)
        before = schema.current_revision(conn)
        if schema.needs_upgrade(conn):
            schema.upgrade(conn)
        server_security.apply_security(conn)
        return before, schema.current_revision(conn) or ""


__all__ = ["backup", "check_backup", "restore", "shown_url", "upgrade"]
